"""The task page: case context, comments, files and photo fields, English."""

from __future__ import annotations

import io

from engine.runtime import EngineContext
from engine.services.queries import case_data, list_tasks
from tests.web.conftest import Browser
from tests.web.staff_support import ADMIN, JPEG, photo_process, places, start

__all__ = ["photo_process", "places"]


def test_task_page_shows_the_case_context_and_steps(
    places: EngineContext, browser: Browser
) -> None:
    task = start(places, "repair_request", "D-00001", tenant_name="Mme Durand")
    browser.login("gardien.nord")
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert "D-00001 — T3" in page and "Les Tilleuls, 77100 Meaux" in page
    assert "Agence de Meaux" in page and "Direction territoriale Nord" in page
    assert "Mme Durand" in page
    assert 'href="/dossiers/1"' in page
    current = page.split('class="steps-current"')[1].split("</ul>")[0]
    assert "Signaler le désordre" in current and "En cours" in current
    assert 'id="upload-file"' in page and 'accept="image/*,application/pdf"' in page


def test_a_comment_appears_on_the_task_page(places: EngineContext, browser: Browser) -> None:
    task = start(places, "repair_request", "N-1")
    browser.login("gardien.nord")
    added = browser.post(
        "/dossiers/1/commentaires", {"body": "Fuite sous l'évier", "task_id": task}
    )
    assert added.status_code == 303
    assert added.headers["Location"].endswith(f"/taches/{task}#commentaires")
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    comments = page.split('id="commentaires"')[1]
    assert "Fuite sous l&#39;évier" in comments and "gardien.nord" in comments
    assert '<label for="comment-body">' in page


def test_photo_field_uploads_and_records_the_reference(
    photo_process: EngineContext, browser: Browser
) -> None:
    task = start(photo_process, "site_visit", "D-00001")
    browser.login("gardien.nord")
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" id="f-visit_photos" name="visit_photos" multiple' in page
    assert 'accept="image/*" capture="environment"' in page
    browser.post(f"/taches/{task}/prendre")
    photo = (io.BytesIO(JPEG), "cuisine.jpg", "image/jpeg")
    done = browser.post(f"/taches/{task}", {"findings": "RAS", "visit_photos": photo})
    assert done.status_code == 302
    assert case_data(photo_process, 1, ADMIN)["visit_photos"] == ["/pieces-jointes/1"]
    assert browser.client.get("/pieces-jointes/1").data == JPEG


def test_photo_field_errors_keep_the_stored_photos(
    photo_process: EngineContext, browser: Browser
) -> None:
    task = start(photo_process, "site_visit", "D-00001")
    browser.login("gardien.nord")
    browser.post(f"/taches/{task}/prendre")
    photo = (io.BytesIO(JPEG), "cuisine.jpg", "image/jpeg")
    bad = (io.BytesIO(b"not an image"), "virus.jpg", "image/jpeg")
    response = browser.post(f"/taches/{task}", {"visit_photos": [photo, bad]})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="err-visit_photos"' in body and "virus.jpg : Type de fichier refusé" in body
    assert 'id="err-findings"' in body
    assert '<input type="hidden" name="visit_photos" value="/pieces-jointes/1">' in body
    forged = browser.post(
        f"/taches/{task}", {"findings": "RAS", "visit_photos": ["/pieces-jointes/1", "/x/9"]}
    )
    assert forged.status_code == 422 and "Fichier inconnu" in forged.get_data(as_text=True)
    done = browser.post(f"/taches/{task}", {"findings": "RAS", "visit_photos": "/pieces-jointes/1"})
    assert done.status_code == 302 and not list_tasks(photo_process)


def test_a_double_submit_stores_the_photos_once(
    photo_process: EngineContext, browser: Browser
) -> None:
    task = start(photo_process, "site_visit", "D-00001")
    browser.login("gardien.nord")
    browser.post(f"/taches/{task}/prendre")
    key = "a" * 32
    for _ in range(2):
        photo = (io.BytesIO(JPEG), "cuisine.jpg", "image/jpeg")
        browser.post(f"/taches/{task}", {"upload_key": key, "visit_photos": photo})
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert "Pièces jointes (1)" in page


def test_the_task_page_in_english(places: EngineContext, browser: Browser) -> None:
    task = start(places, "repair_request", "D-00001")
    browser.login("gardien.nord")
    browser.post("/langue", {"lang": "en", "next": "/"})
    page = browser.get(f"/taches/{task}").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Steps of the case" in page and "Current step" in page and "Attachments (0)" in page
    assert "Add the comment" in page and "Dwelling" in page and "Étapes du dossier" not in page
