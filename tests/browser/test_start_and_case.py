"""Starting a case from /nouveau, then its case page (diagram with the current step marked,
and the steps as text); on the phone, the start pages and a task with a photo field that
takes a picture and lists it once uploaded."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.office import NORTH_DWELLING

PageAs = Callable[[str | None], Page]
Shot = Callable[[Page, str], Path]
Axe = Callable[..., dict[str, Any]]
Check = Callable[[Page], None]
PROCESS = "Réclamation d'un locataire"
FIRST_STEP = "Enregistrer la réclamation"


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A valid red RGB PNG, small enough to upload in no time."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def start_complaint(page: Page, note: str) -> None:
    """From /nouveau: pick the complaint process, give a north dwelling and start it."""
    page.goto("/nouveau")
    page.get_by_role("link", name=PROCESS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nouveau dossier : {PROCESS}")
    page.get_by_label(re.compile("^Lieu")).fill(NORTH_DWELLING)
    page.get_by_label("Note").fill(note)


def test_start_a_complaint_then_see_its_case(
    page_as: PageAs, screenshot: Shot, check_a11y: Axe
) -> None:
    page = page_as("clientele.nord")
    page.goto("/nouveau")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau dossier")
    check_a11y(page, "start choose")
    start_complaint(page, "Appel de Mme Petit : porte palière bloquée.")
    check_a11y(page, "start form")
    screenshot(page, "start")
    page.get_by_role("button", name="Démarrer le dossier").click()

    expect(page).to_have_url(re.compile(r"/taches/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_STEP)
    expect(page.get_by_role("button", name="Terminer la tâche")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^#\d+$")).click()  # the case, no reference yet
    expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Dossier #\d+$"))
    current = page.locator('#diagram [data-element-id="Task_Register"]')
    expect(current).to_have_class(re.compile(r"\bhf-current\b"))
    expect(page.locator("#diagram .hf-badge-current")).to_have_text("En cours")
    steps = page.locator("#diagram-text")
    expect(steps.get_by_role("heading", name="Étape en cours")).to_be_visible()
    expect(steps.locator(".steps-current li")).to_contain_text(f"En cours {FIRST_STEP}")
    expect(steps.get_by_text("Aucune étape terminée.")).to_be_visible()
    expect(page.get_by_text(NORTH_DWELLING).first).to_be_visible()
    expect(page.get_by_text("Appel de Mme Petit")).to_be_visible()
    check_a11y(page, "case")
    screenshot(page, "case")


def test_start_and_a_photo_on_the_phone(
    phone_page_as: PageAs,
    screenshot: Shot,
    no_horizontal_scroll: Check,
    touch_targets_ok: Check,
    tmp_path: Path,
) -> None:
    page = phone_page_as("clientele.nord")
    page.goto("/nouveau")
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    start_complaint(page, "Photo de la fuite prise sur place.")
    no_horizontal_scroll(page)
    touch_targets_ok(page)
    screenshot(page, "start")
    page.get_by_role("button", name="Démarrer le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_STEP)

    photos = page.get_by_role("group", name=re.compile("^Photos"))
    picker = photos.get_by_label("Prendre ou choisir des photos")
    expect(picker).to_have_attribute("accept", "image/*")
    expect(picker).to_have_attribute("capture", "environment")
    no_horizontal_scroll(page)
    touch_targets_ok(page)

    photo = tmp_path / "fuite.png"
    photo.write_bytes(tiny_png())
    picker.set_input_files(photo)
    # Shrunk and re-encoded as JPEG on the phone (upload.js), then listed with its reference.
    stored = photos.locator(".file-refs li")
    expect(stored).to_have_count(1)
    expect(stored.get_by_role("link")).to_have_text("fuite.jpg")
    expect(stored.locator('input[type="hidden"]')).to_have_value(
        re.compile(r"^/pieces-jointes/\d+$")
    )
    expect(photos.get_by_role("status")).to_contain_text("fuite.jpg")
    no_horizontal_scroll(page)
    screenshot(page, "task-photo")
