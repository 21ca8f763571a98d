"""The place tables of the demo org: real cities with their states, postal-code formats,
telephone area codes and coordinates; common street names; how each country is written.
"""

from __future__ import annotations


def _streets(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


# country | city | state | state (long form) | postal format | area codes | latitude | longitude
# An area code "20/378" means: subscriber numbers in area 20 start with 3, 7 or 8.
CITIES = """
    US|San Francisco|CA|California|zip 941|415 628|37.7749|-122.419
    US|New York|NY|New York|zip 100|212 646 332|40.7128|-74.006
    US|Boston|MA|Massachusetts|zip 021|617 857|42.3601|-71.0589
    US|Chicago|IL|Illinois|zip 606|312 773 872|41.8781|-87.6298
    US|Seattle|WA|Washington|zip 981|206|47.6062|-122.332
    US|Austin|TX|Texas|zip 787|512 737|30.2672|-97.7431
    US|Dallas|TX|Texas|zip 752|214 469 972|32.7767|-96.797
    US|Houston|TX|Texas|zip 770|713 281 832|29.7604|-95.3698
    US|Denver|CO|Colorado|zip 802|303 720|39.7392|-104.99
    US|Atlanta|GA|Georgia|zip 303|404 470 678|33.749|-84.388
    US|Los Angeles|CA|California|zip 900|213 323 310|34.0522|-118.244
    US|San Diego|CA|California|zip 921|619 858|32.7157|-117.161
    US|San Jose|CA|California|zip 951|408 669|37.3382|-121.886
    US|Palo Alto|CA|California|zip 943|650|37.4419|-122.143
    US|Miami|FL|Florida|zip 331|305 786|25.7617|-80.1918
    US|Philadelphia|PA|Pennsylvania|zip 191|215 267|39.9526|-75.1652
    US|Minneapolis|MN|Minnesota|zip 554|612|44.9778|-93.265
    US|Phoenix|AZ|Arizona|zip 850|602 480|33.4484|-112.074
    US|Portland|OR|Oregon|zip 972|503 971|45.5152|-122.678
    US|Nashville|TN|Tennessee|zip 372|615 629|36.1627|-86.7816
    US|Raleigh|NC|North Carolina|zip 276|919 984|35.7796|-78.6382
    US|Charlotte|NC|North Carolina|zip 282|704 980|35.2271|-80.8431
    US|Detroit|MI|Michigan|zip 482|313|42.3314|-83.0458
    US|Pittsburgh|PA|Pennsylvania|zip 152|412|40.4406|-79.9959
    US|Salt Lake City|UT|Utah|zip 841|801 385|40.7608|-111.891
    US|Columbus|OH|Ohio|zip 432|614 380|39.9612|-82.9988
    US|Kansas City|MO|Missouri|zip 641|816|39.0997|-94.5786
    US|St. Louis|MO|Missouri|zip 631|314|38.627|-90.1994
    US|Baltimore|MD|Maryland|zip 212|410 443|39.2904|-76.6122
    US|Washington|DC|District of Columbia|zip 200|202|38.9072|-77.0369
    US|Indianapolis|IN|Indiana|zip 462|317|39.7684|-86.1581
    US|Orlando|FL|Florida|zip 328|407 689|28.5383|-81.3792
    US|Tampa|FL|Florida|zip 336|813|27.9506|-82.4572
    US|Cleveland|OH|Ohio|zip 441|216|41.4993|-81.6944
    US|Madison|WI|Wisconsin|zip 537|608|43.0731|-89.4012
    US|Cambridge|MA|Massachusetts|zip 021|617|42.3736|-71.1097
    US|Stamford|CT|Connecticut|zip 069|203|41.0534|-73.5387
    US|Jersey City|NJ|New Jersey|zip 073|201|40.7178|-74.0431
    GB|London|||uk EC1V EC2A EC4M WC2N SW1P W1T SE1 E14 N1 NW1|20/378|51.5074|-0.1278
    GB|Manchester||Greater Manchester|uk M1 M2 M3 M4 M15|161|53.48|-2.2426
    GB|Birmingham||West Midlands|uk B1 B2 B3 B4 B15|121/234567|52.4862|-1.8904
    GB|Leeds||West Yorkshire|uk LS1 LS2 LS11|113/23458|53.8008|-1.5491
    GB|Glasgow||Scotland|uk G1 G2 G3|141|55.8642|-4.2518
    GB|Edinburgh||Scotland|uk EH1 EH2 EH3 EH8|131/2345678|55.9533|-3.1883
    GB|Bristol|||uk BS1 BS2 BS8|117/2349|51.4545|-2.5879
    GB|Liverpool||Merseyside|uk L1 L2 L3|151|53.4084|-2.9916
    GB|Cambridge||Cambridgeshire|uk CB1 CB2 CB4|1223|52.2053|0.1218
    GB|Reading||Berkshire|uk RG1 RG2|118/2349|51.4543|-0.9781
    DE|Berlin|BE|Berlin|num 10115 14199|30|52.52|13.405
    DE|München|BY|Bayern|num 80331 81929|89|48.1351|11.582
    DE|Hamburg|HH|Hamburg|num 20095 22769|40|53.5511|9.9937
    DE|Frankfurt am Main|HE|Hessen|num 60306 60599|69|50.1109|8.6821
    DE|Köln|NW|Nordrhein-Westfalen|num 50667 51149|221|50.9375|6.9603
    DE|Stuttgart|BW|Baden-Württemberg|num 70173 70629|711|48.7758|9.1829
    DE|Düsseldorf|NW|Nordrhein-Westfalen|num 40210 40629|211|51.2277|6.7735
    DE|Leipzig|SN|Sachsen|num 04103 04357|341|51.3397|12.3731
    DE|Hannover|NI|Niedersachsen|num 30159 30669|511|52.3759|9.732
    DE|Nürnberg|BY|Bayern|num 90402 90491|911|49.4521|11.0767
    FR|Paris||Île-de-France|num 75001 75020|1/234578|48.8566|2.3522
    FR|Lyon||Auvergne-Rhône-Alpes|num 69001 69009|4/234578|45.764|4.8357
    FR|Marseille||Provence-Alpes-Côte d'Azur|num 13001 13016|4/234578|43.2965|5.37
    FR|Toulouse||Occitanie|num 31000 31500|5/234578|43.6047|1.4442
    FR|Bordeaux||Nouvelle-Aquitaine|num 33000 33800|5/234578|44.8378|-0.5792
    FR|Lille||Hauts-de-France|num 59000 59800|3/234578|50.6292|3.0573
    FR|Nantes||Pays de la Loire|num 44000 44300|2/234578|47.2184|-1.5536
    FR|Strasbourg||Grand Est|num 67000 67200|3/234578|48.5734|7.7521
    CA|Toronto|ON|Ontario|ca M5V M5H M4W M5J M5X|416 647|43.6532|-79.3832
    CA|Vancouver|BC|British Columbia|ca V6B V6C V6E V5K|604 778|49.2827|-123.12
    CA|Montréal|QC|Québec|ca H3B H2X H3A H2Y|514 438|45.5017|-73.5673
    CA|Calgary|AB|Alberta|ca T2P T2R T3H|403 587|51.0447|-114.072
    CA|Ottawa|ON|Ontario|ca K1P K1R K2P|613 343|45.4215|-75.6972
    CA|Edmonton|AB|Alberta|ca T5J T6E|780|53.5461|-113.494
    CA|Waterloo|ON|Ontario|ca N2L N2J|519 226|43.4643|-80.5204
    AU|Sydney|NSW|New South Wales|num 2000 2010|2/89|-33.8688|151.209
    AU|Melbourne|VIC|Victoria|num 3000 3008|3/89|-37.8136|144.963
    AU|Brisbane|QLD|Queensland|num 4000 4006|7/3|-27.4698|153.025
    AU|Perth|WA|Western Australia|num 6000 6005|8/9|-31.9505|115.861
    AU|Adelaide|SA|South Australia|num 5000 5006|8/8|-34.9285|138.601
    NL|Amsterdam||Noord-Holland|nl 1011 1099|20|52.3676|4.9041
    NL|Rotterdam||Zuid-Holland|nl 3011 3089|10|51.9244|4.4777
    NL|Utrecht||Utrecht|nl 3511 3585|30|52.0907|5.1214
    NL|Den Haag||Zuid-Holland|nl 2511 2597|70|52.0705|4.3007
    NL|Eindhoven||Noord-Brabant|nl 5611 5658|40|51.4416|5.4697
    ES|Madrid|M|Madrid|num 28001 28080|91|40.4168|-3.7038
    ES|Barcelona|B|Barcelona|num 08001 08042|93|41.3874|2.1686
    ES|Valencia|V|Valencia|num 46001 46026|96|39.4699|-0.3763
    ES|Sevilla|SE|Sevilla|num 41001 41020|95|37.3891|-5.9845
    ES|Bilbao|BI|Bizkaia|num 48001 48015|94|43.263|-2.935
    IT|Milano|MI|Lombardia|num 20121 20162|02|45.4642|9.19
    IT|Roma|RM|Lazio|num 00118 00199|06|41.9028|12.4964
    IT|Torino|TO|Piemonte|num 10121 10156|011|45.0703|7.6869
    IT|Napoli|NA|Campania|num 80121 80147|081|40.8518|14.2681
    IT|Bologna|BO|Emilia-Romagna|num 40121 40141|051|44.4949|11.3426
    IT|Firenze|FI|Toscana|num 50121 50145|055|43.7696|11.2558
    SE|Stockholm|||se 111 118|8|59.3293|18.0686
    SE|Göteborg|||se 411 418|31|57.7089|11.9746
    SE|Malmö|||se 211 217|40|55.605|13.0038
    SE|Uppsala|||se 752 754|18|59.8586|17.6389
    IN|Mumbai|MH|Maharashtra|num 400001 400099|22|19.076|72.8777
    IN|New Delhi|DL|Delhi|num 110001 110096|11|28.6139|77.209
    IN|Bengaluru|KA|Karnataka|num 560001 560100|80|12.9716|77.5946
    IN|Hyderabad|TG|Telangana|num 500001 500096|40|17.385|78.4867
    IN|Chennai|TN|Tamil Nadu|num 600001 600119|44|13.0827|80.2707
    IN|Pune|MH|Maharashtra|num 411001 411062|20|18.5204|73.8567
    JP|Tokyo||Tokyo|jp 100 102 104 105 106 107 150 160|3/3456|35.6762|139.65
    JP|Osaka||Osaka|jp 530 541 542 550|6/6|34.6937|135.502
    JP|Yokohama||Kanagawa|jp 220 221 231|45|35.4437|139.638
    JP|Nagoya||Aichi|jp 450 451 460|52|35.1815|136.907
    JP|Fukuoka||Fukuoka|jp 810 812|92|33.5904|130.402
    JP|Kyoto||Kyoto|jp 600 604|75|35.0116|135.768
    BR|São Paulo|SP|São Paulo|br 01000 05999|11|-23.5505|-46.6333
    BR|Rio de Janeiro|RJ|Rio de Janeiro|br 20000 23799|21|-22.9068|-43.17
    BR|Belo Horizonte|MG|Minas Gerais|br 30000 31999|31|-19.9167|-43.9345
    BR|Curitiba|PR|Paraná|br 80000 82999|41|-25.4284|-49.2733
    BR|Porto Alegre|RS|Rio Grande do Sul|br 90000 91999|51|-30.0346|-51.2177
    MX|Ciudad de México|CDMX|Ciudad de México|num 01000 16999|55|19.4326|-99.13
    MX|Monterrey|NL|Nuevo León|num 64000 64999|81|25.6866|-100.316
    MX|Guadalajara|JAL|Jalisco|num 44100 44990|33|20.6597|-103.35
    MX|Puebla|PUE|Puebla|num 72000 72590|222|19.0414|-98.2063
    MX|Querétaro|QRO|Querétaro|num 76000 76250|442|20.5888|-100.39
    CH|Zürich|ZH|Zürich|num 8001 8099|44|47.3769|8.5417
    CH|Genève|GE|Genève|num 1201 1209|22|46.2044|6.1432
    CH|Basel|BS|Basel-Stadt|num 4001 4059|61|47.5596|7.5886
    CH|Bern|BE|Bern|num 3001 3030|31|46.948|7.4474
    CH|Lausanne|VD|Vaud|num 1003 1018|21|46.5197|6.6323
    CH|Zug|ZG|Zug|num 6300 6304|41|47.1662|8.5155
"""

_STREETS_US = _streets(
    """Main Street, Market Street, Mission Street, Howard Street, Broadway, Park Avenue,
    Madison Avenue, 5th Avenue, Elm Street, Oak Street, Maple Avenue, Washington Street,
    Lake Street, Pine Street, Cedar Lane, 2nd Street, 3rd Street, Commerce Drive,
    Technology Drive, Industrial Parkway, Sunset Boulevard, Peachtree Street NE,
    Congress Avenue, Michigan Avenue, Wacker Drive, State Street, Boylston Street,
    Harbor Drive, University Avenue, El Camino Real, Corporate Drive, Innovation Way,
    Research Boulevard, Center Street, Franklin Street, Jefferson Avenue, River Road"""
)
_STREETS_GB = _streets(
    """High Street, Station Road, Church Street, King Street, Queen Street, Victoria Road,
    London Road, Mill Lane, Park Road, Deansgate, Oxford Street, Bishopsgate, Fleet Street,
    Baker Street, Cheapside, Princes Street, George Street, Broad Street, Wellington Street,
    Albion Street, Castle Street, Bridge Street, Market Place"""
)
STREETS: dict[str, tuple[str, ...]] = {
    "US": _STREETS_US,
    "CA": _streets(
        """King Street West, Queen Street East, Bay Street, Yonge Street, Granville Street,
        Burrard Street, Rue Sainte-Catherine Ouest, Boulevard René-Lévesque, 8th Avenue SW,
        Bank Street, Jasper Avenue, Front Street West, University Avenue, Wellington Street"""
    ),
    "GB": _STREETS_GB,
    "AU": _streets(
        """George Street, Pitt Street, Collins Street, Bourke Street, Queen Street,
        St Georges Terrace, King William Street, Flinders Street, Elizabeth Street,
        Eagle Street, Hay Street, Kent Street"""
    ),
    "DE": _streets(
        """Hauptstraße, Bahnhofstraße, Friedrichstraße, Schillerstraße, Goethestraße,
        Lindenstraße, Gartenstraße, Berliner Straße, Kaiserstraße, Königsallee, Am Markt,
        Industriestraße, Lessingstraße, Mozartstraße, Leopoldstraße, Rosenheimer Straße,
        Mainzer Landstraße, Neuer Wall, Schloßstraße, Marienplatz, Hansaring"""
    ),
    "FR": _streets(
        """rue de Rivoli, rue du Faubourg Saint-Honoré, avenue des Champs-Élysées,
        boulevard Haussmann, rue de la République, rue Victor Hugo, avenue Jean Jaurès,
        rue Nationale, cours Mirabeau, quai des Chartrons, place Bellecour, rue de la Paix,
        boulevard Saint-Germain, rue du Commerce, avenue de la Liberté"""
    ),
    "NL": _streets(
        """Keizersgracht, Herengracht, Prinsengracht, Damrak, Coolsingel, Stationsplein,
        Kerkstraat, Dorpsstraat, Hoofdweg, Lange Voorhout, Oudegracht, Weena,
        Gustav Mahlerplein, Stratumseind"""
    ),
    "ES": _streets(
        """Calle de Alcalá, Gran Vía, Paseo de la Castellana, Calle Mayor, Avinguda Diagonal,
        Passeig de Gràcia, Calle de Serrano, Avenida de la Constitución, Calle Colón,
        Rambla de Catalunya, Calle de Velázquez"""
    ),
    "IT": _streets(
        """Via Roma, Via Garibaldi, Corso Buenos Aires, Via Montenapoleone, Via del Corso,
        Via Nazionale, Corso Vittorio Emanuele II, Via Torino, Viale Monza, Via Toledo,
        Via Dante, Corso Italia"""
    ),
    "SE": _streets(
        """Drottninggatan, Kungsgatan, Storgatan, Sveavägen, Birger Jarlsgatan, Vasagatan,
        Hamngatan, Kungsportsavenyen, Södra Förstadsgatan, Götgatan"""
    ),
    "CH": _streets(
        """Bahnhofstrasse, Limmatquai, Rue du Rhône, Marktgasse, Freie Strasse,
        Seefeldstrasse, Rue de Lausanne, Spitalgasse, Aeschenvorstadt, Badenerstrasse"""
    ),
    "IN": _streets(
        """MG Road, Nariman Point, Linking Road, Connaught Place, Brigade Road, Anna Salai,
        Park Street, Bandra Kurla Complex, Outer Ring Road, Residency Road, Hitech City Road"""
    ),
    "JP": _streets(
        """Marunouchi, Nishi-Shinjuku, Roppongi, Shibuya, Umeda, Minatomirai, Sakae,
        Hakata-ekimae, Karasuma-dori, Otemachi, Ginza, Nihonbashi"""
    ),
    "BR": _streets(
        """Avenida Paulista, Rua Augusta, Avenida Brigadeiro Faria Lima, Rua Oscar Freire,
        Avenida Rio Branco, Rua da Assembleia, Avenida Afonso Pena, Rua XV de Novembro,
        Avenida Ipiranga"""
    ),
    "MX": _streets(
        """Avenida Paseo de la Reforma, Avenida Insurgentes Sur, Calle Madero,
        Avenida Constitución, Avenida Vallarta, Calzada Independencia, Avenida Juárez,
        Boulevard Atlixcáyotl, Avenida Chapultepec"""
    ),
}


# iso | English name | weight | street style | region language locale time zone
#     how leads spell the country, with weights
#     the name cultures of its people, with weights
COUNTRIES = """
    US | United States | 44 | num_first | NA English en_US America/New_York
        United States=40; USA=24; US=14; U.S.=5; United States of America=5; usa=2; =10
        en=66; es=10; in=6; zh=5; ko=2; de=2; it=2; pl=2; fr=1; pt=2; ja=1; tr=1
    GB | United Kingdom | 10 | num_first | EMEA English en_GB Europe/London
        United Kingdom=40; UK=30; GB=8; England=10; Great Britain=4; U.K.=3; =5
        en=78; in=8; pl=4; fr=2; it=2; es=2; zh=2; tr=2
    DE | Germany | 8 | num_last | EMEA German de_DE Europe/Berlin
        Germany=45; Deutschland=30; DE=15; GER=3; =7
        de=80; tr=6; pl=5; it=3; en=3; nordic=1; es=2
    FR | France | 5 | fr | EMEA French fr_FR Europe/Paris
        France=80; FR=12; =8
        fr=84; es=4; it=4; en=3; pt=5
    CA | Canada | 6 | num_first | NA English en_CA America/Toronto
        Canada=80; CA=10; CAN=4; =6
        en=62; fr=20; zh=7; in=7; it=2; ko=2
    AU | Australia | 4 | num_first | APAC English en_AU Australia/Sydney
        Australia=80; AU=10; AUS=5; =5
        en=80; zh=8; in=6; it=3; ko=3
    NL | Netherlands | 3 | num_last | EMEA Dutch nl_NL Europe/Amsterdam
        Netherlands=45; The Netherlands=20; Nederland=12; Holland=8; NL=10; =5
        nl=84; de=4; en=4; tr=8
    ES | Spain | 3 | num_comma | EMEA Spanish es_ES Europe/Madrid
        Spain=60; España=25; ES=10; =5
        es=92; en=4; fr=4
    IT | Italy | 3 | num_comma | EMEA Italian it_IT Europe/Rome
        Italy=60; Italia=28; IT=8; =4
        it=92; en=4; de=4
    SE | Sweden | 2 | num_last | EMEA Swedish sv_SE Europe/Stockholm
        Sweden=70; Sverige=18; SE=8; =4
        nordic=90; en=4; de=3; tr=3
    IN | India | 3 | in | APAC English en_IN Asia/Kolkata
        India=85; IN=8; IND=3; =4
        in=95; en=5
    JP | Japan | 2 | jp | APAC Japanese ja_JP Asia/Tokyo
        Japan=88; JP=8; =4
        ja=96; en=4
    BR | Brazil | 2 | num_comma | LATAM Portuguese pt_BR America/Sao_Paulo
        Brazil=55; Brasil=35; BR=6; =4
        pt=88; it=6; de=3; ja=3
    MX | Mexico | 2 | num_last | LATAM Spanish es_MX America/Mexico_City
        Mexico=55; México=35; MX=6; =4
        es=95; en=5
    CH | Switzerland | 2 | num_last | EMEA German de_CH Europe/Zurich
        Switzerland=50; Schweiz=25; Suisse=8; CH=12; =5
        de=62; fr=24; it=10; en=4
"""
