"""The deployed versions of every process, newest first within a key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine.db import read_session
from engine.models import ProcessDefinition
from engine.runtime import EngineContext


@dataclass(frozen=True)
class VersionView:
    key: str
    version: int
    name: str
    deployed_at: datetime
    deployed_by: str


def list_versions(ctx: EngineContext, key: str | None = None) -> list[VersionView]:
    query = select(
        ProcessDefinition.key,
        ProcessDefinition.version,
        ProcessDefinition.name,
        ProcessDefinition.deployed_at,
        ProcessDefinition.deployed_by,
    ).order_by(ProcessDefinition.key, ProcessDefinition.version.desc())
    if key is not None:
        query = query.where(ProcessDefinition.key == key)
    with read_session(ctx.sessions) as session:
        return [VersionView(*row) for row in session.execute(query)]
