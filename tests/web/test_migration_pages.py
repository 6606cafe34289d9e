"""The migration pages: diff and dry run, confirmed apply, CSRF, process owners only."""

from __future__ import annotations

import html

import pytest

from engine.actors import Actor
from engine.runtime import EngineContext
from engine.services import instances, queries, tasks
from tests.api.conftest import add_login
from tests.conftest import FIXTURES, deploy_fixture
from tests.web.conftest import Browser

ADMIN = Actor("admin", frozenset({"admin"}))
PAGE = "/processus/version_change/versions/2/migration"


@pytest.fixture
def cases(api_ctx: EngineContext) -> dict[str, int]:
    """A process owner; three north cases of v1 (first step, second step, removed step), v2."""
    add_login(api_ctx, "owner.nord", ["process_owner"], "nord")
    deploy_fixture(api_ctx, "version_change_v1", FIXTURES / "bpmn")
    ids = {}
    for name, steps in (("REQ-1", []), ("REQ-2", ["receive"]), ("REQ-3", ["receive", "check"])):
        case_id = instances.start_instance(
            api_ctx, "version_change", ADMIN, place_ref="N-1", business_key=name
        ).instance_id
        for step in steps:
            [task] = [t for t in _open(api_ctx, case_id) if t.bpmn_id == step]
            tasks.complete(api_ctx, task.id, ADMIN, {})
        ids[name] = case_id
    deploy_fixture(api_ctx, "version_change_v2", FIXTURES / "bpmn")
    return ids


def _open(ctx: EngineContext, case_id: int) -> list[queries.TaskView]:
    return list(queries.show_instance(ctx, case_id, ADMIN).open_tasks)


def _text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def test_the_dry_run_page_shows_the_diff_counts_and_reasons(
    browser: Browser, cases: dict[str, int]
) -> None:
    browser.login("owner.nord")
    response = browser.get(PAGE)
    page = _text(response)
    assert response.status_code == 200
    assert "version 1 vers version 2" in page
    assert "« Enregistrer la demande » devient « Enregistrer la réclamation »" in page
    assert "Archiver le dossier" in page  # the removed step
    assert "<strong>2</strong> dossiers peuvent migrer" in page
    assert "<strong>1</strong> dossier ne peut pas migrer" in page
    reason = "L'étape en cours « Archiver le dossier » n'existe plus dans la nouvelle version."
    assert reason in page
    assert all(name in page for name in cases)
    assert 'name="csrf_token"' in page and 'name="confirm"' in page


def test_apply_needs_the_confirmation_then_moves_the_cases(
    api_ctx: EngineContext, browser: Browser, cases: dict[str, int]
) -> None:
    browser.login("owner.nord")
    browser.get(PAGE)
    unconfirmed = browser.post(PAGE, {"from": "1", "to": "2"})
    assert unconfirmed.status_code == 422
    page = _text(unconfirmed)
    assert 'aria-describedby="confirm-error"' in page and 'id="confirm-error"' in page
    assert queries.show_instance(api_ctx, cases["REQ-1"], ADMIN).version == 1

    done = browser.post(PAGE, {"from": "1", "to": "2", "confirm": "yes"})
    page = _text(done)
    assert done.status_code == 200
    assert "<strong>2</strong> dossiers migrés" in page
    assert "<strong>1</strong> dossier ne peut pas migrer" in page
    versions = {n: queries.show_instance(api_ctx, i, ADMIN).version for n, i in cases.items()}
    assert versions == {"REQ-1": 2, "REQ-2": 2, "REQ-3": 1}
    assert [t.title for t in _open(api_ctx, cases["REQ-1"])] == ["Enregistrer la réclamation"]


def test_apply_without_csrf_token_is_refused(
    api_ctx: EngineContext, browser: Browser, cases: dict[str, int]
) -> None:
    browser.login("owner.nord")
    response = browser.client.post(PAGE, data={"confirm": "yes"})
    assert response.status_code == 400
    assert queries.show_instance(api_ctx, cases["REQ-1"], ADMIN).version == 1


def test_other_staff_get_403_and_visitors_go_to_log_in(
    browser: Browser, cases: dict[str, int]
) -> None:
    assert browser.get(PAGE).status_code == 302
    browser.login("rt.nord")
    assert browser.get(PAGE).status_code == 403
    refused = browser.post(PAGE, {"confirm": "yes"})
    assert refused.status_code == 403 and "REQ-1" not in _text(refused)


def test_other_versions_by_query_and_unknown_ones(browser: Browser, cases: dict[str, int]) -> None:
    browser.login("admin")
    backwards = _text(browser.get(f"{PAGE}?from=2&to=1"))
    assert "version 2 vers version 1" in backwards
    assert "Aucun dossier en cours sur la version 2." in backwards
    assert browser.get("/processus/version_change/versions/9/migration").status_code == 404
    assert browser.get("/processus/version_change/versions/1/migration").status_code == 404
    assert browser.get(f"{PAGE}?from=abc").status_code == 400


def test_a_territorys_owner_sees_only_its_cases(
    api_ctx: EngineContext, browser: Browser, cases: dict[str, int]
) -> None:
    south = instances.start_instance(
        api_ctx, "version_change", ADMIN, place_ref="S-1", business_key="SUD-1"
    ).instance_id
    browser.login("owner.nord")
    assert "SUD-1" not in _text(browser.get(f"{PAGE}?from=2&to=1"))
    browser.get(PAGE)
    browser.post(f"{PAGE}?from=2&to=1", {"confirm": "yes"})
    assert queries.show_instance(api_ctx, south, ADMIN).version == 2


def test_the_page_speaks_english(browser: Browser, cases: dict[str, int]) -> None:
    browser.login("owner.nord")
    browser.get(PAGE)
    browser.post("/langue", {"lang": "en", "next": PAGE})
    page = _text(browser.get(PAGE))
    assert "2</strong> cases can move" in page
    assert "The current step “Archiver le dossier” no longer exists in the new version." in page
