"""``habiflow users`` and ``habiflow tokens``: the operator's access to people and API tokens.

Whoever runs these commands holds the server's configuration (its database URL), so they act
as the system administrator, and every change is audited as ``system``. A fresh installation
needs them: the first administrator gets a password here, and other systems their
integration tokens (also available to administrators through the API).
"""

from __future__ import annotations

import sys
from datetime import timedelta

import click

from admin.cli_support import context, fails_cleanly, local_time
from engine.actors import SYSTEM_ACTOR
from engine.services import api_tokens, people, people_admin


@click.group()
def users() -> None:
    """Manage people."""


@users.command(name="add")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="Role key or label.")
@click.option("--territory")
@click.option("--name", "display_name")
@fails_cleanly
def add_user(
    username: str, roles: tuple[str, ...], territory: str | None, display_name: str | None
) -> None:
    """Create or update a person with roles and a territory."""
    actor = people.add_person(
        context(), username, roles, display_name=display_name, territory=territory
    )
    click.echo(
        f"{actor.username}: {', '.join(sorted(actor.roles))} "
        f"({actor.territory or 'all territories'})"
    )


@users.command(name="set-password")
@click.argument("username")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
@fails_cleanly
def set_password(username: str, password_stdin: bool) -> None:
    """Give a person a password (asked twice, never echoed; stored as a scrypt hash)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, err=True, type=str
        )
    people_admin.set_password(context(), SYSTEM_ACTOR, username, password)
    click.echo(f"{username}: password set")


@click.group()
def tokens() -> None:
    """Integration tokens for other systems (the tenant extranet, a call centre...)."""


@tokens.command(name="create")
@click.argument("name")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(sorted(api_tokens.SCOPES)),
    help="What the token may do (repeat the option).",
)
@click.option("--territory", help="Limit the token to one territory's cases.")
@click.option("--days", default=365, show_default=True, type=click.IntRange(min=1))
@fails_cleanly
def create_token(name: str, scopes: tuple[str, ...], territory: str | None, days: int) -> None:
    """Create a token; its secret is printed once, only its SHA-256 is stored."""
    issued = api_tokens.create_integration_token(
        context(), SYSTEM_ACTOR, name, scopes, territory=territory, lifetime=timedelta(days=days)
    )
    click.echo(f"token {issued.id} ({issued.name}), expires {local_time(issued.expires_at)}")
    click.echo(issued.secret)


@tokens.command(name="list")
@fails_cleanly
def list_tokens() -> None:
    """Integration tokens: id, name, scopes, territory, expiry, revoked or not."""
    for token in api_tokens.list_integration_tokens(context(), SYSTEM_ACTOR):
        state = f"revoked {local_time(token.revoked_at)}" if token.revoked_at else "active"
        click.echo(
            "\t".join(
                (
                    str(token.id),
                    token.name,
                    ",".join(sorted(token.scopes)),
                    token.territory or "all territories",
                    f"expires {local_time(token.expires_at)}",
                    state,
                )
            )
        )


@tokens.command(name="revoke")
@click.argument("token_id", type=int)
@fails_cleanly
def revoke_token(token_id: int) -> None:
    """Revoke a token at once: the next request presenting it is refused."""
    api_tokens.revoke(context(), token_id, SYSTEM_ACTOR)
    click.echo(f"token {token_id} revoked")
