"""The habiflow command line, driven as a person would, on a SQLite file."""

from __future__ import annotations

import os
import re
import selectors
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from admin.cli import main
from tests.conftest import ENGINE_BPMN, FIXTURES


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("HABIFLOW_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HABIFLOW_FORMS_DIR", str(FIXTURES / "forms"))
    return CliRunner()


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args), catch_exceptions=False)


def test_deploy_start_claim_complete_show(cli: CliRunner) -> None:
    assert run(cli, "init").exit_code == 0
    model = str(ENGINE_BPMN / "repair_request.bpmn")
    assert run(cli, "deploy", model).output == "repair_request v1\n"
    assert run(cli, "deploy", model).output == "repair_request v1 (unchanged)\n"
    assert run(cli, "deploy", "--check", model).output == "repair_request ok\n"
    run(cli, "users", "add", "dupont", "--role", "Gardien", "--territory", "nord")
    run(cli, "users", "add", "martin", "--role", "Technicien patrimoine")
    started = run(
        cli,
        "start",
        "repair_request",
        "--business-key",
        "REC-1",
        "--data",
        '{"dwelling": "B12-034"}',
        "--user",
        "dupont",
    )
    assert started.output == "case 1 started (repair_request v1, running)\n"
    listing = run(cli, "tasks", "--user", "dupont").output
    assert "Signaler le désordre" in listing and "caretaker" in listing
    # Due date shown in Europe/Paris as dd/mm/yyyy HH:MM (an SLA deadline ends at midnight).
    assert re.fullmatch(r"\d\d/\d\d/\d{4} 00:00", listing.split("\t")[5])
    assert run(cli, "claim", "1", "--user", "dupont").exit_code == 0
    done = run(cli, "complete", "1", "--user", "dupont")
    assert done.output == "task 1 completed; case 1 running; next tasks: 2\n"
    bad = run(cli, "complete", "2", "--user", "martin", "--data", '{"amount": -5}')
    assert bad.exit_code == 1
    assert "error: amount: doit être supérieur ou égal à 0" in bad.stderr
    assert "error: works_level: ce champ est obligatoire" in bad.stderr
    shown = run(cli, "show", "1").output
    assert "case 1: repair_request v1 — running" in shown
    assert "2 Chiffrer les travaux [asset_technician] open" in shown
    assert "dupont task_claimed task 1" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("start", "nope"), "error: no process is deployed under the key 'nope'"),
        (("complete", "99", "--user", "admin"), "error: task 99 does not exist"),
        (("claim", "1", "--user", "ghost"), "error: unknown user 'ghost'"),
        (("start", "x", "--data", "[1]"), "error: --data must be a JSON object"),
        (("start", "x", "--data", "{"), "error: --data is not valid JSON"),
        (("show", "7"), "error: case 7 does not exist"),
    ],
)
def test_errors_are_one_line_and_non_zero(
    cli: CliRunner, args: tuple[str, ...], message: str
) -> None:
    run(cli, "init")
    result = run(cli, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stdout


def test_invalid_models_are_refused_with_one_line_per_problem(
    cli: CliRunner, tmp_path: Path
) -> None:
    run(cli, "init")
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<definitions>")
    hostile = tmp_path / "hostile.bpmn"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    result = run(cli, "deploy", str(broken), str(hostile), str(ENGINE_BPMN / "failing_script.bpmn"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}: line 1")
    assert lines[1].startswith(f"{hostile}: ") and "DOCTYPE" in lines[1]
    assert result.stdout == "failing_script v1\n"
    assert run(cli, "deploy", str(broken)).exit_code == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_gunicorn(tmp_path: Path) -> None:
    env = {**os.environ, "HABIFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    subprocess.run(
        [sys.executable, "-m", "admin.cli", "init"], env=env, check=True, capture_output=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "admin.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(server.stderr, selectors.EVENT_READ)
        seen = ""
        deadline = time.monotonic() + 30
        while "Booting worker" not in seen and time.monotonic() < deadline:
            if selector.select(timeout=deadline - time.monotonic()):
                seen += server.stderr.readline()
        assert "gunicorn" in seen.lower() and "Booting worker" in seen, seen
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as reply:
            assert reply.status == 200
            assert b'"status":"ok"' in reply.read().replace(b" ", b"")
    finally:
        server.terminate()
        server.wait(timeout=30)
