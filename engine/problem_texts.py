"""The English wording of every model problem, by stable code: written once, here.

A ``Problem`` carries a code and its parameters, not a finished sentence, so that another
layer can say it in another language (the web UI's French is in ``admin.web.problem_texts``,
which must cover every code with the same fields). Templates are ``str.format`` strings.
Parameters are values read from the model (ids, names, attribute values) or text that other
code wrote (``detail``: a schema, parser, XML or script-policy message), shown as they are.

The parameter named ``what`` is vocabulary rather than a value: a key of ``TERMS`` naming the
kind of code at fault ("script", "condition"...), so that it is translated too.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from types import MappingProxyType

Param = str | int
Params = tuple[tuple[str, Param], ...]

TERM_PARAM = "what"

_ADD_ROLE = 'add <hf:role key="..."/> to the task or its lane'
_SAFE_FORM = "is not a safe form name (letters, digits, _ - . only)"
_UNSUPPORTED = "unsupported element {tag} at id {element}"

TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        # The file itself (engine.safe_xml, engine.specs, engine.bpmn_di)
        "file_too_large": "file is {size:,} bytes, over the limit of {limit:,} bytes",
        "file_over_limit": "file is over the limit of {limit:,} bytes",
        "file_empty": "empty file: there is no XML in it",
        "doctype_refused": "DOCTYPE declarations are not allowed (XXE/entity expansion)",
        "xml_malformed": "malformed XML: {detail}",
        "xml_malformed_at_column": "malformed XML: {detail} (column {column})",
        "xml_too_deep": "malformed XML: elements are nested more than 256 levels deep",
        "xml_unreadable": "unreadable XML: {detail}",
        "not_bpmn": "not a BPMN 2.0 document (root element is {root} in namespace {namespace})",
        "not_bpmn_without_namespace": (
            "not a BPMN 2.0 document (root element is {root}, without namespace)"
        ),
        "no_process": "no bpmn:process in this document",
        "no_process_holds": "no bpmn:process in this document (it holds {elements})",
        "no_executable_process": (
            "no executable process (isExecutable is not true on any process; {states})"
        ),
        "several_executable_processes": (
            'several executable processes ({ids}): keep isExecutable="true" on one only, or '
            "name the file after the one to deploy ({first}.bpmn)"
        ),
        "process_not_found": "no process with id '{process}'",
        "process_key_mismatch": (
            "the executable process is '{found}' but this page publishes '{key}': "
            "set the process id to '{key}' or open the modeler of '{found}'"
        ),
        "more_problems": "... and {count} more problems",
        # Schema and SpiffWorkflow's parser (engine.bpmn_parser)
        "schema_error": "BPMN schema: {detail}",
        "schema_more_errors": "BPMN schema: {count} more errors",
        "parser_recursion": (
            "the model is too long for the parser: hundreds of elements follow one another "
            "without a break (RecursionError); split it with call activities"
        ),
        "spiff_refuses_element": "SpiffWorkflow refuses {tag}: {detail}",
        "spiff_refuses_model": "SpiffWorkflow refuses the model: {detail}",
        "spiff_parse_error": "SpiffWorkflow could not parse the model: {error}: {detail}",
        # Structure (engine.model_checks)
        "unsupported_adhoc_subprocess": (
            f"{_UNSUPPORTED} (ad-hoc subprocesses are experimental in SpiffWorkflow)"
        ),
        "unsupported_business_rule_task": (
            f"{_UNSUPPORTED} (habiflow deploys no DMN decision tables)"
        ),
        "unsupported_element": f"{_UNSUPPORTED} (SpiffWorkflow has no implementation for it)",
        "unsupported_data_store": f"{_UNSUPPORTED} (habiflow has no data store implementation)",
        "unsupported_link_event": f"{_UNSUPPORTED} (SpiffWorkflow does not follow link events)",
        "unsupported_compensation": f"{_UNSUPPORTED} (SpiffWorkflow does not run compensation)",
        "process_id_unsafe": (
            "process id '{process}' is not a safe identifier "
            "(letters, digits, _ - . only, at most 100 characters)"
        ),
        "duplicate_id": "id '{id}' is already used on line {first_line}",
        "call_without_called_element": "call activity has no calledElement",
        "call_unknown_process": (
            "call activity calls '{called}', which is not a process of this file "
            "(a model is deployed as one file)"
        ),
        "call_not_executable": (
            "call activity calls process '{called}', which is not executable "
            '(set isExecutable="true" on it)'
        ),
        "data_reference_missing": (
            "data associations refer to {targets}, which are not elements of this file"
        ),
        "data_reference_not_object": (
            "data associations refer to {targets}: the engine reads and writes data object "
            "references only"
        ),
        "sequence_flow_end_outside": (
            "sequence flow {end} '{node}' is not an element of the same process or subprocess"
        ),
        "timer_without_definition": "timer has no timeDate, timeDuration or timeCycle",
        "service_task_without_operator": (
            "service task has no spiffworkflow:serviceTaskOperator: the engine would have "
            "nothing to call"
        ),
        "boundary_event_without_definition": "boundary event has no event definition",
        "spiff_property_incomplete": "spiffworkflow:property needs a name and a value attribute",
        "condition_outside_gateway": (
            "condition on a flow leaving bpmn:{source_kind} {source}: the engine only evaluates "
            "conditions after an exclusive or inclusive gateway"
        ),
        "flow_without_condition": (
            "flow leaving bpmn:{source_kind} {source} has no condition and is not the gateway's "
            "default flow"
        ),
        # Code and timers (engine.model_code)
        "code_empty": "{what} is empty",
        "code_not_python": "{what} is written in {language}: habiflow only runs Python",
        "code_juel": "{what}: '{text}' is a JUEL expression (Camunda 7): write it in Python",
        "code_feel": "{what}: '{text}' is a FEEL expression (Camunda 8): write it in Python",
        "code_refused": "{what}: {detail}",
        "expression_refused": "{what} '{source}': {detail}",
        "timer_empty": "timer {kind} is empty",
        "timer_duration_invalid": (
            "timer timeDuration '{value}' is not an ISO 8601 duration (e.g. P5D, PT4H)"
        ),
        "timer_date_invalid": (
            "timer timeDate '{value}' is not an ISO 8601 date-time (e.g. 2026-12-01T10:00:00Z)"
        ),
        "timer_cycle_invalid": (
            "timer timeCycle '{value}' is not an ISO 8601 repeating interval (e.g. R3/PT1H)"
        ),
        "timer_too_long": "timer {kind} '{value}' is longer than {days} days",
        # Forms, SLAs, hf: extensions (engine.bpmn_extensions)
        "form_without_key": "hf:form has no key attribute",
        "form_unsafe": f"{{source}} '{{reference}}' {_SAFE_FORM}",
        "form_unsafe_key": f"{{source}} '{{reference}}' (form '{{key}}') {_SAFE_FORM}",
        "form_unknown": "{source} '{reference}' is not a known form (known forms: {known})",
        "form_unknown_key": (
            "{source} '{reference}' (form '{key}') is not a known form (known forms: {known})"
        ),
        "form_unknown_none": "{source} '{reference}' is not a known form (known forms: none)",
        "form_unknown_key_none": (
            "{source} '{reference}' (form '{key}') is not a known form (known forms: none)"
        ),
        "sla_without_duration": 'hf:sla has no duration attribute (e.g. duration="P5D")',
        "sla_invalid": "hf:sla: {detail}",
        "sla_property_invalid": "spiffworkflow property 'sla': {detail}",
        "extension_unknown": "unknown habiflow extension hf:{name} (known: {known})",
        "extension_misplaced": "hf:{name} is not allowed on bpmn:{owner} (only on {allowed})",
        "extension_repeated": "more than one hf:{name} on this element",
        "extension_unknown_attribute": (
            "hf:{name} has an unknown attribute {attribute} (known: {known})"
        ),
        # Roles (engine.task_roles)
        "role_without_key": "hf:role has no key attribute",
        "role_unknown": "hf:role key '{key}' is not a known role (known roles: {known})",
        "task_without_role": f"{{what}} '{{name}}' has no role (tried {{tried}}): {_ADD_ROLE}",
        "task_without_role_source": (
            f"{{what}} '{{name}}' has no role (no hf:role, candidate group or lane): {_ADD_ROLE}"
        ),
    }
)

TERMS: Mapping[str, str] = MappingProxyType(
    {
        "script": "script",
        "condition": "condition",
        "conditional_event_condition": "conditional event condition",
        "correlation_expression": "correlation expression",
        "spiff_correlation_expression": "spiffworkflow correlation expression",
        "loopCardinality": "loopCardinality",
        "completionCondition": "completionCondition",
        "loopCondition": "loopCondition",
        "spiffworkflow:preScript": "spiffworkflow:preScript",
        "spiffworkflow:postScript": "spiffworkflow:postScript",
        "spiffworkflow:messagePayload": "spiffworkflow:messagePayload",
        "spiffworkflow:payloadExpression": "spiffworkflow:payloadExpression",
        "timer_timeDuration": "timer timeDuration",
        "timer_timeDate": "timer timeDate",
        "timer_timeCycle": "timer timeCycle",
        "user_task": "user task",
        "manual_task": "manual task",
    }
)


def fields(template: str) -> frozenset[str]:
    """The names of the fields a template fills in."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def fill(template: str, params: Params, terms: Mapping[str, str]) -> str:
    """The template with its fields filled in, ``what`` said with ``terms``."""
    values = {name: terms[str(value)] if name == TERM_PARAM else value for name, value in params}
    return template.format_map(values)
