"""Deployed process versions."""

from __future__ import annotations

from datetime import datetime

from admin.api.registry import Call, Registry, Reply, engine_context
from admin.api.types import OptionalName, QueryParams, Resource
from engine.services.process_versions import list_versions


class ProcessQuery(QueryParams):
    key: OptionalName | None = None


class ProcessVersion(Resource):
    key: str
    version: int
    name: str
    deployed_at: datetime


class ProcessList(Resource):
    items: list[ProcessVersion]


def register(api: Registry) -> None:
    @api.route(
        "GET",
        "/processes",
        summary="Processus déployés (toutes versions)",
        tag="processes",
        query=ProcessQuery,
        response=ProcessList,
    )
    def list_processes(call: Call) -> Reply:
        """Every deployed version, newest first within a process key."""
        call.who  # noqa: B018 - any valid token may read the catalogue
        query = call.query_as(ProcessQuery)
        versions = list_versions(engine_context(), query.key)
        return Reply(
            ProcessList(
                items=[
                    ProcessVersion(
                        key=v.key, version=v.version, name=v.name, deployed_at=v.deployed_at
                    )
                    for v in versions
                ]
            )
        )
