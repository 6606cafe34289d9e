"""What an SLA notification says, in French, to the person who receives it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from engine.config import EscalationMode
from engine.models import TaskStatus
from workflows.business_calendar import PARIS
from workflows.roles import Role

Message = tuple[str, str]  # subject, body


@dataclass(frozen=True)
class ClockFacts:
    """A claimed clock with its task and case, as the sweep read them."""

    id: int
    instance_id: int
    task_id: int | None
    process_key: str
    step: str | None
    territory: str | None
    escalate_to: str | None
    due_at: datetime
    breached_at: datetime | None
    breach_assignee: str | None
    title: str | None
    assignee: str | None
    candidate_role: str | None
    task_status: TaskStatus | None
    business_key: str | None


def warning(facts: ClockFacts) -> Message:
    subject = f"Échéance proche : {_what(facts)} - dossier {_case(facts)}"
    body = (
        f"{_sentence(facts)} doit être terminé avant le {when(facts.due_at)}.\n"
        "Le délai approche : merci de traiter ce dossier, ou de suspendre le délai "
        "s'il dépend d'un tiers (locataire, entreprise)."
    )
    return subject, body


def breach(facts: ClockFacts) -> Message:
    subject = f"Délai dépassé : {_what(facts)} - dossier {_case(facts)}"
    body = (
        f"{_sentence(facts)} devait être terminé avant le {when(facts.due_at)}.\n"
        f"Le dépassement est enregistré{_holder(facts)} et signalé à l'encadrement."
    )
    return subject, body


def escalation(facts: ClockFacts, mode: EscalationMode) -> Message:
    subject = f"Escalade : {_what(facts)} - dossier {_case(facts)}"
    if facts.task_id is None:
        action = "Merci de faire le point sur ce dossier."
    elif mode == "reassign":
        action = "La tâche vous est réaffectée : elle est dans votre corbeille."
    else:
        action = "Vous pouvez la prendre en charge depuis votre corbeille."
    body = (
        f"{_sentence(facts)} a dépassé son délai (échéance le {when(facts.due_at)})"
        f"{_holder(facts)}.\n"
        f"Ce dépassement vous est signalé en tant que {_role(facts.escalate_to)}"
        f"{_territory(facts)}. {action}"
    )
    return subject, body


def direction(facts: ClockFacts, after: timedelta) -> Message:
    subject = f"Escalade direction : {_what(facts)} - dossier {_case(facts)}"
    breached = facts.breached_at or facts.due_at
    hours = int(after.total_seconds() // 3600)
    body = (
        f"{_sentence(facts)} est en dépassement depuis le {when(breached)} "
        f"(échéance le {when(facts.due_at)}){_holder(facts)}{_territory(facts)}.\n"
        f"Sans résolution {hours} h après le dépassement, il est porté à la connaissance "
        "de la direction."
    )
    return subject, body


@lru_cache(maxsize=4096)  # deadlines cluster (business days end at midnight)
def when(instant: datetime) -> str:
    """A Paris date and time; a deadline at midnight reads as the end of the day before."""
    local = instant.astimezone(PARIS)
    if (local.hour, local.minute) == (0, 0):
        return f"{(local - timedelta(days=1)):%d/%m/%Y} (fin de journée)"
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


def _case(facts: ClockFacts) -> str:
    return facts.business_key or f"n° {facts.instance_id}"


def _what(facts: ClockFacts) -> str:
    if facts.task_id is None:
        return "traitement"
    return facts.title or facts.step or facts.process_key


def _sentence(facts: ClockFacts) -> str:
    if facts.task_id is None:
        return f"Le traitement du dossier {_case(facts)} ({facts.process_key})"
    step = f"l'étape « {_what(facts)} »"
    return f"Le traitement de {step} du dossier {_case(facts)} ({facts.process_key})"


def _holder(facts: ClockFacts) -> str:
    if facts.task_id is None:
        return ""
    holder = facts.breach_assignee or facts.assignee
    return f" ; responsable : {holder}" if holder else " ; tâche non attribuée"


def _territory(facts: ClockFacts) -> str:
    return f" du territoire {facts.territory}" if facts.territory else ""


def _role(key: str | None) -> str:
    try:
        return Role(key).label_fr.lower() if key else "encadrant"
    except ValueError:
        return str(key)
