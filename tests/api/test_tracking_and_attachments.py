"""A tenant follows a request by its public reference; photos and PDFs on tasks."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import Api, integration, start

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"x" * 100


def test_tracking_tells_milestones_without_personal_data(
    client: FlaskClient, as_user: Callable[[str], Api]
) -> None:
    gardien = as_user("gardien.nord")
    created = start(gardien, business_key="REC-1", data={"tenant_name": "Mme Dupont"})
    task = created["task_ids"][0]
    gardien.post(f"/api/v1/tasks/{task}/claim")
    gardien.post(f"/api/v1/tasks/{task}/comments", json={"body": "Mme Dupont absente"})
    gardien.post(f"/api/v1/tasks/{task}/complete", json={"data": {}})
    extranet = integration(client, as_user("admin"), ["tracking:read"], None)
    response = extranet.get(f"/api/v1/tracking/{created['public_ref']}")
    assert response.status_code == 200
    seen = response.get_json()
    assert seen["status_label"] == "En cours de traitement"
    assert seen["current_steps"] == ["Chiffrer les travaux"]
    assert [m["label"] for m in seen["milestones"]] == [
        "Demande enregistrée",
        "« Signaler le désordre » : prise en charge",
        "« Signaler le désordre » : terminée",
    ]
    text = json.dumps(seen)
    for secret in ("gardien", "Dupont", "REC-1", "nord", "N-1"):
        assert secret not in text
    assert "id" not in seen
    assert extranet.get("/api/v1/tracking/" + "A" * 43).status_code == 404
    assert extranet.get("/api/v1/tracking/short").status_code == 404
    assert (
        as_user("gardien.nord").get(f"/api/v1/tracking/{created['public_ref']}").status_code == 200
    )
    no_scope = integration(client, as_user("admin"), ["cases:read"], None)
    assert no_scope.get(f"/api/v1/tracking/{created['public_ref']}").status_code == 403


def _upload(api: Api, task: int, content: bytes, name: str, mimetype: str) -> object:
    return api.client.post(
        f"/api/v1/tasks/{task}/attachments",
        headers=api.headers(),
        data={"file": (BytesIO(content), name, mimetype)},
        content_type="multipart/form-data",
    )


def test_photos_upload_and_download_only_within_the_case(
    app: Flask, as_user: Callable[[str], Api], tmp_path: Path
) -> None:
    gardien = as_user("gardien.nord")
    task = start(gardien)["task_ids"][0]
    response = _upload(gardien, task, JPEG, "../../etc/fuite évier.jpg", "image/jpeg")
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert photo["filename"] == "fuite évier.jpg" and photo["size"] == len(JPEG)
    stored = list((tmp_path / "attachments").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == JPEG
    assert stored[0].name != photo["filename"] and stored[0].stat().st_mode & 0o077 == 0
    assert _upload(gardien, task, PDF, "rapport.pdf", "application/pdf").status_code == 201
    listed = gardien.get(f"/api/v1/tasks/{task}/attachments").get_json()["items"]
    assert [a["content_type"] for a in listed] == ["image/jpeg", "application/pdf"]
    download = gardien.get(f"/api/v1/attachments/{photo['id']}")
    assert download.status_code == 200 and download.data == JPEG
    assert download.headers["Content-Type"] == "image/jpeg"
    assert "attachment" in download.headers["Content-Disposition"]
    assert as_user("gardien.sud").get(f"/api/v1/attachments/{photo['id']}").status_code == 403
    assert as_user("gardien.sud").get(f"/api/v1/tasks/{task}/attachments").status_code == 403
    assert _upload(as_user("gardien.sud"), task, JPEG, "a.jpg", "image/jpeg").status_code == 403


def test_wrong_types_and_large_files_are_refused(as_user: Callable[[str], Api]) -> None:
    gardien = as_user("gardien.nord")
    task = start(gardien)["task_ids"][0]
    exe = _upload(gardien, task, b"MZ\x90\x00", "virus.exe", "application/octet-stream")
    assert exe.status_code == 415 and exe.mimetype == "application/problem+json"
    liar = _upload(gardien, task, b"MZ\x90\x00" * 10, "photo.jpg", "image/jpeg")
    assert liar.status_code == 415
    big = _upload(gardien, task, JPEG + b"\x00" * (10 * 1024 * 1024), "big.jpg", "image/jpeg")
    assert big.status_code == 413 and big.get_json()["status"] == 413
    not_multipart = gardien.post(f"/api/v1/tasks/{task}/attachments", json={"file": "x"})
    assert not_multipart.status_code == 415
    missing = gardien.client.post(
        f"/api/v1/tasks/{task}/attachments",
        headers=gardien.headers(),
        data={"other": "x"},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 400
    assert gardien.get("/api/v1/attachments/9999").status_code == 404


def test_a_completed_task_takes_no_more_files(as_user: Callable[[str], Api]) -> None:
    gardien = as_user("gardien.nord")
    report = start(gardien)["task_ids"][0]
    assert _upload(gardien, report, JPEG, "avant.jpg", "image/jpeg").status_code == 201
    done = gardien.post(f"/api/v1/tasks/{report}/complete", json={"data": {}})
    assert done.status_code == 200
    assert _upload(gardien, report, JPEG, "après.jpg", "image/jpeg").status_code == 403
    assert len(gardien.get(f"/api/v1/tasks/{report}/attachments").get_json()["items"]) == 1
