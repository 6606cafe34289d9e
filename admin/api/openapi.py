"""The OpenAPI 3.1 document, built from the registered operations and their models."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from admin.api.problems import MEDIA_TYPE, TITLES, Problem
from admin.api.registry import Operation
from admin.api.types import MAX_ID

REF = "#/components/schemas/{model}"
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_PUBLIC_REF = {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"}


def document(operations: list[Operation], prefix: str, version: str) -> dict[str, Any]:
    models: set[type[BaseModel]] = {Problem}
    for op in operations:
        models.update(m for m in (op.body, op.query, op.response) if m is not None)
    pairs = [
        (model, "validation" if _is_request(model, operations) else "serialization")
        for model in sorted(models, key=lambda m: m.__name__)
    ]
    refs, top = models_json_schema(pairs, ref_template=REF)  # type: ignore[arg-type]
    schemas: dict[str, Any] = top.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        path = prefix + _CONVERTER.sub(r"{\2}", op.rule)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, schemas, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "habiflow API",
            "version": version,
            "description": (
                "Processus du bailleur : démarrer des dossiers, traiter des tâches, suivre "
                "une demande. Erreurs au format RFC 9457 (application/problem+json)."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _is_request(model: type[BaseModel], operations: list[Operation]) -> bool:
    return any(model in (op.body, op.query) for op in operations)


def _ref(model: type[BaseModel], refs: dict[Any, Any]) -> dict[str, Any]:
    for (candidate, _mode), schema in refs.items():
        if candidate is model:
            return dict(schema)
    raise KeyError(model.__name__)


def _operation(op: Operation, schemas: dict[str, Any], refs: dict[Any, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": _path_parameters(op) + _query_parameters(op, schemas) + _headers(op),
    }
    if op.description:
        spec["description"] = " ".join(op.description.split())
    if op.public:
        spec["security"] = []
    else:
        spec["security"] = [{"bearer": []}]
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body, refs)}},
        }
    if op.multipart:
        spec["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    },
                    "encoding": {"file": {"contentType": ", ".join(_UPLOAD_TYPES)}},
                }
            },
        }
    responses: dict[str, Any] = {}
    if op.binary:
        responses[str(op.status)] = {
            "description": "the file",
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in _UPLOAD_TYPES
            },
        }
    elif op.response is None:
        responses[str(op.status)] = {"description": "done"}
    else:
        responses[str(op.status)] = {
            "description": "success",
            "content": {"application/json": {"schema": _ref(op.response, refs)}},
        }
    problems = set(op.problems) | {400}
    if not op.public:
        problems |= {401, 403}
    if any("<" in part for part in [op.rule]):
        problems.add(404)
    if op.body is not None or op.multipart:
        problems |= {413, 415}
    problem_schema = {"$ref": REF.format(model="Problem")}
    for status in sorted(problems):
        entry: dict[str, Any] = {
            "description": TITLES.get(status, "problem"),
            "content": {MEDIA_TYPE: {"schema": problem_schema}},
        }
        if status == 429:
            entry["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
        responses[str(status)] = entry
    spec["responses"] = responses
    return spec


_UPLOAD_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf")


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    parameters = []
    for converter, name in _CONVERTER.findall(op.rule):
        schema = (
            {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if converter == "int"
            else _PUBLIC_REF
        )
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _query_parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    if op.query is None:
        return []
    schema = op.query.model_json_schema(ref_template=REF)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = _without_null(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    options = prop.get("anyOf")
    if not options:
        return dict(prop)
    kept = [o for o in options if o.get("type") != "null"]
    rest = {k: v for k, v in prop.items() if k not in ("anyOf", "default")}
    if len(kept) == 1:
        return {**kept[0], **rest}
    return {**rest, "anyOf": kept}


def _headers(op: Operation) -> list[dict[str, Any]]:
    return [
        {
            "name": header.name,
            "in": "header",
            "required": False,
            "description": header.description,
            "schema": {"type": "string", "pattern": header.pattern},
        }
        for header in op.headers
    ]
