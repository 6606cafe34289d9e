"""The managers' dashboard pages: access, territory scope, drill-down, CSV, English."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from engine.actors import Actor
from engine.clock import ManualClock
from engine.runtime import EngineContext
from engine.services import instances
from engine.services.sla_sweep import sweep_sla
from tests.web.conftest import Browser

GARDIEN_NORD = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
GARDIEN_SUD = Actor("gardien.sud", frozenset({"caretaker"}), "sud")


@pytest.fixture
def late_cases(api_ctx: EngineContext) -> dict[str, int]:
    """Two repair requests whose report step (2 business days) is breached, one per territory;
    the nord one carries a business key that a spreadsheet would run as a formula."""
    nord = instances.start_instance(
        api_ctx, "repair_request", GARDIEN_NORD, business_key="=1+1", place_ref="N-1"
    ).instance_id
    sud = instances.start_instance(
        api_ctx, "repair_request", GARDIEN_SUD, business_key="REP-SUD", place_ref="S-1"
    ).instance_id
    clock = api_ctx.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(days=4))
    sweep_sla(api_ctx)
    return {"nord": nord, "sud": sud}


def rows_of(response: object) -> list[list[str]]:
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize(
    "path",
    [
        "/tableau-de-bord",
        "/tableau-de-bord/retards",
        "/tableau-de-bord/retards.csv",
        "/tableau-de-bord/export/territoires.csv",
        "/tableau-de-bord/modeles/repair_request.bpmn",
    ],
)
def test_a_caretaker_may_not_see_the_dashboard(browser: Browser, path: str) -> None:
    browser.login("gardien.nord")
    assert browser.get(path).status_code == 403


def test_the_menu_offers_the_dashboard_to_managers_only(
    browser: Browser, other_browser: Browser
) -> None:
    browser.login("rt.nord")
    assert 'href="/tableau-de-bord"' in browser.get("/taches").get_data(as_text=True)
    other_browser.login("gardien.nord")
    assert 'href="/tableau-de-bord"' not in other_browser.get("/taches").get_data(as_text=True)


def test_an_admin_sees_both_territories_with_links_to_the_late_work(
    browser: Browser, late_cases: dict[str, int]
) -> None:
    browser.login("admin")
    page = browser.get("/tableau-de-bord?semaines=4")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<caption>Par territoire" in html
    assert '<th scope="row">nord</th>' in html and '<th scope="row">sud</th>' in html
    assert "/tableau-de-bord/retards?statut=breached" in html and "territoire=nord" in html
    assert 'id="trend-data"' in html and 'id="heat-data"' in html
    assert "/tableau-de-bord/modeles/repair_request.bpmn" in html
    assert "Signaler le désordre" in html  # the heatmap table lists the steps
    assert "build/dashboard.js" in html and "<script>" not in html


def test_a_territorial_manager_never_sees_the_other_territory(
    browser: Browser, late_cases: dict[str, int]
) -> None:
    browser.login("rt.nord")
    html = browser.get("/tableau-de-bord").get_data(as_text=True)
    assert '<th scope="row">nord</th>' in html and '<th scope="row">sud</th>' not in html
    late = browser.get("/tableau-de-bord/retards?territoire=sud").get_data(as_text=True)
    assert "REP-SUD" not in late and "Rien en retard" in late
    every = rows_of(browser.get("/tableau-de-bord/retards.csv"))
    assert [row[0] for row in every[1:]] == [str(late_cases["nord"])]
    table = rows_of(browser.get("/tableau-de-bord/export/territoires.csv"))
    assert table == [["Clé", "Libellé", "À risque", "En retard"], ["nord", "nord", "0", "1"]]


def test_the_drill_down_links_to_tasks_and_cases_and_keeps_its_filters(
    browser: Browser, late_cases: dict[str, int]
) -> None:
    browser.login("admin")
    page = browser.get("/tableau-de-bord/retards?statut=breached&territoire=sud&semaines=4")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "REP-SUD" in html and "=1+1" not in html
    assert f'href="/dossiers/{late_cases["sud"]}"' in html
    assert 'href="/taches/' in html
    assert "/tableau-de-bord/retards.csv?" in html and "territoire=sud" in html


def test_csv_exports_are_french_excel_csv_with_formulas_defused(
    browser: Browser, late_cases: dict[str, int]
) -> None:
    browser.login("admin")
    response = browser.get("/tableau-de-bord/retards.csv?statut=breached")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][:3] == ["Dossier", "Référence", "Processus"]
    by_case = {row[0]: row for row in rows[1:]}
    assert by_case[str(late_cases["nord"])][1] == "'=1+1"
    assert by_case[str(late_cases["sud"])][1] == "REP-SUD"
    assert by_case[str(late_cases["sud"])][8] == "en retard"
    trend = rows_of(browser.get("/tableau-de-bord/export/tendance.csv?semaines=4"))
    assert len(trend) == 5 and trend[-1][1:] == ["2", "2", "100,0"]


def test_breakdowns_sort_by_the_url(browser: Browser, late_cases: dict[str, int]) -> None:
    browser.login("admin")
    ascending = rows_of(browser.get("/tableau-de-bord/export/territoires.csv?tri=nom&ordre=asc"))
    descending = rows_of(browser.get("/tableau-de-bord/export/territoires.csv?tri=nom&ordre=desc"))
    assert [r[0] for r in ascending[1:]] == ["nord", "sud"]
    assert [r[0] for r in descending[1:]] == ["sud", "nord"]
    html = browser.get("/tableau-de-bord?tri=nom&ordre=asc").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html


def test_the_diagram_of_the_heatmap(browser: Browser) -> None:
    browser.login("admin")
    response = browser.get("/tableau-de-bord/modeles/repair_request.bpmn")
    assert response.status_code == 200 and b'<bpmn:userTask id="report"' in response.data
    assert browser.get("/tableau-de-bord/modeles/nothing.bpmn").status_code == 404


def test_the_dashboard_in_english(browser: Browser, late_cases: dict[str, int]) -> None:
    browser.login("admin")
    browser.post("/langue", {"lang": "en", "next": "/tableau-de-bord"})
    html = browser.get("/tableau-de-bord").get_data(as_text=True)
    assert "<h1>Dashboard</h1>" in html and "By territory" in html
    assert "Breach trend by week" in html and "Complaints handled within SLA" in html
    assert "under 10 % late" in html
