"""What changed between two deployed versions of a process, step by step.

SpiffWorkflow's ``SpecDiff`` aligns the task specs of two versions (by BPMN id, then by
position in the flow) and lists the attributes that differ; habiflow adds its own extensions
(role, form, SLA) from each version's task metadata. Only BPMN elements are reported, not the
control specs Spiff adds around them (start, end joins, boundary splits). The result is
language-neutral: the web layer words it in French.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.util.diff import SpecDiff
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.runtime import LoadedSpec, StepInfo
from workflows.sla import SlaPolicy

# Spiff compares specs through their serialized form.
SPEC_REGISTRY = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)

# Attributes whose change never affects a case standing on the step: its label, its links
# (the cases' predicted path is rebuilt), its lane and documentation.
HARMLESS = frozenset(
    {"name", "bpmn_id", "bpmn_name", "inputs", "outputs", "lane", "documentation", "description"}
)
_SCRIPTS = frozenset({"script", "prescript", "postscript"})
_CONDITIONS = frozenset({"cond_task_specs", "default_task_spec", "condition"})
_NOT_SHOWN = frozenset({"name", "inputs", "lane", "description", "typename"})


class ChangeKind(StrEnum):
    RENAMED = "renamed"
    ID = "id"
    TYPE = "type"
    FLOWS = "flows"
    CONDITIONS = "conditions"
    SCRIPT = "script"
    EVENT = "event"
    DOCUMENTATION = "documentation"
    ROLE = "role"
    FORM = "form"
    SLA = "sla"
    OTHER = "other"


@dataclass(frozen=True)
class Change:
    """One difference of a step: old and new values as text (None: absent)."""

    kind: ChangeKind
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Step:
    bpmn_id: str
    name: str


@dataclass(frozen=True)
class StepChange:
    old: Step
    new: Step
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class VersionDiff:
    added: tuple[Step, ...]
    removed: tuple[Step, ...]
    changed: tuple[StepChange, ...]

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def spec_diff(old: Any, new: Any) -> SpecDiff:
    return SpecDiff(SPEC_REGISTRY, old, new)


def diff_versions(old: LoadedSpec, new: LoadedSpec) -> VersionDiff:
    """Added, removed and changed steps of the main process from ``old`` to ``new``."""
    diff = spec_diff(old.spec, new.spec)
    changed = []
    for before, after in diff.alignment.items():
        if after is None or before.bpmn_id is None:
            continue
        changes = _spec_changes(before, after, diff.comparisons.get(before, []))
        changes += _meta_changes(old.steps.get(before.bpmn_id), new.steps.get(after.bpmn_id))
        if changes:
            changed.append(StepChange(step_of(before, old), step_of(after, new), tuple(changes)))
    return VersionDiff(
        added=tuple(step_of(s, new) for s in diff.added if s.bpmn_id is not None),
        removed=tuple(step_of(s, old) for s in diff.removed if s.bpmn_id is not None),
        changed=tuple(changed),
    )


def step_of(spec: Any, version: LoadedSpec) -> Step:
    """A task spec as people know it: its title, else its BPMN label, else its id."""
    info = version.steps.get(spec.bpmn_id) if spec.bpmn_id else None
    name = info.title if info else (spec.bpmn_name or spec.bpmn_id or spec.name)
    return Step(spec.bpmn_id or spec.name, name)


def _spec_changes(before: Any, after: Any, attributes: Iterable[str]) -> list[Change]:
    keys = set(attributes)
    changes: list[Change] = []
    if "typename" in keys:
        changes.append(Change(ChangeKind.TYPE, type(before).__name__, type(after).__name__))
        return changes
    if "bpmn_name" in keys:
        changes.append(Change(ChangeKind.RENAMED, before.bpmn_name, after.bpmn_name))
    if "bpmn_id" in keys:
        changes.append(Change(ChangeKind.ID, before.bpmn_id, after.bpmn_id))
    if "outputs" in keys:
        old_next, new_next = _next_steps(before), _next_steps(after)
        if old_next != new_next:
            changes.append(Change(ChangeKind.FLOWS, old_next, new_next))
    if "documentation" in keys:
        changes.append(Change(ChangeKind.DOCUMENTATION))
    if keys & _CONDITIONS:
        changes.append(Change(ChangeKind.CONDITIONS))
    if keys & _SCRIPTS:
        changes.append(Change(ChangeKind.SCRIPT))
    if "event_definition" in keys:
        changes.append(Change(ChangeKind.EVENT))
    other = sorted(keys - HARMLESS - _NOT_SHOWN - _CONDITIONS - _SCRIPTS - {"event_definition"})
    if other:
        changes.append(Change(ChangeKind.OTHER, None, ", ".join(other)))
    return changes


def _next_steps(spec: Any) -> str:
    """The BPMN elements a spec leads to, looking through Spiff's control specs."""
    names: list[str] = []
    seen: set[str] = set()
    pending = list(spec.outputs)
    while pending:
        output = pending.pop(0)
        if output.name in seen:
            continue
        seen.add(output.name)
        if output.bpmn_id is None:
            pending.extend(output.outputs)
        elif output.bpmn_id != spec.bpmn_id:
            names.append(output.bpmn_name or output.bpmn_id)
    return ", ".join(sorted(names))


def _meta_changes(before: StepInfo | None, after: StepInfo | None) -> list[Change]:
    if before is None and after is None:
        return []
    changes = []
    old_role, new_role = _role(before), _role(after)
    if old_role != new_role:
        changes.append(Change(ChangeKind.ROLE, old_role, new_role))
    old_form, new_form = _form(before), _form(after)
    if old_form != new_form:
        changes.append(Change(ChangeKind.FORM, old_form, new_form))
    old_sla = before.sla if before else None
    new_sla = after.sla if after else None
    if old_sla != new_sla:
        changes.append(Change(ChangeKind.SLA, sla_text(old_sla), sla_text(new_sla)))
    return changes


def _role(info: StepInfo | None) -> str | None:
    return info.role if info else None


def _form(info: StepInfo | None) -> str | None:
    return info.form_key if info else None


def sla_text(policy: SlaPolicy | None) -> str | None:
    """An SLA as the modeller writes it in ``hf:sla``."""
    if policy is None:
        return None
    escalate = f' escalateTo="{policy.escalate_to.value}"' if policy.escalate_to else ""
    return (
        f'duration="{policy.duration}" calendar="{policy.calendar}" '
        f'warnAt="{policy.warn_at}"{escalate}'
    )


def meta_of(version: LoadedSpec, spec: Any) -> StepInfo | None:
    """Our extensions (role, form, SLA) of a task spec in a version, if it is a human step."""
    return version.steps.get(spec.bpmn_id) if spec.bpmn_id else None
