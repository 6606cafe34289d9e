"""The restricted environment in which BPMN scripts, conditions and timer expressions run.

Spiff's default environment hands untrusted text to plain ``eval``/``exec``. Ours first applies
the static policy of ``engine.script_policy``, then runs the code with a small builtins dict and
only the helper functions the caller whitelists (pure functions from ``workflows``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from engine.script_policy import ScriptRejected, check_script, compile_script

__all__ = ["RestrictedEnvironment", "ScriptRejected", "check_script", "create_script_engine"]

MAX_RANGE_LENGTH = 1_000_000

Helpers = Mapping[str, Callable[..., object]]


def _bounded_range(*args: int) -> range:
    """range() refusing sizes no business rule needs, so a loop cannot run for hours."""
    candidate = range(*args)
    try:
        too_long = len(candidate) > MAX_RANGE_LENGTH
    except OverflowError:
        too_long = True
    if too_long:
        raise ValueError(f"range() is limited to {MAX_RANGE_LENGTH} items in BPMN scripts")
    return candidate


_SAFE_BUILTINS: dict[str, object] = {
    "True": True, "False": False, "None": None,
    "abs": abs, "all": all, "any": any, "bool": bool, "dict": dict, "divmod": divmod,
    "enumerate": enumerate, "filter": filter, "float": float, "int": int, "len": len,
    "list": list, "map": map, "max": max, "min": min, "range": _bounded_range,
    "reversed": reversed, "round": round, "set": set, "sorted": sorted, "str": str, "sum": sum,
    "tuple": tuple, "zip": zip,
    "date": date, "datetime": datetime, "timedelta": timedelta, "Decimal": Decimal,
}


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """Spiff script environment: task data are the variables, helpers the only functions."""

    def __init__(self, helpers: Helpers | None = None) -> None:
        helpers = dict(helpers or {})
        unusable = [name for name in helpers if check_script(name, mode="eval")]
        if unusable:
            raise ValueError(f"helper names scripts could not call: {sorted(unusable)}")
        super().__init__(helpers)

    def evaluate(
        self,
        expression: str,
        context: dict[str, Any],
        external_context: Mapping[str, Any] | None = None,
    ) -> Any:
        code = compile_script(expression, "eval")
        self._refuse_overwrites(context, {})
        # As in Spiff, task data win over the external context (data objects, DMN input).
        return eval(code, self._scope({**(external_context or {}), **context}))

    def execute(
        self,
        script: str,
        context: dict[str, Any],
        external_context: Mapping[str, Any] | None = None,
    ) -> bool:
        external = dict(external_context or {})
        code = compile_script(script, "exec")
        self._refuse_overwrites(context, external)
        scope = self._scope({**external, **context})
        exec(code, scope)
        # Functions cannot be serialised as task data; helpers and external values are ours.
        # Writing back only after success keeps the data unchanged when a script fails.
        reserved = {"__builtins__", *self.globals, *external}
        context.clear()
        context.update(
            (name, value)
            for name, value in scope.items()
            if name not in reserved and not callable(value)
        )
        return True  # Spiff reads a true result as "script task finished".

    def _scope(self, variables: dict[str, Any]) -> dict[str, Any]:
        # Builtins last: a task data key named "__builtins__" must not replace them. A fresh
        # copy per run, so that nothing a script does can leak into the next one.
        return {**variables, **self.globals, "__builtins__": dict(_SAFE_BUILTINS)}

    def _refuse_overwrites(self, context: Mapping[str, Any], external: Mapping[str, Any]) -> None:
        clashes = sorted(set(context) & (set(self.globals) | set(external)))
        if clashes:
            raise ValueError(
                f"task data {clashes} would hide helper functions or data objects of the "
                "same name: rename these fields"
            )


def create_script_engine(helpers: Helpers | None = None) -> PythonScriptEngine:
    """A Spiff script engine running BPMN code in the restricted environment."""
    return PythonScriptEngine(environment=RestrictedEnvironment(helpers))
