"""The phone (390x844, touch): no horizontal scrolling and 44 px targets on the daily pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import forms
from tests.browser.office import NORTH_DWELLING, Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Check = Callable[[Page], None]


def test_login_on_the_phone(
    phone_page_as: PageAs,
    screenshot: Shot,
    no_horizontal_scroll: Check,
    touch_targets_ok: Check,
) -> None:
    page = phone_page_as(None)
    page.goto("/connexion")
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "login")


def test_inbox_on_the_phone(
    office: Office,
    phone_page_as: PageAs,
    screenshot: Shot,
    no_horizontal_scroll: Check,
    touch_targets_ok: Check,
) -> None:
    office.start("tenant_complaint", NORTH_DWELLING, "clientele.nord", business_key="REC-PHONE-1")
    page = phone_page_as("clientele.nord")
    expect(page.get_by_text("REC-PHONE-1")).to_be_visible()
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "inbox")


def test_task_page_with_errors_on_the_phone(
    office: Office,
    phone_page_as: PageAs,
    screenshot: Shot,
    no_horizontal_scroll: Check,
    touch_targets_ok: Check,
) -> None:
    started = office.start(
        "tenant_complaint", NORTH_DWELLING, "clientele.nord", business_key="REC-PHONE-2"
    )
    page = phone_page_as("clientele.nord")
    page.goto(f"/taches/{started.task_ids[0]}")
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "task")
    forms.submit(page)
    expect(forms.task_form(page).locator("[aria-invalid=true]").first).to_be_visible()
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "task-form-errors")


def test_accessibility_statement_on_the_phone(
    phone_page_as: PageAs,
    screenshot: Shot,
    no_horizontal_scroll: Check,
    touch_targets_ok: Check,
) -> None:
    page = phone_page_as(None)
    page.goto("/accessibilite")
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "accessibility-statement")
