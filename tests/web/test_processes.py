"""The process owners' pages: versions with case counts, version page, publishing from the
modeler (validation problems as JSON, hostile XML, CSRF), access limited to process owners."""

from __future__ import annotations

import json
import re

import pytest
from flask import Blueprint, Flask, url_for
from sqlalchemy import select
from werkzeug.test import TestResponse

from engine.actors import Actor
from engine.db import read_session
from engine.models import AuditEntry
from engine.runtime import EngineContext
from engine.services.instances import start_instance
from engine.services.process_versions import list_versions
from engine.specs import MAX_BPMN_BYTES
from tests.api.conftest import add_login
from tests.conftest import ENGINE_BPMN
from tests.web.conftest import Browser

ADMIN = Actor("admin", frozenset({"admin"}))
OWNERS = {"pilote": None, "pilote.nord": "nord"}
REPAIR = (ENGINE_BPMN / "repair_request.bpmn").read_bytes()


@pytest.fixture
def owners(api_ctx: EngineContext) -> EngineContext:
    """Two process owners: one for the whole office, one for the north only."""
    for username, territory in OWNERS.items():
        add_login(api_ctx, username, ["process_owner"], territory)
    return api_ctx


def publish(browser: Browser, key: str, xml: bytes, csrf: bool = True) -> TestResponse:
    headers = {"X-CSRFToken": browser.token} if csrf else {}
    return browser.client.post(
        f"/processus/{key}/publier", data=xml, content_type="application/xml", headers=headers
    )


def versions(ctx: EngineContext) -> list[int]:
    return [v.version for v in list_versions(ctx, "repair_request")]


def test_list_shows_versions_who_when_hash_and_live_cases(
    owners: EngineContext, browser: Browser
) -> None:
    for place in ("N-1", "N-2", "S-1"):
        start_instance(owners, "repair_request", ADMIN, place_ref=place, business_key=place)
    (deployed,) = list_versions(owners, "repair_request")
    browser.login("pilote")
    page = browser.get("/processus").get_data(as_text=True)
    assert "Demande de réparation" in page and "v1" in page and "owner" in page
    assert "02/03/2026 09:00" in page  # 08:00 UTC in Paris
    assert "/processus/repair_request/v1" in page and "<caption>" in page
    assert re.search(r'data-label="Dossiers en cours">3</td>', page)
    assert "3 dossiers en cours au total." in page
    assert deployed.name in page

    north = Browser(browser.client.application.test_client())
    north.login("pilote.nord")
    assert "2 dossiers en cours au total." in north.get("/processus").get_data(as_text=True)


def test_others_get_403_and_anonymous_visitors_the_login_page(
    owners: EngineContext, browser: Browser
) -> None:
    anonymous = browser.get("/processus")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    browser.login("rt.nord")
    assert browser.get("/processus").status_code == 403
    assert browser.get("/processus/repair_request/v1").status_code == 403
    assert browser.get("/processus/repair_request/v1.bpmn").status_code == 403
    assert browser.get("/processus/repair_request/modeler").status_code == 403
    assert (
        publish(browser, "repair_request", REPAIR.replace(b"Valider", b"Viser")).status_code == 403
    )
    assert versions(owners) == [1]
    assert "Modèles de processus" not in browser.get("/taches").get_data(as_text=True)


def test_admin_sees_the_menu_entry_and_the_list(owners: EngineContext, browser: Browser) -> None:
    browser.login("admin")
    assert 'href="/processus"' in browser.get("/taches").get_data(as_text=True)
    assert browser.get("/processus").status_code == 200


def test_publishing_a_renamed_task_makes_version_2_once(
    owners: EngineContext, browser: Browser
) -> None:
    browser.login("pilote")
    browser.get("/processus/repair_request/modeler")
    renamed = REPAIR.replace(b'name="Valider le devis"', b'name="Viser le devis"')
    answer = publish(browser, "repair_request", renamed)
    assert answer.status_code == 201
    body = answer.get_json()
    assert body == {
        "key": "repair_request",
        "version": 2,
        "created": True,
        "url": "/processus/repair_request/v2",
    }
    latest = list_versions(owners, "repair_request")[0]
    assert (latest.version, latest.deployed_by) == (2, "pilote")
    with read_session(owners.sessions) as session:
        audited = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "definition_deployed")
        ).all()
    assert audited == ["owner", "pilote"]
    page = browser.get("/processus").get_data(as_text=True)
    assert "/processus/repair_request/v2" in page and "pilote" in page

    again = publish(browser, "repair_request", renamed)
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert versions(owners) == [2, 1]
    steps = browser.get("/processus/repair_request/v2").get_data(as_text=True)
    assert "Viser le devis" in steps


