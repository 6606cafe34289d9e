"""Publishing from the modeler: the problems come back in the page's language, with a code."""

from __future__ import annotations

import pytest
from werkzeug.test import TestResponse

from engine.runtime import EngineContext
from tests.api.conftest import add_login
from tests.conftest import ENGINE_BPMN
from tests.web.conftest import Browser

REPAIR = (ENGINE_BPMN / "repair_request.bpmn").read_bytes()
UNKNOWN_FORM = REPAIR.replace(b'<hf:form key="estimate"/>', b'<hf:form key="devis_v9"/>')


@pytest.fixture
def owner(api_ctx: EngineContext, browser: Browser) -> Browser:
    add_login(api_ctx, "pilote", ["process_owner"], None)
    browser.login("pilote")
    browser.get("/processus")
    return browser


def publish(browser: Browser, xml: bytes) -> TestResponse:
    return browser.client.post(
        "/processus/repair_request/publier",
        data=xml,
        content_type="application/xml",
        headers={"X-CSRFToken": browser.token},
    )


def refused(browser: Browser, xml: bytes) -> dict[str, dict[str, object]]:
    answer = publish(browser, xml)
    assert answer.status_code == 422
    return {problem["code"]: problem for problem in answer.get_json()["problems"]}


def test_problems_are_in_french_by_default(owner: Browser) -> None:
    problem = refused(owner, UNKNOWN_FORM)["form_unknown"]
    assert problem["message"] == (
        "hf:form «\u00a0devis_v9\u00a0» n'est pas un formulaire connu "
        "(formulaires connus\u00a0: estimate)"
    )
    assert problem["element_id"] and isinstance(problem["line"], int)


def test_problems_are_in_english_when_the_page_is(owner: Browser) -> None:
    owner.post("/langue", {"lang": "en", "next": "/processus"})
    problem = refused(owner, UNKNOWN_FORM)["form_unknown"]
    assert problem["message"] == "hf:form 'devis_v9' is not a known form (known forms: estimate)"


@pytest.mark.parametrize(
    ("xml", "code", "french"),
    [
        (b"", "file_empty", "fichier vide\u00a0: il ne contient pas de XML"),
        (b"<bpmn:definitions", "xml_malformed_at_column", "XML mal formé\u00a0: "),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "a">]>\n<d/>',
            "doctype_refused",
            "les déclarations DOCTYPE sont interdites",
        ),
        (
            REPAIR.replace(b'id="repair_request"', b'id="other"'),
            "process_key_mismatch",
            "le processus exécutable est «\u00a0other\u00a0» mais cette page publie",
        ),
        (
            REPAIR.replace(b"<bpmn:flowNodeRef>approve</bpmn:flowNodeRef>", b""),
            "task_without_role",
            "la tâche utilisateur «\u00a0",
        ),
    ],
    ids=["empty", "malformed", "doctype", "other process", "no role"],
)
def test_each_refusal_is_said_in_french(owner: Browser, xml: bytes, code: str, french: str) -> None:
    assert str(refused(owner, xml)[code]["message"]).startswith(french)
