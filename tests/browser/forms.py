"""Fill a task's form as a person would: by the visible labels of its fields and choices."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

SUBMIT = "Terminer la tâche"


def task_form(page: Page) -> Locator:
    """The form whose button is "Terminer la tâche"."""
    return page.locator("form").filter(has=page.get_by_role("button", name=SUBMIT))


def field_name(label: str) -> re.Pattern[str]:
    """A field's accessible name: its label, maybe followed by "(obligatoire)"."""
    return re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$")


def fill(page: Page, values: dict[str, str]) -> None:
    """``{"Canal": "Courrier", "Lieu": "Logement", "Description": "..."}``: text fields are
    typed, selects get the option with that text, radio groups get the choice with that text."""
    form = task_form(page)
    for label, value in values.items():
        group = form.get_by_role("radiogroup", name=field_name(label)).or_(
            form.get_by_role("group", name=field_name(label))
        )
        if group.count():
            group.get_by_label(value, exact=True).check()
            continue
        field = form.get_by_label(field_name(label))
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def submit(page: Page) -> None:
    task_form(page).get_by_role("button", name=SUBMIT).click()