def test_a_user_task_without_role_is_refused_with_its_element(
    owners: EngineContext, browser: Browser
) -> None:
    browser.login("pilote")
    browser.get("/processus")
    roleless = REPAIR.replace(b"<bpmn:flowNodeRef>approve</bpmn:flowNodeRef>", b"")
    answer = publish(browser, "repair_request", roleless)
    assert answer.status_code == 422
    problems = answer.get_json()["problems"]
    (problem,) = [p for p in problems if p["element_id"] == "approve"]
    assert "n'a pas de rôle" in problem["message"] and isinstance(problem["line"], int)
    assert versions(owners) == [1]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>\n'
            + REPAIR.split(b"\n", 1)[1],
            "DOCTYPE",
        ),
        (REPAIR + b"<!--" + b"x" * MAX_BPMN_BYTES + b"-->", "2\u202f097\u202f152"),
        (b"<bpmn:definitions", "XML mal formé"),
        (b"", "fichier vide"),
    ],
    ids=["doctype", "huge", "malformed", "empty"],
)
def test_hostile_or_broken_xml_is_refused_and_nothing_stored(
    owners: EngineContext, browser: Browser, xml: bytes, expected: str
) -> None:
    browser.login("pilote")
    browser.get("/processus")
    answer = publish(browser, "repair_request", xml)
    assert answer.status_code == 422
    messages = [p["message"] for p in answer.get_json()["problems"]]
    assert any(expected in message for message in messages), messages
    assert versions(owners) == [1]


def test_a_model_of_another_process_is_refused(owners: EngineContext, browser: Browser) -> None:
    browser.login("pilote")
    browser.get("/processus")
    answer = publish(browser, "other_process", REPAIR)
    assert answer.status_code == 422
    (problem,) = answer.get_json()["problems"]
    assert problem["element_id"] == "repair_request" and "other_process" in problem["message"]
    assert versions(owners) == [1]


def test_publishing_without_csrf_token_is_400(owners: EngineContext, browser: Browser) -> None:
    browser.login("pilote")
    answer = publish(browser, "repair_request", REPAIR.replace(b"Valider", b"Viser"), csrf=False)
    assert answer.status_code == 400
    assert versions(owners) == [1]


def test_version_page_lists_steps_and_downloads_the_xml(
    owners: EngineContext, browser: Browser
) -> None:
    browser.login("pilote")
    page = browser.get("/processus/repair_request/v1").get_data(as_text=True)
    assert "Chiffrer les travaux" in page and "Technicien patrimoine" in page
    assert "estimate" in page and "P2D (jours ouvrés)" in page
    assert (
        "build/process_view.js" in page
        and 'data-source="/processus/repair_request/v1.bpmn"' in page
    )
    download = browser.get("/processus/repair_request/v1.bpmn")
    assert download.data == REPAIR
    assert "attachment" in download.headers["Content-Disposition"]
    assert browser.get("/processus/repair_request/v9").status_code == 404
    assert browser.get("/processus/nothing/v1.bpmn").status_code == 404


def test_version_page_links_to_the_migration_page(app: Flask, owners: EngineContext) -> None:
    if "migration.compare" not in app.view_functions:  # the migration pages are optional
        migration = Blueprint("migration", __name__)
        migration.add_url_rule("/migration/<key>/<int:version>", "compare", lambda **_: "")
        app.register_blueprint(migration)
    with app.test_request_context():
        expected = url_for("migration.compare", key="repair_request", version=1)
    browser = Browser(app.test_client())
    browser.login("pilote")
    page = browser.get("/processus/repair_request/v1").get_data(as_text=True)
    assert f'href="{expected}"' in page


def test_modeler_page_serves_roles_forms_and_the_latest_xml(
    owners: EngineContext, browser: Browser
) -> None:
    browser.login("pilote")
    page = browser.get("/processus/repair_request/modeler").get_data(as_text=True)
    found = re.search(
        r'<script type="application/json" id="modeler-settings">(.*?)</script>', page, re.S
    )
    assert found is not None
    settings = json.loads(found.group(1))
    assert settings["forms"] == ["estimate"] and settings["csrf"] == browser.token
    assert {"key": "caretaker", "label": "Gardien"} in settings["roles"]
    assert "admin" not in {role["key"] for role in settings["roles"]}
    assert settings["publish"] == "/processus/repair_request/publier"
    assert browser.get(settings["source"]).data == REPAIR
    assert "build/modeler.js" in page and "<script>" not in page


def test_new_process_starts_from_a_blank_diagram_that_publishes(
    owners: EngineContext, browser: Browser
) -> None:
    browser.login("pilote")
    bad = browser.get("/processus/nouveau?key=9+lives&name=X")
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    taken = browser.get("/processus/nouveau?key=repair_request")
    assert taken.status_code == 422 and "existe déjà" in taken.get_data(as_text=True)
    opened = browser.get("/processus/nouveau?key=move_in&name=Entr%C3%A9e+dans+les+lieux")
    assert opened.status_code == 302
    assert opened.headers["Location"].startswith("/processus/move_in/modeler?name=")
    assert browser.get(opened.headers["Location"]).status_code == 200
    blank = browser.get("/processus/move_in/source.bpmn?name=Entr%C3%A9e+dans+les+lieux").data
    assert b'name="Entr\xc3\xa9e dans les lieux"' in blank
    answer = publish(browser, "move_in", blank)
    assert answer.status_code == 201 and answer.get_json()["version"] == 1
    assert browser.get("/processus/no%20such/modeler").status_code == 404


def test_the_list_in_english(owners: EngineContext, browser: Browser) -> None:
    browser.login("pilote")
    browser.post("/langue", {"lang": "en", "next": "/processus"})
    page = browser.get("/processus").get_data(as_text=True)
    assert "Process models" in page and "Deployed on" in page and "Live cases" in page
    assert "0 live cases in all." in page and "New process" in page
    assert "Dossiers en cours" not in page and "Déployée le" not in page
