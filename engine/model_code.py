"""The code a model carries: scripts, conditions, timers and other expressions.

Everything the engine will evaluate goes through the sandbox policy of ``engine.scripting``
at deploy time, so that a model whose script imports ``os`` is refused with the reason, not
when a case reaches it. JUEL (Camunda 7) and FEEL (Camunda 8) expressions are recognised and
refused with a hint: habiflow runs Python.

Timers: Spiff evaluates a timer as a Python expression, so ``"P5D"`` (quoted) is its native
form. Camunda and most modelers write bare ISO 8601 literals (``P5D``, ``R3/PT1H``,
``2026-12-01T10:00:00Z``): ``check_timers`` validates them with Spiff's own timer helpers and
quotes them in the tree before Spiff sees it, so they run unchanged.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from typing import Literal

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.bpmn_xml import (
    SPIFF_NS,
    Element,
    bpmn,
    is_bpmn,
    local_name,
    namespace_of,
    parent_is,
    walk,
)
from engine.model_problems import Problem, problem_in
from engine.scripting import check_script

Mode = Literal["exec", "eval"]

PYTHON_LANGUAGES = frozenset(
    {"python", "python3", "py", "text/x-python", "text/python", "application/x-python"}
)
TIMER_KINDS = {
    "timeDuration": "duration (e.g. P5D, PT4H)",
    "timeDate": "date-time (e.g. 2026-12-01T10:00:00Z)",
    "timeCycle": "repeating interval (e.g. R3/PT1H)",
}
MAX_TIMER_DAYS = 36_600
"""About a century: a sanity bound, far beyond any deadline of a housing process."""
# What a bare ISO 8601 literal looks like: a duration, a repetition or a calendar date, made
# only of characters that never occur in a Python expression's operators or quotes.
_LOOKS_LITERAL = re.compile(r"(?:P[0-9T]|R[0-9]*/|[0-9]{4}-?[0-9W])[A-Za-z0-9:+\-./,]*")


def _foreign_expression_hint(text: str) -> str | None:
    if text.startswith(("${", "#{")):
        return f"'{text[:60]}' is a JUEL expression (Camunda 7): write it in Python"
    if text.startswith("="):
        return f"'{text[:60]}' is a FEEL expression (Camunda 8): write it in Python"
    return None


def _code_messages(what: str, source: str | None, mode: Mode, language: str | None) -> list[str]:
    """What is wrong with a piece of code the engine would run (empty if nothing)."""
    if source is None or not source.strip():
        return [f"{what} is empty"]
    if language and language.strip().lower() not in PYTHON_LANGUAGES:
        return [f"{what} is written in {language}: habiflow only runs Python"]
    hint = _foreign_expression_hint(source.strip())
    if hint is not None:
        return [f"{what}: {hint}"]
    if mode == "eval":  # one-liners: quoting them makes the message self-explaining
        shown = " ".join(source.split())
        what = f"{what} '{shown[:60]}{'...' if len(shown) > 60 else ''}'"
    return [f"{what}: {message}" for message in check_script(source, mode=mode)]


def _expression(element: Element) -> tuple[str, Mode, str | None] | None:
    """(description, mode, language) if the element holds code the engine will run."""
    name = local_name(element)
    spiff = namespace_of(element) == SPIFF_NS
    if not spiff and not is_bpmn(element):
        return None
    if name == "conditionExpression" and parent_is(element, "sequenceFlow"):
        return "condition", "eval", element.get("language")
    if name == "condition" and parent_is(element, "conditionalEventDefinition"):
        return "conditional event condition", "eval", element.get("language")
    if name in ("loopCardinality", "completionCondition", "loopCondition") and not spiff:
        return name, "eval", element.get("language")
    if name in ("formalExpression", "messagePath") and parent_is(
        element, "correlationPropertyRetrievalExpression"
    ):
        return "correlation expression", "eval", None
    if spiff and name in ("preScript", "postScript"):
        return f"spiffworkflow:{name}", "exec", None
    if spiff and name in ("messagePayload", "payloadExpression"):
        return f"spiffworkflow:{name}", "eval", None
    if spiff and name == "expression":
        return "spiffworkflow correlation expression", "eval", None
    return None


def code_problems(processes: list[Element]) -> list[Problem]:
    """Scripts, conditions and expressions that break the sandbox policy (or cannot parse)."""
    problems = []
    for element in walk(processes):
        if is_bpmn(element, "scriptTask"):
            script = next(element.iterchildren(bpmn("script")), None)
            source = script.text if script is not None else None
            messages = _code_messages("script", source, "exec", element.get("scriptFormat"))
            at = script if script is not None else element
            problems += [problem_in(at, message) for message in messages]
        elif (found := _expression(element)) is not None:
            what, mode, language = found
            messages = _code_messages(what, element.text, mode, language)
            problems += [problem_in(element, message) for message in messages]
    return problems


def _python_string(text: str) -> str | None:
    """The value of ``text`` if it is a Python string literal such as "P5D"."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def _span_days(parsed: dict[str, float]) -> float:
    """A generous estimate of a parsed duration's length, in days."""
    days = 366 * parsed.get("years", 0) + 31 * parsed.get("months", 0)
    days += 7 * parsed.get("weeks", 0) + parsed.get("days", 0)
    seconds = 3600 * parsed.get("hours", 0) + 60 * parsed.get("minutes", 0)
    return days + (seconds + parsed.get("seconds", 0)) / 86_400


def _timer_literal_problem(kind: str, literal: str) -> str | None:
    """Why Spiff's own timer helpers would not run the literal (None if they would)."""
    value = literal.strip()
    invalid = f"timer {kind} '{value[:60]}' is not an ISO 8601 {TIMER_KINDS[kind]}"
    timer = TimerEventDefinition
    try:
        if kind == "timeDate":
            return None if isinstance(timer.parse_time_or_duration(value), datetime) else invalid
        if not value.startswith("R" if kind == "timeCycle" else "P"):
            return invalid
        parts = value.upper().replace("--", "/").strip("R").split("/")
        durations = [timer.parse_iso_duration(part) for part in parts if part.startswith("P")]
        if not all(durations) or (kind == "timeDuration" and len(parts) > 1):
            return invalid
        # Spiff counts months one by one from the start date: P99999999Y would hang a worker.
        if any(_span_days(duration) > MAX_TIMER_DAYS for duration in durations):
            return f"timer {kind} '{value[:60]}' is longer than {MAX_TIMER_DAYS} days"
        if kind == "timeCycle":
            timer.parse_iso_recurring_interval(value)
    except Exception:  # Spiff's helpers raise whatever datetime, int() or re raise.
        return invalid
    return None


def check_timers(processes: list[Element]) -> list[Problem]:
    """Validate every timer and quote bare ISO 8601 literals in place (see module docstring)."""
    problems = []
    for element in walk(processes):
        kind = local_name(element)
        if kind not in TIMER_KINDS or not parent_is(element, "timerEventDefinition"):
            continue
        found: list[str] = []
        text = (element.text or "").strip()
        literal = _python_string(text)
        if not text:
            found.append(f"timer {kind} is empty")
        elif literal is not None or _LOOKS_LITERAL.fullmatch(text):
            value = literal if literal is not None else text
            if (problem := _timer_literal_problem(kind, value)) is not None:
                found.append(problem)
            elif literal is None:
                element.text = repr(text)
        else:
            found += _code_messages(f"timer {kind}", text, "eval", element.get("language"))
        problems += [problem_in(element, message) for message in found]
    return problems
