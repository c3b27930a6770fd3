"""Word lists for the fast rules: first names, words that look like names but are not, and cue words.

Kept as plain Python sets so importing them costs well under a millisecond. The name list is written by
the project: common Dutch first names across generations (narrators include grandparents and teenagers)
plus names common among Dutch families of Moroccan, Turkish, Surinamese, Antillean and Polish descent.
"""

_FIRST_NAMES = """
Aaron Abdel Abdelkader Abdul Achmed Adam Adriaan Ahmed Aicha Aisha Alexander Ali Alicia Amber Amin Amina Amira
Amy Anna Anne Anneke Annemiek Annemarie Annet Annette Anouk Anja Anton Arie Arjan Arnold Astrid Ayoub Ayse
Bart Bas Bastiaan Beatrix Ben Benjamin Bente Bernard Bert Bianca Bilal Bo Boaz Bram Brenda Britt Bryan Carla
Carmen Caroline Casper Cees Charlotte Chantal Chris Christiaan Cindy Claudia Daan Dani Daniel Daniëlle Danny
Dave Davey David Demi Dennis Dewi Diana Dick Dirk Djamila Dylan Ebru Eddy Edwin Eline Elif Elise Elisa Ella
Els Elsa Emma Emre Emine Erik Esmee Esra Esther Eva Evelien Evi Fabian Fadoua Fatima Fatma Femke Fenna Finn
Fleur Floor Floris Frank Fred Freek Gerard Gerda Gerrit Gert Gijs Gerben Hakan Hamza Hanna Hanneke Hans
Harm Hasan Hassan Hatice Hein Hendrik Henk Henny Hester Hilde Hiba Huib Ibrahim Ilse Imane Inge Ingrid Iris
Isa Isabel Isabella Ismail Ivo Jaap Jacob Jamal Jan Janneke Jannes Jasmijn Jasper Jayden Jelle Jeroen Jesse
Jessica Jet Jeanette Joep Johan Johanna Jolanda Jonas Joost Jop Joris Jos Joshua Joyce Julia Julian Juliette
Kaan Karim Karin Kayleigh Kees Kevin Khadija Kim Kirsten Klaas Koen Kyan Lara Laura Lars Latifa Laurens Lea
Lieke Liam Lina Linda Lisa Lisanne Liz Loes Lotte Louise Lucas Lucia Luuk Lynn Maaike Maarten Madelief Manon
Marco Marcel Marieke Marije Marijke Marjolein Mark Marloes Martijn Martin Mats Maud Max Maxime Mehmet Melissa
Meryem Mien Mila Milan Miranda Mirjam Mohamed Mohammed Monique Mustafa Myrthe Nadia Naima Nathalie Nicole
Niels Nienke Noah Noa Noor Nora Nina Olaf Olivia Omar Oscar Patrick Paul Peter Petra Pien Pieter Priscilla
Quinten Rachid Rachida Rana Remco Rens Richard Rik Rianne Ria Rick Rob Robin Romy Ronald Roos Rosa Ruben
Ryan Sabine Saar Sam Samira Sandra Sander Sanne Sara Sarah Selin Sem Senna Sevda Shirley Sil Silvia Simone
Sofie Sophie Soufiane Stefan Stijn Suzanne Sven Tamara Tess Teun Thijs Thomas Tim Tom Tijn Truus Tygo Vera
Wendy Willem Wim Wout Yara Yasmina Yasmine Yusuf Youssef Yvonne Zara Zoë Zoey Zeynep Dina Dunya Milou Yfke
Nick Pim Puck Stan Guus Hidde Siem Jurre Mees Mason Luca Levi Noud Boris Jens Thijmen Ties Vince Xavi Rayan
Sophia Saartje Fenne Lize Nova Isabelle Hailey Kiki Lauren Naomi Nadine Sharon Kelly Natasja Angela Petra
Mirella Marian Marianne Anita Ans Annie Corrie Dinie Gerry Hennie Jannie Joke Marga Riet Tineke Willy Truida
Jantje Joop Piet Geert Herman Jacques Kerem Mert Burak Berat Ilias Nassim Anas Zakaria Wassim Ilyas Sami
Merel Wessel Jeanine Harrie Harry Erwin Gerdien Frits Fenna Jolijn Jolien Marleen Marjan Mirte Dieuwke
Jurgen Ricardo Johnny Jayson Jamiro Nout Bente Isis Ravi Sanna Lieve Lotje Job Ward Wouter Hugo Otis
Gerlinde Henriëtte Geesje Jikke Jorien Karlijn Lisette Marit Mariska Maartje Nathan Niek Roel Rutger Ruud
Sjoerd Stefanie Sylvia Thijmen Tijs Vincent Yannick Yvette Wilma Wil Hendrika Aaltje Berend Egbert Evert
Gerard Gerben Jelte Harmen Hilbert Jannie Lammert Roelof Tonnie Trijntje Wietske Wytske Arjen Anouar
Mounir Nourdin Oussama Redouan Salma Soufyan Yassine Zineb Kübra Elif Yusuf Emir Eymen Enes Ömer Zehra
Gökhan Tülay Dewi Jaïr Shanice Ranjiet Sunita Priya Anand Giovanni Kenzo Mauro Jermaine Dwayne Chelsey
Natasha Kayla Britney Jennifer Melanie Kimberley Shannon Stephanie Tatjana Olga Agnieszka Katarzyna Piotr
Tomasz Marek Kasia Anouska Dex Daimy Dyonne Evy Fay Feline Gwen Hanne Ize Jinthe Juul Lana Liv Loïs Luna
Maeve Mare Megan Nola Olivier Quinn Rosalie Sterre Tamar Vajèn Veerle Vesna Yfke Zarah Boaz Cas Daaf
Finn Gijsbert Hidde Ivar Jelmer Jort Kai Luc Mick Morris Nils Pepijn Raf Rune Seb Tobias Valentijn Wes
"""

