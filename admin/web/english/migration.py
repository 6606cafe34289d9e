"""English for the migration pages: version diff, dry run, apply and its result."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Migration des dossiers": "Case migration",
    "version %(old)s vers version %(new)s": "version %(old)s to version %(new)s",
    "Ce qui change entre les deux versions": "What changes between the two versions",
    "Les deux versions ont les mêmes étapes.": "Both versions have the same steps.",
    "Étapes ajoutées": "Added steps",
    "Étapes supprimées": "Removed steps",
    "Étapes modifiées": "Changed steps",
    "Simulation : dossiers de la version %(version)s": "Dry run: cases of version %(version)s",
    "Dossiers en cours ou suspendus. La simulation ne modifie rien.": (
        "Running or suspended cases. The dry run changes nothing."
    ),
    "dossier peut migrer": "case can move",
    "dossiers peuvent migrer": "cases can move",
    "dossier ne peut pas migrer": "case cannot move",
    "dossiers ne peuvent pas migrer": "cases cannot move",
    "Dossiers de la version %(version)s et possibilité de migration": (
        "Cases of version %(version)s and whether they can move"
    ),
    "Migration": "Migration",
    "Peut migrer": "Can move",
    "Ne peut pas migrer": "Cannot move",
    "Aucun dossier en cours sur la version %(version)s.": (
        "No running case on version %(version)s."
    ),
    "Migrer": "Migrate",
    "Chaque dossier migre dans sa propre transaction ; ses tâches, minuteries et délais sont "
    "conservés. Les dossiers qui ne peuvent pas migrer restent sur la version %(version)s.": (
        "Each case moves in its own transaction; its tasks, timers and SLAs are kept. Cases "
        "that cannot move stay on version %(version)s."
    ),
    "Je confirme la migration de 1 dossier vers la version %(version)s.": (
        "I confirm moving 1 case to version %(version)s."
    ),
    "Je confirme la migration de %(num)s dossiers vers la version %(version)s.": (
        "I confirm moving %(num)s cases to version %(version)s."
    ),
    "Migrer les dossiers": "Migrate the cases",
    "Cochez la case pour confirmer la migration.": "Tick the box to confirm the migration.",
    "Résultat de la migration": "Migration result",
    "dossier migré": "case moved",
    "dossiers migrés": "cases moved",
    "dossier ignoré": "case skipped",
    "dossiers ignorés": "cases skipped",
    "dossier en échec": "case failed",
    "dossiers en échec": "cases failed",
    "Ce qui est arrivé à chaque dossier": "What happened to each case",
    "Résultat": "Result",
    "Migré vers la version %(version)s.": "Moved to version %(version)s.",
    "Non migré, reste sur la version %(version)s :": "Not moved, stays on version %(version)s:",
    "Ignoré : le dossier a changé pendant la migration ou n'est plus sur la version "
    "%(version)s. Relancez la simulation.": (
        "Skipped: the case changed during the migration or is no longer on version "
        "%(version)s. Run the dry run again."
    ),
    "Échec : le dossier reste sur la version %(version)s, inchangé.": (
        "Failed: the case stays on version %(version)s, unchanged."
    ),
    "Aucun dossier à migrer.": "No case to migrate.",
    "Revenir à la comparaison": "Back to the comparison",
    "Libellé modifié : « %(old)s » devient « %(new)s ».": (
        "Label changed: “%(old)s” becomes “%(new)s”."
    ),
    "Identifiant BPMN modifié : %(old)s devient %(new)s.": (
        "BPMN id changed: %(old)s becomes %(new)s."
    ),
    "Type d'élément modifié : %(old)s devient %(new)s.": (
        "Element type changed: %(old)s becomes %(new)s."
    ),
    "Étapes suivantes modifiées : %(old)s, désormais %(new)s.": (
        "Next steps changed: %(old)s, now %(new)s."
    ),
    "aucune": "none",
    "aucun": "none",
    "Conditions des branches modifiées.": "Branch conditions changed.",
    "Script modifié.": "Script changed.",
    "Événement attendu modifié (minuterie, message ou signal).": (
        "Awaited event changed (timer, message or signal)."
    ),
    "Consignes modifiées.": "Instructions changed.",
    "Rôle modifié : %(old)s devient %(new)s.": "Role changed: %(old)s becomes %(new)s.",
    "Formulaire modifié : %(old)s devient %(new)s.": "Form changed: %(old)s becomes %(new)s.",
    "Délai (SLA) modifié : %(old)s devient %(new)s.": "SLA changed: %(old)s becomes %(new)s.",
    "Autres attributs modifiés : %(names)s.": "Other attributes changed: %(names)s.",
    "L'étape en cours « %(step)s » n'existe plus dans la nouvelle version.": (
        "The current step “%(step)s” no longer exists in the new version."
    ),
    "L'étape en cours « %(step)s » fonctionne autrement dans la nouvelle version "
    "(%(detail)s).": "The current step “%(step)s” works differently in the new version "
    "(%(detail)s).",
    "L'étape en cours « %(step)s » est confiée à un autre rôle : %(old)s devient %(new)s.": (
        "The current step “%(step)s” goes to another role: %(old)s becomes %(new)s."
    ),
    "L'étape en cours « %(step)s » a un autre formulaire : %(old)s devient %(new)s.": (
        "The current step “%(step)s” has another form: %(old)s becomes %(new)s."
    ),
    "L'historique du dossier passe par « %(step)s », supprimée à un embranchement.": (
        "The case's history goes through “%(step)s”, removed at a branch."
    ),
    "L'étape « %(step)s », sur le point de commencer, n'existe plus.": (
        "The step “%(step)s”, about to start, no longer exists."
    ),
    "Le sous-processus « %(step)s » n'existe plus.": (
        "The subprocess “%(step)s” no longer exists."
    ),
}
