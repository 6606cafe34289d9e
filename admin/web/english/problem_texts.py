"""English for the modeler's lint labels (model problems have their English in the engine)."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "Aucun problème": "No issues",
    "{errors} erreurs, {warnings} avertissements": "{errors} errors, {warnings} warnings",
    "Problèmes des éléments enfants": "Issues for child elements",
}
