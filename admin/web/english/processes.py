"""English for the process owners' pages: process list, version page, modeler."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Aucun processus déployé.": "No process deployed.",
    "%(num)s dossier en cours au total.": "%(num)s live case in all.",
    "%(num)s dossiers en cours au total.": "%(num)s live cases in all.",
    "Modifier dans le modeleur": "Edit in the modeler",
    "Versions de %(key)s": "Versions of %(key)s",
    "Version": "Version",
    "Déployée le": "Deployed on",
    "Par": "By",
    "Empreinte": "Hash",
    "Dossiers en cours": "Live cases",
    "Nouveau processus": "New process",
    "Identifiant du processus": "Process identifier",
    "Lettres, chiffres et _ ; devient l'identifiant du processus, par exemple : tenant_move_in.": (
        "Letters, digits and _; it becomes the process id, for example: tenant_move_in."
    ),
    "Identifiant invalide : une lettre ou _, puis lettres, chiffres, _ - . "
    "(100 caractères au plus).": (
        "Invalid identifier: a letter or _, then letters, digits, _ - . (at most 100 characters)."
    ),
    "Ce processus existe déjà.": "This process already exists.",
    "Nom": "Name",
    "Ouvrir le modeleur": "Open the modeler",
    "Télécharger le XML BPMN": "Download the BPMN XML",
    "Comparer et migrer les dossiers": "Compare and migrate cases",
    "Diagramme": "Diagram",
    "Le diagramme se déplace à la souris ; les étapes sont listées ci-dessous sous forme de "
    "texte.": "Pan the diagram with the mouse; the steps are listed below as text.",
    "Diagramme BPMN de %(name)s.": "BPMN diagram of %(name)s.",
    "Le diagramme ne peut pas être affiché.": "The diagram cannot be shown.",
    "Étapes": "Steps",
    "Étapes dans l'ordre de lecture du diagramme": "Steps in the diagram's reading order",
    "Étape": "Step",
    "Rôle": "Role",
    "jours ouvrés": "business days",
    "calendrier civil": "calendar time",
    "Modeleur": "Modeler",
    "Dessinez le processus à la souris ; double-cliquez sur un élément pour le renommer. Le "
    "panneau ci-dessous règle le rôle, le formulaire et le délai de l'élément sélectionné.": (
        "Draw the process with the mouse; double-click an element to rename it. The panel below "
        "sets the role, form and SLA of the selected element."
    ),
    "Publier une nouvelle version": "Publish a new version",
    "Le modèle n'a pas été publié : problèmes à corriger": (
        "The model was not published: problems to fix"
    ),
    "Diagramme BPMN modifiable": "Editable BPMN diagram",
    "Élément sélectionné": "Selected element",
    "Sélectionnez une tâche utilisateur, une tâche manuelle ou un couloir dans le diagramme.": (
        "Select a user task, a manual task or a lane in the diagram."
    ),
    "Sans rôle propre, une tâche prend celui de son couloir.": (
        "A task without its own role takes its lane's."
    ),
    "— aucun —": "— none —",
    "Délai (SLA)": "SLA",
    "Durée": "Duration",
    "Format ISO 8601 : P5D pour 5 jours, PT4H pour 4 heures. Vide : pas de délai.": (
        "ISO 8601 format: P5D for 5 days, PT4H for 4 hours. Empty: no SLA."
    ),
    "Durée invalide : écrivez par exemple P5D ou PT4H.": (
        "Invalid duration: write e.g. P5D or PT4H."
    ),
    "Décompte": "Counted in",
    "Par défaut (jours ouvrés pour des jours)": "Default (business days for days)",
    "Alerte à (part du délai, de 0 à 1)": "Warn at (share of the SLA, 0 to 1)",
    "Escalade vers": "Escalate to",
    "Le modèle ne peut pas être chargé.": "The model cannot be loaded.",
    "Publication en cours…": "Publishing…",
    "Version %(version)s publiée.": "Version %(version)s published.",
    "Ce modèle est déjà la version %(version)s : rien de nouveau à publier.": (
        "This model already is version %(version)s: nothing new to publish."
    ),
    "Le modèle n'a pas été publié.": "The model was not published.",
    "La publication a échoué ; réessayez.": "Publishing failed; try again.",
    "Voir la version": "See the version",
    "Aller à": "Go to",
    "ligne": "line",
    "Problèmes à corriger": "Problems to fix",
}
