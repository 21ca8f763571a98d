"""Companies, job titles and Salesforce picklists for the demo org.

Company names are composed from parts ("Northwind" + "Analytics" + "GmbH"); they are made up,
and a resemblance to a real firm is chance.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word.strip() for word in text.split(",") if word.strip()))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    pairs = (item.split("=") for item in _words(text))
    return tuple((left.strip(), right.strip()) for left, right in pairs)


BRAND_PREFIXES = _words(
    """Acme, Northwind, Bluepeak, Harborview, Summitline, Ironwood, Crescent, Silverline,
    Redstone, Granite, Maplewood, Cedarbrook, Brightwater, Evergreen, Lakeshore, Pinecrest,
    Sterling, Orion, Vertexa, Nimbus, Quantix, Beaconfield, Coppervale, Driftwood, Eastgate,
    Fairhaven, Foxglove, Goldcrest, Greenfield, Highland, Hollowbrook, Keystone, Kingsbridge,
    Larkspur, Lighthouse, Lumen, Meridian, Midway, Moonstone, Northgate, Oakridge, Pacifica,
    Pathfinder, Pinnacle, Polaris, Prairie, Quarrystone, Radiant, Ravenwood, Riverside,
    Rockford, Sagebrush, Sandstone, Sapphire, Seabright, Shoreline, Skyline, Southwind,
    Stonebridge, Sunridge, Thornbury, Timberline, Trailhead, Tridentis, Twin Rivers, Union Bay,
    Valeview, Westbrook, Whitecap, Wildflower, Willow Creek, Windward, Zephyr, Alder, Amberly,
    Aspen Grove, Avalon, Bayview, Birchwood, Blue Heron, Bramble, Briarwood, Caldera, Canyon,
    Cascade, Clearwater, Cobalt, Copperleaf, Cypress, Daybreak, Elmstead, Emberly, Falcon Ridge,
    Fernhill, Flintlock, Glacier, Glenmore, Halcyon, Hawthorne, Heron Bay, Horizon, Indigo,
    Juniper, Kestrel, Lodestar, Marigold, Mistral, Nordlicht, Alpenglow, Rheinwerk, Elbtal,
    Sonnenfeld, Lumière, Azurine, Solana, Sierra Alta, Costa Verde, Montebello, Stellaria, Vela,
    Fjordline, Sakura, Jacaranda, Kookaburra, Tamarind, Ostwind, Bergkamm, Novalis, Aurora Bay,
    Blackthorn, Bluewater, Brookfield Hill, Coral Reef, Dunmore, Edgewater, Firefly, Graystone,
    Harrowgate, Ivywood, Kingfisher, Lanterna, Millbrook, Oakhaven, Peregrine, Quillon,
    Redwood Bay, Saltmarsh, Tidewater, Uplands, Verity, Wexford, Yellowpine"""
)

# the second word of a brand, with the Salesforce industry it suggests
BRAND_CORES: tuple[tuple[str, str], ...] = _pairs(
    """Analytics=Technology, Software=Technology, Systems=Technology, Data=Technology,
    Cloud=Technology, Security=Technology, Digital=Technology, Networks=Telecommunications,
    Telecom=Telecommunications, Wireless=Telecommunications, Robotics=Machinery,
    Automation=Machinery, Machine Works=Machinery, Manufacturing=Manufacturing,
    Industries=Manufacturing, Packaging=Manufacturing, Motors=Manufacturing,
    Materials=Chemicals, Chemicals=Chemicals, Coatings=Chemicals, Logistics=Transportation,
    Transport=Transportation, Aviation=Transportation, Freight=Shipping, Shipping=Shipping,
    Marine=Shipping, Aerospace=Engineering, Engineering=Engineering, Instruments=Electronics,
    Electronics=Electronics, Semiconductors=Electronics, Devices=Electronics,
    Construction=Construction, Builders=Construction, Energy=Energy, Solar=Energy,
    Power=Utilities, Water=Utilities, Health=Healthcare, Medical=Healthcare,
    Clinics=Healthcare, Pharma=Biotechnology, Biotech=Biotechnology, Labs=Biotechnology,
    Therapeutics=Biotechnology, Foods=Food & Beverage, Brewing=Food & Beverage,
    Coffee=Food & Beverage, Farms=Agriculture, Agritech=Agriculture, Apparel=Apparel,
    Textiles=Apparel, Outfitters=Retail, Retail=Retail, Home Goods=Retail, Capital=Finance,
    Financial=Finance, Bank=Banking, Credit Union=Banking, Insurance=Insurance,
    Assurance=Insurance, Consulting=Consulting, Advisors=Consulting, Media=Media,
    Publishing=Media, Studios=Entertainment, Entertainment=Entertainment, Hotels=Hospitality,
    Resorts=Hospitality, Travel=Hospitality, Education=Education, Learning=Education,
    Environmental=Environmental, Recycling=Environmental, Foundation=Not For Profit,
    Outdoor=Recreation, Sports=Recreation, Properties=Other, Realty=Other"""
)

# third words that tell apart the companies of very large orgs: "Northwind Analytics Global"
QUALIFIERS = _words(
    """Group, International, Solutions, Holdings, Global, Worldwide, Services, Technologies,
    Works, Ventures, Collective, North America, Europe, Asia Pacific, Americas, Direct, Pro,
    One, Plus, Next, Alliance, Company, Enterprises, Associates"""
)

# "Harbor & Finch": the second names of partnership-style brands
PARTNER_NAMES = _words(
    """Finch, Wren, Hale, Marsh, Reed, Vance, Moss, Thorne, Blake, Cole, Drake, Lowe, Pike,
    Shaw, Stone, Ward, Webb, Frost, Hart, Lane, Nash, Price, Rowe, Snow, Crane"""
)
PARTNER_INDUSTRIES = ("Consulting", "Finance", "Other", "Consulting", "Insurance")

# the regions named by the subsidiaries of the planted account hierarchy
HIERARCHY_PARTS: tuple[tuple[str, str], ...] = (
    ("Holdings", "US"),
    ("Americas", "US"),
    ("Europe", "DE"),
    ("UK", "GB"),
    ("France", "FR"),
    ("Benelux", "NL"),
)

# country -> (legal suffixes with weights, web domain endings with weights)
SUFFIXES: dict[str, tuple[tuple[str, int], ...]] = {
    "US": (("Inc.", 40), ("LLC", 25), ("Corp.", 15), ("Co.", 5), ("", 15)),
    "GB": (("Ltd", 50), ("Limited", 15), ("PLC", 10), ("LLP", 5), ("", 20)),
    "DE": (("GmbH", 60), ("AG", 15), ("GmbH & Co. KG", 10), ("SE", 3), ("", 12)),
    "FR": (("S.A.S.", 40), ("SAS", 15), ("S.A.", 20), ("SARL", 15), ("", 10)),
    "CA": (("Inc.", 45), ("Ltd.", 25), ("Corp.", 15), ("", 15)),
    "AU": (("Pty Ltd", 60), ("Ltd", 20), ("", 20)),
    "NL": (("B.V.", 65), ("N.V.", 15), ("", 20)),
    "ES": (("S.L.", 55), ("S.A.", 30), ("", 15)),
    "IT": (("S.p.A.", 40), ("S.r.l.", 45), ("", 15)),
    "SE": (("AB", 85), ("", 15)),
    "IN": (("Pvt. Ltd.", 55), ("Ltd.", 25), ("", 20)),
    "JP": (("K.K.", 40), ("Co., Ltd.", 45), ("", 15)),
    "BR": (("Ltda.", 60), ("S.A.", 25), ("", 15)),
    "MX": (("S.A. de C.V.", 75), ("", 25)),
    "CH": (("AG", 55), ("GmbH", 25), ("SA", 10), ("", 10)),
}
DOMAIN_ENDINGS: dict[str, tuple[tuple[str, int], ...]] = {
    "US": ((".com", 85), (".io", 8), (".net", 7)),
    "GB": ((".co.uk", 60), (".com", 40)),
    "DE": ((".de", 85), (".com", 15)),
    "FR": ((".fr", 80), (".com", 20)),
    "CA": ((".ca", 60), (".com", 40)),
    "AU": ((".com.au", 85), (".com", 15)),
    "NL": ((".nl", 85), (".com", 15)),
    "ES": ((".es", 80), (".com", 20)),
    "IT": ((".it", 80), (".com", 20)),
    "SE": ((".se", 85), (".com", 15)),
    "IN": ((".in", 40), (".co.in", 30), (".com", 30)),
    "JP": ((".co.jp", 70), (".jp", 15), (".com", 15)),
    "BR": ((".com.br", 90), (".com", 10)),
    "MX": ((".com.mx", 85), (".com", 15)),
    "CH": ((".ch", 90), (".com", 10)),
}

# legal suffix -> other ways the same suffix is written
SUFFIX_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Inc.": ("Inc", "Incorporated", "INC."),
    "LLC": ("L.L.C.", "Llc"),
    "Corp.": ("Corp", "Corporation"),
    "Co.": ("Company", "Co"),
    "Ltd": ("Ltd.", "Limited", "LTD"),
    "Ltd.": ("Ltd", "Limited"),
    "Limited": ("Ltd", "Ltd."),
    "PLC": ("plc", "P.L.C."),
    "LLP": ("L.L.P.",),
    "GmbH": ("Gmbh", "GMBH"),
    "AG": ("A.G.",),
    "GmbH & Co. KG": ("GmbH & Co KG", "GmbH + Co. KG"),
    "SE": ("S.E.",),
    "S.A.S.": ("SAS", "S.A.S"),
    "SAS": ("S.A.S.",),
    "S.A.": ("SA", "S.A"),
    "SA": ("S.A.",),
    "SARL": ("S.A.R.L.", "Sarl"),
    "Pty Ltd": ("Pty. Ltd.", "PTY LTD", "Proprietary Limited"),
    "B.V.": ("BV", "B.V"),
    "N.V.": ("NV",),
    "S.L.": ("SL", "S.L"),
    "S.p.A.": ("SpA", "S.P.A."),
    "S.r.l.": ("Srl", "S.R.L."),
    "AB": ("Aktiebolag",),
    "Pvt. Ltd.": ("Pvt Ltd", "Private Limited", "PVT. LTD."),
    "K.K.": ("KK", "Kabushiki Kaisha"),
    "Co., Ltd.": ("Co. Ltd.", "Co Ltd"),
    "Ltda.": ("Ltda", "Limitada"),
    "S.A. de C.V.": ("SA de CV", "S.A. DE C.V."),
}

INDUSTRIES = _words(
    """Agriculture, Apparel, Banking, Biotechnology, Chemicals, Communications, Construction,
    Consulting, Education, Electronics, Energy, Engineering, Entertainment, Environmental,
    Finance, Food & Beverage, Government, Healthcare, Hospitality, Insurance, Machinery,
    Manufacturing, Media, Not For Profit, Other, Recreation, Retail, Shipping, Technology,
    Telecommunications, Transportation, Utilities"""
)

# (title, department, seniority 0 = staff .. 3 = executive)
TITLES: tuple[tuple[str, str, int], ...] = tuple(
    (title.strip(), department, int(level))
    for title, department, level in (
        line.split("|")
        for line in [
            "CEO|Executive|3",
            " CTO|Executive|3",
            " CFO|Finance|3",
            " COO|Operations|3",
            "\n        CIO|IT|3",
            " Chief Revenue Officer|Sales|3",
            " Chief Marketing Officer|Marketing|3",
            "\n        President|Executive|3",
            " Founder|Executive|3",
            " Managing Director|Executive|3",
            "\n        Owner|Executive|3",
            " VP Sales|Sales|2",
            " VP Marketing|Marketing|2",
            "\n        VP Engineering|Engineering|2",
            " VP Operations|Operations|2",
            " VP Finance|Finance|2",
            "\n        SVP Customer Success|Customer Success|2",
            " Director of IT|IT|2",
            "\n        Director of Procurement|Procurement|2",
            " Head of Procurement|Procurement|2",
            "\n        Head of Data|IT|2",
            " Head of Operations|Operations|2",
            " Sales Director|Sales|2",
            "\n        Marketing Director|Marketing|2",
            " Finance Director|Finance|2",
            "\n        Marketing Manager|Marketing|1",
            " IT Manager|IT|1",
            " Procurement Manager|Procurement|1",
            "\n        Office Manager|Operations|1",
            " Operations Manager|Operations|1",
            "\n        Product Manager|Engineering|1",
            " Project Manager|Operations|1",
            " Sales Manager|Sales|1",
            "\n        Account Manager|Sales|1",
            " Customer Success Manager|Customer Success|1",
            "\n        HR Manager|Human Resources|1",
            " Controller|Finance|1",
            " Software Engineer|Engineering|0",
            "\n        Data Analyst|IT|0",
            " Business Analyst|Operations|0",
            " Accountant|Finance|0",
            "\n        Accounts Payable Clerk|Finance|0",
            " Buyer|Procurement|0",
            " Purchasing Agent|Procurement|0",
            "\n        Marketing Specialist|Marketing|0",
            " Sales Representative|Sales|0",
            "\n        Executive Assistant|Executive|0",
            " Consultant|Operations|0",
            "\n        Systems Administrator|IT|0",
        ]
    )
)
# titles people write in their own language, by country
LOCAL_TITLES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "DE": (
        ("Geschäftsführer", "Executive", 3),
        ("Leiter Einkauf", "Procurement", 2),
        ("Vertriebsleiter", "Sales", 2),
        ("IT-Leiterin", "IT", 2),
        ("Sachbearbeiterin Buchhaltung", "Finance", 0),
    ),
    "FR": (
        ("Directeur Commercial", "Sales", 2),
        ("Responsable Achats", "Procurement", 1),
        ("Directrice Marketing", "Marketing", 2),
        ("Président-directeur général", "Executive", 3),
    ),
    "ES": (("Director Comercial", "Sales", 2), ("Jefe de Compras", "Procurement", 1)),
    "MX": (("Director General", "Executive", 3), ("Gerente de Compras", "Procurement", 1)),
    "IT": (("Direttore Vendite", "Sales", 2), ("Responsabile Acquisti", "Procurement", 1)),
    "NL": (("Inkoper", "Procurement", 0), ("Directeur", "Executive", 3)),
    "BR": (("Diretor Comercial", "Sales", 2), ("Gerente de Compras", "Procurement", 1)),
    "SE": (("VD", "Executive", 3), ("Inköpschef", "Procurement", 2)),
}

LEAD_SOURCES: tuple[tuple[str, int], ...] = (
    ("Web", 30),
    ("Phone Inquiry", 8),
    ("Partner Referral", 10),
    ("Purchased List", 10),
    ("Trade Show", 12),
    ("Word of mouth", 5),
    ("Employee Referral", 5),
    ("Other", 6),
    ("", 14),
)
ACCOUNT_SOURCES: tuple[tuple[str, int], ...] = (
    ("Web", 25),
    ("Phone Inquiry", 10),
    ("Partner Referral", 15),
    ("Purchased List", 10),
    ("Other", 10),
    ("", 30),
)
ACCOUNT_TYPES: tuple[tuple[str, int], ...] = (
    ("Customer - Direct", 30),
    ("Customer - Channel", 10),
    ("Prospect", 38),
    ("Partner", 8),
    ("Other", 4),
    ("", 10),
)
RATINGS: tuple[tuple[str, int], ...] = (("Hot", 15), ("Warm", 30), ("Cold", 25), ("", 30))
SALUTATIONS_M = ("Mr.", "Mr.", "Mr.", "Dr.", "Prof.")
SALUTATIONS_F = ("Ms.", "Ms.", "Mrs.", "Dr.", "Prof.")

# (stage, default probability, forecast category); the standard sales process
STAGES: tuple[tuple[str, int, str], ...] = (
    ("Prospecting", 10, "Pipeline"),
    ("Qualification", 10, "Pipeline"),
    ("Needs Analysis", 20, "Pipeline"),
    ("Value Proposition", 50, "Pipeline"),
    ("Id. Decision Makers", 60, "Pipeline"),
    ("Perception Analysis", 70, "Best Case"),
    ("Proposal/Price Quote", 75, "Best Case"),
    ("Negotiation/Review", 90, "Commit"),
    ("Closed Won", 100, "Closed"),
    ("Closed Lost", 0, "Omitted"),
)
OPPORTUNITY_TYPES = (
    "New Customer",
    "Existing Customer - Upgrade",
    "Existing Customer - Replacement",
    "Existing Customer - Downgrade",
)
PRODUCTS = _words(
    """Platform Subscription, Analytics Add-on, Enterprise Licenses, Implementation Services,
    Support Renewal, Data Migration, Premium Support, Training Package, API Access,
    Expansion Seats, Pilot Project, Managed Services"""
)
COMPETITORS = _words("Contoso, Fabrikam, Initech, Globex, Umbrella Systems, Hooli, Vandelay")
NEXT_STEPS = _words(
    """Send proposal, Schedule demo, Security review, Legal review of MSA, Follow up after QBR,
    Pricing call with CFO, Pilot kickoff, Waiting on PO"""
)
CLEAN_STATUSES: tuple[tuple[str, int], ...] = (
    ("Pending", 40),
    ("Matched", 20),
    ("Different", 8),
    ("NotFound", 10),
    ("Inactive", 4),
    ("Skipped", 6),
    ("", 12),
)
GEOCODE_ACCURACIES = ("Address", "NearAddress", "Block", "Street", "Zip", "City")
LEAD_DESCRIPTIONS = (
    'Asked about pricing for the "Enterprise" tier.',
    "Downloaded the whitepaper, no response yet.",
    "Met at the booth; interested in a pilot, budget in Q3.",
    'Said: "call me after the holidays".',
    "Requested a demo.\nPrefers email, not phone.",
    "Referred by an existing customer, warm intro.",
    "Visited pricing page 4 times, opened 3 emails.",
    "Wants integration with their ERP (SAP, Oracle).",
    "Evaluating 3 vendors; decision by end of quarter.",
    "Left voicemail twice.\nTry again next week.",
)
