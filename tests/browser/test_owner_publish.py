"""A process owner renames a step in the modeler and publishes the real construction model:
version 2 of construction_supervision, deployed by "pilote", is then in the process list.

This is the only browser test that publishes construction_supervision (the others use
tenant_complaint, vacancy_turnaround or refurbishment), so its version numbers are known.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from engine.services.process_overview import version_xml
from engine.specs import load_model
from tests.browser.office import Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
KEY = "construction_supervision"
TASK = "Task_Visa"  # mid-diagram, clear of the palette
NEW_NAME = "Viser les plans d'exécution"


def test_owner_renames_a_step_and_publishes_version_2(
    office: Office, page_as: PageAs, screenshot: Shot, check_a11y: Callable[..., dict[str, Any]]
) -> None:
    page = page_as("pilote")
    page.goto(f"/processus/{KEY}/modeler")
    task = page.locator(f'#canvas [data-element-id="{TASK}"]')
    expect(task).to_be_visible()

    task.click()
    name = page.get_by_label("Nom", exact=True)
    expect(name).to_have_value("Viser les études d'exécution")
    name.fill(NEW_NAME)
    name.press("Tab")
    expect(task).to_contain_text("plans")  # the canvas label follows the panel

    page.get_by_role("button", name="Publier une nouvelle version").click()
    status = page.get_by_role("status").filter(has_text="publiée")
    expect(status).to_contain_text("Version 2 publiée.")
    expect(status.get_by_role("link", name="Voir la version")).to_have_attribute(
        "href", f"/processus/{KEY}/v2"
    )
    expect(page.locator("#problems")).to_be_hidden()
    # axe on the modeler page, a heavy one, runs in test_process_modeler.py; once is enough.
    screenshot(page, "modeler")
    published = load_model(version_xml(office.ctx, KEY, 2), filename=f"{KEY}.bpmn")
    assert published.tasks[TASK].name == NEW_NAME

    page.goto("/processus")
    versions = page.get_by_role("table", name=f"Versions de {KEY}")
    newest = versions.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"v2 {KEY}", exact=True)
    )
    expect(newest).to_have_count(1)
    expect(newest.get_by_role("cell").nth(1)).to_have_text("pilote")
    original = versions.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"v1 {KEY}", exact=True)
    )
    expect(original.get_by_role("cell").nth(1)).to_have_text("admin")
    check_a11y(page, "process list after publishing")
