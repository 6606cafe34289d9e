"""Logging in and out, the throttle, CSRF, security headers and the language."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from engine.clock import ManualClock
from engine.runtime import EngineContext
from tests.web.conftest import Browser


def test_login_success_leads_to_my_tasks_and_logout_ends_it(browser: Browser) -> None:
    page = browser.get("/taches")
    assert page.status_code == 302 and "/connexion" in page.headers["Location"]
    response = browser.login("gardien.nord")
    assert response.status_code == 302 and response.headers["Location"].endswith("/taches")
    inbox = browser.get("/taches")
    assert inbox.status_code == 200 and "Mes tâches" in inbox.get_data(as_text=True)
    assert browser.post("/deconnexion").status_code == 302
    assert browser.get("/taches").status_code == 302


def test_wrong_password_is_refused_with_the_username_kept(browser: Browser) -> None:
    response = browser.login("gardien.nord", "wrong password")
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in body
    assert 'value="gardien.nord"' in body and 'aria-invalid="true"' in body
    assert browser.get("/taches").status_code == 302


def test_repeated_failures_throttle_even_the_right_password(browser: Browser) -> None:
    for _ in range(5):
        assert browser.login("gardien.nord", "nope").status_code == 401
    blocked = browser.login("gardien.nord")
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)


def test_throttle_lifts_after_the_lockout(browser: Browser, api_ctx: EngineContext) -> None:
    for _ in range(5):
        browser.login("gardien.nord", "nope")
    clock = api_ctx.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(minutes=16))
    assert browser.login("gardien.nord").status_code == 302


def test_a_form_without_its_csrf_token_is_rejected(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/connexion", data={"username": "gardien.nord", "password": "x"})
    assert response.status_code == 400
    assert client.get("/taches").status_code == 302


def test_the_api_keeps_working_without_csrf(app: Flask) -> None:
    response = app.test_client().post(
        "/api/v1/auth/token", json={"username": "gardien.nord", "password": "wrong"}
    )
    assert response.status_code == 401


def test_security_headers_and_cookie_flags(browser: Browser) -> None:
    response = browser.get("/connexion")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    login = browser.login("gardien.nord")
    cookie = login.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_french_by_default_english_when_chosen(browser: Browser) -> None:
    page = browser.get("/connexion").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Mot de passe" in page
    browser.post("/langue", {"lang": "en", "next": "/connexion"})
    page = browser.get("/connexion").get_data(as_text=True)
    assert '<html lang="en">' in page and "Password" in page and "Mot de passe" not in page
    browser.post("/langue", {"lang": "fr", "next": "/connexion"})
    assert '<html lang="fr">' in browser.get("/connexion").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(browser: Browser) -> None:
    response = browser.post("/langue", {"lang": "en", "next": "//evil.example/"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
