"""The Flask app factory: status page and health check on a real database."""

from __future__ import annotations

from pathlib import Path

from admin.app import create_app
from admin.wiring import context_for
from engine.config import Settings
from engine.db import make_engine
from engine.schema import upgrade
from engine.services.deploy import deploy
from engine.specs import load_model
from tests.conftest import ENGINE_BPMN, FIXTURES


def test_index_lists_deployed_processes(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.sqlite3'}", broker_url=None,
        var_dir=tmp_path, bpmn_dir=ENGINE_BPMN, forms_dir=FIXTURES / "forms",
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    app = create_app({"HABIFLOW_SETTINGS": settings, "TESTING": True})
    client = app.test_client()
    assert "Aucun processus déployé" in client.get("/").get_data(as_text=True)
    path = ENGINE_BPMN / "repair_request.bpmn"
    deploy(context_for(settings), load_model(path.read_bytes(), filename=path.name), "owner")
    page = client.get("/").get_data(as_text=True)
    assert "Demande de réparation (repair_request, v1)" in page
    assert client.get("/healthz").get_json() == {"status": "ok", "definitions": 1}
