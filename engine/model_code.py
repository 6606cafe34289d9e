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
TIMER_KINDS = {  # kind -> the problem code of a literal that is no ISO 8601 value of it
    "timeDuration": "timer_duration_invalid",
    "timeDate": "timer_date_invalid",
    "timeCycle": "timer_cycle_invalid",
}
MAX_TIMER_DAYS = 36_600
"""About a century: a sanity bound, far beyond any deadline of a housing process."""
# What a bare ISO 8601 literal looks like: a duration, a repetition or a calendar date, made
# only of characters that never occur in a Python expression's operators or quotes.
_LOOKS_LITERAL = re.compile(r"(?:P[0-9T]|R[0-9]*/|[0-9]{4}-?[0-9W])[A-Za-z0-9:+\-./,]*")


def _foreign_expression_code(text: str) -> str | None:
    if text.startswith(("${", "#{")):
        return "code_juel"  # Camunda 7
    if text.startswith("="):
        return "code_feel"  # Camunda 8
    return None


def _code_problems(
    at: Element, what: str, source: str | None, mode: Mode, language: str | None
) -> list[Problem]:
    """What is wrong with a piece of code the engine would run (empty if nothing).

    ``what`` is the term (``engine.problem_texts.TERMS``) naming that kind of code.
    """
    if source is None or not source.strip():
        return [problem_in(at, "code_empty", what=what)]
    if language and language.strip().lower() not in PYTHON_LANGUAGES:
        return [problem_in(at, "code_not_python", what=what, language=language)]
    foreign = _foreign_expression_code(source.strip())
    if foreign is not None:
        return [problem_in(at, foreign, what=what, text=source.strip()[:60])]
    refusals = check_script(source, mode=mode)
    if mode == "exec":
        return [problem_in(at, "code_refused", what=what, detail=text) for text in refusals]
    # One-liners: quoting them makes the message self-explaining.
    shown = " ".join(source.split())
    quoted = f"{shown[:60]}{'...' if len(shown) > 60 else ''}"
    return [
        problem_in(at, "expression_refused", what=what, source=quoted, detail=text)
        for text in refusals
    ]


def _expression(element: Element) -> tuple[str, Mode, str | None] | None:
    """(term, mode, language) if the element holds code the engine will run."""
    name = local_name(element)
    spiff = namespace_of(element) == SPIFF_NS
    if not spiff and not is_bpmn(element):
        return None
    if name == "conditionExpression" and parent_is(element, "sequenceFlow"):
        return "condition", "eval", element.get("language")
    if name == "condition" and parent_is(element, "conditionalEventDefinition"):
        return "conditional_event_condition", "eval", element.get("language")
    if name in ("loopCardinality", "completionCondition", "loopCondition") and not spiff:
        return name, "eval", element.get("language")
    if name in ("formalExpression", "messagePath") and parent_is(
        element, "correlationPropertyRetrievalExpression"
    ):
        return "correlation_expression", "eval", None
    if spiff and name in ("preScript", "postScript"):
        return f"spiffworkflow:{name}", "exec", None
    if spiff and name in ("messagePayload", "payloadExpression"):
        return f"spiffworkflow:{name}", "eval", None
    if spiff and name == "expression":
        return "spiff_correlation_expression", "eval", None
    return None


def code_problems(processes: list[Element]) -> list[Problem]:
    """Scripts, conditions and expressions that break the sandbox policy (or cannot parse)."""
    problems = []
    for element in walk(processes):
        if is_bpmn(element, "scriptTask"):
            script = next(element.iterchildren(bpmn("script")), None)
            source = script.text if script is not None else None
            at = script if script is not None else element
            problems += _code_problems(at, "script", source, "exec", element.get("scriptFormat"))
        elif (found := _expression(element)) is not None:
            what, mode, language = found
            problems += _code_problems(element, what, element.text, mode, language)
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


def _timer_literal_problem(element: Element, kind: str, literal: str) -> Problem | None:
    """Why Spiff's own timer helpers would not run the literal (None if they would)."""
    value = literal.strip()
    invalid = problem_in(element, TIMER_KINDS[kind], value=value[:60])
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
            return problem_in(
                element, "timer_too_long", kind=kind, value=value[:60], days=MAX_TIMER_DAYS
            )
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
        text = (element.text or "").strip()
        literal = _python_string(text)
        if not text:
            problems.append(problem_in(element, "timer_empty", kind=kind))
        elif literal is not None or _LOOKS_LITERAL.fullmatch(text):
            value = literal if literal is not None else text
            if (problem := _timer_literal_problem(element, kind, value)) is not None:
                problems.append(problem)
            elif literal is None:
                element.text = repr(text)
        else:
            language = element.get("language")
            problems += _code_problems(element, f"timer_{kind}", text, "eval", language)
    return problems
