"""Mes tâches and the task page: territory, claim/unclaim, form errors, completion."""

from __future__ import annotations

import re
from datetime import timedelta

from engine.actors import Actor
from engine.clock import ManualClock
from engine.runtime import EngineContext
from engine.services.instances import start_instance
from engine.services.queries import list_tasks
from engine.services.sla_sweep import sweep_sla
from tests.web.conftest import Browser

ADMIN = Actor("admin", frozenset({"admin"}))


def start(ctx: EngineContext, place: str) -> int:
    started = start_instance(ctx, "repair_request", ADMIN, place_ref=place, business_key=place)
    return started.task_ids[0]


def estimate_task(ctx: EngineContext, browser: Browser) -> int:
    """A case of the north whose caretaker step is done: the technician's estimate waits."""
    report = start(ctx, "N-1")
    browser.login("gardien.nord")
    browser.post(f"/taches/{report}/prendre")
    assert browser.post(f"/taches/{report}").status_code == 302
    browser.post("/deconnexion")
    (task,) = [t for t in list_tasks(ctx) if t.bpmn_id == "estimate"]
    return task.id


def test_inbox_shows_only_my_territorys_tasks(api_ctx: EngineContext, browser: Browser) -> None:
    north, south = start(api_ctx, "N-1"), start(api_ctx, "S-1")
    browser.login("gardien.nord")
    page = browser.get("/taches").get_data(as_text=True)
    assert f"/taches/{north}" in page and f"/taches/{south}" not in page
    assert "N-1" in page and "S-1" not in page
    assert "05/03/2026 00:00" in page and "dans les délais" in page


def test_another_territorys_task_and_case_answer_403(
    api_ctx: EngineContext, browser: Browser
) -> None:
    south = start(api_ctx, "S-1")
    browser.login("gardien.nord")
    page = browser.get(f"/taches/{south}")
    assert page.status_code == 403 and "S-1" not in page.get_data(as_text=True)
    assert browser.post(f"/taches/{south}/prendre").status_code == 403
    assert browser.post(f"/taches/{south}").status_code == 403
    assert browser.get("/taches/999999").status_code == 404


def test_claim_then_unclaim_moves_the_task_between_lists(
    api_ctx: EngineContext, browser: Browser
) -> None:
    task = start(api_ctx, "N-1")
    browser.login("gardien.nord")
    taken = browser.post(f"/taches/{task}/prendre")
    assert taken.status_code == 302 and taken.headers["Location"].endswith(f"/taches/{task}")
    page = browser.get("/taches").get_data(as_text=True)
    mine = page.split('id="h-offered"')[0]
    assert f"/taches/{task}/rendre" in mine
    assert re.search(r'class="count">1 / 0<', page)
    assert browser.post(f"/taches/{task}/rendre").status_code == 302
    assert f"/taches/{task}/prendre" in browser.get("/taches").get_data(as_text=True)


def test_process_filter(api_ctx: EngineContext, browser: Browser) -> None:
    task = start(api_ctx, "N-1")
    browser.login("gardien.nord")
    assert f"/taches/{task}" in browser.get("/taches?process=repair_request").get_data(as_text=True)
    assert f'/taches/{task}"' not in browser.get("/taches?process=other").get_data(as_text=True)


def test_sla_status_place_filters_and_sorts(api_ctx: EngineContext, browser: Browser) -> None:
    assert isinstance(api_ctx.clock, ManualClock)
    late = start(api_ctx, "N-1")
    api_ctx.clock.advance(timedelta(days=4))
    sweep_sla(api_ctx)
    fresh = start(api_ctx, "N-2")
    browser.login("gardien.nord")

    def listed(query: str) -> list[int]:
        page = browser.get(f"/taches?{query}").get_data(as_text=True)
        return [int(n) for n in re.findall(r'<h3><a href="/taches/(\d+)">', page)]

    assert listed("delai=breached") == [late]
    assert listed("delai=on_track") == [fresh]
    assert listed("lieu=n-2") == [fresh]
    assert listed("lieu=N-") == [late, fresh]
    assert listed("tri=urgence") == [late, fresh]
    assert listed("tri=recentes") == [fresh, late]
    assert listed("tri=nonsense&delai=unknown") == []
    assert 'value="N-2"' in browser.get("/taches?lieu=n-2").get_data(as_text=True)


def test_form_errors_are_shown_beside_fields_with_the_input_kept(
    api_ctx: EngineContext, browser: Browser
) -> None:
    task = estimate_task(api_ctx, browser)
    browser.login("tech.nord")
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert '<label for="f-amount">Montant HT (€)' in page
    response = browser.post(f"/taches/{task}", {"amount": "-5", "visit_date": "2026-03-04"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="err-amount"' in body and "supérieur ou égal à 0" in body
    assert 'aria-describedby="err-amount"' in body and 'aria-invalid="true"' in body
    assert 'value="-5"' in body and 'value="2026-03-04"' in body
    assert 'id="err-works_level"' in body and "ce champ est obligatoire" in body


def test_completion_moves_the_case_on(api_ctx: EngineContext, browser: Browser) -> None:
    task = estimate_task(api_ctx, browser)
    browser.login("tech.nord")
    browser.post(f"/taches/{task}/prendre")
    done = browser.post(f"/taches/{task}", {"amount": "1 200,50", "works_level": "standard"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/taches")
    steps = {t.bpmn_id for t in list_tasks(api_ctx)}
    assert "estimate" not in steps and "approve" in steps
    (approve,) = [t for t in list_tasks(api_ctx) if t.bpmn_id == "approve"]
    browser.post("/deconnexion")
    browser.login("rt.nord")
    page = browser.get(f"/taches/{approve.id}").get_data(as_text=True)
    assert "amount" in page and "1200.5" in page and "task_completed" in page


def test_every_input_of_the_task_page_has_a_label(api_ctx: EngineContext, browser: Browser) -> None:
    task = estimate_task(api_ctx, browser)
    browser.login("tech.nord")
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page)
    assert ids and all(f'for="{i}"' in page for i in ids)
    assert '<main id="contenu"' in page and "<nav" in page and 'href="#contenu"' in page
