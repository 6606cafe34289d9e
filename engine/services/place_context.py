"""A place reference as the pages show it: the whole chain from territory to dwelling."""

from __future__ import annotations

from engine.runtime import EngineContext
from engine.services.places import load_chain
from workflows.places import PlaceChain, PlaceRef


def canonical_ref(text: str) -> str:
    """``d-42`` → ``D-00042``; text that is not a place code is only trimmed."""
    parsed = PlaceRef.parse(text)
    return parsed.code if parsed is not None else text.strip()


def place_chain(ctx: EngineContext, ref: str | None) -> PlaceChain | None:
    """The chain of a place in the directory, or None (unknown, or not a place code)."""
    parsed = PlaceRef.parse(ref)
    if parsed is None:
        return None
    with ctx.engine.connect() as conn:
        return load_chain(conn, parsed)
