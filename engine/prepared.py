"""Prebuilt statements run straight on the driver's cursor: the services' hot path.

On a completion SQLAlchemy costs several times the database's own time per statement
(an execution context, parameter and result objects for every call). A ``Prepared``
statement is compiled once per dialect (and, for an INSERT, per set of columns) by
SQLAlchemy itself, with its bind and result processors, so the SQL and the stored and
returned values (enums by value, UTC datetimes) are exactly SQLAlchemy's; each call then
only converts the values and runs the SQL on the DBAPI cursor of the connection, inside
the connection's transaction (or savepoint).

Statements that need SQLAlchemy at run time are refused when first compiled: expanding
IN lists, computed bind values, Python-side column defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import ClauseElement

Processor = Callable[[Any], Any] | None
_MISSING = object()


class NotPreparable(Exception):
    """The statement needs SQLAlchemy's execution machinery at run time."""


@dataclass(frozen=True)
class _Bind:
    key: str
    fixed: Any
    process: Processor


@dataclass(frozen=True)
class _Plan:
    sql: str
    binds: tuple[tuple[str, _Bind], ...]
    """(rendered name, how to get its value) in SQL order."""
    positional: bool
    results: tuple[Processor, ...]

    def parameters(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = []
        for _, bind in self.binds:
            value = params.get(bind.key, bind.fixed)
            if value is _MISSING:
                raise KeyError(f"missing value for bind parameter {bind.key!r}")
            values.append(value if bind.process is None else bind.process(value))
        if self.positional:
            return values
        return {name: value for (name, _), value in zip(self.binds, values, strict=True)}

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.results, raw, strict=True)
        )


class Prepared:
    """One Core statement, compiled on first use per dialect, run on the DBAPI cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._insert = isinstance(statement, Insert)
        self._plans: dict[tuple[str, frozenset[str] | None], _Plan] = {}

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """Run once; returns the DBAPI cursor (rows not yet converted)."""
        plan = self._plan(conn.dialect, params)
        cursor = _cursor(conn)
        cursor.execute(plan.sql, plan.parameters(params))
        return cursor

    def execute_many(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        """Run once per parameter set (rows with the same keys); returns the row count."""
        if not rows:
            return 0
        plan = self._plan(conn.dialect, rows[0])
        cursor = _cursor(conn)
        cursor.executemany(plan.sql, [plan.parameters(row) for row in rows])
        return int(cursor.rowcount)

    def rowcount(self, conn: Connection, params: Mapping[str, Any]) -> int:
        return int(self.execute(conn, params).rowcount)

    def all(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        plan = self._plan(conn.dialect, params)
        cursor = _cursor(conn)
        cursor.execute(plan.sql, plan.parameters(params))
        return [plan.row(raw) for raw in cursor.fetchall()]

    def first(self, conn: Connection, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        rows = self.all(conn, params)
        return rows[0] if rows else None

    def _plan(self, dialect: Dialect, params: Mapping[str, Any]) -> _Plan:
        key = (dialect.name, frozenset(params) if self._insert else None)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _compile(self.statement, dialect, key[1])
        return plan


def _cursor(conn: Connection) -> Any:
    if not conn.in_transaction():
        conn.begin()  # as SQLAlchemy's autobegin would on its first statement
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def _compile(statement: ClauseElement, dialect: Dialect, columns: frozenset[str] | None) -> _Plan:
    compiled: Any = statement.compile(
        dialect=dialect, column_keys=sorted(columns) if columns is not None else None
    )
    if compiled.insert_prefetch or compiled.update_prefetch:
        raise NotPreparable("columns with Python-side defaults: give every value")
    by_name: dict[str, _Bind] = {}
    for bindparam, name in compiled.bind_names.items():
        if bindparam.expanding or bindparam.literal_execute or bindparam.callable is not None:
            raise NotPreparable(f"bind parameter {bindparam.key!r} is computed at run time")
        fixed = _MISSING if bindparam.required else bindparam.effective_value
        by_name[name] = _Bind(bindparam.key, fixed, compiled._bind_processors.get(name))
    positional = bool(compiled.positional)
    order = compiled.positiontup if positional else list(by_name)
    escaped = compiled.escaped_bind_names or {}
    results = tuple(
        column.type._cached_result_processor(dialect, None) for column in compiled._result_columns
    )
    return _Plan(
        compiled.string,
        tuple((escaped.get(name, name), by_name[name]) for name in order),
        positional,
        results,
    )
