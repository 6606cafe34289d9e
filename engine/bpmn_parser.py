"""Our seam to SpiffWorkflow's BPMN parser: schema validation and building process specs.

``HabiflowParser`` is Spiff's own parser minus the elements habiflow does not run. It is fed a
tree that ``engine.safe_xml`` already parsed, never a file name or raw bytes, and every error
it raises is turned into a located ``Problem``: a modeller never sees a traceback.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.bpmn_xml import Element, bpmn, line_of, owning_id, short_name, shorten_names
from engine.model_problems import Problem

# lxml schema objects keep their error log on the instance: one validation at a time.
_SCHEMA_LOCK = threading.Lock()
_MAX_SCHEMA_PROBLEMS = 20
_ELEMENT_REPR = re.compile(r"<Element (\{[^}]*\}[\w.-]+) at 0x[0-9a-fA-F]+>")
_MAX_MESSAGE = 300


class HabiflowParser(SpiffBpmnParser):  # type: ignore[misc]
    """Spiff's BPMN parser, refusing what Spiff parses but habiflow does not run."""

    # Tag -> the problem code saying why (ad-hoc subprocesses are experimental in Spiff,
    # habiflow deploys no DMN decision tables).
    NOT_RUN: ClassVar[dict[str, str]] = {
        bpmn("adHocSubProcess"): "unsupported_adhoc_subprocess",
        bpmn("businessRuleTask"): "unsupported_business_rule_task",
    }

    def __init__(self) -> None:
        # Validation is ours (validate_schema), so that every schema error is reported.
        super().__init__(validator=None)

    def _get_parser_class(self, tag: str) -> tuple[Any, Any]:
        if tag in self.NOT_RUN:
            return None, None
        return super()._get_parser_class(tag)  # type: ignore[no-any-return]

    @classmethod
    def unsupported_code(cls, tag: str) -> str | None:
        """The problem code saying why a flow element cannot run (None when it can)."""
        if tag in cls.NOT_RUN:
            return cls.NOT_RUN[tag]
        if tag in cls.OVERRIDE_PARSER_CLASSES or tag in cls.PARSER_CLASSES:
            return None
        return "unsupported_element"


@dataclass(frozen=True)
class BuiltSpecs:
    """What Spiff made of the model: the key process spec and the specs it calls."""

    spec: Any
    subprocess_specs: dict[str, Any]


def _element_of(tree: etree._ElementTree, error: Any) -> Element | None:
    """The element a schema error is about: by its XPath, else the first one on its line."""
    # libxml2 writes the path with the document's own prefixes.
    prefixes = {prefix: uri for prefix, uri in tree.getroot().nsmap.items() if prefix}
    try:
        found = (
            tree.xpath(error.path, namespaces=prefixes) if getattr(error, "path", None) else None
        )
    except etree.XPathError:
        found = None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    for element in tree.iter():
        if line_of(element) == error.line and isinstance(element.tag, str):
            return element
    return None


def validate_schema(tree: etree._ElementTree) -> list[Problem]:
    """Problems found by the BPMN 2.0 XML schema (with Spiff's extension schema imported).

    Extension elements of other namespaces (hf:, camunda:, zeebe:...) are validated laxly by
    the standard schema, i.e. accepted: they are checked by our own rules instead.
    """
    with _SCHEMA_LOCK:
        VALIDATOR.preprocess(tree)
        schema: etree.XMLSchema = VALIDATOR.validator
        if schema.validate(tree):
            return []
        errors = list(cast(Iterable[Any], schema.error_log))
    problems = []
    for error in errors[:_MAX_SCHEMA_PROBLEMS]:
        element = _element_of(tree, error)
        element_id = owning_id(element) if element is not None else None
        detail = shorten_names(error.message)
        problems.append(Problem.of("schema_error", element_id, error.line, detail=detail))
    if len(errors) > _MAX_SCHEMA_PROBLEMS:
        count = len(errors) - _MAX_SCHEMA_PROBLEMS
        problems.append(Problem.of("schema_more_errors", count=count))
    return problems


def _line_of(tree: etree._ElementTree, element_id: str | None) -> int | None:
    if not element_id:
        return None
    found = tree.xpath("//*[@id=$element_id]", element_id=element_id)
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return line_of(found[0])
    return None


def _spiff_message(error: BaseException) -> str:
    # Not str(error): Spiff's exceptions append ". " and their notes to it.
    parts = [str(part) for part in (*error.args[:1], *getattr(error, "notes", []))]
    text = ". ".join(part.strip().rstrip(".") for part in parts if part.strip())
    text = shorten_names(_ELEMENT_REPR.sub(lambda match: short_name(match.group(1)), text))
    if len(text) > _MAX_MESSAGE:  # some messages embed the whole offending XML
        text = text[: _MAX_MESSAGE - 3] + "..."
    return text or type(error).__name__


def _too_long(error: BaseException) -> bool:
    # Spiff's task parser wraps any exception, RecursionError included, in its own.
    return isinstance(error, RecursionError) or _spiff_message(error).startswith("RecursionError")


def _spiff_problem(error: Exception, tree: etree._ElementTree) -> Problem:
    element_id = getattr(error, "id", None) or None
    line = _line_of(tree, element_id)
    if _too_long(error):
        return Problem("parser_recursion", element_id, line)
    detail = _spiff_message(error)
    if isinstance(error, ValidationException):
        tag = getattr(error, "tag", "") or ""
        if tag:
            code, params = "spiff_refuses_element", {"tag": str(tag), "detail": detail}
            return Problem.of(code, element_id, line, **params)
        return Problem.of("spiff_refuses_model", element_id, line, detail=detail)
    error_name = type(error).__name__
    return Problem.of("spiff_parse_error", element_id, line, error=error_name, detail=detail)


def build_specs(tree: etree._ElementTree, filename: str, key: str) -> BuiltSpecs | Problem:
    """Spiff's specs for process ``key`` of an already checked tree, or why Spiff refused it."""
    parser = HabiflowParser()
    try:
        parser.add_bpmn_xml(tree, filename=filename)
        spec = parser.get_spec(key)
        subprocess_specs: dict[str, Any] = parser.get_subprocess_specs(key)
    except Exception as error:  # Spiff raises anything from KeyError to AssertionError.
        return _spiff_problem(error, tree)
    return BuiltSpecs(spec, subprocess_specs)
