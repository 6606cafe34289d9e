"""Public procurement thresholds shared by the processes that award contracts.

A social landlord (office public de l'habitat) is a contracting authority: at or above the
European thresholds, a formal procedure and the tender committee (CAO) are required. The
European Commission revises the thresholds every two years; keep one value here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

EU_THRESHOLDS_EXCL_TAX: Mapping[str, Decimal] = {
    "works": Decimal("5404000"),
    "services": Decimal("216000"),
}
"""EU thresholds for 2026-2027, € excluding tax (works; supplies and services of
sub-central authorities)."""
