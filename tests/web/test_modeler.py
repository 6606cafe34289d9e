"""The modeler's browser code: the bundle `make front` builds carries bpmnlint and our hf:
moddle descriptor, and that descriptor writes the extensions exactly as the engine reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.bpmn_extensions import _EXTENSIONS as ENGINE_EXTENSIONS
from engine.bpmn_xml import HF_NS

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "admin" / "static" / "build" / "modeler.js"
DESCRIPTOR = ROOT / "admin" / "frontend" / "modeler" / "hf-moddle.json"


@pytest.fixture(scope="module")
def bundle() -> str:
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: run `make front`", pytrace=False)
    return BUNDLE.read_text(encoding="utf-8")


def test_the_bundle_lints_with_bpmnlint_rules(bundle: str) -> None:
    for rule in ("label-required", "no-implicit-split", "start-event-required"):
        assert f'"{rule}"' in bundle
    assert "is not bundled" in bundle  # our resolver, not a packed config fetched at run time


def test_the_bundle_carries_the_hf_descriptor_and_the_csrf_header(bundle: str) -> None:
    assert HF_NS in bundle and "X-CSRFToken" in bundle


def test_the_descriptor_writes_what_the_engine_reads() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    assert (descriptor["uri"], descriptor["prefix"]) == (HF_NS, "hf")
    assert descriptor["xml"] == {"tagAlias": "lowerCase"}
    written = {
        kind["name"].lower(): tuple(p["name"] for p in kind["properties"] if p["isAttr"])
        for kind in descriptor["types"]
    }
    assert written == {name: attributes for name, (_, attributes) in ENGINE_EXTENSIONS.items()}
