"""The migration page between two versions of refurbishment: the renamed step, the dry run
listing a case of version 1 that can move, then the confirmed migration.

Version 2 is deployed here through the engine's service (no other browser test uses
refurbishment, so its version numbers are known).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from engine.config import PROJECT_ROOT
from engine.services.deploy import deploy
from engine.specs import load_model
from tests.browser.office import NORTH_DWELLING, Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
KEY = "refurbishment"
OLD_NAME = "Établir le dossier de consultation des entreprises"
NEW_NAME = "Établir le dossier de consultation (DCE)"


def deploy_version_2(office: Office) -> None:
    """refurbishment v2: one later step renamed, nothing else."""
    source = (PROJECT_ROOT / "bpmn" / f"{KEY}.bpmn").read_text(encoding="utf-8")
    assert source.count(f'name="{OLD_NAME}"') == 1
    xml = source.replace(f'name="{OLD_NAME}"', f'name="{NEW_NAME}"').encode()
    forms = office.ctx.forms.keys() if office.ctx.forms else None
    model = load_model(xml, filename=f"{KEY}.bpmn", form_keys=forms)
    deployed = deploy(office.ctx, model, "pilote")
    assert (deployed.version, deployed.created) == (2, True)


def test_migration_page_compares_and_moves_cases(
    office: Office, page_as: PageAs, screenshot: Shot, check_a11y: Callable[..., dict[str, Any]]
) -> None:
    case = office.start(KEY, NORTH_DWELLING, "tech.nord", business_key="REHA-MIGR-1")
    deploy_version_2(office)
    page = page_as("pilote")
    page.goto(f"/processus/{KEY}/versions/2/migration")
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1 vers version 2")
    expect(page.get_by_role("heading", name="Étapes modifiées (1)")).to_be_visible()
    expect(page.get_by_text(f"« {OLD_NAME} » devient « {NEW_NAME} »")).to_be_visible()
    cases = page.get_by_role("table", name=re.compile("^Dossiers de la version 1"))
    row = cases.get_by_role("row").filter(has_text="REHA-MIGR-1")
    expect(row).to_contain_text("Peut migrer")
    check_a11y(page, "migration")
    screenshot(page, "migration")

    page.get_by_label(re.compile("^Je confirme la migration")).check()
    page.get_by_role("button", name="Migrer les dossiers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultat de la migration")
    result = page.get_by_role("row").filter(has_text=f"#{case.instance_id}")
    expect(result).to_contain_text("Migré vers la version 2.")
    check_a11y(page, "migration result")
