"""Browser tests: the real app on a live localhost server, driven by Debian's chromium.

Run them with ``.venv/bin/python -m pytest tests/browser -q`` (``make test`` runs them too).
chromium (``make system-deps``) and axe-core (``make front``) must be installed: a missing one
fails the run with a message saying so, never a skip.

The server (session-scoped) serves ``admin.app.create_app`` over a fresh SQLite database with
the four real models of ``bpmn/`` and the real ``forms/`` catalogue deployed, the small office
of ``tests/browser/office.py`` and an engine ``ManualClock`` starting Monday 2026-03-02 08:00 UTC.
Nothing runs on a schedule: call ``office.sweep()`` after moving the clock.

Fixtures (nothing to import):

``live_server`` -> str
    Base URL, e.g. ``http://127.0.0.1:41234``. Pages are created with it as ``base_url``, so
    ``page.goto("/taches")`` works.
``office`` -> ``tests.browser.office.Office``
    ``office.ctx`` (EngineContext of the server), ``office.start(key, place, username,
    business_key=..., data=...)`` -> ``Started`` (``.instance_id``, ``.task_ids``),
    ``office.complete(task_id, username, data)`` -> next task ids, ``office.open_tasks(case)``,
    ``office.task(case, bpmn_id)``, ``office.sweep()`` (due timers + SLA sweep).
    Complaints: ``office.complaint(business_key, place=NORTH_DWELLING)`` -> ``Started`` (waits
    at its registration), ``office.awaiting_acknowledgement(business_key)`` -> the task id of
    "Accuser réception" (registered and qualified now, due in 48 hours).
    Places: ``NORTH_DWELLING`` ("D-00001", territory nord), ``SOUTH_DWELLING`` ("D-00003", sud).
``clock`` -> ``engine.clock.ManualClock``
    Shared by the whole session and only moves forward (``clock.advance(timedelta(...))``):
    a test that moves it leaves it moved, so assert on what you created, not on absolute dates.
``people`` -> dict username -> (role keys, territory), all with password ``PASSWORD``:
    gardien.nord/.sud (caretaker), clientele.nord, clientele.nord.2, clientele.sud
    (customer_officer), gestion.nord/.sud (letting_officer), tech.nord/.sud (asset_technician),
    responsable.nord/.sud (territorial_manager), pilote (process_owner), directeur (director,
    manager), admin (admin); the last three serve the whole office.
``browser`` -> playwright ``Browser`` (chromium, session).
``page_as(username)`` -> ``Page``
    A new 1280x800 browser context showing /taches as ``username`` (``page_as(None)``: not
    logged in, blank page). A person's first page of the session logs in through the real
    /connexion form; later ones start from that log-in's cookies (saves seconds per page; a
    log-out in one test ends only that context). All are closed after the test.
``phone_page_as(username)`` -> ``Page``
    The same with a phone: 390x844 viewport, isMobile, hasTouch, device scale 2.
``screenshot(page, name)`` -> Path
    Full-page ``var/screenshots/<name>.png`` (``<name>-phone.png`` for a phone page).
``check_a11y(page, name=None)`` -> axe results
    Runs axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice), prints
    "axe <name>: N rules checked, M violations (serious/critical: K)" and fails on any serious
    or critical violation, listing rule id, impact, target selectors and help.
``no_horizontal_scroll(page)``, ``touch_targets_ok(page)``
    Fail when the page scrolls sideways, or when a visible link, button, field or summary is
    smaller than 44x44 CSS px (a checkbox/radio counts with its label; links inside a sentence
    are exempt), listing the offenders.

Helpers: ``tests.browser.forms`` fills a task form by its labels (``forms.fill(page,
{"Canal": "Courrier", "Lieu": "Logement"})``, ``forms.submit(page)``); ``tests.browser.office``
holds ``PASSWORD``, ``PEOPLE`` and the places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, sync_playwright

from engine.clock import ManualClock
from tests.browser import a11y, pages
from tests.browser.office import PEOPLE, Office, build_office
from tests.browser.server import LiveServer, app_for
from tests.conftest import START

PageFactory = Callable[[str | None], Page]


@pytest.fixture(scope="session")
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory, clock: ManualClock) -> Iterator[Office]:
    built = build_office(tmp_path_factory.mktemp("browser-office"), clock)
    yield built
    built.ctx.engine.dispose()


@pytest.fixture(scope="session")
def live_server(office: Office) -> Iterator[str]:
    with LiveServer(app_for(office)) as server:
        yield server.url


@pytest.fixture(scope="session")
def people() -> dict[str, tuple[tuple[str, ...], str | None]]:
    return PEOPLE


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = pages.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def logged_in_states() -> dict[tuple[str, str], StorageState]:
    """Cookies of each person's first log-in, per device, reused by later pages."""
    return {}


def _factory(
    browser: Browser,
    base_url: str,
    device: str,
    states: dict[tuple[str, str], StorageState],
) -> Iterator[PageFactory]:
    contexts: list[BrowserContext] = []

    def make(username: str | None) -> Page:
        state = states.get((username, device)) if username is not None else None
        context, page = pages.new_page(browser, base_url, pages.DEVICES[device], state)
        contexts.append(context)
        if username is None:
            return page
        if state is None:
            pages.log_in(page, username)
            states[(username, device)] = context.storage_state()
        else:
            page.goto("/taches")
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page_as(
    browser: Browser, live_server: str, logged_in_states: dict[tuple[str, str], StorageState]
) -> Iterator[PageFactory]:
    yield from _factory(browser, live_server, "desktop", logged_in_states)


@pytest.fixture
def phone_page_as(
    browser: Browser, live_server: str, logged_in_states: dict[tuple[str, str], StorageState]
) -> Iterator[PageFactory]:
    yield from _factory(browser, live_server, "phone", logged_in_states)


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    return pages.screenshot


@pytest.fixture
def check_a11y() -> Callable[..., dict[str, Any]]:
    return a11y.check_a11y


@pytest.fixture
def no_horizontal_scroll() -> Callable[[Page], None]:
    return a11y.no_horizontal_scroll


@pytest.fixture
def touch_targets_ok() -> Callable[..., None]:
    return a11y.touch_targets_ok
