"""The managers' dashboard in a real browser: chart and heatmap drawn, accessible, phone-sized."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from engine.clock import ManualClock
from tests.browser.office import Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]


def test_the_dashboard_draws_its_chart_and_heatmap(
    office: Office,
    clock: ManualClock,
    page_as: PageAs,
    phone_page_as: PageAs,
    screenshot: Shot,
    check_a11y: Callable[..., Any],
    no_horizontal_scroll: Callable[[Page], None],
) -> None:
    office.complaint("TDB-1")
    clock.advance(timedelta(days=3))
    office.sweep()
    page = page_as("directeur")
    page.goto("/tableau-de-bord?carte=tenant_complaint")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.locator("#heatmap .djs-container")).to_be_visible()
    expect(page.locator("#heatmap .heat-badge").first).to_be_visible()
    expect(page.locator("#trend-chart")).to_be_visible()
    screenshot(page, "dashboard")
    check_a11y(page, "dashboard")
    phone = phone_page_as("directeur")
    phone.goto("/tableau-de-bord")
    no_horizontal_scroll(phone)
