"""The process owners' view of deployed models: every version with its live case count.

Counts cover the cases the actor may see (their territory and cases without one; every case
for an actor without territory), counted per definition in one GROUP BY.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Select, func, or_, select

from engine.actors import Actor
from engine.bpmn_di import step_order
from engine.db import read_session
from engine.errors import NotFound
from engine.models import InstanceStatus, ProcessDefinition, ProcessInstance
from engine.runtime import EngineContext

LIVE = (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED)
SHORT_SHA = 10


@dataclass(frozen=True)
class VersionSummary:
    """One deployed version: who deployed it, when, its content hash and its live cases."""

    key: str
    version: int
    name: str
    sha256: str
    deployed_at: datetime
    deployed_by: str
    live_cases: int

    @property
    def short_sha(self) -> str:
        return self.sha256[:SHORT_SHA]


@dataclass(frozen=True)
class ProcessSummary:
    """A process key with its versions, newest first."""

    key: str
    versions: tuple[VersionSummary, ...]

    @property
    def latest(self) -> VersionSummary:
        return self.versions[0]

    @property
    def live_cases(self) -> int:
        return sum(version.live_cases for version in self.versions)


def _versions_query(actor: Actor) -> Select[str, int, str, str, datetime, str, int]:
    counted = select(ProcessInstance.definition_id, func.count().label("live")).where(
        ProcessInstance.status.in_(LIVE)
    )
    if actor.territory is not None:
        counted = counted.where(
            or_(
                ProcessInstance.territory == actor.territory,
                ProcessInstance.territory.is_(None),
            )
        )
    counts = counted.group_by(ProcessInstance.definition_id).subquery()
    return (
        select(
            ProcessDefinition.key,
            ProcessDefinition.version,
            ProcessDefinition.name,
            ProcessDefinition.sha256,
            ProcessDefinition.deployed_at,
            ProcessDefinition.deployed_by,
            func.coalesce(counts.c.live, 0),
        )
        .outerjoin(counts, counts.c.definition_id == ProcessDefinition.id)
        .order_by(ProcessDefinition.key, ProcessDefinition.version.desc())
    )


def list_processes(ctx: EngineContext, actor: Actor) -> list[ProcessSummary]:
    """Every process key, by key, with its versions and live case counts."""
    with read_session(ctx.sessions) as session:
        rows = [VersionSummary(*row) for row in session.execute(_versions_query(actor))]
    return [
        ProcessSummary(key, tuple(versions))
        for key, versions in groupby(rows, key=lambda row: row.key)
    ]


def get_version(ctx: EngineContext, key: str, version: int, actor: Actor) -> VersionSummary:
    query = _versions_query(actor).where(
        ProcessDefinition.key == key, ProcessDefinition.version == version
    )
    with read_session(ctx.sessions) as session:
        row = session.execute(query).first()
    if row is None:
        raise NotFound(f"process {key} has no version {version}")
    return VersionSummary(*row)


def version_xml(ctx: EngineContext, key: str, version: int | None = None) -> bytes:
    """The BPMN source of a version (the latest when ``version`` is None)."""
    query = select(ProcessDefinition.xml).where(ProcessDefinition.key == key)
    if version is None:
        query = query.order_by(ProcessDefinition.version.desc()).limit(1)
    else:
        query = query.where(ProcessDefinition.version == version)
    with read_session(ctx.sessions) as session:
        xml = session.scalar(query)
    if xml is None:
        raise NotFound(f"process {key} has no version {version or ''}".rstrip())
    return xml


@dataclass(frozen=True)
class Step:
    """One flow node of a version, in reading order, with our extensions for human tasks."""

    bpmn_id: str
    name: str
    role: str | None
    form_key: str | None
    sla_duration: str | None
    sla_calendar: str | None


def version_steps(ctx: EngineContext, key: str, version: int) -> list[Step]:
    """The text alternative of a version's diagram: its steps as a reader follows them."""
    query = select(ProcessDefinition.xml, ProcessDefinition.task_meta).where(
        ProcessDefinition.key == key, ProcessDefinition.version == version
    )
    with read_session(ctx.sessions) as session:
        row = session.execute(query).first()
    if row is None:
        raise NotFound(f"process {key} has no version {version}")
    xml, task_meta = row
    tasks: dict[str, dict[str, Any]] = json.loads(task_meta)
    steps = []
    for bpmn_id, name in step_order(xml, key, f"{key}.bpmn"):
        meta = tasks.get(bpmn_id, {})
        sla = meta.get("sla") or {}
        steps.append(
            Step(
                bpmn_id,
                name,
                meta.get("role"),
                meta.get("form_key"),
                sla.get("duration"),
                sla.get("calendar"),
            )
        )
    return steps
