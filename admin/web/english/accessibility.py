"""English for the accessibility statement and its footer link."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Accessibilité : partiellement conforme": "Accessibility: partially compliant",
    "Déclaration d'accessibilité": "Accessibility statement",
    "L'office public de l'habitat s'engage à rendre ses services numériques accessibles, "
    "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.": (
        "The public housing office is committed to making its digital services accessible, "
        "in accordance with article 47 of French law no. 2005-102 of 11 February 2005."
    ),
    "Cette déclaration d'accessibilité s'applique à habiflow, l'application de suivi des "
    "processus du patrimoine utilisée par le personnel de l'office.": (
        "This accessibility statement applies to habiflow, the application the office's staff "
        "use to follow the processes of the housing stock."
    ),
    "État de conformité": "Compliance status",
    "habiflow est partiellement conforme avec le référentiel général d'amélioration de "
    "l'accessibilité (RGAA), version 4.1, et le niveau AA des WCAG 2.1.": (
        "habiflow is partially compliant with the French accessibility framework (RGAA) "
        "version 4.1 and WCAG 2.1 level AA."
    ),
    "Aucun audit complet n'a encore été réalisé : seules les vérifications décrites ci-dessous "
    "le sont.": "No full audit has been carried out yet: only the checks described below are.",
    "Résultats des tests": "Test results",
    "Les vérifications suivantes sont automatisées et rejouées à chaque modification de "
    "l'application ; une page qui échoue bloque la livraison.": (
        "The following checks are automated and run again at every change of the application; "
        "a page that fails them blocks the release."
    ),
    "Règles axe-core des WCAG 2.0 et 2.1 (niveaux A et AA) et bonnes pratiques : aucune "
    "violation grave ou critique n'est admise.": (
        "axe-core rules for WCAG 2.0 and 2.1 (levels A and AA) and best practices: no serious "
        "or critical violation is accepted."
    ),
    "Clavier : le lien d'évitement est le premier élément atteint et mène au contenu ; le "
    "focus reste visible sur chaque élément actif.": (
        "Keyboard: the skip link is the first element reached and leads to the content; focus "
        "stays visible on every active element."
    ),
    "Téléphone (390 pixels sur 844, écran tactile) : aucun défilement horizontal, cibles "
    "tactiles d'au moins 44 pixels sur 44.": (
        "Phone (390 by 844 pixels, touch screen): no horizontal scrolling, touch targets of at "
        "least 44 by 44 pixels."
    ),
    "Formulaires : chaque champ a une étiquette ; une erreur s'affiche à côté de son champ, "
    "lui est reliée (aria-describedby) et la saisie est conservée.": (
        "Forms: every field has a label; an error is shown beside its field, linked to it "
        "(aria-describedby), and what was typed is kept."
    ),
    "Pages vérifiées": "Pages checked",
    "Page d'une tâche, avec son formulaire et ses erreurs": "A task page, its form and errors",
    "Contenus non accessibles": "Non-accessible content",
    "Non-conformités": "Non-compliance",
    "Aucune non-conformité n'est connue sur les pages vérifiées. Les pages qui ne le sont pas "
    "encore peuvent en contenir.": (
        "No non-compliance is known on the pages checked. Pages not checked yet may contain some."
    ),
    "Ce qui n'a pas encore été audité": "Not audited yet",
    "L'audit manuel des 106 critères du RGAA 4.1 par un auditeur.": (
        "A manual audit of the 106 RGAA 4.1 criteria by an auditor."
    ),
    "La restitution par les lecteurs d'écran (NVDA, JAWS, VoiceOver, TalkBack) et la commande "
    "vocale.": "Use with screen readers (NVDA, JAWS, VoiceOver, TalkBack) and voice control.",
    "L'agrandissement du texte jusqu'au double de sa taille, l'affichage à 320 pixels de large "
    "et les préférences de l'utilisateur (contrastes renforcés, animations réduites).": (
        "Text enlarged up to twice its size, display at 320 pixels wide and user preferences "
        "(increased contrast, reduced motion)."
    ),
    "Les pages qui ne sont pas encore vérifiées automatiquement :": (
        "The pages not yet checked automatically:"
    ),
    "Page d'un dossier": "A case page",
    "Modèles de processus (éditeur graphique BPMN)": "Process models (graphical BPMN editor)",
    "Tableau de bord (graphiques)": "Dashboard (charts)",
    "Dérogations pour charge disproportionnée": "Exemptions for disproportionate burden",
    "Aucune.": "None.",
    "Contenus non soumis à l'obligation d'accessibilité": (
        "Content not subject to the accessibility obligation"
    ),
    "Les pièces jointes déposées par les locataires et les entreprises (photos, documents) ne "
    "sont pas produites par l'office.": (
        "Attachments uploaded by tenants and contractors (photos, documents) are not produced "
        "by the office."
    ),
    "Établissement de cette déclaration": "Preparation of this statement",
    "Cette déclaration a été établie le %(date)s.": "This statement was made on %(date)s.",
    "Technologies utilisées": "Technologies used",
    "Environnement de test": "Test environment",
    "Chromium sans interface sous Debian, piloté par Playwright, sur ordinateur (1280 pixels "
    "sur 800) et en émulation de téléphone tactile (390 pixels sur 844).": (
        "Headless Chromium on Debian, driven by Playwright, on a desktop (1280 by 800 "
        "pixels) and emulating a touch phone (390 by 844 pixels)."
    ),
    "Outils d'évaluation": "Evaluation tools",
    "Retour d'information et contact": "Feedback and contact",
    "Si vous n'arrivez pas à accéder à un contenu ou à un service, signalez-le pour être "
    "orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.": (
        "If you cannot access some content or a service, report it to be directed to an "
        "accessible alternative or to get the content in another form."
    ),
    "Écrire au référent accessibilité": "Write to the accessibility officer",
    "Contactez le référent accessibilité de l'office par le support informatique interne.": (
        "Contact the office's accessibility officer through the internal IT support."
    ),
    "Voies de recours": "Remedies",
    "Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou "
    "à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le "
    "Défenseur des droits :": (
        "If you reported an accessibility barrier that prevents you from accessing some content "
        "or a service and did not get a satisfactory answer, you can refer the matter to the "
        "Défenseur des droits (the French rights ombudsman):"
    ),
    "Écrire un message au Défenseur des droits (formulaire en ligne)": (
        "Write to the Défenseur des droits (online form, in French)"
    ),
    "Contacter le délégué du Défenseur des droits dans votre région": (
        "Contact the Défenseur des droits' delegate in your region (in French)"
    ),
    "Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :": (
        "Send a letter by post (free of charge, no stamp needed):"
    ),
}
