"""Who may see a case: office staff of its territory, outsiders only where they take part.

Office staff see every case of their territory (``Actor.serves``). A tenant or a contractor
(``Actor.is_outsider``) logs in for their own steps only, so they see a case they take part
in — hold, completed or may take one of its tasks — and no other, whatever its territory.
Every service that shows a case (API and web alike) loads it with ``visible_case``.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.errors import NotFound, PermissionDenied
from engine.models import HumanTask, ProcessInstance, TaskStatus

LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


def get_instance(session: Session, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"case {instance_id} does not exist")
    return instance


def visible_case(session: Session, instance_id: int, actor: Actor) -> ProcessInstance:
    """The case, if it exists (404) and ``actor`` may see it (403)."""
    instance = get_instance(session, instance_id)
    check_sees_case(session, instance, actor)
    return instance


def sees_case(session: Session, instance: ProcessInstance, actor: Actor) -> bool:
    if actor.is_outsider:
        return takes_part(session, instance.id, actor)
    return actor.serves(instance.territory)


def check_sees_case(session: Session, instance: ProcessInstance, actor: Actor) -> None:
    if not sees_case(session, instance, actor):
        raise PermissionDenied(f"case {instance.id} is not one {actor.username} may see")


def takes_part(session: Session, instance_id: int, actor: Actor) -> bool:
    """True when ``actor`` holds or completed a task of the case, or may take a live one."""
    roles = sorted(actor.roles)
    offered: ColumnElement[bool] = and_(
        HumanTask.status.in_(LIVE),
        or_(HumanTask.candidate_role.in_(roles), HumanTask.escalated_role.in_(roles)),
    )
    if actor.territory is not None:
        offered = and_(
            offered, or_(HumanTask.territory == actor.territory, HumanTask.territory.is_(None))
        )
    query = (
        select(HumanTask.id)
        .where(
            HumanTask.instance_id == instance_id,
            or_(
                HumanTask.assignee == actor.username,
                HumanTask.completed_by == actor.username,
                offered,
            ),
        )
        .limit(1)
    )
    return session.scalar(query) is not None
