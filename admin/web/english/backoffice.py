"""English for the back office (/administration): menus, lists, forms, actions."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "%(count)s élément(s)": "%(count)s item(s)",
    "Accueil": "Home",
    "Actif": "Active",
    "Action impossible : %(error)s": "Action refused: %(error)s",
    "Adresse de courriel invalide.": "Invalid email address.",
    "Agences": "Local offices",
    "Ajouter un filtre": "Add filter",
    "Annuler": "Cancel",
    ("Annuler définitivement le dossier n° %(id)s ? Ses tâches ouvertes seront annulées."): (
        "Cancel case no. %(id)s for good? Its open tasks will be cancelled."
    ),
    "Annulé": "Cancelled",
    "Aucun élément.": "No items.",
    "Auteur": "Actor",
    "BPMN": "BPMN",
    "Bâtiments": "Buildings",
    "Cet identifiant est déjà pris.": "This username is already taken.",
    "Code": "Code",
    "Code postal": "Postcode",
    "Commune": "Town",
    "Courriel": "Email",
    "Créer": "Create",
    "Créée le": "Created on",
    "Dernière erreur": "Last error",
    "Dossier n° %(id)s annulé.": "Case no. %(id)s cancelled.",
    "Dossier n° %(id)s repris.": "Case no. %(id)s resumed.",
    "Dossier n° %(id)s suspendu.": "Case no. %(id)s suspended.",
    "Dossiers": "Cases",
    "Démarré le": "Started on",
    "Démarré par": "Started by",
    "Déployé le": "Deployed on",
    "Déployé par": "Deployed by",
    "Détails": "Details",
    "Effacer la recherche": "Clear search",
    "Empreinte SHA-256": "SHA-256 digest",
    "En attente": "Pending",
    "En erreur définitive": "Dead",
    "En échec": "Failed",
    "Enregistrement impossible : %(error)s": "Could not save: %(error)s",
    "Enregistrer": "Save",
    "Erreur :": "Error:",
    "Essais": "Attempts",
    "Gardien": "Caretaker",
    (
        "Gérer les utilisateurs, consulter le patrimoine, les modèles "
        "déployés, les dossiers, les tâches de fond et le journal "
        "d'audit."
    ): (
        "Manage users; browse the housing stock, deployed models, "
        "cases, background jobs and the audit log."
    ),
    "Journal d'audit": "Audit log",
    ("Laisser vide pour garder le mot de passe actuel (12 caractères minimum)."): (
        "Leave empty to keep the current password (12 characters minimum)."
    ),
    "Logements": "Dwellings",
    "Loyer (€)": "Rent (€)",
    "Menu de l'administration": "Administration menu",
    "Modèles déployés": "Deployed models",
    "Motif (facultatif)": "Reason (optional)",
    "Nom affiché": "Display name",
    "Nouveau mot de passe": "New password",
    "N°": "No.",
    "Pages": "Pages",
    "Rechercher": "Search",
    "Relancer": "Retry",
    "Reprendre": "Resume",
    "Reprendre le dossier n° %(id)s ?": "Resume case no. %(id)s?",
    "Retour sans rien changer": "Go back without changing anything",
    "Retour à la liste": "Back to the list",
    "Résidences": "Residences",
    "Rôles": "Roles",
    "Surface (m²)": "Area (m²)",
    "Suspendre": "Suspend",
    ("Suspendre le dossier n° %(id)s ? Ses tâches ne pourront plus être traitées."): (
        "Suspend case no. %(id)s? Its tasks can no longer be worked on."
    ),
    "Suspendu": "Suspended",
    "Terminé": "Completed",
    "Terminé le": "Ended on",
    "Territoires": "Territories",
    "Tous les territoires": "All territories",
    "Typologie": "Type of dwelling",
    "Tâche de fond n° %(id)s": "Background job no. %(id)s",
    "Tâche de fond n° %(id)s relancée.": "Background job no. %(id)s queued again.",
    "Tâches de fond": "Background jobs",
    "Télécharger le fichier BPMN": "Download the BPMN file",
    "Utilisateurs": "Users",
    "comprend": "includes",
    "détail": "details",
    "est": "is",
    "jusqu'au (jj/mm/aaaa)": "until (dd/mm/yyyy)",
    "tri croissant": "sorted ascending",
    "tri décroissant": "sorted descending",
    "Étage": "Floor",
    "à partir du (jj/mm/aaaa)": "from (dd/mm/yyyy)",
    ("2 à 100 caractères : lettres minuscules, chiffres, « . », « _ » ou « - »."): (
        "2 to 100 characters: lower-case letters, digits, “.”, “_” or “-”."
    ),
}
