"""A case hands over to another process by throwing a message named after it."""

from __future__ import annotations

from engine.actors import Actor
from engine.runtime import EngineContext
from engine.services import instances, queries, tasks
from tests.conftest import deploy_fixture

TECH = Actor("tech.nord", frozenset({"asset_technician"}), "nord")
ADMIN = Actor("admin", frozenset({"admin"}))


def test_a_message_named_after_a_process_starts_it_on_the_same_place(
    ctx: EngineContext,
) -> None:
    ctx.territory_of = lambda place: place.split("/")[0] if place else None
    deploy_fixture(ctx, "works_request")
    deploy_fixture(ctx, "works_order")
    sender = instances.start_instance(
        ctx, "works_request", TECH, place_ref="nord/b2/12", business_key="VAC-7"
    )
    (assess,) = queries.show_instance(ctx, sender.instance_id, ADMIN).open_tasks
    tasks.complete(ctx, assess.id, TECH, {"dwelling": "B2-12", "amount": 31000})

    history = queries.show_instance(ctx, sender.instance_id, ADMIN).history
    handed = [e for e in history if e.action == "handed_over"]
    assert len(handed) == 1 and handed[0].details["process"] == "works_order"
    unrouted = [e for e in history if e.action == "message_unrouted"]
    assert [e.details["message"] for e in unrouted] == ["no_such_process"]

    receiver_id = handed[0].details["to_case"]
    receiver = queries.show_instance(ctx, receiver_id, ADMIN)
    assert (receiver.key, receiver.place_ref, receiver.territory, receiver.business_key) == (
        "works_order", "nord/b2/12", "nord", "VAC-7",
    )
    # The receiving model branched on handover_from: straight to ordering the works.
    assert [t.bpmn_id for t in receiver.open_tasks] == ["order"]
    data = queries.case_data(ctx, receiver_id, ADMIN)
    assert data["handover_from"] == {"case": sender.instance_id, "process": "works_request"}
    assert (data["dwelling"], data["amount"]) == ("B2-12", 31000)


def test_a_person_starting_the_process_takes_the_normal_path(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "works_order")
    started = instances.start_instance(ctx, "works_order", TECH)
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert [t.bpmn_id for t in view.open_tasks] == ["describe"]
    assert queries.case_data(ctx, started.instance_id, ADMIN)["handover_from"] is None
