"""A manager follows a breached deadline from the dashboard down to the task itself; the
south's territorial manager never sees that north task."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from engine.clock import ManualClock
from tests.browser.office import NORTH_DWELLING, Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Axe = Callable[..., dict[str, Any]]
CASE = "REC-DRILL-1"
STEP = "Accuser réception"


def breached_acknowledgement(office: Office, clock: ManualClock) -> int:
    """A north complaint whose "Accuser réception" is past its deadline; its task id."""
    acknowledge = office.awaiting_acknowledgement(CASE)
    clock.advance(timedelta(days=3))
    office.sweep()
    return acknowledge


def test_breached_task_from_dashboard_to_task_page(
    office: Office, clock: ManualClock, page_as: PageAs, screenshot: Shot, check_a11y: Axe
) -> None:
    task_id = breached_acknowledgement(office, clock)
    page = page_as("directeur")
    page.goto("/tableau-de-bord")
    by_step = page.get_by_role("table", name=re.compile("^Par étape"))
    row = by_step.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=f"{STEP} (tenant_complaint)")
    )
    row.get_by_role("link", name=re.compile(r"^\d+ en retard$")).click()

    expect(page).to_have_url(re.compile(r"/tableau-de-bord/retards\?.*statut=breached"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Travail en retard")
    mine = page.get_by_role("row").filter(has_text=CASE)
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("en retard")
    expect(mine).to_contain_text(NORTH_DWELLING)
    check_a11y(page, "dashboard late")
    screenshot(page, "dashboard-late")
    drill_down = page.url

    mine.get_by_role("link", name=STEP).click()
    expect(page).to_have_url(re.compile(rf"/taches/{task_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STEP)
    expect(page.get_by_text("en retard").first).to_be_visible()
    # The task page (diagram included) is axe-checked in test_a11y.py; once is enough.
    screenshot(page, "dashboard-late-task")

    south = page_as("responsable.sud")
    south.goto(drill_down)
    expect(south.get_by_role("heading", level=1)).to_have_text("Travail en retard")
    expect(south.get_by_text(CASE)).to_have_count(0)
    expect(south.locator(f'a[href="/taches/{task_id}"]')).to_have_count(0)
    response = south.goto(f"/taches/{task_id}")
    assert response is not None and response.status == 403
