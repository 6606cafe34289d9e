"""CSV downloads of the dashboard, for French Excel: ``;`` separated, UTF-8 with a BOM.

Excel in French locales splits on ``;`` and reads ``12,5`` as a number, and only a BOM makes
it read UTF-8 (accents) without an import wizard. Every text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a spreadsheet never runs it
as a formula (CSV injection); numbers are written as numbers, with a decimal comma.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from flask import Response

from admin.web.i18n import paris_date

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | datetime | None


def cell(value: Cell) -> str:
    """One cell's text: numbers with a decimal comma, dates in Paris time, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, datetime):
        return paris_date(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return BOM + out.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Response:
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
