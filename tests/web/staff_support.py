"""Fixtures of the staff page tests: a few real places, a process with a photo field, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.actors import Actor
from engine.db import write_connection
from engine.runtime import EngineContext
from engine.services.instances import start_instance
from engine.services.places import PlaceDirectory, load_places
from engine.services.queries import list_tasks
from forms.catalog import FormCatalog
from tests.api.conftest import PLACES
from tests.browser.office import PLACES as OFFICE
from tests.conftest import FIXTURES, deploy_fixture

HERE = Path(__file__).resolve().parent / "staff_fixtures"
ADMIN = Actor("admin", frozenset({"admin"}))
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(200)
PDF = b"%PDF-1.4\n" + bytes(100)


@pytest.fixture
def places(api_ctx: EngineContext) -> EngineContext:
    """The API tests' places (N-1, S-1...) and the browser tests' small office (D-00001...)."""
    with write_connection(api_ctx.engine) as conn:
        load_places(conn, OFFICE)
    directory = PlaceDirectory(api_ctx.engine)
    api_ctx.territory_of = lambda ref: PLACES.get(ref or "") or directory.territory_of(ref)
    return api_ctx


@pytest.fixture
def photo_process(places: EngineContext) -> EngineContext:
    """``site_visit``: one caretaker step whose form has a photo field."""
    schemas = {
        "estimate": json.loads((FIXTURES / "forms" / "estimate.schema.json").read_text("utf-8")),
        "site_visit": json.loads((HERE / "site_visit.schema.json").read_text("utf-8")),
    }
    places.forms = FormCatalog(schemas)
    deploy_fixture(places, "site_visit", HERE)
    return places


def start(ctx: EngineContext, process: str, place: str, **data: object) -> int:
    """Start a case as an admin; the id of its first task."""
    started = start_instance(ctx, process, ADMIN, place_ref=place, business_key=place, data=data)
    return started.task_ids[0]


def task_of(ctx: EngineContext, bpmn_id: str) -> int:
    (task,) = [t for t in list_tasks(ctx) if t.bpmn_id == bpmn_id]
    return task.id
