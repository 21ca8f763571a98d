"""Synthetic people: first names and surnames of many cultures, nicknames, common and junk names.

The people made from these lists are invented; any likeness to a real person is chance.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    """The comma-separated words of a block of text, in order, without repeats."""
    return tuple(dict.fromkeys(word.strip() for word in text.split(",") if word.strip()))


# culture -> male first names / female first names
_FIRST: dict[str, str] = {
    "en": """
        James, Robert, John, Michael, William, David, Richard, Joseph, Thomas, Christopher,
        Charles, Daniel, Matthew, Anthony, Mark, Steven, Andrew, Joshua, Kevin, Brian, George,
        Timothy, Ryan, Jason, Jeffrey, Jacob, Gary, Nicholas, Eric, Jonathan, Stephen, Benjamin,
        Samuel, Gregory, Alexander, Patrick, Frank, Raymond, Jack, Dennis, Peter, Oliver, Harry,
        Liam, Noah, Ethan, Owen, Edward, Henry, Nathan, Scott, Tyler, Aaron, Adam, Sean
        /
        Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Lisa,
        Nancy, Margaret, Sandra, Ashley, Kimberly, Emily, Donna, Michelle, Carol, Amanda,
        Melissa, Deborah, Stephanie, Rebecca, Laura, Katherine, Amy, Angela, Rachel, Catherine,
        Heather, Samantha, Christine, Victoria, Emma, Olivia, Sophie, Charlotte, Hannah,
        Abigail, Megan, Lauren, Zoë, Chloe, Grace, Alice, Julia, Natalie, Madison, Caroline,
        Claire
    """,
    "de": """
        Thomas, Michael, Andreas, Stefan, Christian, Markus, Alexander, Johannes, Jürgen,
        Wolfgang, Klaus, Peter, Matthias, Frank, Sebastian, Tobias, Florian, Maximilian, Lukas,
        Jan, Uwe, Dieter, Günther, Jörg, Björn, Philipp, Felix, Moritz, Christoph, Ralf
        /
        Anna, Katharina, Julia, Sabine, Susanne, Petra, Andrea, Claudia, Stefanie, Nicole,
        Monika, Birgit, Ursula, Lena, Laura, Lea, Sophie, Jana, Franziska, Anke, Heike, Kerstin,
        Jutta, Bärbel, Maren, Friederike, Johanna, Simone, Christina, Carina
    """,
    "fr": """
        Jean, Pierre, Michel, Philippe, Alain, Nicolas, François, Laurent, Julien, Antoine,
        Thomas, Sébastien, Olivier, Christophe, Mathieu, Guillaume, Hugo, Louis, Théo, Jérôme,
        Benoît, Rémi
        /
        Marie, Nathalie, Isabelle, Sylvie, Catherine, Sophie, Camille, Céline, Julie, Élodie,
        Chloé, Manon, Léa, Hélène, Aurélie, Émilie, Claire, Zoë, Margaux, Inès, Amélie, Mathilde
    """,
    "es": """
        José, Juan, Antonio, Manuel, Francisco, Javier, Carlos, Miguel, Alejandro, Luis, Jorge,
        Pablo, Sergio, Raúl, Diego, Andrés, Fernando, Ramón, Álvaro, Héctor, Eduardo, Ricardo
        /
        María, Carmen, Ana, Laura, Lucía, Isabel, Marta, Elena, Sofía, Paula, Cristina,
        Patricia, Guadalupe, Verónica, Rocío, Mónica, Alejandra, Gabriela, Daniela, Beatriz,
        Pilar, Inés
    """,
    "it": """
        Giuseppe, Giovanni, Antonio, Marco, Francesco, Alessandro, Andrea, Luca, Matteo,
        Lorenzo, Roberto, Stefano, Paolo, Davide, Simone, Federico, Niccolò, Riccardo
        /
        Giulia, Francesca, Chiara, Sara, Valentina, Alessandra, Martina, Elena, Federica,
        Silvia, Paola, Roberta, Ilaria, Beatrice, Caterina, Lucrezia
    """,
    "nl": """
        Jan, Pieter, Hendrik, Willem, Kees, Joost, Bram, Daan, Sander, Maarten, Ruben, Thijs,
        Jeroen, Bas, Niels, Wouter
        /
        Anna, Sanne, Femke, Lotte, Eva, Marieke, Anouk, Iris, Ingrid, Fleur, Sophie, Annelies,
        Lieke, Esther
    """,
    "nordic": """
        Erik, Lars, Anders, Johan, Per, Nils, Karl, Mikael, Magnus, Björn, Bjørn, Søren, Henrik,
        Oskar, Gustav, Mats, Jonas
        /
        Anna, Maria, Karin, Eva, Kristina, Ingrid, Sara, Emma, Elin, Åsa, Linnéa, Sofie, Maja,
        Frida, Astrid, Sigrid
    """,
    "pl": """
        Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Marcin, Michał, Łukasz, Jakub, Grzegorz,
        Wojciech, Mateusz
        /
        Anna, Katarzyna, Małgorzata, Agnieszka, Magdalena, Joanna, Monika, Aleksandra, Zofia,
        Ewa
    """,
    "tr": """
        Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Murat, Emre, Burak, Cem
        /
        Ayşe, Fatma, Zeynep, Elif, Emine, Merve, Büşra, Derya
    """,
    "in": """
        Rahul, Amit, Rajesh, Suresh, Vikram, Arjun, Sanjay, Anil, Ravi, Karthik, Rohan, Aditya,
        Vijay, Nikhil, Pranav, Manish, Deepak, Siddharth
        /
        Priya, Anjali, Sunita, Pooja, Neha, Divya, Kavya, Lakshmi, Deepika, Ananya, Shreya,
        Meera, Swati, Aishwarya, Nisha
    """,
    "ja": """
        Hiroshi, Takashi, Kenji, Shohei, Yuki, Daisuke, Kazuki, Haruto, Takumi, Ryo, Satoshi,
        Kenta, Yusuke, Shota
        /
        Yuko, Akiko, Keiko, Yumi, Haruka, Sakura, Aoi, Naoko, Emi, Mai, Ayaka, Misaki
    """,
    "zh": """
        Wei, Jun, Lei, Ming, Hao, Jian, Tao, Yong, Bo, Chen, Kevin, Jason, Eric
        /
        Li, Fang, Na, Xiu, Jing, Yan, Mei, Hui, Ying, Grace, Amy
    """,
    "ko": """
        Min-jun, Ji-ho, Seo-jun, Hyun-woo, Dong-hyun, Joon
        /
        Seo-yeon, Ji-woo, Min-seo, Soo-jin, Eun-ji, Hye-jin
    """,
    "pt": """
        João, José, Pedro, Lucas, Gabriel, Rafael, Gustavo, Felipe, Bruno, Rodrigo, Thiago,
        Marcelo, Leonardo, André
        /
        Ana, Maria, Juliana, Fernanda, Mariana, Beatriz, Camila, Larissa, Letícia, Patrícia,
        Adriana, Gabriela, Conceição
    """,
}

_SURNAMES: dict[str, str] = {
    "en": """
        Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas,
        Moore, Martin, Jackson, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young,
        Allen, King, Wright, Scott, Green, Baker, Adams, Nelson, Hill, Campbell, Mitchell,
        Roberts, Carter, Phillips, Evans, Turner, Parker, Collins, Edwards, Stewart, Morris,
        Murphy, Cook, Rogers, Morgan, Cooper, Peterson, Reed, Bailey, Bell, Kelly, Howard, Ward,
        Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, Hughes, Price, Sanders, Myers,
        Long, Ross, Foster, Powell, Jenkins, Perry, Russell, Sullivan, Fisher, Henderson,
        Coleman, Patterson, Hughes, O'Brien, O'Connor, McDonald, MacLeod, Fitzgerald, Walsh,
        Byrne, Thornton, Hargreaves, Whitfield, Ashworth, Pemberton
    """,
    "de": """
        Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann,
        Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann,
        Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Krause, Meier, Lehmann,
        Köhler, Weiß, Groß, Jäger, Vogel, Keller, Brandt, Haas, Schubert, von Bergen, Böhm,
        Friedrich
    """,
    "fr": """
        Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
        Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel,
        Girard, André, Mercier, Dupont, Lambert, Bonnet, François, Faure, Rousseau, Blanc,
        Guérin, Chevalier, Gauthier, de la Fontaine
    """,
    "es": """
        García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín,
        Jiménez, Ruiz, Hernández, Díaz, Moreno, Álvarez, Muñoz, Romero, Navarro, Torres,
        Domínguez, Vázquez, Ramos, Gil, Castillo, Ortega, Rubio, Núñez, Ortiz, Morales, Delgado,
        Castro, Flores, Reyes, Cruz, Mendoza, de la Cruz
    """,
    "it": """
        Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno,
        Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri,
        Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, Leone
    """,
    "nl": """
        de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit,
        Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker,
        Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, Kuipers
    """,
    "nordic": """
        Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson,
        Gustafsson, Pettersson, Jönsson, Lindberg, Lindqvist, Bergström, Sandberg, Hansen,
        Jensen, Nielsen, Sørensen, Christensen, Halvorsen, Løvland, Åberg, Ekström, Nyström
    """,
    "pl": """
        Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński,
        Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Krawczyk
    """,
    "tr": """
        Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan,
        Doğan
    """,
    "in": """
        Sharma, Patel, Kumar, Singh, Gupta, Reddy, Iyer, Nair, Rao, Mehta, Shah, Joshi, Desai,
        Menon, Pillai, Chatterjee, Banerjee, Mukherjee, Agarwal, Verma, Krishnan, Subramanian,
        Bhat, Kapoor, Malhotra
    """,
    "ja": """
        Satō, Suzuki, Takahashi, Tanaka, Watanabe, Itō, Yamamoto, Nakamura, Kobayashi, Katō,
        Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, Shimizu, Ōtani,
        Saitō, Kōno, Mori, Ikeda
    """,
    "zh": """
        Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, Lin,
        He, Gao, Luo, Wong, Chan, Lam, Cheung, Ng
    """,
    "ko": """
        Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim
    """,
    "pt": """
        Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa,
        Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Araújo,
        Gonçalves, Magalhães, Conceição
    """,
}

CULTURES: tuple[str, ...] = tuple(_FIRST)

# culture -> (male first names, female first names)
FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    culture: (_split(text.split("/")[0]), _split(text.split("/")[1]))
    for culture, text in _FIRST.items()
}
SURNAMES: dict[str, tuple[str, ...]] = {
    culture: _split(text) for culture, text in _SURNAMES.items()
}

# formal first name -> familiar forms that people type into web forms
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby"),
    "Elizabeth": ("Liz", "Beth", "Betty", "Lizzie"),
    "William": ("Bill", "Will", "Billy"),
    "Katherine": ("Kate", "Katie", "Kathy"),
    "Catherine": ("Cathy", "Cat", "Kate"),
    "Michael": ("Mike", "Mick"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Richard": ("Rick", "Rich", "Dick"),
    "Thomas": ("Tom", "Tommy"),
    "Jennifer": ("Jen", "Jenny"),
    "Christopher": ("Chris", "Topher"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Joseph": ("Joe", "Joey"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Alexander": ("Alex", "Sasha"),
    "Nicholas": ("Nick", "Nicky"),
    "Patricia": ("Pat", "Patty", "Trish"),
    "Steven": ("Steve",),
    "Stephen": ("Steve",),
    "Andrew": ("Andy", "Drew"),
    "Jonathan": ("Jon",),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam",),
    "Rebecca": ("Becky", "Becca"),
    "Susan": ("Sue", "Suzy"),
    "Deborah": ("Deb", "Debbie"),
    "Christine": ("Chris", "Tina"),
    "Samantha": ("Sam",),
    "Victoria": ("Vicky", "Tori"),
    "Timothy": ("Tim",),
    "Jeffrey": ("Jeff",),
    "Gregory": ("Greg",),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Abigail": ("Abby",),
    "Kimberly": ("Kim",),
    "Stephanie": ("Steph",),
    "Nathan": ("Nate",),
    "Raymond": ("Ray",),
    "Jacob": ("Jake",),
    "Johannes": ("Hans", "Jo"),
    "Stefanie": ("Steffi",),
    "Christian": ("Chris",),
    "Maximilian": ("Max",),
    "Franziska": ("Franzi",),
    "Katharina": ("Kathi", "Katja"),
    "Friederike": ("Rike",),
    "Francisco": ("Paco", "Pancho"),
    "José": ("Pepe",),
    "Guadalupe": ("Lupe",),
    "Alejandro": ("Alex",),
    "Alejandra": ("Ale",),
    "Giuseppe": ("Beppe", "Peppe"),
    "Francesco": ("Franco", "Checco"),
    "Alessandro": ("Sandro", "Alex"),
    "Valentina": ("Vale",),
    "Federico": ("Fede",),
    "Guillaume": ("Will",),
    "Nicolas": ("Nico",),
    "Mathieu": ("Mat",),
    "Hendrik": ("Henk",),
    "Willem": ("Wim",),
    "Pieter": ("Piet",),
    "Gabriel": ("Gabe",),
    "Rafael": ("Rafa",),
    "Leonardo": ("Léo",),
    "Aleksandra": ("Ola",),
    "Mikael": ("Micke",),
    "Krzysztof": ("Krzysiek",),
}

# the same common name, borne by different people at different companies
COMMON_NAMES: tuple[tuple[str, str, str, str], ...] = (
    # (culture, gender m/f, first, last)
    ("en", "m", "John", "Smith"),
    ("en", "m", "Michael", "Johnson"),
    ("en", "m", "David", "Miller"),
    ("en", "m", "James", "Brown"),
    ("en", "f", "Jennifer", "Davis"),
    ("en", "f", "Sarah", "Wilson"),
    ("en", "f", "Mary", "Williams"),
    ("en", "m", "Chris", "Taylor"),
    ("de", "m", "Thomas", "Müller"),
    ("de", "m", "Michael", "Schmidt"),
    ("de", "f", "Anna", "Schneider"),
    ("es", "f", "María", "García"),
    ("es", "m", "José", "Rodríguez"),
    ("es", "m", "Juan", "Martínez"),
    ("in", "m", "Rahul", "Sharma"),
    ("in", "f", "Priya", "Patel"),
    ("in", "m", "Amit", "Kumar"),
    ("zh", "m", "Wei", "Zhang"),
    ("zh", "f", "Li", "Wang"),
    ("fr", "m", "Pierre", "Martin"),
    ("fr", "f", "Marie", "Dubois"),
    ("nl", "m", "Jan", "de Jong"),
    ("it", "m", "Marco", "Rossi"),
    ("nordic", "m", "Erik", "Andersson"),
    ("pt", "m", "João", "Silva"),
    ("ja", "m", "Hiroshi", "Tanaka"),
)

# (first name, last name) of obviously fake form entries
JUNK_NAMES: tuple[tuple[str, str], ...] = (
    ("Test", "Test"),
    ("test", "test"),
    ("asdf", "asdf"),
    ("John", "Doe"),
    ("Jane", "Doe"),
    ("Mickey", "Mouse"),
    ("Donald", "Duck"),
    ("xxx", "xxx"),
    ("", "xxx"),
    ("aaa", "bbb"),
    ("qwerty", "qwerty"),
    ("Test", "Lead"),
    ("TEST", "USER"),
    ("first", "last"),
    ("", "Unknown"),
    ("N/A", "N/A"),
)

JUNK_COMPANIES: tuple[str, ...] = (
    "Test",
    "test company",
    "asdf",
    "N/A",
    "none",
    "-",
    "xxx",
    "Company",
    "[not provided]",
    "Self",
    "na",
    "TBD",
    "Testing Inc",
    "abc",
)

ROLE_CONTACTS: tuple[tuple[str, str], ...] = (
    # (local part of a shared mailbox, the "name" put into LastName)
    ("ap", "Accounts Payable"),
    ("accounts", "Accounts Payable"),
    ("info", "Info"),
    ("sales", "Sales Team"),
    ("billing", "Billing Department"),
    ("procurement", "Procurement"),
    ("office", "Front Desk"),
    ("admin", "Admin"),
)

DISPOSABLE_DOMAINS: tuple[str, ...] = (
    "mailinator.com",
    "guerrillamail.com",
    "10minutemail.com",
    "yopmail.com",
    "trashmail.com",
    "sharklasers.com",
)

PLACEHOLDER_DOMAINS: tuple[str, ...] = ("test.com", "example.com", "noemail.com", "none.com")

PERSONAL_DOMAINS: dict[str, tuple[str, ...]] = {
    "": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com"),
    "DE": ("gmail.com", "gmx.de", "web.de", "t-online.de"),
    "FR": ("gmail.com", "orange.fr", "free.fr", "hotmail.fr"),
    "GB": ("gmail.com", "hotmail.co.uk", "btinternet.com", "outlook.com"),
    "IT": ("gmail.com", "libero.it", "virgilio.it"),
    "ES": ("gmail.com", "hotmail.es", "yahoo.es"),
    "NL": ("gmail.com", "ziggo.nl", "kpnmail.nl"),
    "JP": ("gmail.com", "yahoo.co.jp", "docomo.ne.jp"),
    "BR": ("gmail.com", "uol.com.br", "bol.com.br"),
    "IN": ("gmail.com", "yahoo.co.in", "rediffmail.com"),
    "SE": ("gmail.com", "telia.com", "hotmail.se"),
    "CH": ("gmail.com", "bluewin.ch", "gmx.ch"),
}
