"""Per-process caches and the wiring the services need.

Parsed specs are cached per definition version (they never change), and the
live workflow of an instance is cached keyed by its ``lock_version``: a
service that finds the same version in the database as in the cache skips
deserialization. A cached workflow is *taken* out while a service mutates it
and put back only after its transaction commits, so no two threads share one
and a rolled-back change never leaks.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, sessionmaker

from engine.clock import Clock
from engine.config import EscalationSettings
from engine.models import ProcessDefinition
from engine.serializer import spec_from_state
from workflows.sla import SlaPolicy, parse_sla


class FormValidator(Protocol):
    """What the engine needs of the forms package (wired in by the caller)."""

    def keys(self) -> Collection[str]: ...

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, list[str]]: ...

    def field_names(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class StepInfo:
    """Our extensions of one human task, as stored with its definition."""

    title: str
    role: str | None
    form_key: str | None
    sla: SlaPolicy | None
    documentation: str | None


@dataclass(frozen=True)
class LoadedSpec:
    """A deployed version, ready to run."""

    definition_id: int
    key: str
    version: int
    spec: Any
    subprocess_specs: dict[str, Any]
    steps: Mapping[str, StepInfo]
    process_sla: SlaPolicy | None


def sla_to_json(policy: SlaPolicy | None) -> dict[str, Any] | None:
    if policy is None:
        return None
    return {
        "duration": str(policy.duration),
        "calendar": policy.calendar,
        "warn_at": policy.warn_at,
        "escalate_to": policy.escalate_to.value if policy.escalate_to else None,
    }


def sla_from_json(data: Mapping[str, Any] | None) -> SlaPolicy | None:
    if data is None:
        return None
    return parse_sla(data["duration"], data["calendar"], str(data["warn_at"]), data["escalate_to"])


class _Lru:
    def __init__(self, capacity: int) -> None:
        self._items: OrderedDict[int, Any] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: int) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def pop(self, key: int) -> Any:
        with self._lock:
            return self._items.pop(key, None)

    def put(self, key: int, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class SpecCache:
    """Deployed versions parsed once per process, looked up by definition id."""

    def __init__(self, capacity: int = 256) -> None:
        self._lru = _Lru(capacity)

    def get(self, conn: Connection | Session, definition_id: int) -> LoadedSpec:
        cached: LoadedSpec | None = self._lru.get(definition_id)
        if cached is not None:
            return cached
        table = ProcessDefinition.__table__
        row = conn.execute(select(table).where(table.c.id == definition_id)).first()
        if row is None:
            raise LookupError(f"process definition {definition_id} does not exist")
        spec, subprocess_specs = spec_from_state(row.spec_state)
        steps = {
            bpmn_id: StepInfo(
                title=meta["title"],
                role=meta["role"],
                form_key=meta["form_key"],
                sla=sla_from_json(meta["sla"]),
                documentation=meta["documentation"],
            )
            for bpmn_id, meta in json.loads(row.task_meta).items()
        }
        process_sla = sla_from_json(json.loads(row.process_sla)) if row.process_sla else None
        loaded = LoadedSpec(
            row.id, row.key, row.version, spec, subprocess_specs, steps, process_sla
        )
        self._lru.put(definition_id, loaded)
        return loaded


class WorkflowCache:
    """Live workflows by instance id, valid only for the version they were saved at."""

    def __init__(self, capacity: int = 2048) -> None:
        self._lru = _Lru(capacity)

    def take(self, instance_id: int, lock_version: int) -> Any:
        entry = self._lru.pop(instance_id)
        if entry is None or entry[0] != lock_version:
            return None
        return entry[1]

    def put(self, instance_id: int, lock_version: int, workflow: Any) -> None:
        self._lru.put(instance_id, (lock_version, workflow))

    def discard(self, instance_id: int) -> None:
        self._lru.pop(instance_id)

    def clear(self) -> None:
        """Forget every workflow (after a rolled-back batch of service calls)."""
        self._lru.clear()


def no_territory(_place_ref: str | None) -> str | None:
    return None


@dataclass
class EngineContext:
    """Everything a service call needs, built once by the app, CLI or worker."""

    sessions: sessionmaker[Session]
    clock: Clock
    script_engine: Any
    forms: FormValidator | None = None
    territory_of: Callable[[str | None], str | None] = no_territory
    caretaker_for: Callable[[str | None], str | None] = no_territory
    escalation: EscalationSettings = field(default_factory=EscalationSettings)
    smtp_url: str | None = None
    specs: SpecCache = field(default_factory=SpecCache)
    workflows: WorkflowCache = field(default_factory=WorkflowCache)

    @property
    def engine(self) -> Engine:
        bind: Engine = self.sessions.kw["bind"]
        return bind
