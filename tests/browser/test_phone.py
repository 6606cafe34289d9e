"""The phone (390x844, touch): no horizontal scrolling and 44 px targets on the daily pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import forms
from tests.browser.office import Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Check = Callable[[Page], None]
Fits = Callable[[Page, str], None]


@pytest.fixture
def fits_the_phone(screenshot: Shot, no_horizontal_scroll: Check, touch_targets_ok: Check) -> Fits:
    """No sideways scroll and 44 px targets on the page as it is now; its screenshot ``name``."""

    def check(page: Page, name: str) -> None:
        no_horizontal_scroll(page)
        touch_targets_ok(page)
        screenshot(page, name)

    return check


def test_login_on_the_phone(phone_page_as: PageAs, fits_the_phone: Fits) -> None:
    page = phone_page_as(None)
    page.goto("/connexion")
    fits_the_phone(page, "login")


def test_inbox_on_the_phone(office: Office, phone_page_as: PageAs, fits_the_phone: Fits) -> None:
    office.complaint("REC-PHONE-1")
    page = phone_page_as("clientele.nord")
    expect(page.get_by_text("REC-PHONE-1")).to_be_visible()
    fits_the_phone(page, "inbox")


def test_task_page_with_errors_on_the_phone(
    office: Office, phone_page_as: PageAs, fits_the_phone: Fits
) -> None:
    started = office.complaint("REC-PHONE-2")
    page = phone_page_as("clientele.nord")
    page.goto(f"/taches/{started.task_ids[0]}")
    fits_the_phone(page, "task")
    forms.submit(page)
    expect(forms.task_form(page).locator("[aria-invalid=true]").first).to_be_visible()
    fits_the_phone(page, "task-form-errors")


def test_accessibility_statement_on_the_phone(phone_page_as: PageAs, fits_the_phone: Fits) -> None:
    page = phone_page_as(None)
    page.goto("/accessibilite")
    fits_the_phone(page, "accessibility-statement")
