"""The case page and its diagram: steps done and waiting, text alternative, territory."""

from __future__ import annotations

from engine.runtime import EngineContext
from tests.web.conftest import Browser
from tests.web.staff_support import places, start, task_of

__all__ = ["places"]


def test_case_page_shows_place_steps_and_diagram(places: EngineContext, browser: Browser) -> None:
    report = start(places, "repair_request", "D-00001", tenant_name="Mme Durand")
    browser.login("gardien.nord")
    browser.post(f"/taches/{report}/prendre")
    browser.post(f"/taches/{report}")
    page = browser.get("/dossiers/1").get_data(as_text=True)
    assert "Les Tilleuls, 77100 Meaux" in page and "Bâtiment A" in page and "Mme Durand" in page
    done, current = page.split('id="diagram-text"')[1].split("Étape en cours")
    assert "Signaler le désordre" in done and "Fait" in done
    assert "Chiffrer les travaux" in current and "En cours" in current
    assert 'data-source="/dossiers/1/diagramme"' in page and "build/viewer.js" in page
    assert 'role="region" aria-label="Schéma du processus' in page and "<figcaption" in page


def test_diagram_json_marks_the_current_and_done_steps(
    places: EngineContext, browser: Browser
) -> None:
    report = start(places, "repair_request", "N-1")
    browser.login("gardien.nord")
    first = browser.get("/dossiers/1/diagramme").get_json()
    assert first["current"] == ["report"] and first["done"] == []
    assert 'id="repair_request"' in first["xml"] and "<bpmn:userTask" in first["xml"]
    browser.post(f"/taches/{report}/prendre")
    browser.post(f"/taches/{report}")
    second = browser.get("/dossiers/1/diagramme").get_json()
    assert second["current"] == ["estimate"] and second["done"] == ["report"]


def test_another_territorys_case_and_diagram_answer_403(
    places: EngineContext, browser: Browser
) -> None:
    start(places, "repair_request", "S-1")
    browser.login("gardien.nord")
    page = browser.get("/dossiers/1")
    assert page.status_code == 403 and "S-1" not in page.get_data(as_text=True)
    assert browser.get("/dossiers/1/diagramme").status_code == 403
    assert browser.post("/dossiers/1/commentaires", {"body": "Bonjour"}).status_code == 403
    assert browser.get("/dossiers/99").status_code == 404


def test_comments_on_the_case_page(places: EngineContext, browser: Browser) -> None:
    start(places, "repair_request", "N-1")
    browser.login("tech.nord")
    added = browser.post("/dossiers/1/commentaires", {"body": "Devis demandé à l'entreprise."})
    assert added.status_code == 303 and added.headers["Location"].endswith(
        "/dossiers/1#commentaires"
    )
    page = browser.get("/dossiers/1").get_data(as_text=True)
    assert "Devis demandé à l&#39;entreprise." in page and "Commentaires (1)" in page
    browser.post("/dossiers/1/commentaires", {"body": "   "})
    page = browser.get("/dossiers/1").get_data(as_text=True)
    assert "Le commentaire est vide" in page and "Commentaires (1)" in page
    assert task_of(places, "report")
