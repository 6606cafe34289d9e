"""The accessibility statement: public, RGAA status, recourse, contact, English version."""

from __future__ import annotations

import pytest

from tests.web.conftest import Browser


def test_statement_is_public_and_linked_from_every_footer(browser: Browser) -> None:
    login = browser.get("/connexion").get_data(as_text=True)
    assert 'href="/accessibilite">Accessibilité : partiellement conforme</a>' in login
    response = browser.get("/accessibilite")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Déclaration d'accessibilité</h1>" in page
    assert "partiellement conforme" in page and "RGAA" in page and "4.1" in page
    assert "/taches/&lt;n&gt;" in page and "Tableau de bord (graphiques)" in page
    assert "Libre réponse 71120" in page and "https://formulaire.defenseurdesdroits.fr/" in page
    assert "30/11/2026" in page
    assert "support informatique interne" in page and "mailto:" not in page


def test_contact_address_comes_from_the_environment(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HABIFLOW_ACCESSIBILITY_CONTACT", "accessibilite@office.example")
    page = browser.get("/accessibilite").get_data(as_text=True)
    assert 'href="mailto:accessibilite@office.example"' in page


def test_statement_in_english(browser: Browser) -> None:
    browser.get("/accessibilite")
    browser.post("/langue", {"lang": "en", "next": "/accessibilite"})
    page = browser.get("/accessibilite").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in page
    assert "partially compliant" in page and "Remedies" in page
    assert "Accessibility: partially compliant" in page
