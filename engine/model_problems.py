"""Why a process model is refused: each problem names its element and line.

Deploying a model checks everything it can and reports all problems at once, so a modeller
fixes a file in one round trip instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine.bpmn_xml import FLOW_NODES, Element, is_bpmn, line_of, local_name, owning_id
from engine.problem_texts import TEMPLATES, TERM_PARAM, TERMS, Param, Params, fields, fill

MAX_REPORTED = 100


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a model, located by element id and line when known.

    ``code`` names the problem in ``engine.problem_texts`` and ``params`` fill its fields:
    ``message`` is the English sentence, other languages render the same code.
    """

    code: str
    element_id: str | None = None
    line: int | None = None
    params: Params = ()

    def __post_init__(self) -> None:
        template = TEMPLATES.get(self.code)
        if template is None:
            raise ValueError(f"unknown problem code {self.code!r}")
        given = dict(self.params)
        if len(given) != len(self.params) or set(given) != fields(template):
            raise ValueError(f"problem {self.code!r} takes {sorted(fields(template))}")
        if TERM_PARAM in given and str(given[TERM_PARAM]) not in TERMS:
            raise ValueError(f"unknown term {given[TERM_PARAM]!r} in problem {self.code!r}")

    @classmethod
    def of(
        cls, code: str, element_id: str | None = None, line: int | None = None, **params: Param
    ) -> Problem:
        """The problem ``code`` with its fields given by name."""
        return cls(code, element_id, line, tuple(sorted(params.items())))

    @property
    def message(self) -> str:
        """The problem in English."""
        return fill(TEMPLATES[self.code], self.params, TERMS)

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        where += [self.element_id] if self.element_id else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


_NAMED_OWNERS = frozenset({*FLOW_NODES, "sequenceFlow", "process", "message", "signal", "error"})


def problem_at(element: Element, code: str, /, **params: Param) -> Problem:
    """A problem located at an element: its (or its nearest ancestor's) id and its line."""
    return Problem.of(code, owning_id(element), line_of(element), **params)


def problem_in(element: Element, code: str, /, **params: Param) -> Problem:
    """A problem at the element's line, named after the flow element or process holding it.

    Expressions and event definitions often carry generated ids of their own; the modeller
    knows the flow, task or event they belong to.
    """
    for candidate in (element, *element.iterancestors()):
        if is_bpmn(candidate) and local_name(candidate) in _NAMED_OWNERS and candidate.get("id"):
            return Problem.of(code, candidate.get("id"), line_of(element), **params)
    return problem_at(element, code, **params)


class ModelRejected(Exception):
    """A model cannot be deployed; ``problems`` holds every problem found, in line order."""

    def __init__(self, problems: Iterable[Problem], filename: str = "<bpmn>") -> None:
        unique = list(dict.fromkeys(problems))
        if not unique:
            raise ValueError("ModelRejected needs at least one problem")
        unique.sort(key=lambda problem: problem.line or 0)
        if len(unique) > MAX_REPORTED:
            dropped = len(unique) - MAX_REPORTED + 1
            unique = [*unique[: MAX_REPORTED - 1], Problem.of("more_problems", count=dropped)]
        self.problems: list[Problem] = unique
        self.filename = filename
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"{self.filename}: model refused, {count} problem{'s' * (count > 1)}:\n{listed}"
