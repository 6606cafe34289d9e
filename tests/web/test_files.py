"""Files on the web: upload to a task, download with the case's access rule, limits, retries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from engine.db import read_session
from engine.models import Attachment
from engine.runtime import EngineContext
from engine.services.attachments import MAX_BYTES
from tests.web.conftest import Browser
from tests.web.staff_support import JPEG, PDF, places, start

__all__ = ["places"]
JSON = {"Accept": "application/json"}


def attachment_count(ctx: EngineContext) -> int:
    with read_session(ctx.sessions) as session:
        return session.scalar(select(func.count()).select_from(Attachment)) or 0


@pytest.fixture
def task(places: EngineContext) -> int:
    """The first task of a new north repair request."""
    return start(places, "repair_request", "N-1")


def upload(
    browser: Browser,
    task: int,
    content: bytes,
    name: str,
    kind: str,
    key: str | None = None,
    as_json: bool = False,
) -> Any:
    data: dict[str, Any] = {"file": (io.BytesIO(content), name, kind)}
    if key is not None:
        data["upload_key"] = key
    headers = JSON if as_json else {}
    return browser.post(f"/taches/{task}/pieces-jointes", data, headers=headers)


def test_upload_then_download_by_a_colleague_not_by_another_territory(
    browser: Browser, task: int, other_browser: Browser
) -> None:
    browser.login("gardien.nord")
    sent = upload(browser, task, PDF, "rapport.pdf", "application/pdf")
    assert sent.status_code == 303 and sent.headers["Location"].endswith(
        f"/taches/{task}#pieces-jointes"
    )
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert "Fichier ajouté : rapport.pdf" in page and 'href="/pieces-jointes/1"' in page
    assert "<caption" in page and 'scope="col"' in page
    other_browser.login("gardien.nord.2")
    got = other_browser.get("/pieces-jointes/1")
    assert got.status_code == 200 and got.data == PDF
    assert "attachment" in got.headers["Content-Disposition"]
    other_browser.post("/deconnexion")
    other_browser.login("gardien.sud")
    refused = other_browser.get("/pieces-jointes/1")
    assert refused.status_code == 403 and PDF not in refused.data
    assert other_browser.get("/pieces-jointes/999").status_code == 404


def test_another_territorys_person_cannot_upload(
    places: EngineContext, browser: Browser, task: int
) -> None:
    browser.login("gardien.sud")
    assert upload(browser, task, JPEG, "p.jpg", "image/jpeg").status_code == 403
    assert upload(browser, task, JPEG, "p.jpg", "image/jpeg", as_json=True).status_code == 403
    assert attachment_count(places) == 0


def test_a_renamed_file_is_refused_with_the_reason_shown(
    places: EngineContext, browser: Browser, task: int
) -> None:
    browser.login("gardien.nord")
    response = upload(browser, task, b"MZ\x90\x00 not a photo", "photo.jpg", "image/jpeg")
    body = response.get_data(as_text=True)
    assert response.status_code == 415
    assert 'id="upload-error"' in body and "Type de fichier refusé" in body
    assert 'aria-describedby="upload-help upload-error"' in body
    assert attachment_count(places) == 0


def test_a_file_over_10_mb_is_refused_with_413(
    places: EngineContext, browser: Browser, task: int
) -> None:
    browser.login("gardien.nord")
    response = upload(browser, task, JPEG + bytes(MAX_BYTES), "huge.jpg", "image/jpeg")
    assert response.status_code == 413
    assert "Fichier trop volumineux : 10 Mo au plus." in response.get_data(as_text=True)
    as_json = upload(browser, task, JPEG + bytes(MAX_BYTES), "huge.jpg", "image/jpeg", as_json=True)
    assert as_json.status_code == 413 and "10 Mo" in as_json.get_json()["error"]
    assert attachment_count(places) == 0


def test_a_retried_upload_with_the_same_key_stores_one_file(
    places: EngineContext, browser: Browser, task: int
) -> None:
    browser.login("gardien.nord")
    key = "3f0c2a8e-7b1d-4c55-9a11-0d5e3c7b9f21"
    first = upload(browser, task, JPEG, "p.jpg", "image/jpeg", key=key, as_json=True)
    again = upload(browser, task, JPEG, "p.jpg", "image/jpeg", key=key, as_json=True)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert first.get_json()["ref"] == f"/pieces-jointes/{first.get_json()['id']}"
    assert attachment_count(places) == 1
    other = upload(browser, task, JPEG, "p.jpg", "image/jpeg", key=key + "-2", as_json=True)
    assert other.status_code == 201 and attachment_count(places) == 2
