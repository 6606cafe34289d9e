"""The process owners' pages in a real browser: the list and a version's diagram, and the
modeler: publish problems listed and marked on the diagram, the hf: panel writing role, form
and SLA into the XML the engine then accepts. Nothing is deployed into the shared office: the
modeler is fed a model through a routed request, and the fixed model is checked from its
download."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, expect

from engine.specs import load_model
from tests.browser.office import Office
from tests.conftest import FIXTURES

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
KEY = "essai_modeleur"
SOURCE = (
    (FIXTURES / "bpmn" / "three_step_approval.bpmn")
    .read_bytes()
    .replace(b"three_step_approval", KEY.encode())
)
FORMS = {"Task_Report": "complaint_registration", "Task_Review": "complaint_diagnosis"}


def serve_source(route: Route) -> None:
    route.fulfill(body=SOURCE, content_type="application/xml")


def test_list_and_version_page(
    page_as: PageAs, screenshot: Shot, check_a11y: Callable[..., dict[str, Any]]
) -> None:
    page = page_as("pilote")
    page.goto("/processus")
    expect(page.get_by_role("heading", level=1)).to_have_text("Modèles de processus")
    expect(page.get_by_role("table", name="Versions de tenant_complaint")).to_be_visible()
    check_a11y(page, "process list")
    screenshot(page, "processes")
    page.get_by_role("link", name="v1 tenant_complaint").click()
    expect(page.locator("#diagram .djs-container")).to_be_visible()
    pool = page.locator('#diagram [data-element-id="Participant_tenant_complaint"]')
    expect(pool).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Étapes"))).to_be_visible()
    check_a11y(page, "process version")
    screenshot(page, "process-version")


def test_phone_list_fits(
    phone_page_as: PageAs, no_horizontal_scroll: Callable[[Page], None], screenshot: Shot
) -> None:
    page = phone_page_as("pilote")
    page.goto("/processus")
    no_horizontal_scroll(page)
    screenshot(page, "processes-phone")


def test_modeler_lists_problems_and_the_panel_fixes_them(
    office: Office,
    page_as: PageAs,
    screenshot: Shot,
    check_a11y: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> None:
    page = page_as("pilote")
    page.route(f"**/processus/{KEY}/source.bpmn*", serve_source)
    page.goto(f"/processus/{KEY}/modeler")
    expect(page.locator('[data-element-id="Task_Report"]')).to_be_visible()
    expect(page.locator(".bjsl-button")).to_be_visible()  # bpmnlint's summary

    page.get_by_role("button", name="Publier une nouvelle version").click()
    problems = page.get_by_role("alert").filter(has_text="problèmes à corriger")
    expect(problems).to_be_focused()
    expect(problems.locator("li")).to_have_count(3)
    expect(page.locator(".djs-element.hf-problem")).to_have_count(3)
    expect(page.locator(".hf-problem-badge")).to_have_count(3)
    check_a11y(page, "modeler with problems")
    screenshot(page, "modeler-problems")
    problems.get_by_role("button", name="Aller à Task_Review").click()
    expect(page.get_by_label("Formulaire")).to_have_value("")  # unknown key: no option

    for task, form in FORMS.items():
        page.locator(f'[data-element-id="{task}"]').click()
        page.get_by_label("Formulaire").select_option(form)
    page.locator('[data-element-id="Task_Approve"]').click()
    page.get_by_label("Formulaire").select_option("")
    page.get_by_label("Rôle").select_option("territorial_manager")
    duration = page.get_by_label("Durée")
    duration.fill("5 jours")
    duration.press("Tab")
    expect(duration).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Durée invalide")).to_be_visible()
    duration.fill("P3D")
    duration.press("Tab")
    expect(duration).to_have_attribute("aria-invalid", "false")
    page.get_by_label("Décompte").select_option("business")
    screenshot(page, "modeler-panel")

    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le XML BPMN").click()
    saved = tmp_path / "model.bpmn"
    download.value.save_as(saved)
    xml = saved.read_bytes()
    model = load_model(xml, filename=f"{KEY}.bpmn", form_keys=office.ctx.forms.keys())  # type: ignore[union-attr]
    approve = model.tasks["Task_Approve"]
    assert (approve.role, approve.form_key) == ("territorial_manager", None)
    assert approve.sla is not None and str(approve.sla.duration) == "P3D"
    assert model.tasks["Task_Report"].form_key == "complaint_registration"
