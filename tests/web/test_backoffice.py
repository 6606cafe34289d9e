"""The back office under /administration: administrators only, audited actions, CSRF, no CDN."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.models import (
    AuditEntry,
    InstanceStatus,
    Job,
    JobStatus,
    Person,
    ProcessDefinition,
    ProcessInstance,
)
from engine.runtime import EngineContext
from engine.services.instances import start_instance
from tests.web.conftest import Browser

ADMIN = Actor("admin", frozenset({"admin"}))
PAGES = (
    "/administration/",
    "/administration/utilisateurs/",
    "/administration/utilisateurs/new/",
    "/administration/territoires/",
    "/administration/agences/",
    "/administration/residences/",
    "/administration/batiments/",
    "/administration/logements/",
    "/administration/modeles/",
    "/administration/dossiers/",
    "/administration/taches-de-fond/",
    "/administration/audit/",
)
NEW_PASSWORD = "a long enough passphrase"
SUSPENDED_CELL = '<td class="col-action">instance_suspended</td>'
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//(?!localhost[/:"'])""")


def _case(ctx: EngineContext) -> int:
    return start_instance(
        ctx, "repair_request", ADMIN, place_ref="N-1", business_key="N-1"
    ).instance_id


def _status(ctx: EngineContext, instance_id: int) -> InstanceStatus:
    with read_session(ctx.sessions) as session:
        case = session.get(ProcessInstance, instance_id)
        assert case is not None
        return case.status


def _audit(ctx: EngineContext, action: str) -> list[AuditEntry]:
    with read_session(ctx.sessions) as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(session.scalars(query))


def _dead_job(ctx: EngineContext, instance_id: int | None = None) -> int:
    now = ctx.clock.now()
    with write_session(ctx.sessions) as session:
        job = Job(
            kind="timer",
            instance_id=instance_id,
            target="Timer_1",
            due_at=now - timedelta(hours=1),
            status=JobStatus.DEAD,
            attempts=5,
            last_error="RuntimeError: boom",
            created_at=now - timedelta(days=1),
        )
        session.add(job)
        session.flush()
        return job.id


def _admin(browser: Browser) -> Browser:
    assert browser.login("admin").status_code == 302
    return browser


def _new_user(**overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "username": "cgl.sud",
        "display_name": "Camille Sud",
        "roles": ["letting_officer"],
        "territory": "sud",
        "email": "camille@example.org",
        "active": "y",
        "password": NEW_PASSWORD,
    }
    form.update(overrides)
    return form


def test_anonymous_visitors_are_sent_to_the_login(browser: Browser) -> None:
    for path in PAGES:
        response = browser.get(path)
        assert response.status_code == 302, path
        assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("username", ["gardien.nord", "rt.nord"])
def test_non_admins_get_403_on_every_page_and_action(
    api_ctx: EngineContext, browser: Browser, username: str
) -> None:
    instance_id = _case(api_ctx)
    job_id = _dead_job(api_ctx)
    assert browser.login(username).status_code == 302
    for path in PAGES:
        assert browser.get(path).status_code == 403, path
    confirm = f"/administration/dossiers/suspendre/{instance_id}"
    assert browser.get(confirm).status_code == 403
    assert browser.post(confirm).status_code == 403
    assert browser.post(f"/administration/taches-de-fond/relancer/{job_id}").status_code == 403
    assert browser.post("/administration/utilisateurs/new/", _new_user()).status_code == 403
    assert _status(api_ctx, instance_id) is InstanceStatus.RUNNING
    with read_session(api_ctx.sessions) as session:
        assert session.get(Person, "cgl.sud") is None
        job = session.get(Job, job_id)
        assert job is not None and job.status is JobStatus.DEAD


def test_every_admin_page_renders_for_an_admin(browser: Browser) -> None:
    _admin(browser)
    for path in PAGES:
        response = browser.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert '<html lang="fr">' in body and '<main id="contenu"' in body, path
        assert 'name="csrf_token"' in body, path


