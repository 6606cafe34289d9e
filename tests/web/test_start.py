"""Starting a case from the web: who may start what, place checks, double clicks."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from engine.db import read_session
from engine.models import ProcessInstance
from engine.runtime import EngineContext
from engine.services.queries import case_data, list_tasks
from tests.web.conftest import Browser
from tests.web.staff_support import ADMIN, places

__all__ = ["places"]
FORM_KEY = re.compile(r'name="form_key" value="([0-9a-f]{32})"')


def cases(ctx: EngineContext) -> list[ProcessInstance]:
    with read_session(ctx.sessions) as session:
        return list(session.scalars(select(ProcessInstance).order_by(ProcessInstance.id)))


def form_key(browser: Browser, process: str = "repair_request") -> str:
    found = FORM_KEY.search(browser.get(f"/nouveau/{process}").get_data(as_text=True))
    assert found
    return found.group(1)


def test_the_processes_i_may_start(places: EngineContext, browser: Browser) -> None:
    browser.login("gardien.nord")
    page = browser.get("/nouveau").get_data(as_text=True)
    assert 'href="/nouveau/repair_request"' in page and "Demande de réparation" in page
    assert 'href="/nouveau"' in page  # the menu entry "Nouveau dossier"
    browser.post("/deconnexion")
    browser.login("tech.nord")  # the first step is the caretaker's: not the technician's to start
    assert "/nouveau/repair_request" not in browser.get("/nouveau").get_data(as_text=True)
    assert browser.get("/nouveau/repair_request").status_code == 404
    assert browser.post("/nouveau/repair_request", {"place": "N-1"}).status_code == 404
    assert not cases(places)


def test_starting_a_case_goes_to_its_first_task(places: EngineContext, browser: Browser) -> None:
    browser.login("gardien.nord")
    key = form_key(browser)
    started = browser.post(
        "/nouveau/repair_request", {"place": "N-1", "note": "Fuite", "form_key": key}
    )
    (case,) = cases(places)
    assert (
        case.place_ref == "N-1" and case.territory == "nord" and case.started_by == "gardien.nord"
    )
    (task,) = list_tasks(places)
    assert started.status_code == 303 and started.headers["Location"].endswith(f"/taches/{task.id}")
    assert case_data(places, case.id, ADMIN)["start_note"] == "Fuite"


def test_a_place_code_is_read_loosely(places: EngineContext, browser: Browser) -> None:
    browser.login("gardien.nord")
    started = browser.post(
        "/nouveau/repair_request", {"place": " d-1 ", "form_key": form_key(browser)}
    )
    (case,) = cases(places)
    assert case.place_ref == "D-00001" and case.territory == "nord"
    assert started.headers["Location"].endswith(f"/taches/{list_tasks(places)[0].id}")


def test_a_place_outside_my_territory_is_refused_and_nothing_starts(
    places: EngineContext, browser: Browser
) -> None:
    browser.login("gardien.nord")
    key = form_key(browser)
    refused = browser.post("/nouveau/repair_request", {"place": "D-00003", "form_key": key})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert 'id="err-place"' in body and "pas dans votre territoire" in body
    assert 'aria-describedby="help-place err-place"' in body and 'value="D-00003"' in body
    unknown = browser.post("/nouveau/repair_request", {"place": "D-99999", "form_key": key})
    assert unknown.status_code == 422 and "Lieu inconnu" in unknown.get_data(as_text=True)
    empty = browser.post("/nouveau/repair_request", {"place": "", "form_key": key})
    assert empty.status_code == 422 and "Indiquez le lieu." in empty.get_data(as_text=True)
    assert not cases(places)


def test_a_double_click_starts_one_case(places: EngineContext, browser: Browser) -> None:
    browser.login("gardien.nord")
    key = form_key(browser)
    first = browser.post("/nouveau/repair_request", {"place": "N-1", "form_key": key})
    second = browser.post("/nouveau/repair_request", {"place": "N-1", "form_key": key})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(cases(places)) == 1
    with read_session(places.sessions) as session:
        assert session.scalar(select(func.count()).select_from(ProcessInstance)) == 1


def test_the_start_page_in_english(places: EngineContext, browser: Browser) -> None:
    browser.login("gardien.nord")
    browser.post("/langue", {"lang": "en", "next": "/"})
    page = browser.get("/nouveau/repair_request").get_data(as_text=True)
    assert "New case" in page and "Start the case" in page and "Code of the dwelling" in page
