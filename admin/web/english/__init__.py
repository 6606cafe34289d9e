"""The English catalogue: French message → English, merged from this package's modules.

Each module covers one page group and defines ``ENGLISH: dict[str, str]``; a module added
here is picked up without being listed. Two modules translating one message differently is
an error at import time rather than a silent choice.
"""

from __future__ import annotations

import importlib
import pkgutil


def _merge() -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for french, english in module.ENGLISH.items():
            if merged.get(french, english) != english:
                raise ValueError(f"two English texts for {french!r} (module {info.name})")
            merged[french] = english
    return merged


ENGLISH = _merge()
