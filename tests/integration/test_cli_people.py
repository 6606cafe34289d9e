"""``habiflow users set-password`` and ``habiflow tokens``: a fresh installation's access."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from admin.cli import main
from admin.cli_support import context
from engine.models import AuditEntry
from engine.services import api_tokens
from tests.conftest import FIXTURES

PASSWORD = "correct horse battery"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("HABIFLOW_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HABIFLOW_FORMS_DIR", str(FIXTURES / "forms"))
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


def run(cli: CliRunner, *args: str, stdin: str | None = None) -> Result:
    return cli.invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_the_first_administrator_gets_a_password_and_logs_in(cli: CliRunner) -> None:
    ctx = context()
    assert not api_tokens.verify_credentials(ctx, "admin", PASSWORD, "cli-test")
    done = run(cli, "users", "set-password", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.exit_code == 0, done.output
    assert "admin: password set" in done.stdout
    assert PASSWORD not in done.output  # the prompt never echoes it
    assert api_tokens.verify_credentials(ctx, "admin", PASSWORD, "cli-test")
    assert not api_tokens.verify_credentials(ctx, "admin", PASSWORD + "x", "cli-test")


def test_a_script_sets_a_password_from_stdin_and_bad_ones_are_refused(cli: CliRunner) -> None:
    run(cli, "users", "add", "dupont", "--role", "Gardien", "--territory", "nord")
    short = run(cli, "users", "set-password", "dupont", "--password-stdin", stdin="court\n")
    assert short.exit_code == 1
    assert short.stderr == "error: a password needs at least 12 characters\n"
    ghost = run(cli, "users", "set-password", "ghost", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert ghost.exit_code == 1 and ghost.stderr == "error: unknown user 'ghost'\n"
    ok = run(cli, "users", "set-password", "dupont", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert ok.exit_code == 0
    assert api_tokens.verify_credentials(context(), "dupont", PASSWORD, "cli-test")


def test_prompted_passwords_must_match(cli: CliRunner) -> None:
    result = run(cli, "users", "set-password", "admin", stdin=f"{PASSWORD}\nsomething else\n")
    assert result.exit_code != 0
    assert not api_tokens.verify_credentials(context(), "admin", PASSWORD, "cli-test")


def test_integration_token_created_listed_used_and_revoked(cli: CliRunner) -> None:
    created = run(
        cli, "tokens", "create", "extranet", "--scope", "tracking:read",
        "--scope", "cases:read", "--territory", "nord", "--days", "30",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    header, secret = created.stdout.splitlines()
    assert header.startswith("token 1 (extranet), expires ")
    principal = api_tokens.authenticate(context(), secret)
    assert principal.scopes == frozenset({"tracking:read", "cases:read"})
    assert principal.actor.territory == "nord"
    listed = run(cli, "tokens", "list").stdout.split("\t")
    assert listed[:4] == ["1", "extranet", "cases:read,tracking:read", "nord"]
    assert listed[-1] == "active\n" and secret not in "\t".join(listed)
    assert run(cli, "tokens", "revoke", "1").stdout == "token 1 revoked\n"
    assert run(cli, "tokens", "list").stdout.split("\t")[-1].startswith("revoked ")
    with pytest.raises(api_tokens.AuthenticationFailed):
        api_tokens.authenticate(context(), secret)
    with context().engine.connect() as conn:
        done = set(conn.scalars(select(AuditEntry.action).where(AuditEntry.actor == "system")))
    assert {"api_token_issued", "api_token_revoked"} <= done


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tokens", "create", "x", "--scope", "everything"), "Invalid value for '--scope'"),
        (("tokens", "create", "x", "--scope", "cases:read", "--days", "0"), "Invalid value"),
        (("tokens", "revoke", "9"), "error: token 9 does not exist"),
    ],
)
def test_token_errors_are_clear(cli: CliRunner, args: tuple[str, ...], message: str) -> None:
    result = run(cli, *args)
    assert result.exit_code != 0
    assert message in result.stderr