FIRST_NAMES = frozenset(_FIRST_NAMES.split())

# First names that are also ordinary Dutch words (a flower, a tree, an instrument...). At the start of a
# sentence the capital proves nothing, so these count there only with a cue ("mijn zus Roos") or a surname.
AMBIGUOUS_NAMES = frozenset(
    "Roos Bas Els Iris Fleur Jet Bo Kim Floor Max Sam Wil Mark Hoop Storm Sterre Vera Rosa Nova Puck "
    "Stan Sil Tom Liz Lea Loes Dewi Noor Rob Ans Ben Mees Frank Amber Job".split()
)

# Greetings open a letter-like story ("Lieve hulpverleners,", "Beste mensen"); after a relation cue
# ("onze dochter Lieve") they are names, so only a sentence start rules them out.
GREETINGS = frozenset("Lieve Beste".split())

# Words that open a surname ("van den Berg", "Ter Horst", "El Amrani"); compared lower-cased.
SURNAME_PARTICLES = frozenset("van de der den ter ten te het 't el al ben bin op in oude groot lange".split())

# Places of Twente (the 14 municipalities and their larger villages) and other places narrators mention.
# Municipality names are not personal details: sensemaking needs them.
PLACES = frozenset(
    """
Almelo Borne Dinkelland Enschede Haaksbergen Hellendoorn Hengelo Hof Twente Losser Oldenzaal Rijssen Holten
Rijssen-Holten Tubbergen Twenterand Wierden Goor Markelo Delden Diepenheim Denekamp Ootmarsum Weerselo
Vriezenveen Vroomshoop Nijverdal Glanerbrug Boekelo Lonneker Overdinkel Enter Hertme Zenderen Bornerbroek
Twente Overijssel Gelderland Drenthe Nederland Duitsland België Marokko Turkije Syrië Polen Suriname
Curaçao Eritrea Somalië Afghanistan Zwolle Deventer Apeldoorn Amsterdam Rotterdam Utrecht Arnhem Nijmegen
Gronau Europa Azië Afrika
""".split()
)

