"""Small helpers for benchmark reports: the machine they ran on, percentiles, Markdown tables."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path


def machine_line() -> str:
    """Date (UTC), cores available to this process, RAM, load, Python and library versions."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now} · {len(os.sched_getaffinity(0))} cores (nproc) · {_ram_gib():.1f} GiB RAM · "
        f"{platform.machine()} · load average {os.getloadavg()[0]:.2f} at start · "
        f"Python {platform.python_version()} · SpiffWorkflow {version('SpiffWorkflow')} · "
        f"SQLAlchemy {version('SQLAlchemy')}"
    )


def _ram_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; numeric-looking columns are right-aligned."""
    align = [
        "---:" if rows and all(_numeric(row[i]) for row in rows) else "---"
        for i in range(len(header))
    ]
    lines = [_row(header), _row(align)]
    lines.extend(_row(row) for row in rows)
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace(" ", "").strip("*")
    try:
        float(stripped)
    except ValueError:
        return cell in ("—", "")
    return True
