"""Demo data: 100 real communes of Seine-et-Marne (77), grouped by agence de proximité.

Each spot is named after its first commune, where the agency sits. The split follows the usual
"Nord / Sud Seine-et-Marne" of the département's services: the arrondissements of Meaux and
Torcy (Marne valley, Goële, Brie laitière) form the Nord direction; those of Melun,
Fontainebleau and Provins (Seine valley, Sénart, Gâtinais, Brie champenoise) the Sud one.
The weight is a rough relative size of the office's stock there; it only shapes the demo.
"""

from __future__ import annotations

CommuneRow = tuple[str, str, int]
"""(name, postcode, weight)"""

SPOT_COMMUNES: tuple[tuple[str, tuple[CommuneRow, ...]], ...] = (
    (
        "nord",
        (
            ("Meaux", "77100", 10),
            ("Nanteuil-lès-Meaux", "77100", 1),
            ("Crégy-lès-Meaux", "77124", 1),
            ("Villenoy", "77124", 2),
            ("Trilport", "77470", 2),
            ("Quincy-Voisins", "77860", 1),
            ("Lizy-sur-Ourcq", "77440", 1),
        ),
    ),
    (
        "nord",
        (
            ("Chelles", "77500", 9),
            ("Vaires-sur-Marne", "77360", 3),
            ("Brou-sur-Chantereine", "77177", 2),
            ("Courtry", "77181", 2),
        ),
    ),
    (
        "nord",
        (
            ("Pontault-Combault", "77340", 7),
            ("Roissy-en-Brie", "77680", 4),
            ("Émerainville", "77184", 3),
        ),
    ),
    (
        "nord",
        (
            ("Torcy", "77200", 7),
            ("Lognes", "77185", 3),
            ("Collégien", "77090", 1),
        ),
    ),
    (
        "nord",
        (
            ("Champs-sur-Marne", "77420", 5),
            ("Noisiel", "77186", 5),
        ),
    ),
    (
        "nord",
        (
            ("Lagny-sur-Marne", "77400", 5),
            ("Saint-Thibault-des-Vignes", "77400", 2),
            ("Thorigny-sur-Marne", "77400", 3),
            ("Pomponne", "77400", 1),
        ),
    ),
    (
        "nord",
        (
            ("Bussy-Saint-Georges", "77600", 4),
            ("Montévrain", "77144", 2),
            ("Ferrières-en-Brie", "77164", 1),
        ),
    ),
    (
        "nord",
        (
            ("Serris", "77700", 3),
            ("Chessy", "77700", 1),
            ("Magny-le-Hongre", "77700", 1),
            ("Bailly-Romainvilliers", "77700", 1),
            ("Esbly", "77450", 2),
            ("Crécy-la-Chapelle", "77580", 1),
        ),
    ),
    (
        "nord",
        (
            ("Villeparisis", "77270", 5),
            ("Claye-Souilly", "77410", 3),
            ("Villevaudé", "77410", 1),
            ("Le Pin", "77181", 1),
        ),
    ),
    (
        "nord",
        (
            ("Mitry-Mory", "77290", 5),
            ("Compans", "77290", 1),
            ("Dammartin-en-Goële", "77230", 3),
            ("Othis", "77280", 2),
            ("Saint-Pathus", "77178", 1),
        ),
    ),
    (
        "nord",
        (
            ("Coulommiers", "77120", 4),
            ("Mouroux", "77120", 1),
            ("Faremoutiers", "77515", 1),
            ("Rebais", "77510", 1),
        ),
    ),
    (
        "nord",
        (
            ("La Ferté-sous-Jouarre", "77260", 3),
            ("Jouarre", "77640", 1),
            ("Saâcy-sur-Marne", "77730", 1),
        ),
    ),
    (
        "nord",
        (
            ("Ozoir-la-Ferrière", "77330", 5),
            ("Lésigny", "77150", 1),
            ("Gretz-Armainvilliers", "77220", 2),
            ("Tournan-en-Brie", "77220", 2),
        ),
    ),
    (
        "sud",
        (
            ("Melun", "77000", 10),
            ("Vaux-le-Pénil", "77000", 2),
            ("La Rochette", "77000", 1),
            ("Rubelles", "77950", 1),
        ),
    ),
    (
        "sud",
        (
            ("Le Mée-sur-Seine", "77350", 5),
            ("Boissise-le-Roi", "77310", 1),
        ),
    ),
    (
        "sud",
        (
            ("Dammarie-les-Lys", "77190", 5),
            ("Saint-Fargeau-Ponthierry", "77310", 2),
            ("Pringy", "77310", 1),
        ),
    ),
    (
        "sud",
        (
            ("Savigny-le-Temple", "77176", 6),
            ("Nandy", "77176", 1),
            ("Cesson", "77240", 2),
            ("Vert-Saint-Denis", "77240", 2),
        ),
    ),
    (
        "sud",
        (("Combs-la-Ville", "77380", 4),),
    ),
    (
        "sud",
        (
            ("Moissy-Cramayel", "77550", 4),
            ("Lieusaint", "77127", 3),
            ("Réau", "77550", 1),
        ),
    ),
    (
        "sud",
        (
            ("Brie-Comte-Robert", "77170", 3),
            ("Servon", "77170", 1),
            ("Chevry-Cossigny", "77173", 1),
            ("Guignes", "77390", 1),
        ),
    ),
    (
        "sud",
        (
            ("Fontainebleau", "77300", 4),
            ("Avon", "77210", 4),
            ("Samois-sur-Seine", "77920", 1),
            ("Bois-le-Roi", "77590", 1),
            ("Thomery", "77810", 1),
            ("Champagne-sur-Seine", "77430", 2),
        ),
    ),
    (
        "sud",
        (
            ("Nemours", "77140", 4),
            ("Saint-Pierre-lès-Nemours", "77140", 2),
            ("Souppes-sur-Loing", "77460", 2),
            ("Château-Landon", "77570", 1),
            ("Larchant", "77760", 1),
        ),
    ),
    (
        "sud",
        (
            ("Montereau-Fault-Yonne", "77130", 6),
            ("Varennes-sur-Seine", "77130", 1),
            ("Moret-Loing-et-Orvanne", "77250", 2),
            ("Saint-Mammès", "77670", 1),
            ("Bray-sur-Seine", "77480", 1),
            ("Donnemarie-Dontilly", "77520", 1),
        ),
    ),
    (
        "sud",
        (
            ("Provins", "77160", 4),
            ("Sourdun", "77171", 1),
            ("Longueville", "77650", 1),
            ("Villiers-Saint-Georges", "77560", 1),
            ("La Ferté-Gaucher", "77320", 1),
        ),
    ),
    (
        "sud",
        (
            ("Nangis", "77370", 3),
            ("Mormant", "77720", 2),
            ("Rozay-en-Brie", "77540", 1),
            ("Le Châtelet-en-Brie", "77820", 1),
            ("Fontenay-Trésigny", "77610", 1),
        ),
    ),
)
