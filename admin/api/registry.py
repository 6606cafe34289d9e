"""The API's routes, declared once: Flask routing, request parsing and the OpenAPI
document all come from the same ``Operation`` records.

A view is a function taking a ``Call`` (the principal, the parsed body and query,
the raw request) and the path's parameters, and returning a ``Reply`` (a model and
a status) or a ready Flask response (file downloads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, Request, Response, current_app, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from admin.api.problems import ApiProblem, from_api_problem, from_domain_error
from admin.api.types import MAX_ID
from engine.errors import HabiflowError
from engine.runtime import EngineContext
from engine.services.api_tokens import AuthenticationFailed, Principal, authenticate
from engine.services.attachments import MAX_BYTES

JSON_LIMIT = 1024 * 1024
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    pattern: str


@dataclass(frozen=True)
class Operation:
    """One route of the API, as Flask serves it and as OpenAPI documents it."""

    method: str
    rule: str
    name: str
    summary: str
    tag: str
    scope: str | None
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    problems: tuple[int, ...]
    headers: tuple[Header, ...] = ()
    multipart: bool = False
    binary: bool = False
    public: bool = False
    description: str | None = None


@dataclass
class Call:
    """What a view receives besides the path parameters."""

    principal: Principal | None
    body: BaseModel | None
    query: BaseModel | None
    request: Request

    @property
    def who(self) -> Principal:
        if self.principal is None:
            raise ApiProblem(401, "unauthenticated", "a bearer token is required")
        return self.principal

    def body_as(self, model: type[M]) -> M:
        assert isinstance(self.body, model)
        return self.body

    def query_as(self, model: type[M]) -> M:
        assert isinstance(self.query, model)
        return self.query


@dataclass
class Reply:
    model: BaseModel | None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def to_response(self) -> Response:
        body = "" if self.model is None else self.model.model_dump_json()
        response = Response(body, status=self.status, mimetype="application/json")
        response.headers.update(self.headers)
        return response


View = Callable[..., Reply | Response]


def engine_context() -> EngineContext:
    ctx: EngineContext = current_app.extensions["habiflow"]
    return ctx


def attachments_dir() -> Path:
    return Path(current_app.config["HABIFLOW_ATTACHMENTS_DIR"])


class Registry:
    """Collects operations and serves them on a blueprint."""

    def __init__(self, blueprint: Blueprint) -> None:
        self.blueprint = blueprint
        self.operations: list[Operation] = []

    def route(
        self,
        method: str,
        rule: str,
        *,
        summary: str,
        tag: str,
        scope: str | None = None,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = 200,
        problems: tuple[int, ...] = (),
        headers: tuple[Header, ...] = (),
        multipart: bool = False,
        binary: bool = False,
        public: bool = False,
        description: str | None = None,
    ) -> Callable[[View], View]:
        def register(view: View) -> View:
            operation = Operation(
                method,
                rule,
                view.__name__,
                summary,
                tag,
                scope,
                body,
                query,
                response,
                status,
                problems,
                headers,
                multipart,
                binary,
                public,
                description or view.__doc__,
            )
            self.operations.append(operation)
            self.blueprint.add_url_rule(
                rule, endpoint=view.__name__, view_func=_serve(operation, view), methods=[method]
            )
            return view

        return register


def _serve(operation: Operation, view: View) -> Callable[..., Response]:
    def handle(**path: Any) -> Response:
        try:
            for value in path.values():
                if isinstance(value, int) and value > MAX_ID:
                    raise ApiProblem(404, "not-found", "no such resource")
            principal = None if operation.public else _principal(operation)
            call = Call(principal, _body(operation), _query(operation), request)
            result = view(call, **path)
        except ApiProblem as exc:
            return from_api_problem(exc)
        except HabiflowError as exc:
            return from_domain_error(exc)
        except RequestEntityTooLarge:
            return from_api_problem(ApiProblem(413, "too-large", "the request body is too large"))
        return result.to_response() if isinstance(result, Reply) else result

    handle.__name__ = operation.name
    return handle


def _principal(operation: Operation) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiProblem(401, "unauthenticated", "a bearer token is required")
    try:
        principal = authenticate(engine_context(), secret.strip())
    except AuthenticationFailed as exc:
        raise ApiProblem(401, "unauthenticated", str(exc)) from exc
    if operation.scope is not None and not principal.has(operation.scope):
        raise ApiProblem(403, "insufficient-scope", f"this token lacks the scope {operation.scope}")
    return principal


def _body(operation: Operation) -> BaseModel | None:
    if operation.multipart:
        request.max_content_length = operation_limit(operation)
        return None
    if operation.body is None:
        return None
    request.max_content_length = JSON_LIMIT
    if request.mimetype != "application/json":
        raise ApiProblem(415, "unsupported-media-type", "send the body as application/json")
    raw = request.get_data(cache=True)
    try:
        return operation.body.model_validate_json(raw)
    except ValidationError as exc:
        raise ApiProblem(
            400, "invalid-body", "the request body is invalid", errors=_errors(exc)
        ) from exc


def _query(operation: Operation) -> BaseModel | None:
    args = request.args
    if operation.query is None:
        return None
    repeated = sorted(key for key in args if len(args.getlist(key)) > 1)
    if repeated:
        raise ApiProblem(400, "invalid-query", f"parameters given twice: {', '.join(repeated)}")
    try:
        return operation.query.model_validate(args.to_dict())
    except ValidationError as exc:
        raise ApiProblem(
            400, "invalid-query", "invalid query parameters", errors=_errors(exc)
        ) from exc


def operation_limit(operation: Operation) -> int:
    return MAX_BYTES + 64 * 1024 if operation.multipart else JSON_LIMIT


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in error["loc"])
        errors.setdefault(where, []).append(error["msg"])
    return errors
