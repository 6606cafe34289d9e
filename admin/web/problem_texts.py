"""Model problems in the language of the page: French, or the engine's English on request.

The engine words every problem in English (``engine.problem_texts``) and gives it a code and
parameters; this module holds the French for each code, with the same fields, and the French
for the kinds of code a problem names (``what``). Values read from the model and text other
code wrote (schema, parser, XML and script-policy messages) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flask_babel import get_locale

from engine.model_problems import Problem
from engine.problem_texts import Params, fill

_ADD_ROLE = 'ajoutez <hf:role key="..."/> à la tâche ou à son couloir'
_SAFE_FORM = "n'est pas un nom de formulaire sûr (lettres, chiffres, _ - . uniquement)"
_UNSUPPORTED = "élément non pris en charge {tag} (identifiant {element})"

FRENCH: Mapping[str, str] = MappingProxyType(
    {
        # The file itself
        "file_too_large": "le fichier fait {size} octets, au-delà de la limite de {limit} octets",
        "file_over_limit": "le fichier dépasse la limite de {limit} octets",
        "file_empty": "fichier vide : il ne contient pas de XML",
        "doctype_refused": (
            "les déclarations DOCTYPE sont interdites (attaques XXE et expansion d'entités)"
        ),
        "xml_malformed": "XML mal formé : {detail}",
        "xml_malformed_at_column": "XML mal formé : {detail} (colonne {column})",
        "xml_too_deep": "XML mal formé : les éléments sont imbriqués sur plus de 256 niveaux",
        "xml_unreadable": "XML illisible : {detail}",
        "not_bpmn": (
            "ce n'est pas un document BPMN 2.0 (l'élément racine est {root} "
            "dans l'espace de noms {namespace})"
        ),
        "not_bpmn_without_namespace": (
            "ce n'est pas un document BPMN 2.0 (l'élément racine est {root}, sans espace de noms)"
        ),
        "no_process": "aucun processus (bpmn:process) dans ce document",
        "no_process_holds": (
            "aucun processus (bpmn:process) dans ce document (il contient {elements})"
        ),
        "no_executable_process": (
            "aucun processus exécutable (isExecutable ne vaut true sur aucun processus ; {states})"
        ),
        "several_executable_processes": (
            'plusieurs processus exécutables ({ids}) : ne laissez isExecutable="true" que sur '
            "un seul, ou nommez le fichier d'après celui à déployer ({first}.bpmn)"
        ),
        "process_not_found": "aucun processus n'a l'identifiant « {process} »",
        "process_key_mismatch": (
            "le processus exécutable est « {found} » mais cette page publie « {key} » : "
            "donnez au processus l'identifiant « {key} » ou ouvrez le modeleur de « {found} »"
        ),
        "more_problems": "… et {count} autres problèmes",
        # Schema and SpiffWorkflow's parser
        "schema_error": "schéma BPMN : {detail}",
        "schema_more_errors": "schéma BPMN : {count} erreurs de plus",
        "parser_recursion": (
            "le modèle est trop long pour l'analyseur : des centaines d'éléments se suivent "
            "sans interruption (RecursionError) ; découpez-le avec des activités d'appel"
        ),
        "spiff_refuses_element": "SpiffWorkflow refuse {tag} : {detail}",
        "spiff_refuses_model": "SpiffWorkflow refuse le modèle : {detail}",
        "spiff_parse_error": "SpiffWorkflow n'a pas pu lire le modèle : {error} : {detail}",
        # Structure
        "unsupported_adhoc_subprocess": (
            f"{_UNSUPPORTED} : les sous-processus ad hoc sont expérimentaux dans SpiffWorkflow"
        ),
        "unsupported_business_rule_task": (
            f"{_UNSUPPORTED} : habiflow ne déploie pas de tables de décision DMN"
        ),
        "unsupported_element": f"{_UNSUPPORTED} : SpiffWorkflow ne sait pas l'exécuter",
        "unsupported_data_store": f"{_UNSUPPORTED} : habiflow ne gère pas les magasins de données",
        "unsupported_link_event": (
            f"{_UNSUPPORTED} : SpiffWorkflow ne suit pas les événements de lien"
        ),
        "unsupported_compensation": f"{_UNSUPPORTED} : SpiffWorkflow n'exécute pas la compensation",
        "process_id_unsafe": (
            "l'identifiant de processus « {process} » n'est pas sûr (lettres, chiffres, "
            "_ - . uniquement, 100 caractères au plus)"
        ),
        "duplicate_id": "l'identifiant « {id} » est déjà utilisé ligne {first_line}",
        "call_without_called_element": (
            "l'activité d'appel n'indique pas le processus appelé (calledElement)"
        ),
        "call_unknown_process": (
            "l'activité d'appel appelle « {called} », qui n'est pas un processus de ce fichier "
            "(un modèle se déploie en un seul fichier)"
        ),
        "call_not_executable": (
            "l'activité d'appel appelle le processus « {called} », qui n'est pas exécutable "
            '(mettez isExecutable="true" sur ce processus)'
        ),
        "data_reference_missing": (
            "les associations de données visent {targets}, qui ne sont pas des éléments "
            "de ce fichier"
        ),
        "data_reference_not_object": (
            "les associations de données visent {targets} : le moteur ne lit et n'écrit que "
            "des références d'objets de données"
        ),
        "sequence_flow_end_outside": (
            "l'extrémité {end} « {node} » du flux de séquence n'est pas un élément du même "
            "processus ou sous-processus"
        ),
        "timer_without_definition": (
            "l'événement minuterie n'a ni timeDate, ni timeDuration, ni timeCycle"
        ),
        "service_task_without_operator": (
            "la tâche de service n'a pas de spiffworkflow:serviceTaskOperator : "
            "le moteur n'aurait rien à appeler"
        ),
        "boundary_event_without_definition": (
            "l'événement attaché (boundary event) n'a pas de définition d'événement"
        ),
        "spiff_property_incomplete": (
            "une spiffworkflow:property doit avoir un attribut name et un attribut value"
        ),
        "condition_outside_gateway": (
            "condition sur un flux qui sort de bpmn:{source_kind} {source} : le moteur "
            "n'évalue les conditions qu'après une passerelle exclusive ou inclusive"
        ),
        "flow_without_condition": (
            "le flux qui sort de bpmn:{source_kind} {source} n'a pas de condition et n'est pas "
            "le flux par défaut de la passerelle"
        ),
        # Code and timers
        "code_empty": "{what} est vide",
        "code_not_python": "{what} utilise le langage {language} : habiflow n'exécute que Python",
        "code_juel": (
            "{what} : « {text} » est une expression JUEL (Camunda 7) : écrivez-la en Python"
        ),
        "code_feel": (
            "{what} : « {text} » est une expression FEEL (Camunda 8) : écrivez-la en Python"
        ),
        "code_refused": "{what} : {detail}",
        "expression_refused": "{what} « {source} » : {detail}",
        "timer_empty": "la minuterie {kind} est vide",
        "timer_duration_invalid": (
            "la minuterie timeDuration « {value} » n'est pas une durée ISO 8601 "
            "(par exemple P5D, PT4H)"
        ),
        "timer_date_invalid": (
            "la minuterie timeDate « {value} » n'est pas une date et heure ISO 8601 "
            "(par exemple 2026-12-01T10:00:00Z)"
        ),
        "timer_cycle_invalid": (
            "la minuterie timeCycle « {value} » n'est pas un intervalle répété ISO 8601 "
            "(par exemple R3/PT1H)"
        ),
        "timer_too_long": "la minuterie {kind} « {value} » dépasse {days} jours",
        # Forms, SLAs, hf: extensions
        "form_without_key": "hf:form n'a pas d'attribut key",
        "form_unsafe": f"{{source}} « {{reference}} » {_SAFE_FORM}",
        "form_unsafe_key": f"{{source}} « {{reference}} » (formulaire « {{key}} ») {_SAFE_FORM}",
        "form_unknown": (
            "{source} « {reference} » n'est pas un formulaire connu (formulaires connus : {known})"
        ),
        "form_unknown_key": (
            "{source} « {reference} » (formulaire « {key} ») n'est pas un formulaire connu "
            "(formulaires connus : {known})"
        ),
        "form_unknown_none": (
            "{source} « {reference} » n'est pas un formulaire connu (aucun formulaire n'existe)"
        ),
        "form_unknown_key_none": (
            "{source} « {reference} » (formulaire « {key} ») n'est pas un formulaire connu "
            "(aucun formulaire n'existe)"
        ),
        "sla_without_duration": (
            "le délai SLA (hf:sla) n'a pas d'attribut duration (par exemple duration=\"P5D\")"
        ),
        "sla_invalid": "délai SLA (hf:sla) : {detail}",
        "sla_property_invalid": "délai SLA (propriété spiffworkflow « sla ») : {detail}",
        "extension_unknown": "extension habiflow inconnue hf:{name} (connues : {known})",
        "extension_misplaced": (
            "hf:{name} n'est pas permis sur bpmn:{owner} (seulement sur {allowed})"
        ),
        "extension_repeated": "plusieurs hf:{name} sur cet élément",
        "extension_unknown_attribute": (
            "hf:{name} a un attribut inconnu {attribute} (attributs connus : {known})"
        ),
        # Roles
        "role_without_key": "hf:role n'a pas d'attribut key",
        "role_unknown": (
            "la clé hf:role « {key} » n'est pas un rôle connu (rôles connus : {known})"
        ),
        "task_without_role": (
            f"{{what}} « {{name}} » n'a pas de rôle (essayé : {{tried}}) : {_ADD_ROLE}"
        ),
        "task_without_role_source": (
            f"{{what}} « {{name}} » n'a pas de rôle (ni hf:role, ni groupe candidat, "
            f"ni couloir) : {_ADD_ROLE}"
        ),
    }
)

FRENCH_TERMS: Mapping[str, str] = MappingProxyType(
    {
        "script": "le script",
        "condition": "la condition",
        "conditional_event_condition": "la condition de l'événement conditionnel",
        "correlation_expression": "l'expression de corrélation",
        "spiff_correlation_expression": "l'expression de corrélation spiffworkflow",
        "loopCardinality": "le nombre d'itérations (loopCardinality)",
        "completionCondition": "la condition de fin (completionCondition)",
        "loopCondition": "la condition de boucle (loopCondition)",
        "spiffworkflow:preScript": "le script d'avant la tâche (spiffworkflow:preScript)",
        "spiffworkflow:postScript": "le script d'après la tâche (spiffworkflow:postScript)",
        "spiffworkflow:messagePayload": "le contenu du message (spiffworkflow:messagePayload)",
        "spiffworkflow:payloadExpression": (
            "l'expression du contenu (spiffworkflow:payloadExpression)"
        ),
        "timer_timeDuration": "la minuterie timeDuration",
        "timer_timeDate": "la minuterie timeDate",
        "timer_timeCycle": "la minuterie timeCycle",
        "user_task": "la tâche utilisateur",
        "manual_task": "la tâche manuelle",
    }
)

# French typography: a no-break space before ":" and ";" and inside « »; a narrow one
# between thousands. Applied to our templates only, never to the values filled in.
_SPACING = ((" :", "\u00a0:"), (" ;", "\u00a0;"), ("« ", "«\u00a0"), (" »", "\u00a0»"))


def in_french(problem: Problem) -> str:
    """The problem said in French."""
    template = FRENCH[problem.code]
    for plain, spaced in _SPACING:
        template = template.replace(plain, spaced)
    params: Params = tuple(
        (name, f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else value)
        for name, value in problem.params
    )
    return fill(template, params, FRENCH_TERMS)


def problem_message(problem: Problem) -> str:
    """The problem in the page's language."""
    return problem.message if str(get_locale()) == "en" else in_french(problem)


def problem_json(problem: Problem) -> dict[str, Any]:
    """What the modeler shows and marks: the element, the line, the code and the message."""
    return {
        "code": problem.code,
        "element_id": problem.element_id,
        "line": problem.line,
        "message": problem_message(problem),
    }
