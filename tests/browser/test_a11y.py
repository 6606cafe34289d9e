"""axe-core and keyboard checks of the pages built so far, and the accessibility statement."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser import forms
from tests.browser.office import Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Axe = Callable[..., dict[str, Any]]


def test_login_page(page_as: PageAs, check_a11y: Axe) -> None:
    page = page_as(None)
    page.goto("/connexion")
    check_a11y(page, "connexion")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("faux")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_a11y(page, "connexion-erreur")


def test_inbox(office: Office, page_as: PageAs, check_a11y: Axe) -> None:
    office.complaint("REC-AXE-1")
    page = page_as("clientele.nord")
    expect(page.get_by_text("REC-AXE-1")).to_be_visible()
    check_a11y(page, "mes-taches")


def test_task_form_with_errors(office: Office, page_as: PageAs, check_a11y: Axe) -> None:
    started = office.complaint("REC-AXE-2")
    page = page_as("clientele.nord")
    page.goto(f"/taches/{started.task_ids[0]}")
    check_a11y(page, "tache")
    forms.submit(page)
    expect(forms.task_form(page).locator("[aria-invalid=true]").first).to_be_visible()
    check_a11y(page, "tache-erreurs")


def test_forbidden_page(office: Office, page_as: PageAs, check_a11y: Axe) -> None:
    started = office.complaint("REC-AXE-3")
    page = page_as("gardien.sud")
    page.goto(f"/taches/{started.task_ids[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    check_a11y(page, "acces-refuse")


def test_keyboard_skip_link_and_visible_focus(office: Office, page_as: PageAs) -> None:
    page = page_as("clientele.nord")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0, "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {tag: document.activeElement.tagName, style: s.outlineStyle,"
        " width: parseFloat(s.outlineWidth)}; }"
    )
    assert focused["tag"] in {"A", "BUTTON", "INPUT", "SELECT"}, focused
    assert focused["style"] != "none" and focused["width"] >= 2, f"focus not visible: {focused}"


def test_accessibility_statement(page_as: PageAs, check_a11y: Axe, screenshot: Shot) -> None:
    page = page_as(None)
    page.goto("/connexion")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Accessibilité : partiellement conforme"
    ).click()
    expect(page).to_have_url(re.compile(r"/accessibilite$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    expect(page.get_by_text("partiellement conforme", exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="Voies de recours")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Défenseur des droits")).first).to_be_visible()
    check_a11y(page, "accessibilite")
    screenshot(page, "accessibility-statement")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_a11y(page, "accessibility-en")
