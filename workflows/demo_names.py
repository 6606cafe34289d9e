"""Demo data: French first names, surnames, residence names and contractors (all invented)."""

from __future__ import annotations

FIRST_NAMES = (
    "Aïcha", "Alain", "Amandine", "Antoine", "Aurélie", "Bernard", "Brigitte", "Camille",
    "Caroline", "Cédric", "Chantal", "Christophe", "Claire", "Damien", "David", "Delphine",
    "Dominique", "Émilie", "Éric", "Fabrice", "Fatima", "Florence", "François", "Frédéric",
    "Géraldine", "Grégory", "Hélène", "Hugo", "Isabelle", "Jérôme", "Julie", "Julien",
    "Karim", "Karine", "Laurent", "Léa", "Lucie", "Malik", "Manon", "Marc", "Marie",
    "Mathieu", "Mélanie", "Mohamed", "Nadia", "Nathalie", "Nicolas", "Olivier", "Pascal",
    "Patricia", "Philippe", "Pierre", "Rachid", "Sandrine", "Sébastien", "Sophie",
    "Stéphane", "Sylvie", "Thierry", "Thomas", "Valérie", "Vincent", "Yannick", "Yasmina",
)  # fmt: skip

SURNAMES = (
    "Bernard", "Bertrand", "Blanc", "Bonnet", "Boyer", "Brun", "Chevalier", "Clément",
    "Da Silva", "David", "Diallo", "Dubois", "Dufour", "Dumont", "Durand", "Fabre",
    "Fontaine", "Fournier", "Garcia", "Garnier", "Gauthier", "Girard", "Guérin", "Haddad",
    "Henry", "Lambert", "Laurent", "Lefebvre", "Lefèvre", "Legrand", "Leroy", "Lopez",
    "Martin", "Martinez", "Masson", "Mercier", "Meunier", "Michel", "Moreau", "Morel",
    "Nguyen", "Nicolas", "Perrin", "Petit", "Richard", "Robert", "Robin", "Roussel",
    "Roux", "Simon", "Traoré", "Vincent", "Benali", "Rousseau", "Faure", "André",
    "Mathieu", "Marchand", "Dupont", "Lemaire", "Colin", "Barbier", "Gomez", "Caron",
)  # fmt: skip

RESIDENCE_NAMES = (
    "Les Tilleuls", "Les Acacias", "Les Peupliers", "Les Marronniers", "Les Charmilles",
    "Les Érables", "Les Platanes", "Les Bouleaux", "Les Cèdres", "Les Lilas", "Les Glycines",
    "Les Hortensias", "Les Iris", "Les Coquelicots", "Les Bleuets", "Les Jonquilles",
    "Le Clos Fleuri", "Le Clos des Vignes", "Le Parc", "Le Parc de la Mairie",
    "Les Jardins de la Marne", "Les Terrasses", "Les Coteaux", "Le Belvédère", "Le Moulin",
    "La Roseraie", "La Pépinière", "La Prairie", "Le Verger", "Les Vergers",
    "Les Hauts du Val", "Le Val Fleuri", "Les Sources", "La Fontaine", "Le Lavoir",
    "La Ferme", "Le Colombier", "Le Pressoir", "La Briqueterie", "La Gare", "Le Château d'Eau",
    "Les Bords de l'Eau", "Le Canal", "L'Orangerie", "Le Mail", "Les Arcades", "Le Square",
    "Les Mésanges", "Les Hirondelles", "Les Alouettes", "Les Fauvettes", "Les Rossignols",
    "Jean Moulin", "Pierre Brossolette", "Victor Hugo", "Jules Ferry", "Louise Michel",
    "Marie Curie", "Jean Jaurès", "Camille Claudel", "Paul Éluard", "Colette",
)  # fmt: skip

CONTRACTORS = (
    "Brie Rénovation", "Marne Plomberie Chauffage", "Seine Multiservices",
    "Gâtinais Bâtiment", "Goële Électricité", "Ascenseurs de l'Est parisien",
    "Peintures du Val d'Europe", "Menuiseries de Sénart",
)  # fmt: skip
