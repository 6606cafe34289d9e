"""Browser pages for the tests: desktop and phone contexts, log-in through the real form,
screenshots into ``var/screenshots``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, StorageState

from engine.config import PROJECT_ROOT
from tests.browser.office import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
TIMEOUT_MS = 10_000
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
# An iPhone 13's screen, emulated in Chromium (no WebKit user agent).
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "screen": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PHONE_WIDTH = PHONE["viewport"]["width"]
DEVICES = {"desktop": DESKTOP, "phone": PHONE}


def launch(playwright: Playwright) -> Browser:
    """Debian's chromium, headless; its absence fails the run (`make system-deps` installs it)."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Install it with `make system-deps` (part of `make test`).",
            pytrace=False,
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def new_page(
    browser: Browser,
    base_url: str,
    device: dict[str, Any],
    storage_state: StorageState | None = None,
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        base_url=base_url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        storage_state=storage_state,
        **device,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill and send the /connexion form, then wait for "Mes tâches"."""
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/taches")


def is_phone(page: Page) -> bool:
    size = page.viewport_size
    return size is not None and size["width"] <= PHONE_WIDTH


def screenshot(page: Page, name: str) -> Path:
    """Full-page PNG: ``var/screenshots/<name>.png``; ``<name>-phone.png`` on the phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "-phone" if is_phone(page) and not name.endswith("-phone") else ""
    path = SCREENSHOTS / f"{name}{suffix}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
