"""Process versions with live case counts (one GROUP BY) and publishing, on both databases."""

from __future__ import annotations

import pytest

from engine.actors import Actor
from engine.errors import NotFound, PermissionDenied
from engine.runtime import EngineContext
from engine.services.instances import cancel_instance, start_instance
from engine.services.process_overview import get_version, list_processes, version_xml
from engine.services.publishing import publish
from engine.specs import ModelRejected
from tests.conftest import ENGINE_BPMN, deploy_fixture

ADMIN = Actor("admin", frozenset({"admin"}))
OWNER = Actor("pilote", frozenset({"process_owner"}))
NORTH_OWNER = Actor("pilote.nord", frozenset({"process_owner"}), territory="nord")
PLACES = {"N-1": "nord", "S-1": "sud"}


def test_counts_live_cases_per_version_within_the_territory(ctx: EngineContext) -> None:
    ctx.territory_of = lambda ref: PLACES.get(ref or "")
    deploy_fixture(ctx, "repair_request")
    deploy_fixture(ctx, "timer_wait")
    first = [start_instance(ctx, "repair_request", ADMIN, place_ref=p) for p in ("N-1", "S-1")]
    xml = (ENGINE_BPMN / "repair_request.bpmn").read_bytes().replace(b"Valider", b"Viser")
    assert publish(ctx, xml, "repair_request", OWNER).version == 2
    start_instance(ctx, "repair_request", ADMIN, place_ref="N-1")
    cancel_instance(ctx, first[0].instance_id, ADMIN)

    everything = {p.key: p for p in list_processes(ctx, OWNER)}
    assert list(everything) == ["repair_request", "timer_wait"]
    repair = everything["repair_request"]
    assert [(v.version, v.live_cases) for v in repair.versions] == [(2, 1), (1, 1)]
    assert repair.live_cases == 2 and repair.latest.deployed_by == "pilote"
    assert everything["timer_wait"].live_cases == 0
    north = {p.key: p for p in list_processes(ctx, NORTH_OWNER)}["repair_request"]
    assert [(v.version, v.live_cases) for v in north.versions] == [(2, 1), (1, 0)]
    assert get_version(ctx, "repair_request", 1, OWNER).short_sha == repair.versions[1].sha256[:10]
    assert version_xml(ctx, "repair_request") == xml
    with pytest.raises(NotFound):
        get_version(ctx, "repair_request", 3, OWNER)


def test_publishing_needs_a_process_role_and_a_valid_model(ctx: EngineContext) -> None:
    xml = (ENGINE_BPMN / "repair_request.bpmn").read_bytes()
    with pytest.raises(PermissionDenied):
        publish(ctx, xml, "repair_request", Actor("gardien", frozenset({"caretaker"})))
    with pytest.raises(ModelRejected):
        publish(ctx, xml.replace(b'isExecutable="true"', b""), "repair_request", OWNER)
    assert list_processes(ctx, OWNER) == []
