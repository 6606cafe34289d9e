"""English for the staff pages: task page context, case page, files, comments, starting a case."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "%(max)s caractères au plus.": "%(max)s characters at most.",
    "Agence": "Local office",
    "Ajouter le commentaire": "Add the comment",
    "Ajouter une photo ou un PDF": "Add a photo or a PDF",
    "Ajouté par": "Added by",
    "Aucun commentaire.": "No comments.",
    "Aucun fichier.": "No files.",
    "Aucun processus ne peut être démarré avec vos rôles.": "Your roles cannot start any process.",
    "Aucune étape en attente.": "No step waiting.",
    "Aucune étape terminée.": "No step done yet.",
    "Bâtiment": "Building",
    "Ce lieu n'est pas dans votre territoire.": "This place is not in your territory.",
    "Ce que les étapes ont enregistré": "What the steps recorded",
    "Cet envoi a déjà servi pour un autre fichier.": (
        "This upload was already used for another file."
    ),
    "Choisir des fichiers": "Choose files",
    "Choisir un autre processus": "Choose another process",
    "Choisissez le processus à démarrer.": "Choose the process to start.",
    "Choisissez un fichier.": "Choose a file.",
    "Clos le": "Closed on",
    "Code du logement, du bâtiment ou de la résidence : D-00042, B-0123, R-017.": (
        "Code of the dwelling, building or residence: D-00042, B-0123, R-017."
    ),
    "Commentaire ajouté.": "Comment added.",
    "Commentaires": "Comments",
    "Date": "Date",
    "Démarrer le dossier": "Start the case",
    "En cours": "Current",
    "Envoi refusé.": "Upload refused.",
    "Envoyer le fichier": "Upload the file",
    "Fait": "Done",
    "Fichier": "File",
    "Fichier ajouté : %(name)s": "File added: %(name)s",
    "Fichier inconnu pour ce dossier.": "Unknown file for this case.",
    "Fichier n° %(id)s": "File no. %(id)s",
    "Fichier trop volumineux : 10 Mo au plus.": "File too large: 10 MB at most.",
    "Fichiers du dossier": "Files of the case",
    "Formulaire déjà envoyé : recommencez.": "Form already sent: start again.",
    "Formulaire expiré : envoyez-le à nouveau.": "Form expired: send it again.",
    "Indiquez le lieu.": "Enter the place.",
    "JPEG, PNG, WebP, HEIC ou PDF, 10 Mo au plus.": "JPEG, PNG, WebP, HEIC or PDF, 10 MB at most.",
    "Le commentaire est vide ou trop long (5 000 caractères au plus).": (
        "The comment is empty or too long (5,000 characters at most)."
    ),
    "Lieu inconnu : vérifiez le code (ex. D-00042, B-0123, R-017).": (
        "Unknown place: check the code (e.g. D-00042, B-0123, R-017)."
    ),
    "Locataire": "Tenant",
    "Logement": "Dwelling",
    "Note": "Note",
    "Nouveau commentaire": "New comment",
    "Opération": "Operation",
    "Ouvert le": "Opened on",
    "Pièces jointes": "Attachments",
    "Prendre ou choisir des photos": "Take or choose photos",
    "Quelques mots sur la demande (facultatif).": "A few words about the request (optional).",
    "Résidence": "Residence",
    "Schéma du processus ; sa description en texte suit.": (
        "Process diagram; its text description follows."
    ),
    "Taille": "Size",
    "Territoire": "Territory",
    "Type": "Type",
    "Type de fichier refusé : photo (JPEG, PNG, WebP, HEIC) ou PDF seulement.": (
        "File type refused: photos (JPEG, PNG, WebP, HEIC) or PDF only."
    ),
    "annulé": "cancelled",
    "en cours": "running",
    "en échec": "failed",
    "suspendu": "suspended",
    "terminé": "completed",
    "télécharger": "download",
    "Étape en cours": "Current step",
    "Étapes du dossier": "Steps of the case",
    "Étapes faites": "Steps done",
    "étage": "floor",
}
