"""Deploying a validated model as a new version of its process key."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from engine.db import write_session
from engine.models import ProcessDefinition
from engine.runtime import EngineContext, sla_to_json
from engine.serializer import spec_to_state
from engine.services.audit import record
from engine.specs import ProcessModel


@dataclass(frozen=True)
class Deployed:
    """Outcome of a deploy: the version that now holds this content."""

    key: str
    version: int
    definition_id: int
    created: bool


def deploy(ctx: EngineContext, model: ProcessModel, actor: str) -> Deployed:
    """Store ``model`` as the next version of its key, unless that content is stored already.

    The same XML (by sha256) deployed twice gives back the existing version.
    """
    with write_session(ctx.sessions) as session:
        existing = session.scalars(
            select(ProcessDefinition).where(
                ProcessDefinition.key == model.key, ProcessDefinition.sha256 == model.sha256
            )
        ).first()
        if existing is not None:
            return Deployed(existing.key, existing.version, existing.id, created=False)
        latest = session.scalar(
            select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == model.key)
        )
        now = ctx.clock.now()
        row = ProcessDefinition(
            key=model.key,
            version=(latest or 0) + 1,
            name=model.name or model.key,
            sha256=model.sha256,
            xml=model.xml,
            spec_state=spec_to_state(model.spec, model.subprocess_specs),
            task_meta=json.dumps(
                {
                    bpmn_id: {
                        "title": meta.name or bpmn_id,
                        "role": meta.role,
                        "form_key": meta.form_key,
                        "sla": sla_to_json(meta.sla),
                        "documentation": meta.documentation,
                    }
                    for bpmn_id, meta in model.tasks.items()
                },
                ensure_ascii=False,
            ),
            process_sla=json.dumps(sla_to_json(model.sla)) if model.sla else None,
            deployed_at=now,
            deployed_by=actor,
        )
        session.add(row)
        session.flush()
        record(
            session.connection(),
            now,
            actor,
            "definition_deployed",
            key=row.key,
            version=row.version,
        )
        return Deployed(row.key, row.version, row.id, created=True)
