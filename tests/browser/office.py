"""The small office the browser tests run against: two territories, a few places and people.

Real process models (``bpmn/*.bpmn``) and the real form catalogue (``forms/``) are deployed
on a fresh SQLite database whose engine reads a ``ManualClock``; every person shares
``PASSWORD``. ``Office`` also drives cases through the services, so a scenario can put a case
where it wants it before the browser looks at it. The web page tests load ``PLACES`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from admin.wiring import context_for
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT, Settings
from engine.db import write_connection, write_session
from engine.models import Person
from engine.passwords import hash_password
from engine.runtime import EngineContext
from engine.services import instances, people, queries, sla_sweep, tasks, timers
from engine.services.deploy import deploy
from engine.services.places import load_places
from engine.specs import load_model
from workflows.places import Building, Directory, Dwelling, Residence, Spot, Territory, Typology

PASSWORD = "mot-de-passe-des-tests"

PLACES = Directory(
    territories=(
        Territory("nord", "Direction territoriale Nord"),
        Territory("sud", "Direction territoriale Sud"),
    ),
    spots=(Spot("S-01", "Agence de Meaux", "nord"), Spot("S-02", "Agence de Melun", "sud")),
    residences=(
        Residence("R-001", "Les Tilleuls", "Meaux", "77100", "S-01"),
        Residence("R-002", "Les Peupliers", "Melun", "77000", "S-02"),
    ),
    buildings=(
        Building("B-0001", "Bâtiment A", "R-001", "gardien.nord"),
        Building("B-0002", "Bâtiment A", "R-002", "gardien.sud"),
    ),
    dwellings=(
        Dwelling("D-00001", "B-0001", Typology.T3, 2, 64.0, 48_000),
        Dwelling("D-00002", "B-0001", Typology.T2, 0, 45.0, 36_000),
        Dwelling("D-00003", "B-0002", Typology.T4, 1, 78.0, 55_000),
        Dwelling("D-00004", "B-0002", Typology.T1, 3, 28.0, 25_000),
    ),
)
NORTH_DWELLING, SOUTH_DWELLING = "D-00001", "D-00003"

# username -> (role keys, territory); None = the whole office.
PEOPLE: dict[str, tuple[tuple[str, ...], str | None]] = {
    "gardien.nord": (("caretaker",), "nord"),
    "gardien.sud": (("caretaker",), "sud"),
    "clientele.nord": (("customer_officer",), "nord"),
    "clientele.nord.2": (("customer_officer",), "nord"),
    "clientele.sud": (("customer_officer",), "sud"),
    "gestion.nord": (("letting_officer",), "nord"),
    "gestion.sud": (("letting_officer",), "sud"),
    "tech.nord": (("asset_technician",), "nord"),
    "tech.sud": (("asset_technician",), "sud"),
    "responsable.nord": (("territorial_manager",), "nord"),
    "responsable.sud": (("territorial_manager",), "sud"),
    "pilote": (("process_owner",), None),
    "directeur": (("director", "manager"), None),
    "admin": (("admin",), None),
}


def settings_for(var_dir: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{var_dir / 'habiflow.sqlite3'}",
        broker_url=None,
        var_dir=var_dir,
        bpmn_dir=PROJECT_ROOT / "bpmn",
        forms_dir=PROJECT_ROOT / "forms",
    )


@dataclass
class Office:
    """The engine behind the live server, and shortcuts to drive its cases."""

    ctx: EngineContext
    clock: ManualClock
    settings: Settings

    def start(
        self,
        process_key: str,
        place_ref: str,
        username: str,
        *,
        business_key: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> instances.Started:
        """Start a case as ``username``; ``.task_ids`` are its first open tasks."""
        actor = people.get_actor(self.ctx, username)
        return instances.start_instance(
            self.ctx, process_key, actor, business_key=business_key, place_ref=place_ref, data=data
        )

    def complaint(self, business_key: str, place_ref: str = NORTH_DWELLING) -> instances.Started:
        """A new complaint case, waiting at "Enregistrer la réclamation" (``task_ids[0]``)."""
        officer = "clientele.nord" if place_ref == NORTH_DWELLING else "clientele.sud"
        return self.start("tenant_complaint", place_ref, officer, business_key=business_key)

    def awaiting_acknowledgement(self, business_key: str) -> int:
        """A north complaint registered now and qualified U2: its "Accuser réception" task id.

        That step's deadline is 48 calendar hours away.
        """
        case = self.complaint(business_key)
        registration = {
            "channel": "call_centre",
            "received_at": self.clock.now().isoformat(),
            "tenant_name": "Mme Durand",
            "location": "dwelling",
            "category": "heating",
            "description": "Plus de chauffage dans le séjour depuis lundi.",
        }
        self.complete(case.task_ids[0], "clientele.nord", registration)
        qualify = self.task(case.instance_id, "Task_Qualify").id
        self.complete(qualify, "clientele.nord", {"urgency": "U2", "urgency_reason": "Hiver."})
        return self.task(case.instance_id, "Task_Acknowledge").id

    def complete(self, task_id: int, username: str, data: dict[str, Any]) -> tuple[int, ...]:
        """Complete a task as ``username`` (no claim needed); returns the next task ids."""
        done = tasks.complete(self.ctx, task_id, people.get_actor(self.ctx, username), data)
        return tuple(done.next_task_ids)

    def open_tasks(self, instance_id: int) -> list[queries.TaskView]:
        """The case's open tasks, whoever they are offered to."""
        every = queries.list_tasks(self.ctx, limit=10_000)
        return [t for t in every if t.instance_id == instance_id]

    def task(self, instance_id: int, bpmn_id: str) -> queries.TaskView:
        """The one open task ``bpmn_id`` of the case (fails when there is not exactly one)."""
        (found,) = [t for t in self.open_tasks(instance_id) if t.bpmn_id == bpmn_id]
        return found

    def sweep(self) -> None:
        """What the scheduler does at the clock's time: fire due timers, then the SLA sweep."""
        timers.fire_due_timers(self.ctx, limit=10_000)
        sla_sweep.sweep_sla(self.ctx)


def build_office(var_dir: Path, clock: ManualClock) -> Office:
    """A fresh database with the places, people and the four real process models."""
    settings = settings_for(var_dir)
    ctx = context_for(settings, clock=clock, migrate=True)
    with write_connection(ctx.engine) as conn:
        load_places(conn, PLACES)
    _add_people(ctx)
    form_keys = ctx.forms.keys() if ctx.forms else None
    for path in sorted(settings.bpmn_dir.glob("*.bpmn")):
        model = load_model(path.read_bytes(), filename=path.name, form_keys=form_keys)
        deploy(ctx, model, "admin")
    return Office(ctx, clock, settings)


def _add_people(ctx: EngineContext) -> None:
    for username, (roles, territory) in PEOPLE.items():
        people.add_person(ctx, username, roles, territory=territory)
    hashed = hash_password(PASSWORD)
    with write_session(ctx.sessions) as session:
        for person in session.query(Person):
            person.password_hash = hashed