# Capitalised words in stories that are organisations, services, institutions, holidays, languages and the
# like: never a person's name, so a name rule must not swallow them ("Joyce van Veilig Thuis").
NOT_NAMES = frozenset(
    """
Jeugdzorg Wijkteam Veilig Thuis Raad Kinderbescherming Jeugdbescherming Jeugdreclassering GGZ Jeugd-GGZ
Karakter CJG Centrum Jeugd Gezin Jeugdteam Sociaal Gemeente Kinderrechter Kinderombudsman Kindertelefoon
Jeugdwet Wmo Wmo-consulent Advies Meldpunt AMK Politie Rechtbank Gezinshuis Leger Heils Humanitas Mediant
Accare Ambiq Pluryn Jarabee Elker Trias Zorgbelang Stichting Bureau Huisarts Ziekenhuis MST ZGT UWV SVB
Kerst Kerstmis Pasen Pinksteren Sinterklaas Ramadan Suikerfeest Offerfeest Koningsdag Oud Nieuw Carnaval
God Allah Jezus Here Heer Nederlands Engels Duits Pools Turks Arabisch Marokkaans Turkse Marokkaanse
Nederlandse Syrisch Somalisch Tigrinya Havo Vwo Vmbo Mbo Hbo Wo Atheneum Mavo Brugklas Groep
Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Januari Februari Maart April Mei Juni Juli
Augustus September Oktober November December Signs Safety Facebook Instagram Insta Snapchat Snap TikTok
Tiktok WhatsApp Whatsapp Discord YouTube Youtube Google Teams Zoom Corona Covid ADHD ADD PDD-NOS ASS
Mama Papa Oma Opa Juf Meester Meneer Mevrouw Tante Oom Hallo Hoi Dag Zomer Winter Lente Herfst Ik Wij Zij Hij Het De
Een Dit Dat Die Deze Mijn Onze Jouw Uw Zijn Haar Hun En Maar Of Want Dus Toen Nu Later Daarna Soms Vaak
Gelukkig Helaas Eindelijk Sinds Na Voor Bij Met Op In Aan Om Tot Door Naar Uit Van Als Wat Waarom Hoe
Wie Waar Wanneer Niemand Iedereen Alles Niets Ja Nee Oké Ok Thuis Veilig Samen Pas Elke Vorig Begin Eind
""".split()
)

# Words before a name that say who the person is to the narrator. Followed by a capitalised word they make
# it a name even when it is not in FIRST_NAMES ("mijn neefje Kyano", "mevrouw Pas").
RELATION_CUES = frozenset(
    """
zoon zoontje dochter dochtertje zus zusje zussen broer broertje broers vriend vriendje vriendin vriendinnetje
vriendinnen moeder vader mama papa man vrouw ex ex-man ex-vrouw ex-partner partner oma opa tante oom neef
neefje nicht nichtje stiefvader stiefmoeder stiefbroer stiefzus halfbroer halfzus pleegmoeder pleegvader
pleegdochter pleegzoon pleegouders schoonmoeder schoonvader buurvrouw buurman collega mentor juf meester
meneer mevrouw jongste oudste kleinzoon kleindochter begeleider begeleidster gezinsvoogd voogd hulpverlener
therapeut psycholoog leerkracht docent coach familie dhr dhr. mw mw. mevr mevr. heer dokter dr dr. kind
jongen meisje jongere ouders zorgcoördinator leerplichtambtenaar gezinsmanager casemanager
""".split()
)

# Lower-case title words that deduce keeps inside a person span; the product keeps them in the text
# ("juf [naam]") because who someone was matters for sensemaking, not their name.
TITLE_WORDS = frozenset(
    "juf meester meneer mevrouw mevr mevr. mw mw. dhr dhr. tante oom oma opa dokter dr dr. collega mentor".split()
)
