"""The one seam to SpiffWorkflow's serializer.

Specs are serialized once per deployed version (``spec_to_state``); an
instance's state holds only its task tree and data (``workflow_to_state``) and
is restored against the cached spec of its version. The envelope carries our
format number and Spiff's serializer version so stored states can be migrated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as SPIFF_VERSION
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

STATE_FORMAT = 1

# Our own format migrations: {from_format: function upgrading the envelope in place}.
STATE_MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {}


class StateError(Exception):
    """A stored state cannot be read (unknown format, corrupt JSON)."""


class _SpeclessWorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc]
    """Like Spiff's workflow converter, minus the spec it would copy into every state."""

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], **kwargs: Any) -> Any:
        spec, subprocess_specs = kwargs["spec"], kwargs["subprocess_specs"]
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _build_registry() -> Any:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = _SpeclessWorkflowConverter
    registry = BpmnWorkflowSerializer.configure(config)
    # Spiff knows datetime and timedelta; landlord data also holds dates and amounts.
    registry.register(
        date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"])
    )
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    return registry


_REGISTRY = _build_registry()
_ENCODER = create_encoder(_REGISTRY, None)
_FULL = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def spec_to_state(spec: Any, subprocess_specs: dict[str, Any]) -> str:
    """Serialize a process spec and the specs it calls, once per version."""
    return json.dumps(
        {
            "format": STATE_FORMAT,
            "spiff": SPIFF_VERSION,
            "spec": _FULL.to_dict(spec),
            "subprocess_specs": {k: _FULL.to_dict(v) for k, v in subprocess_specs.items()},
        },
        separators=(",", ":"),
    )


def spec_from_state(state: str) -> tuple[Any, dict[str, Any]]:
    envelope = _load(state)
    spec = _FULL.from_dict(envelope["spec"])
    subprocess_specs = {k: _FULL.from_dict(v) for k, v in envelope["subprocess_specs"].items()}
    return spec, subprocess_specs


def workflow_to_state(workflow: Any) -> str:
    """Serialize an instance's task tree and data, without its spec."""
    _REGISTRY._encoder_mode = True
    try:
        dct = _REGISTRY.convert(workflow)
        return json.dumps(
            {"format": STATE_FORMAT, "spiff": SPIFF_VERSION, "workflow": dct},
            separators=(",", ":"),
            cls=_ENCODER,
        )
    finally:
        _REGISTRY._encoder_mode = False


def workflow_from_state(
    state: str, spec: Any, subprocess_specs: dict[str, Any], script_engine: Any
) -> Any:
    envelope = _load(state)
    dct = envelope["workflow"]
    if envelope["spiff"] != SPIFF_VERSION:
        dct["serializer_version"] = envelope["spiff"]
        _FULL.migrate(dct)
    workflow = _REGISTRY.restore(dct, spec=spec, subprocess_specs=subprocess_specs)
    workflow.script_engine = script_engine
    return workflow


def _load(state: str) -> dict[str, Any]:
    try:
        envelope: dict[str, Any] = json.loads(state)
    except ValueError as exc:
        raise StateError(f"stored state is not valid JSON: {exc}") from exc
    fmt = envelope.get("format")
    while fmt != STATE_FORMAT:
        if not isinstance(fmt, int) or fmt not in STATE_MIGRATIONS:
            raise StateError(f"stored state has unknown format {fmt!r}")
        STATE_MIGRATIONS[fmt](envelope)
        fmt = envelope.get("format")
    if envelope.get("spiff") not in (SPIFF_VERSION, *MIGRATIONS):
        raise StateError(f"stored state has unknown Spiff version {envelope.get('spiff')!r}")
    return envelope