def test_admin_pages_load_nothing_from_another_host_and_run_no_inline_script(
    api_ctx: EngineContext, browser: Browser
) -> None:
    _case(api_ctx)
    _admin(browser)
    with read_session(api_ctx.sessions) as session:
        definition_id = session.scalars(select(ProcessDefinition.id)).first()
    pages = (*PAGES, f"/administration/modeles/details/?id={definition_id}")
    for path in pages:
        body = browser.get(path).get_data(as_text=True)
        assert not EXTERNAL.search(body), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
        assert not re.search(r"\son[a-z]+\s*=", body), path
        for asset in re.findall(r'(?:src|href)="(/administration/static/[^"?]+)', body):
            assert browser.get(asset).status_code == 200, asset


def test_admin_lists_searches_and_filters_users_without_their_hash(browser: Browser) -> None:
    _admin(browser)
    body = browser.get("/administration/utilisateurs/").get_data(as_text=True)
    assert "gardien.nord" in body and "tech.nord" in body and "Gardien" in body
    assert "scrypt$" not in body
    found = browser.get("/administration/utilisateurs/?search=tech").get_data(as_text=True)
    assert "tech.nord" in found and "gardien.sud" not in found
    # filter 0 is "Rôle comprend", filter 1 "Territoire est"
    caretakers = browser.get("/administration/utilisateurs/?flt0_0=caretaker").get_data(
        as_text=True
    )
    assert "gardien.sud" in caretakers and "tech.nord" not in caretakers
    south = browser.get("/administration/utilisateurs/?flt0_1=sud").get_data(as_text=True)
    assert "gardien.sud" in south and "gardien.nord<" not in south


def test_admin_creates_a_user_who_can_then_log_in(
    api_ctx: EngineContext, browser: Browser, other_browser: Browser
) -> None:
    _admin(browser)
    response = browser.post("/administration/utilisateurs/new/", _new_user())
    assert response.status_code == 302
    with read_session(api_ctx.sessions) as session:
        person = session.get(Person, "cgl.sud")
        assert person is not None
        assert person.roles == "letting_officer" and person.territory == "sud" and person.active
        assert (person.password_hash or "").startswith("scrypt$")
    created = _audit(api_ctx, "person_created")
    assert [(e.actor, json.loads(e.details)["username"]) for e in created] == [("admin", "cgl.sud")]
    assert NEW_PASSWORD not in created[0].details
    password_set = _audit(api_ctx, "password_set")
    assert [(e.actor, json.loads(e.details)) for e in password_set] == [
        ("admin", {"username": "cgl.sud"})
    ]
    assert other_browser.login("cgl.sud", NEW_PASSWORD).status_code == 302
    # Flask-Admin escapes "." in keys as ".."
    edit = browser.get("/administration/utilisateurs/edit/?id=cgl..sud")
    assert edit.status_code == 200 and 'value="Camille Sud"' in edit.get_data(as_text=True)
    assert "scrypt$" not in edit.get_data(as_text=True)


