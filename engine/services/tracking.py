"""A case told in plain French: milestones for staff, and for tenants by public reference.

Milestones come from the audit history. The tenant's view (``track``) says what
happened and when, never who or with what data: no names, no form values, no
comments, no internal incidents. A case's public reference is 256 random bits,
given when the API starts the case (or when staff first read it through the API).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import NotFound, PermissionDenied
from engine.models import (
    AuditEntry,
    CaseTracking,
    HumanTask,
    InstanceStatus,
    ProcessDefinition,
    ProcessInstance,
    SlaClock,
    TaskStatus,
)
from engine.runtime import EngineContext
from engine.services.case_access import get_instance

STATUS_LABELS = {
    InstanceStatus.RUNNING: "En cours de traitement",
    InstanceStatus.SUSPENDED: "En attente",
    InstanceStatus.COMPLETED: "Terminée",
    InstanceStatus.CANCELLED: "Annulée",
    InstanceStatus.FAILED: "En cours de traitement",
}
# action -> (label, shown to the tenant); {step} is the task's title.
_LABELS: dict[str, tuple[str, bool]] = {
    "instance_started": ("Demande enregistrée", True),
    "task_claimed": ("« {step} » : prise en charge", True),
    "task_unclaimed": ("« {step} » : remise dans la file de l'équipe", False),
    "task_assigned": ("« {step} » : confiée à un agent", False),
    "task_delegated": ("« {step} » : confiée à un collègue", False),
    "task_completed": ("« {step} » : terminée", True),
    "instance_suspended": ("Demande mise en attente", True),
    "instance_resumed": ("Traitement repris", True),
    "instance_failed": ("Incident technique, en cours de correction", False),
    "instance_completed": ("Demande traitée", True),
    "instance_cancelled": ("Demande annulée", True),
    "sla_paused": ("Délai suspendu dans l'attente d'un tiers", True),
    "sla_resumed": ("Délai repris", True),
    "timer_fired": ("Échéance atteinte", False),
    "comment_added": ("Commentaire ajouté", False),
}


@dataclass(frozen=True)
class Milestone:
    at: datetime
    label: str
    action: str
    actor: str | None
    task_id: int | None


@dataclass(frozen=True)
class ClockView:
    id: int
    task_id: int | None
    step: str | None
    status: str
    started_at: datetime
    warn_at: datetime
    due_at: datetime
    stopped_at: datetime | None
    late_seconds: int | None


@dataclass(frozen=True)
class Tracking:
    """What a tenant may know about their request."""

    public_ref: str
    process: str
    status: str
    status_label: str
    started_at: datetime
    ended_at: datetime | None
    current_steps: tuple[str, ...]
    milestones: tuple[Milestone, ...]


def new_public_ref() -> str:
    return secrets.token_urlsafe(32)


def public_ref(ctx: EngineContext, instance_id: int) -> str:
    """The case's public reference, created on first use."""
    with read_session(ctx.sessions) as session:
        existing = session.get(CaseTracking, instance_id)
        if existing is not None:
            return existing.public_ref
    try:
        with write_session(ctx.sessions) as session:
            get_instance(session, instance_id)
            ref = new_public_ref()
            session.add(CaseTracking(instance_id=instance_id, public_ref=ref))
            return ref
    except IntegrityError:  # a concurrent request created it first
        with read_session(ctx.sessions) as session:
            row = session.get(CaseTracking, instance_id)
            assert row is not None
            return row.public_ref


def milestones(ctx: EngineContext, instance_id: int, actor: Actor) -> list[Milestone]:
    """Every milestone of a case, with who did it, for staff who may see the case."""
    with read_session(ctx.sessions) as session:
        instance = get_instance(session, instance_id)
        if not actor.serves(instance.territory):
            raise PermissionDenied(f"case {instance_id} belongs to another territory")
        return _milestones(session, instance_id, public=False)


def sla_state(ctx: EngineContext, instance_id: int, actor: Actor) -> list[ClockView]:
    """The SLA clocks of a case, open and closed."""
    with read_session(ctx.sessions) as session:
        instance = get_instance(session, instance_id)
        if not actor.serves(instance.territory):
            raise PermissionDenied(f"case {instance_id} belongs to another territory")
        clocks = session.scalars(
            select(SlaClock).where(SlaClock.instance_id == instance_id).order_by(SlaClock.id)
        )
        return [
            ClockView(
                c.id,
                c.task_id,
                c.step,
                c.status.value,
                c.started_at,
                c.warn_at,
                c.due_at,
                c.stopped_at,
                c.late_seconds,
            )
            for c in clocks
        ]


def track(ctx: EngineContext, ref: str) -> Tracking:
    """A request as its tenant sees it, by its public reference."""
    with read_session(ctx.sessions) as session:
        row = session.scalars(select(CaseTracking).where(CaseTracking.public_ref == ref)).first()
        if row is None:
            raise NotFound("no request has this reference")
        instance = session.get(ProcessInstance, row.instance_id)
        assert instance is not None
        process = session.scalar(
            select(ProcessDefinition.name).where(ProcessDefinition.id == instance.definition_id)
        )
        current = session.scalars(
            select(HumanTask.title)
            .where(
                HumanTask.instance_id == instance.id,
                HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)),
            )
            .order_by(HumanTask.id)
        )
        return Tracking(
            ref,
            process or instance.process_key,
            instance.status.value,
            STATUS_LABELS[instance.status],
            instance.started_at,
            instance.ended_at,
            tuple(current),
            tuple(_milestones(session, instance.id, public=True)),
        )


def _milestones(session: Session, instance_id: int, *, public: bool) -> list[Milestone]:
    rows = session.execute(
        select(AuditEntry, HumanTask.title)
        .outerjoin(HumanTask, HumanTask.id == AuditEntry.task_id)
        .where(AuditEntry.instance_id == instance_id)
        .order_by(AuditEntry.id)
    ).all()
    found: list[Milestone] = []
    for entry, title in rows:
        label, for_tenant = _LABELS.get(entry.action, (None, False))
        if label is None or (public and not for_tenant):
            continue
        step = title or _step_of(entry.details) or "étape"
        found.append(
            Milestone(
                entry.at,
                label.format(step=step),
                entry.action,
                None if public else entry.actor,
                None if public else entry.task_id,
            )
        )
    return found


def _step_of(details: str) -> str | None:
    try:
        value: Any = json.loads(details).get("step")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
