"""Places in the database: bulk load, chain resolution, routing a case, the demo-data command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from admin.demo import demo_data
from engine.actors import Actor
from engine.db import make_engine, make_session_factory, read_session, write_connection
from engine.errors import PermissionDenied
from engine.models import Building, Person
from engine.passwords import verify_password
from engine.runtime import EngineContext
from engine.services import instances, queries
from engine.services.places import PlaceCounts, PlaceDirectory, count_places, load_places
from tests.conftest import FIXTURES, deploy_fixture
from tests.unit.test_workflows_places import SMALL
from workflows.demo import DEMO_PASSWORD, DemoData, generate
from workflows.roles import Role

ADMIN = Actor("admin", frozenset({Role.ADMIN.value}))


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(77)


def test_a_loaded_directory_resolves_like_the_generated_one(
    ctx: EngineContext, demo: DemoData
) -> None:
    places = demo.places
    with write_connection(ctx.engine) as conn:
        loaded = load_places(conn, places, chunk_size=4000)
    expected = PlaceCounts(2, 25, 300, len(places.buildings), 18_000)
    assert loaded == expected
    with ctx.engine.connect() as conn:
        assert count_places(conn) == expected

    stored = PlaceDirectory(ctx.engine)
    refs = [
        *(d.code for d in places.dwellings[::90]),
        places.dwellings[-1].code,
        *(b.code for b in places.buildings[::9]),
        *(r.code for r in places.residences),
        *(s.code for s in places.spots),
        "nord",
        "sud",
    ]
    for ref in refs:
        assert stored.chain(ref) == places.chain(ref), ref
        assert stored.territory_of(ref) == places.territory_of(ref)
        assert stored.caretaker_for(ref) == places.caretaker_for(ref)
    assert stored.territory_of("d-42") == "nord"
    assert stored.caretaker_for("D-00042") == "gardien.meaux.1"
    for unknown in (None, "", "D-18001", "B-9999", "R-999", "S-26", "est", "nord/r1"):
        assert stored.chain(unknown) is None
        assert stored.territory_of(unknown) is None
        assert stored.caretaker_for(unknown) is None


def test_found_chains_are_cached_until_forgotten_unknown_ones_are_not(
    ctx: EngineContext,
) -> None:
    stored = PlaceDirectory(ctx.engine)
    assert stored.territory_of("D-00002") is None
    with write_connection(ctx.engine) as conn:
        load_places(conn, SMALL)
    assert stored.territory_of("D-00002") == "sud"  # the earlier miss was not remembered
    assert stored.caretaker_for("B-0001") == "gardien.meaux.1"
    assert stored.caretaker_for("R-001") is None  # two caretakers share Les Tilleuls

    table = Building.__table__
    with write_connection(ctx.engine) as conn:
        conn.execute(update(table).where(table.c.code == "B-0001").values(caretaker="gardien.x.1"))
    assert stored.caretaker_for("B-0001") == "gardien.meaux.1"
    stored.forget()
    assert stored.caretaker_for("B-0001") == "gardien.x.1"


def test_a_case_on_a_dwelling_belongs_to_the_dwellings_territory(ctx: EngineContext) -> None:
    with write_connection(ctx.engine) as conn:
        load_places(conn, SMALL)
    ctx.territory_of = PlaceDirectory(ctx.engine).territory_of
    deploy_fixture(ctx, "repair_request")
    south = Actor("gardien.melun.1", frozenset({Role.CARETAKER.value}), "sud")
    north = Actor("gardien.meaux.1", frozenset({Role.CARETAKER.value}), "nord")

    started = instances.start_instance(ctx, "repair_request", south, place_ref="D-00002")
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert (view.place_ref, view.territory) == ("D-00002", "sud")
    assert {task.territory for task in view.open_tasks} == {"sud"}
    with pytest.raises(PermissionDenied):
        instances.start_instance(ctx, "repair_request", north, place_ref="D-00002")


def test_demo_data_command_loads_once_and_accounts_log_in(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HABIFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("HABIFLOW_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("HABIFLOW_FORMS_DIR", str(FIXTURES / "forms"))
    runner = CliRunner()

    first = runner.invoke(demo_data, ["--seed", "77"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "18000 dwellings" in first.output
    assert f'password "{DEMO_PASSWORD}"' in first.output
    assert "gardien.meaux.1" in first.output

    again = runner.invoke(demo_data, [], catch_exceptions=False)
    assert again.exit_code == 0
    assert "already loaded" in again.output

    engine = make_engine(database_url)
    try:
        with read_session(make_session_factory(engine)) as session:
            people = {p.username: p for p in session.scalars(select(Person))}
        assert len(people) == len(generate(77).staff)
        caretaker = people["gardien.meaux.1"]
        assert (caretaker.roles, caretaker.territory, caretaker.email) == (
            "caretaker",
            "nord",
            "gardien.meaux.1@demo.habiflow.fr",
        )
        assert people["admin.demo"].territory is None
        assert verify_password(DEMO_PASSWORD, caretaker.password_hash)
        assert not verify_password("wrong", caretaker.password_hash)
        with engine.connect() as conn:
            assert count_places(conn).dwellings == 18_000
    finally:
        engine.dispose()


def test_caretaker_steps_go_to_the_buildings_caretaker(ctx: EngineContext) -> None:
    with write_connection(ctx.engine) as conn:
        load_places(conn, SMALL)
    directory = PlaceDirectory(ctx.engine)
    ctx.territory_of, ctx.caretaker_for = directory.territory_of, directory.caretaker_for
    deploy_fixture(ctx, "repair_request")
    officer = Actor("clientele.meaux.1", frozenset({Role.CUSTOMER_OFFICER.value}), "nord")

    on_a = instances.start_instance(ctx, "repair_request", officer, place_ref="D-00001")
    (report,) = queries.show_instance(ctx, on_a.instance_id, ADMIN).open_tasks
    assert (report.candidate_role, report.assignee, report.status.value) == (
        "caretaker", "gardien.meaux.1", "claimed",
    )
    # Building C has no caretaker: the step is offered to the territory's caretakers.
    on_c = instances.start_instance(ctx, "repair_request", ADMIN, place_ref="D-00002")
    (offered,) = queries.show_instance(ctx, on_c.instance_id, ADMIN).open_tasks
    assert (offered.assignee, offered.status.value, offered.territory) == (None, "open", "sud")
