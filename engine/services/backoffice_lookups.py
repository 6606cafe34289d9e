"""The choices the back office offers in its filters: places, process keys, audit actions."""

from __future__ import annotations

from sqlalchemy import select

from engine.db import read_session
from engine.models import AuditEntry, ProcessInstance, Spot, Territory
from engine.runtime import EngineContext


def territory_labels(ctx: EngineContext) -> dict[int, str]:
    """Territory id → ``code — name``, in code order."""
    with read_session(ctx.sessions) as session:
        rows = session.execute(
            select(Territory.id, Territory.code, Territory.name).order_by(Territory.code)
        )
        return {id_: f"{code} — {name}" for id_, code, name in rows}


def spot_labels(ctx: EngineContext) -> dict[int, str]:
    """Spot id → ``code — name``, in code order."""
    with read_session(ctx.sessions) as session:
        rows = session.execute(select(Spot.id, Spot.code, Spot.name).order_by(Spot.code))
        return {id_: f"{code} — {name}" for id_, code, name in rows}


def case_process_keys(ctx: EngineContext) -> list[str]:
    """The process keys cases were started on."""
    column = ProcessInstance.process_key
    with read_session(ctx.sessions) as session:
        return list(session.scalars(select(column).distinct().order_by(column)))


def case_territories(ctx: EngineContext) -> list[str]:
    """The territories cases are anchored in."""
    column = ProcessInstance.territory
    with read_session(ctx.sessions) as session:
        query = select(column).where(column.is_not(None)).distinct().order_by(column)
        return [code for code in session.scalars(query) if code]


def audit_actions(ctx: EngineContext) -> list[str]:
    """The kinds of audit entries written so far."""
    column = AuditEntry.action
    with read_session(ctx.sessions) as session:
        return list(session.scalars(select(column).distinct().order_by(column)))
