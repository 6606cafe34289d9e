"""Inserting many rows in one statement, optionally skipping those whose unique key exists.

On PostgreSQL the rows travel as one JSON document expanded by the server
(``INSERT ... SELECT FROM json_to_recordset``): one parameter and one round
trip for thousands of rows, where a multi-row VALUES list costs a parameter
per cell and psycopg's pipelined ``executemany`` a Python round per row. The
statement's row count is exact, so the caller learns how many rows a
conflict skipped. SQLite takes SQLAlchemy's statement through ``sqlite3``'s
``executemany``, already C all the way, whose row count is exact too.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    skip_existing: str | None = None,
) -> int:
    """Insert ``rows`` (dicts with the same keys) and return how many were inserted.

    With ``skip_existing`` naming a unique column, a row whose value is there
    already is skipped. Values are plain: aware datetimes, enums, str, numbers.
    """
    if not rows:
        return 0
    if conn.dialect.name == "postgresql":
        sql = _postgres_sql(conn.dialect, table, tuple(rows[0]), skip_existing)
        document = json.dumps(rows, default=_json_value, ensure_ascii=False)
        result = conn.exec_driver_sql(sql, {"rows": document})
    else:
        result = conn.execute(_sqlite_statement(table, skip_existing), list(rows))
    return int(result.rowcount)


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):  # datetimes too; PostgreSQL reads the ISO form with its offset
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} in a bulk insert")


@cache
def _postgres_sql(
    dialect: Dialect, table: Table, columns: tuple[str, ...], skip_existing: str | None
) -> str:
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    record = ", ".join(
        f"{quote(name)} {table.c[name].type.compile(dialect=dialect)}" for name in columns
    )
    conflict = f" ON CONFLICT ({quote(skip_existing)}) DO NOTHING" if skip_existing else ""
    return (
        f"INSERT INTO {quote(table.name)} ({names}) "
        f"SELECT {names} FROM json_to_recordset(%(rows)s::json) AS r({record}){conflict}"
    )


@cache
def _sqlite_statement(table: Table, skip_existing: str | None) -> Insert:
    statement = sqlite.insert(table)
    if skip_existing is None:
        return statement
    return statement.on_conflict_do_nothing(index_elements=[table.c[skip_existing]])
