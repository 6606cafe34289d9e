"""What a BPMN script or expression may contain: a static check of its syntax tree.

Process owners write scripts in a browser, so the text is untrusted. The classic ways out of a
Python sandbox go through an import, a private/dunder attribute (``().__class__...``), an
introspection builtin (``getattr``, ``type``...), a frame/code object, or ``str.format`` reaching
attributes by name. We refuse those statically, then run the code with a small builtins dict
(see ``engine.scripting``): each layer covers a gap the other could leave.

Limits: CPU and memory cannot be bounded by looking at source. ``while True: pass``,
``"x" * 10**9`` or ``2 ** n`` with a large computed ``n`` still run; scripts must therefore run
where a time limit applies (worker task limits). We only refuse the cheap obvious cases: huge
constant exponents/shifts and over-long sources.
"""

from __future__ import annotations

import ast
import functools
from types import CodeType
from typing import Literal

MAX_SOURCE_CHARS = 20_000
MAX_CONSTANT_EXPONENT = 1_000

Mode = Literal["exec", "eval"]

FORBIDDEN_NAMES = frozenset({
    "eval", "exec", "compile", "open", "input", "globals", "locals", "vars", "getattr",
    "setattr", "delattr", "__import__", "breakpoint", "help", "dir", "type", "object", "super",
    "memoryview",
})
# `format`/`format_map` read attributes named inside a string ("{0.__class__}"), out of our
# sight; `mro` hands out `object`; `with_traceback` leads to frames.
FORBIDDEN_ATTRIBUTES = frozenset({"format", "format_map", "mro", "with_traceback"})
# The engine's clock is the only source of time (tests and simulations move it):
# scripts call the today()/now() helpers instead of reading the wall clock.
CLOCK_ATTRIBUTES = frozenset({"now", "today", "utcnow", "fromtimestamp", "utcfromtimestamp"})
# Private/dunder names, then generator, coroutine, frame, traceback, code and (Python 2 style)
# function internals: each is a step towards a frame's globals or builtins.
FORBIDDEN_ATTRIBUTE_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_", "func_", "im_")

_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.Global: "global statement",
    ast.Nonlocal: "nonlocal statement",
    ast.FunctionDef: "function definition (def)",
    ast.AsyncFunctionDef: "async function definition",
    ast.ClassDef: "class definition",
    ast.Await: "await",
    ast.AsyncFor: "async for",
    ast.AsyncWith: "async with",
    ast.With: "with statement",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    # Class patterns (`case str(__class__=c)`) read attributes named by plain strings.
    ast.Match: "match statement",
}


class ScriptRejected(Exception):
    """A script or expression breaks the policy; ``problems`` lists each offence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _PolicyVisitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[str] = []
        self._line = 1

    def _refuse(self, what: str) -> None:
        self.problems.append(f"line {self._line}: {what} is not allowed in BPMN scripts")

    def visit(self, node: ast.AST) -> None:
        # Some nodes (comprehension, arguments) carry no position: keep the enclosing line.
        self._line = getattr(node, "lineno", self._line)
        refused = _REFUSED_NODES.get(type(node))
        if refused is not None:
            self._refuse(refused)
        super().visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("_") or node.id in FORBIDDEN_NAMES:
            self._refuse(f"name '{node.id}'")

    def visit_arg(self, node: ast.arg) -> None:
        if node.arg.startswith("_") or node.arg in FORBIDDEN_NAMES:
            self._refuse(f"name '{node.arg}'")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_ATTRIBUTES or node.attr.startswith(FORBIDDEN_ATTRIBUTE_PREFIXES):
            hint = " (use an f-string)" if node.attr.startswith("format") else ""
            self._refuse(f"attribute '{node.attr}'{hint}")
        elif node.attr in CLOCK_ATTRIBUTES:
            self._refuse(f"reading the clock with '.{node.attr}' (call today() or now())")
        elif not isinstance(node.ctx, ast.Load):
            # Task data are plain values; setting attributes could only alter shared objects
            # such as the helper functions.
            self._refuse(f"setting attribute '{node.attr}'")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        exponent = node.right
        if (
            isinstance(node.op, ast.Pow | ast.LShift)
            and isinstance(exponent, ast.Constant)
            and isinstance(exponent.value, int | float)
            and exponent.value > MAX_CONSTANT_EXPONENT
        ):
            self._refuse(f"exponent {exponent.value} (max {MAX_CONSTANT_EXPONENT})")
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if node.is_async:
            self._refuse("async comprehension")
        self.generic_visit(node)


def _parse(source: str, mode: Mode) -> tuple[ast.Module | ast.Expression | None, list[str]]:
    if len(source) > MAX_SOURCE_CHARS:
        return None, [f"script is {len(source)} characters long (max {MAX_SOURCE_CHARS})"]
    # Conditions arrive padded and indented from the XML, which eval() itself would refuse;
    # strip them but keep line numbers true to what the modeler shows.
    first_line = 1
    if mode == "eval":
        stripped = source.lstrip()
        first_line += source[: len(source) - len(stripped)].count("\n")
        source = stripped.rstrip()
    try:
        tree = ast.parse(source, mode="eval") if mode == "eval" else ast.parse(source)
    except SyntaxError as exc:
        return None, [f"line {(exc.lineno or 1) + first_line - 1}: syntax error: {exc.msg}"]
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, [f"script cannot be parsed: {type(exc).__name__}"]
    ast.increment_lineno(tree, first_line - 1)
    visitor = _PolicyVisitor()
    visitor.visit(tree)
    return tree, visitor.problems


def check_script(source: str, *, mode: Mode) -> list[str]:
    """Return what is wrong with ``source`` (empty when it may run); used to refuse models."""
    return _parse(source, mode)[1]


@functools.lru_cache(maxsize=1024)
def compile_script(source: str, mode: Mode) -> CodeType:
    """Check then compile ``source``; raise ScriptRejected. Cached: gateways re-evaluate often."""
    tree, problems = _parse(source, mode)
    if tree is None or problems:
        raise ScriptRejected(problems)
    # "<string>" is the file name Spiff looks for in tracebacks to report the failing line.
    return compile(tree, "<string>", mode)
