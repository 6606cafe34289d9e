"""RFC 9457 problem details: every API error is ``application/problem+json``.

Domain errors map to statuses here and nowhere else; an unexpected exception is
still answered as a problem (500) without its message, which goes to the log.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request
from pydantic import BaseModel, Field
from werkzeug.exceptions import HTTPException, InternalServerError

from engine.errors import (
    Conflict,
    FormInvalid,
    HabiflowError,
    NotFound,
    PermissionDenied,
    ProcessFailed,
)
from engine.services.api_tokens import AuthenticationFailed, InvalidToken, LoginThrottled
from engine.services.attachments import AttachmentTooLarge, UnsupportedMediaType
from engine.services.comments import CommentInvalid
from engine.services.idempotency import KeyReused

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:habiflow:problem:"
TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    413: "Contenu trop volumineux",
    415: "Type de contenu non pris en charge",
    422: "Données invalides",
    429: "Trop de tentatives",
    500: "Erreur interne",
}


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(description="URI naming the kind of problem")
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, list[str]] | None = Field(
        default=None, description="field → messages, for invalid data"
    )


class ApiProblem(Exception):
    """Raised inside the API layer to answer with a problem."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str | None = None,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or slug)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    status: int,
    slug: str,
    detail: str | None = None,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": TITLES.get(status, "Erreur"),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401 and "WWW-Authenticate" not in response.headers:
        response.headers["WWW-Authenticate"] = 'Bearer realm="habiflow"'
    return response


def from_api_problem(exc: ApiProblem) -> Response:
    return problem_response(
        exc.status, exc.slug, exc.detail, errors=exc.errors, headers=exc.headers
    )


def from_domain_error(exc: HabiflowError) -> Response:
    """The problem a domain error stands for."""
    detail = str(exc)
    if isinstance(exc, FormInvalid):
        return problem_response(422, "form-invalid", detail, errors=exc.field_errors)
    if isinstance(exc, AuthenticationFailed):
        return problem_response(401, "unauthenticated", detail)
    if isinstance(exc, LoginThrottled):
        return problem_response(
            429, "login-throttled", detail, headers={"Retry-After": str(exc.retry_after)}
        )
    if isinstance(exc, PermissionDenied):
        return problem_response(403, "forbidden", detail)
    if isinstance(exc, NotFound):
        return problem_response(404, "not-found", detail)
    if isinstance(exc, Conflict):
        return problem_response(409, "conflict", detail)
    if isinstance(exc, AttachmentTooLarge):
        return problem_response(413, "too-large", detail)
    if isinstance(exc, UnsupportedMediaType):
        return problem_response(415, "unsupported-media-type", detail)
    if isinstance(exc, KeyReused):
        return problem_response(422, "idempotency-key-reused", detail)
    if isinstance(exc, ProcessFailed):
        return problem_response(422, "process-failed", detail)
    if isinstance(exc, CommentInvalid | InvalidToken):
        return problem_response(422, "invalid", detail, errors={"": [detail]})
    return problem_response(400, "bad-request", detail)


def install(app: Flask, prefix: str) -> None:
    """Answer HTTP errors under ``prefix`` as problems (routing 404/405, 413...)."""

    def http_error(exc: HTTPException) -> Any:
        if not request.path.startswith(prefix):
            return exc
        code = exc.code or 500
        headers = {}
        if code == 405 and exc.response is None:
            allowed = getattr(exc, "valid_methods", None)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        slug = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(code, "http")
        return problem_response(code, slug, exc.description, headers=headers)

    def unexpected(exc: InternalServerError) -> Any:
        if not request.path.startswith(prefix):
            return exc
        return problem_response(500, "internal", "an unexpected error occurred")

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, unexpected)
