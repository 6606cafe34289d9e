"""Rules of the refurbishment process that its BPMN scripts call (filled by its issue)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

HELPERS: Mapping[str, Callable[..., object]] = {}
