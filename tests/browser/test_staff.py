"""Staff scenarios in a real browser: log in, the inbox, a task from claim to hand-over, 403."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from engine.clock import ManualClock
from tests.browser import forms
from tests.browser.office import NORTH_DWELLING, PASSWORD, SOUTH_DWELLING, Office

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
VALID_REGISTRATION = {
    "Canal": "Courrier",
    "Reçue le": "2026-03-02T08:30",
    "Locataire": "Mme Martin",
    "Lieu": "Logement",
    "Catégorie": "Plomberie",
    "Description": "Fuite sous l'évier de la cuisine depuis hier soir.",
}


def offered(page: Page, business_key: str) -> Locator:
    """The cards of the "À traiter" list about the case ``business_key``."""
    region = page.get_by_role("region", name=re.compile("^À traiter"))
    return region.locator("li.task").filter(has_text=business_key)


def test_log_in_through_the_form(page_as: PageAs, screenshot: Shot) -> None:
    page = page_as(None)
    page.goto("/taches")
    expect(page).to_have_url(re.compile(r"/connexion"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    screenshot(page, "login")
    page.get_by_label("Identifiant").fill("clientele.nord")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    expect(page.get_by_label("Identifiant")).to_have_value("clientele.nord")
    expect(page.get_by_label("Identifiant")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "login-error")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/taches$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    expect(page.get_by_text("clientele.nord", exact=True)).to_be_visible()


def test_inbox_lists_my_territorys_tasks_only(
    office: Office, page_as: PageAs, screenshot: Shot
) -> None:
    north = office.complaint("REC-INBOX-N").task_ids[0]
    south = office.complaint("REC-INBOX-S", SOUTH_DWELLING).task_ids[0]
    page = page_as("clientele.nord")
    card = offered(page, "REC-INBOX-N")
    expect(card.get_by_role("link", name="Enregistrer la réclamation")).to_have_attribute(
        "href", f"/taches/{north}"
    )
    expect(card).to_contain_text(NORTH_DWELLING)
    expect(card).to_contain_text("sans délai")
    expect(page.locator(f'a[href="/taches/{south}"]')).to_have_count(0)
    expect(page.get_by_text("REC-INBOX-S")).to_have_count(0)
    screenshot(page, "inbox")


def test_claim_then_invalid_then_valid_form_hands_the_case_on(
    office: Office, page_as: PageAs, screenshot: Shot
) -> None:
    case = office.complaint("REC-FLOW")
    register = case.task_ids[0]
    page = page_as("clientele.nord")
    offered(page, "REC-FLOW").get_by_role("button", name="Prendre").click()
    expect(page).to_have_url(re.compile(rf"/taches/{register}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer la réclamation")
    expect(page.get_by_role("status")).to_contain_text("Tâche prise.")

    # Invalid: no tenant, a description too short. Errors sit beside their fields, input kept.
    forms.fill(page, {**VALID_REGISTRATION, "Locataire": "", "Description": "Fui"})
    forms.submit(page)
    expect(page.get_by_text("Le formulaire contient des erreurs.").first).to_be_visible()
    form = forms.task_form(page)
    description = form.get_by_label(forms.field_name("Description"))
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(description).to_have_value("Fui")
    expect(description).to_have_accessible_description(re.compile("5"))
    tenant = form.get_by_label(forms.field_name("Locataire"))
    expect(tenant).to_have_attribute("aria-invalid", "true")
    expect(tenant).to_have_accessible_description(re.compile("obligatoire"))
    expect(form.get_by_label(forms.field_name("Canal"))).to_have_value("letter")
    expect(form.get_by_label("Logement", exact=True)).to_be_checked()
    assert office.task(case.instance_id, "Task_Register").id == register
    screenshot(page, "task-form-errors")

    # Valid: the case moves on and the officer lands on its next step, theirs too.
    forms.fill(page, VALID_REGISTRATION)
    forms.submit(page)
    qualify = office.task(case.instance_id, "Task_Qualify").id
    expect(page).to_have_url(re.compile(rf"/taches/{qualify}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualifier l'urgence")
    expect(page.get_by_role("status")).to_contain_text("Tâche terminée.")
    screenshot(page, "task-next")

    # Another customer officer of the north is offered it; the south and caretakers are not.
    colleague = page_as("clientele.nord.2")
    expect(offered(colleague, "REC-FLOW")).to_contain_text("Qualifier l'urgence")
    for outsider in ("clientele.sud", "gardien.nord"):
        expect(page_as(outsider).get_by_text("REC-FLOW")).to_have_count(0)

    # Qualified and found the landlord's: the north's technician gets the work order.
    forms.fill(page, {"Urgence": "U3 — sous 5 jours ouvrés", "Motif": "Fuite lente, contenue."})
    forms.submit(page)
    expect(page.get_by_role("status")).to_contain_text("Tâche terminée.")
    page.goto(f"/taches/{office.task(case.instance_id, 'Task_Responsibility').id}")
    forms.fill(page, {"Responsabilité": "Bailleur"})
    forms.submit(page)
    expect(page.get_by_role("status")).to_contain_text("Tâche terminée.")
    work_order = office.task(case.instance_id, "Task_WorkOrder")
    assert (work_order.candidate_role, work_order.territory) == ("asset_technician", "nord")
    technician = page_as("tech.nord")
    card = offered(technician, "REC-FLOW")
    expect(card.get_by_role("link", name="Commander l'intervention")).to_have_attribute(
        "href", f"/taches/{work_order.id}"
    )
    screenshot(technician, "inbox-technician")


def test_another_territorys_task_answers_403(
    office: Office, page_as: PageAs, screenshot: Shot
) -> None:
    case = office.complaint("REC-SECRET")
    task = case.task_ids[0]
    page = page_as("clientele.sud")
    response = page.goto(f"/taches/{task}")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.get_by_text("REC-SECRET")).to_have_count(0)
    expect(page.get_by_text(NORTH_DWELLING)).to_have_count(0)
    screenshot(page, "forbidden")


def test_sla_status_follows_the_engine_clock(
    office: Office, clock: ManualClock, page_as: PageAs, screenshot: Shot
) -> None:
    office.awaiting_acknowledgement("REC-LATE")
    page = page_as("clientele.nord")
    acknowledge = offered(page, "REC-LATE").filter(has_text="Accuser réception")
    expect(acknowledge).to_contain_text("dans les délais")

    clock.advance(timedelta(days=3))
    office.sweep()
    page.reload()
    expect(acknowledge).to_contain_text("en retard")
    screenshot(page, "inbox-late")
