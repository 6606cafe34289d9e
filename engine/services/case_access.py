"""Whether a person takes part in a case: holds, completed or may take one of its tasks.

Office staff see every case of their territory (``Actor.serves``). A tenant or a contractor
logs in for their own steps only, so the web pages show them a case they take part in and
no other, whatever its territory.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from engine.actors import Actor
from engine.db import read_session
from engine.models import HumanTask, TaskStatus
from engine.runtime import EngineContext

LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


def takes_part(ctx: EngineContext, instance_id: int, actor: Actor) -> bool:
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
    with read_session(ctx.sessions) as session:
        return session.scalar(query) is not None
