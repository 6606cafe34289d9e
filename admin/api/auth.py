"""Tokens: log in for a personal token, log out, and integration tokens (admins)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from flask import request
from pydantic import Field

from admin.api.problems import ApiProblem
from admin.api.registry import Call, Registry, Reply, engine_context
from admin.api.types import WHOLE, Name, OptionalName, RequestBody, Resource, Secret
from engine.actors import Actor
from engine.services import api_tokens

Scope = Literal[
    "cases:create", "cases:read", "cases:cancel", "tasks:read", "tasks:write", "tracking:read"
]


class TokenRequest(RequestBody):
    username: Name
    password: Secret


class TokenIssued(Resource):
    access_token: str = Field(description="shown once: keep it secret")
    token_type: Literal["Bearer"] = "Bearer"
    expires_at: datetime
    scopes: list[str]


class Me(Resource):
    username: str
    roles: list[str]
    territory: str | None
    scopes: list[str]
    personal: bool


class IntegrationTokenRequest(RequestBody):
    name: Name
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=6)]
    territory: OptionalName | None = None
    expires_in_days: Annotated[Annotated[int, Field(ge=1, le=3650)], WHOLE] = 365


class IntegrationTokenIssued(Resource):
    id: int
    name: str
    token: str = Field(description="shown once: keep it secret")
    scopes: list[str]
    territory: str | None
    expires_at: datetime


class IntegrationToken(Resource):
    id: int
    name: str
    scopes: list[str]
    territory: str | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class IntegrationTokenList(Resource):
    items: list[IntegrationToken]


def register(api: Registry) -> None:
    @api.route(
        "POST",
        "/auth/token",
        summary="Se connecter : un jeton personnel",
        tag="auth",
        body=TokenRequest,
        response=TokenIssued,
        problems=(401, 429),
        public=True,
    )
    def log_in(call: Call) -> Reply:
        """Exchange a username and password for a bearer token (12 hours). Five failures
        from one address lock that username out for 15 minutes (429, Retry-After)."""
        body = call.body_as(TokenRequest)
        issued = api_tokens.log_in(
            engine_context(), body.username, body.password, request.remote_addr or "unknown"
        )
        return Reply(
            TokenIssued(
                access_token=issued.secret,
                expires_at=issued.expires_at,
                scopes=sorted(issued.scopes),
            ),
            headers={"Cache-Control": "no-store"},
        )

    @api.route("DELETE", "/auth/token", summary="Se déconnecter", tag="auth", status=204)
    def log_out(call: Call) -> Reply:
        """Revoke the token this request carries."""
        who = call.who
        api_tokens.revoke_presented(engine_context(), who.token_id)
        return Reply(None, status=204)

    @api.route("GET", "/auth/me", summary="Qui suis-je", tag="auth", response=Me)
    def me(call: Call) -> Reply:
        who = call.who
        return Reply(
            Me(
                username=who.actor.username,
                roles=sorted(who.actor.roles),
                territory=who.actor.territory,
                scopes=sorted(who.scopes),
                personal=who.personal,
            )
        )

    @api.route(
        "POST",
        "/tokens",
        summary="Créer un jeton d'intégration (administrateurs)",
        tag="auth",
        body=IntegrationTokenRequest,
        response=IntegrationTokenIssued,
        status=201,
        problems=(422,),
    )
    def create_token(call: Call) -> Reply:
        """A named token for another system, with scopes and optionally one territory."""
        body = call.body_as(IntegrationTokenRequest)
        issued = api_tokens.create_integration_token(
            engine_context(),
            _personal(call),
            body.name,
            body.scopes,
            territory=body.territory,
            lifetime=timedelta(days=body.expires_in_days),
        )
        return Reply(
            IntegrationTokenIssued(
                id=issued.id,
                name=issued.name,
                token=issued.secret,
                scopes=sorted(issued.scopes),
                territory=issued.territory,
                expires_at=issued.expires_at,
            ),
            status=201,
            headers={"Cache-Control": "no-store"},
        )

    @api.route(
        "GET",
        "/tokens",
        summary="Jetons d'intégration (administrateurs)",
        tag="auth",
        response=IntegrationTokenList,
    )
    def list_tokens(call: Call) -> Reply:
        tokens = api_tokens.list_integration_tokens(engine_context(), _personal(call))
        return Reply(
            IntegrationTokenList(
                items=[
                    IntegrationToken(
                        id=t.id,
                        name=t.name,
                        scopes=sorted(t.scopes),
                        territory=t.territory,
                        created_by=t.created_by,
                        created_at=t.created_at,
                        expires_at=t.expires_at,
                        revoked_at=t.revoked_at,
                    )
                    for t in tokens
                ]
            )
        )

    @api.route(
        "DELETE",
        "/tokens/<int:token_id>",
        summary="Révoquer un jeton (administrateurs)",
        tag="auth",
        status=204,
    )
    def revoke_token(call: Call, token_id: int) -> Reply:
        api_tokens.revoke(engine_context(), token_id, _personal(call))
        return Reply(None, status=204)


def _personal(call: Call) -> Actor:
    """Token administration is for people, never for another integration token."""
    who = call.who
    if not who.personal:
        raise ApiProblem(403, "forbidden", "integration tokens cannot manage tokens")
    return who.actor
