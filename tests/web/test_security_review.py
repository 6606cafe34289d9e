"""Security review of the web pages: access across people and territories, CSRF, redirects,
request limits, ids and parameters no page may answer with an error 500."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from admin.web.ids import MAX_ID
from admin.web.uploads import MAX_REQUEST_BYTES
from engine.db import read_session, write_session
from engine.models import Attachment, HumanTask, Person, ProcessInstance
from engine.runtime import EngineContext
from tests.api.conftest import add_login
from tests.web.conftest import Browser
from tests.web.staff_support import PDF, places, start

__all__ = ["places"]
BIG = str(MAX_ID + 1)
HUGE = "9" * 20


def attach(browser: Browser, task: int) -> None:
    data = {"file": (io.BytesIO(PDF), "rapport.pdf", "application/pdf")}
    assert browser.post(f"/taches/{task}/pieces-jointes", data).status_code == 303


@pytest.mark.parametrize(
    ("username", "role", "territory"),
    [
        ("entreprise", "contractor", None),
        ("locataire.sud", "tenant", "sud"),
    ],
)
def test_an_outsider_sees_only_the_cases_they_take_part_in(
    places: EngineContext, browser: Browser, username: str, role: str, territory: str | None
) -> None:
    task = start(places, "repair_request", "S-1", tenant_name="Mme Sud")
    add_login(places, username, [role], territory)
    browser.login("gardien.sud")
    attach(browser, task)
    browser.post("/dossiers/1/commentaires", {"body": "Code d'accès : 1234"})
    browser.post("/deconnexion")
    browser.login(username)
    for path in ("/dossiers/1", f"/taches/{task}", "/dossiers/1/diagramme", "/pieces-jointes/1"):
        page = browser.get(path)
        assert page.status_code == 403, path
        assert "Mme Sud" not in page.get_data(as_text=True), path
    assert browser.post("/dossiers/1/commentaires", {"body": "Bonjour"}).status_code == 403
    with write_session(places.sessions) as session:
        session.execute(update(HumanTask).where(HumanTask.id == task).values(candidate_role=role))
    assert "Mme Sud" in browser.get(f"/taches/{task}").get_data(as_text=True)
    assert browser.get("/dossiers/1").status_code == 200
    assert browser.get("/pieces-jointes/1").data == PDF


def test_ids_no_database_column_holds_answer_404(places: EngineContext, browser: Browser) -> None:
    task = start(places, "repair_request", "N-1")
    browser.login("admin")
    for number in (BIG, HUGE):
        for path in (
            f"/taches/{number}",
            f"/dossiers/{number}",
            f"/dossiers/{number}/diagramme",
            f"/pieces-jointes/{number}",
            f"/administration/modeles/bpmn/{number}",
            f"/administration/dossiers/suspendre/{number}",
        ):
            assert browser.get(path).status_code == 404, path
        for path in (
            f"/taches/{number}",
            f"/taches/{number}/prendre",
            f"/taches/{number}/pieces-jointes",
            f"/dossiers/{number}/commentaires",
            f"/administration/dossiers/suspendre/{number}",
            f"/administration/taches-de-fond/relancer/{number}",
        ):
            assert browser.post(path, {"body": "x"}).status_code in (404, 405), path
    sent = browser.post("/dossiers/1/commentaires", {"body": "Vu.", "task_id": HUGE})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/dossiers/1#commentaires")
    assert browser.get(f"/taches/{task}").status_code == 200


@pytest.mark.parametrize("query", [f"from={HUGE}", f"to={BIG}", "from=%C2%B2", "to=-1", "from="])
def test_migration_versions_out_of_range_answer_400(browser: Browser, query: str) -> None:
    browser.login("admin")
    path = "/processus/repair_request/versions/2/migration"
    assert browser.get(f"{path}?{query}").status_code == 400
    assert browser.get(f"/processus/repair_request/versions/{HUGE}/migration").status_code == 404


@pytest.mark.parametrize(
    "query",
    [f"flt0_2={HUGE}", "flt0_3=01/01/0001", "flt0_4=31/12/9999", "flt0_3=31/12/9999"],
)
def test_back_office_filters_out_of_range_are_ignored(
    places: EngineContext, browser: Browser, query: str
) -> None:
    start(places, "repair_request", "N-1")
    browser.login("admin")
    page = browser.get(f"/administration/audit/?{query}")
    assert page.status_code == 200 and "instance_started" in page.get_data(as_text=True)


def test_back_office_export_details_and_disabled_actions(
    places: EngineContext, browser: Browser, other_browser: Browser
) -> None:
    start(places, "repair_request", "N-1")
    browser.login("rt.nord")
    for path in (
        "/administration/utilisateurs/export/csv/",
        "/administration/utilisateurs/edit/?id=admin",
        "/administration/modeles/details/?id=1",
        "/administration/modeles/bpmn/1",
        "/administration/audit/details/?id=1",
        "/administration/dossiers/ajax/lookup/?name=x&query=a",
    ):
        assert browser.get(path).status_code == 403, path
    other_browser.login("admin")
    assert other_browser.get("/administration/utilisateurs/export/csv/").status_code != 200
    other_browser.post("/administration/dossiers/action/", {"action": "delete", "rowid": "1"})
    other_browser.post("/administration/utilisateurs/delete/", {"id": "gardien.nord"})
    with read_session(places.sessions) as session:
        assert session.get(ProcessInstance, 1) is not None
        assert session.get(Person, "gardien.nord") is not None


def test_every_web_post_needs_the_csrf_token(app: Flask, browser: Browser) -> None:
    browser.login("admin")
    posts = [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.rule.startswith("/api/")
    ]
    assert len(posts) > 10
    for rule in posts:
        path = re.sub(r"<int:\w+>", "1", rule.rule)
        path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
        answer = browser.client.post(path, data={"body": "x", "confirm": "yes"})
        assert answer.status_code == 400, rule.rule
        assert "CSRF" in answer.get_data(as_text=True), rule.rule


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_the_language_switch_never_leaves_the_site(browser: Browser, target: str) -> None:
    browser.login("gardien.nord")
    answer = browser.post("/langue", {"lang": "en", "next": target})
    assert answer.status_code == 302 and answer.headers["Location"] == "/taches"


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(
    places: EngineContext, browser: Browser
) -> None:
    task = start(places, "repair_request", "N-1")
    browser.login("gardien.nord")
    for path, accept in (
        (f"/taches/{task}/pieces-jointes", "application/json"),
        (f"/taches/{task}/pieces-jointes", "text/html"),
        (f"/taches/{task}", "text/html"),
    ):
        answer = browser.client.post(
            path,
            input_stream=io.BytesIO(b"--b--\r\n"),
            environ_overrides={"CONTENT_LENGTH": str(MAX_REQUEST_BYTES + 1)},
            content_type="multipart/form-data; boundary=b",
            headers={"Accept": accept},
        )
        assert answer.status_code == 413, path
        if accept == "application/json":
            assert answer.get_json()["error"].startswith("Envoi trop volumineux : 40 Mo")
        else:
            assert "<h1>Envoi trop volumineux</h1>" in answer.get_data(as_text=True)
    with read_session(places.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_user_text_is_escaped_and_download_names_are_defused(
    places: EngineContext, browser: Browser
) -> None:
    script = '<script>alert("x")</script>'
    task = start(places, "repair_request", "N-1", tenant_name=script)
    browser.login("gardien.nord")
    browser.post("/dossiers/1/commentaires", {"body": script})
    name = "<img src=x onerror=alert(1)>; été.pdf"
    data = {"file": (io.BytesIO(PDF), name, "application/pdf")}
    assert browser.post(f"/taches/{task}/pieces-jointes", data).status_code == 303
    for path in ("/dossiers/1", f"/taches/{task}"):
        page = browser.get(path).get_data(as_text=True)
        assert script not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, path
    got = browser.get("/pieces-jointes/1")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "<" not in got.headers["Content-Disposition"]
    assert "private" in got.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/tableau-de-bord?semaines=-1&tri=zz&ordre=zz",
        f"/tableau-de-bord?semaines={HUGE}&processus=" + "x" * 5000,
        "/tableau-de-bord?carte=%00&processus=%00",
        "/tableau-de-bord/retards?statut=zz&agent=%00&territoire=" + "y" * 5000,
        f"/tableau-de-bord/retards.csv?statut=zz&etape={HUGE}",
        "/tableau-de-bord/export/agents.csv?tri=nom&ordre=%00",
    ],
)
def test_dashboard_parameters_never_break_the_page(browser: Browser, path: str) -> None:
    browser.login("rt.nord")
    assert browser.get(path).status_code == 200


def test_a_double_submit_answers_409(places: EngineContext, browser: Browser) -> None:
    task = start(places, "repair_request", "N-1")
    browser.login("gardien.nord")
    browser.post(f"/taches/{task}/prendre")
    browser.get(f"/taches/{task}")
    assert browser.post(f"/taches/{task}").status_code == 302
    assert browser.post(f"/taches/{task}").status_code == 409
