"""The administrators' back office (/administration) in a real browser: home, people, cases
(with a suspension confirmed on its own page), background jobs and the audit log, all
accessible; a caretaker is refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.office import Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Axe = Callable[..., dict[str, Any]]
CASE = "REC-ADMIN-1"
REASON = f"Contrôle du dossier {CASE}."


def menu(page: Page, section: str) -> None:
    """Open a section from the back office's menu."""
    nav = page.get_by_role("navigation", name="Menu de l'administration")
    nav.get_by_role("link", name=section, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(section)


def test_admin_pages_and_suspending_a_case(
    office: Office, page_as: PageAs, screenshot: Shot, check_a11y: Axe
) -> None:
    case = office.complaint(CASE)
    page = page_as("admin")
    page.goto("/administration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    check_a11y(page, "admin home")

    page.get_by_role("main").get_by_role("link", name="Utilisateurs").click()
    people = page.get_by_role("table", name=re.compile("^Utilisateurs"))
    expect(people.get_by_role("row").filter(has_text="gardien.nord")).to_have_count(1)
    check_a11y(page, "admin users")
    screenshot(page, "admin-users")

    menu(page, "Dossiers")
    page.get_by_label("Rechercher").fill(CASE)
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    row = page.get_by_role("row").filter(has_text=CASE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("En cours")
    check_a11y(page, "admin instances")
    screenshot(page, "admin-instances")

    row.get_by_role("link", name=f"Suspendre {case.instance_id}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suspendre")
    expect(page.get_by_text(f"Suspendre le dossier n° {case.instance_id} ?")).to_be_visible()
    check_a11y(page, "admin confirm")
    page.get_by_label("Motif (facultatif)").fill(REASON)
    page.get_by_role("button", name="Suspendre").click()
    expect(page.get_by_text(f"Dossier n° {case.instance_id} suspendu.")).to_be_visible()
    page.get_by_label("Rechercher").fill(CASE)
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    expect(row).to_contain_text("Suspendu")
    expect(row.get_by_role("link", name=f"Reprendre {case.instance_id}")).to_be_visible()

    menu(page, "Tâches de fond")
    check_a11y(page, "admin jobs")

    menu(page, "Journal d'audit")
    suspended = page.get_by_role("row").filter(has_text=REASON)
    expect(suspended).to_have_count(1)
    expect(suspended).to_contain_text("instance_suspended")
    expect(suspended).to_contain_text("admin")
    check_a11y(page, "admin audit")
    screenshot(page, "admin-audit")


def test_a_caretaker_is_refused(page_as: PageAs) -> None:
    page = page_as("gardien.nord")
    response = page.goto("/administration/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    response = page.goto("/administration/dossiers/")
    assert response is not None and response.status == 403