def test_user_form_errors_are_linked_to_their_fields(
    api_ctx: EngineContext, browser: Browser
) -> None:
    _admin(browser)
    response = browser.post(
        "/administration/utilisateurs/new/", _new_user(username="gardien.nord", password="short")
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cet identifiant est déjà pris." in body
    assert re.search(r'id="username"[^>]*aria-describedby="[^"]*username-error', body) or re.search(
        r'aria-describedby="[^"]*username-error[^>]*id="username"', body
    )
    assert 'id="password-error"' in body
    assert _audit(api_ctx, "person_created") == []


def test_admin_deactivates_a_user_instead_of_deleting(
    api_ctx: EngineContext, browser: Browser, other_browser: Browser
) -> None:
    _admin(browser)
    listing = browser.get("/administration/utilisateurs/").get_data(as_text=True)
    assert "/administration/utilisateurs/edit/?id=gardien..sud" in listing
    edit = browser.get("/administration/utilisateurs/edit/?id=gardien..sud")
    assert 'value="caretaker" checked' in edit.get_data(as_text=True)
    form = _new_user(display_name="Gardien Sud", roles=["caretaker"], territory="sud", password="")
    del form["username"], form["active"]
    assert (
        browser.post("/administration/utilisateurs/edit/?id=gardien..sud", form).status_code == 302
    )
    with read_session(api_ctx.sessions) as session:
        person = session.get(Person, "gardien.sud")
        assert person is not None and not person.active
    updated = _audit(api_ctx, "person_updated")
    changes = json.loads(updated[-1].details)["changes"]
    assert updated[-1].actor == "admin" and changes["active"] == {"old": True, "new": False}
    assert _audit(api_ctx, "password_set") == []
    assert other_browser.login("gardien.sud").status_code == 401
    assert (
        browser.post("/administration/utilisateurs/delete/", {"id": "gardien..sud"}).status_code
        == 302
    )
    with read_session(api_ctx.sessions) as session:
        assert session.get(Person, "gardien.sud") is not None


def test_suspend_then_resume_a_case_after_confirmation(
    api_ctx: EngineContext, browser: Browser
) -> None:
    instance_id = _case(api_ctx)
    _admin(browser)
    listing = browser.get("/administration/dossiers/").get_data(as_text=True)
    suspend = f"/administration/dossiers/suspendre/{instance_id}"
    assert f'href="{suspend}"' in listing
    page = browser.get(suspend)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'method="post"' in body and 'for="reason"' in body
    assert _status(api_ctx, instance_id) is InstanceStatus.RUNNING  # GET changes nothing
    done = browser.post(suspend, {"reason": "contrôle"}, follow_redirects=True)
    assert "suspendu" in done.get_data(as_text=True)
    assert _status(api_ctx, instance_id) is InstanceStatus.SUSPENDED
    again = browser.post(suspend, follow_redirects=True)
    assert "Action impossible" in again.get_data(as_text=True)
    resume = f"/administration/dossiers/reprendre/{instance_id}"
    assert browser.post(resume).status_code == 302
    assert _status(api_ctx, instance_id) is InstanceStatus.RUNNING
    suspended = _audit(api_ctx, "instance_suspended")
    resumed = _audit(api_ctx, "instance_resumed")
    assert [(e.actor, e.instance_id) for e in suspended] == [("admin", instance_id)]
    assert json.loads(suspended[0].details)["reason"] == "contrôle"
    assert [(e.actor, e.instance_id) for e in resumed] == [("admin", instance_id)]


def test_cases_are_filtered_by_status_and_territory(
    api_ctx: EngineContext, browser: Browser
) -> None:
    running = _case(api_ctx)
    south = start_instance(api_ctx, "repair_request", ADMIN, place_ref="S-1").instance_id
    _admin(browser)
    browser.post(f"/administration/dossiers/annuler/{south}")
    assert _status(api_ctx, south) is InstanceStatus.CANCELLED
    # filters: 0 process, 1 status, 2 territory
    cancelled = browser.get("/administration/dossiers/?flt0_1=cancelled").get_data(as_text=True)
    assert f"reprendre/{running}" not in cancelled and "Annulé" in cancelled
    assert f'<td class="col-id">{south}</td>' in cancelled
    assert f'<td class="col-id">{running}</td>' not in cancelled
    north = browser.get("/administration/dossiers/?flt0_2=nord").get_data(as_text=True)
    assert f'<td class="col-id">{running}</td>' in north
    assert f'<td class="col-id">{south}</td>' not in north


def test_admin_retries_a_dead_job(api_ctx: EngineContext, browser: Browser) -> None:
    job_id = _dead_job(api_ctx)
    _admin(browser)
    listing = browser.get("/administration/taches-de-fond/?flt0_0=dead").get_data(as_text=True)
    assert f'action="/administration/taches-de-fond/relancer/{job_id}"' in listing
    response = browser.post(
        f"/administration/taches-de-fond/relancer/{job_id}", follow_redirects=True
    )
    assert "relancée" in response.get_data(as_text=True)
    with read_session(api_ctx.sessions) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status is JobStatus.PENDING and job.attempts == 0
    retried = _audit(api_ctx, "job_retried")
    assert [(e.actor, json.loads(e.details)["job_id"]) for e in retried] == [("admin", job_id)]
    again = browser.post(f"/administration/taches-de-fond/relancer/{job_id}", follow_redirects=True)
    assert "Action impossible" in again.get_data(as_text=True)


def test_the_audit_log_is_read_only_and_filterable(
    api_ctx: EngineContext, browser: Browser
) -> None:
    instance_id = _case(api_ctx)
    _admin(browser)
    browser.post(f"/administration/dossiers/suspendre/{instance_id}")
    with read_session(api_ctx.sessions) as session:
        entry_id = session.scalars(select(AuditEntry.id)).first()
        count = len(list(session.scalars(select(AuditEntry.id))))
    body = browser.get("/administration/audit/").get_data(as_text=True)
    assert SUSPENDED_CELL in body
    assert "/administration/audit/new/" not in body and "/administration/audit/edit/" not in body
    assert "/administration/audit/delete/" not in body
    assert browser.get("/administration/audit/new/").status_code == 302
    assert browser.post("/administration/audit/new/", {"actor": "x"}).status_code == 302
    assert (
        browser.post(f"/administration/audit/edit/?id={entry_id}", {"actor": "x"}).status_code
        == 302
    )
    assert browser.post("/administration/audit/delete/", {"id": str(entry_id)}).status_code == 302
    with read_session(api_ctx.sessions) as session:
        assert len(list(session.scalars(select(AuditEntry.id)))) == count
    # filters: 0 actor, 1 kind, 2 case, 3 from day, 4 to day
    by_admin = browser.get("/administration/audit/?flt0_0=admin&flt1_1=instance_suspended")
    assert SUSPENDED_CELL in by_admin.get_data(as_text=True)
    nobody = browser.get("/administration/audit/?flt0_0=personne").get_data(as_text=True)
    assert SUSPENDED_CELL not in nobody
    today = api_ctx.clock.now().strftime("%d/%m/%Y")
    dated = browser.get(
        f"/administration/audit/?flt0_3={today}&flt1_4={today}&flt2_2={instance_id}"
    )
    assert SUSPENDED_CELL in dated.get_data(as_text=True)
    later = (api_ctx.clock.now() + timedelta(days=2)).strftime("%Y-%m-%d")
    assert SUSPENDED_CELL not in browser.get(f"/administration/audit/?flt0_3={later}").get_data(
        as_text=True
    )


def test_definitions_are_read_only_with_escaped_xml_and_a_download(
    api_ctx: EngineContext, browser: Browser
) -> None:
    _admin(browser)
    with read_session(api_ctx.sessions) as session:
        definition = session.scalars(select(ProcessDefinition)).first()
        assert definition is not None
    listing = browser.get("/administration/modeles/").get_data(as_text=True)
    assert definition.key in listing and definition.sha256[:12] in listing
    assert "/administration/modeles/new/" not in listing
    details = browser.get(f"/administration/modeles/details/?id={definition.id}")
    body = details.get_data(as_text=True)
    assert "&lt;bpmn:definitions" in body or "&lt;definitions" in body
    download = browser.get(f"/administration/modeles/bpmn/{definition.id}")
    assert download.status_code == 200 and download.data == definition.xml
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_post_without_csrf_token_is_rejected(api_ctx: EngineContext, browser: Browser) -> None:
    instance_id = _case(api_ctx)
    _admin(browser)
    raw = browser.client.post(f"/administration/dossiers/suspendre/{instance_id}")
    assert raw.status_code == 400
    user = browser.client.post("/administration/utilisateurs/new/", data=_new_user())
    assert user.status_code == 400
    assert _status(api_ctx, instance_id) is InstanceStatus.RUNNING


def test_the_back_office_follows_the_chosen_language(app: Flask, browser: Browser) -> None:
    _admin(browser)
    browser.post("/langue", {"lang": "en", "next": "/administration/utilisateurs/"})
    body = browser.get("/administration/utilisateurs/").get_data(as_text=True)
    assert '<html lang="en">' in body and "<h1>Users</h1>" in body and "Username" in body
    assert "Caretaker" in body and "Add filter" in body
