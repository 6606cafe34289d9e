"""The office simulator: the real services, a moving engine clock, the policies of
``workflows.simulation``.

``simulate(ctx, schema_of, settings)`` plays ``settings.days`` of the office from
``settings.start`` on a database holding the demo office (places and staff) and the deployed
processes. Hour by hour it opens new cases on demo places (``start_instance`` by a real staff
member of the place's territory), lets the people of each task's role claim and complete it
when the delay policy says (``claim``, ``complete`` with form data valid for the task's JSON
Schema), then fires the timers that came due and sweeps the SLA clocks. The clock is a
``ManualClock`` the context shares: each action happens at its own simulated instant.

Same seed, same start, same database → the same cases, tasks and counts: every random choice
comes from ``random.Random`` streams seeded from ``settings.seed``, events run in time order
(ties in creation order), new tasks are read in id order. A case whose script fails on the
data is counted (``SimulationReport.failures``), never fatal.

Each simulated step (an hour) is one write transaction (``engine.db.batched_writes``): every
service call in it is a savepoint of that transaction, exactly the work it does on its own,
and the hour becomes visible to other connections when it commits. The simulator reads the
tasks it plans on through the same connection.
"""

from __future__ import annotations

import heapq
import random
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, func, select

from engine.actors import Actor
from engine.clock import ManualClock
from engine.db import batched_writes, refresh_statistics
from engine.errors import Conflict, FormInvalid, HabiflowError, NotFound, ProcessFailed
from engine.models import (
    HumanTask,
    InstanceStatus,
    Person,
    ProcessDefinition,
    ProcessInstance,
    TaskStatus,
)
from engine.models.places import Building, Dwelling, Residence, Spot, Territory
from engine.prepared import Prepared
from engine.runtime import EngineContext
from engine.services import instances, tasks
from engine.services.sla_sweep import sweep_sla
from engine.services.timers import fire_due_timers
from workflows.simulation.answers import answer, stays_silent
from workflows.simulation.delays import TaskFacts, act_at
from workflows.simulation.schema_data import fill
from workflows.simulation.situation import Situation
from workflows.simulation.volumes import YEARLY_VOLUMES, hourly_rate, poisson

TASK = cast(Table, HumanTask.__table__)
CASE = cast(Table, ProcessInstance.__table__)
LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)
STARTERS = {
    "tenant_complaint": ("customer_officer", "dwelling", "REC"),
    "vacancy_turnaround": ("letting_officer", "dwelling", "VAC"),
    "refurbishment": ("asset_technician", "building", "REH"),
    "construction_supervision": ("project_manager", "residence", "OP"),
}
"""Who opens a case of each process, on which kind of place, with which business key prefix."""
_IDS = re.compile(r"\b(case|task|job) \d+")


class _TaskNow(NamedTuple):
    instance_id: int
    bpmn_id: str
    status: TaskStatus
    candidate_role: str | None
    escalated_role: str | None
    territory: str | None
    assignee: str | None
    form_key: str | None


class _NewTask(NamedTuple):
    id: int
    instance_id: int
    candidate_role: str | None
    form_key: str | None
    created_at: datetime
    due_at: datetime | None
    assignee: str | None


class _CaseFacts(NamedTuple):
    process_key: str
    place_ref: str | None
    business_key: str | None
    started_at: datetime


def _columns(row: type[NamedTuple], table: Table) -> list[Any]:
    return [table.c[name] for name in row._fields]


# Prepared once: the simulator runs them after every event.
_TASK_NOW = Prepared(select(*_columns(_TaskNow, TASK)).where(TASK.c.id == bindparam("task_id")))
_NEW_TASKS = Prepared(
    select(*_columns(_NewTask, TASK)).where(TASK.c.id > bindparam("mark")).order_by(TASK.c.id)
)
_CASE_FACTS = Prepared(
    select(*_columns(_CaseFacts, CASE)).where(CASE.c.id == bindparam("instance_id"))
)


@dataclass(frozen=True)
class SimulationSettings:
    """One run: how long, from when, how big an office, which seed."""

    days: float
    start: datetime
    seed: int = 7
    scale: float = 1.0
    step: timedelta = timedelta(hours=1)
    lateness: float = 1.0
    """Multiplies every role's share of late tasks."""
    claim_share: float = 0.5
    """Share of tasks someone claims (takes into their inbox) before completing them."""
    silence: float = 1.0
    """Multiplies the share of tasks nobody ever answers (surveys, offers)."""


@dataclass
class SimulationReport:
    """What a run did. ``counts()`` is what the seed determines (no wall time)."""

    started: Counter[str] = field(default_factory=Counter)
    case_status: Counter[str] = field(default_factory=Counter)
    tasks_claimed: int = 0
    tasks_completed: int = 0
    tasks_left_silent: int = 0
    tasks_gone: int = 0
    timers_fired: int = 0
    sla_warned: int = 0
    sla_breached: int = 0
    sla_escalated: int = 0
    open_tasks: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    simulated_hours: int = 0
    seconds: float = 0.0

    @property
    def instances_started(self) -> int:
        return sum(self.started.values())

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def counts(self) -> dict[str, Any]:
        return {
            "started": dict(sorted(self.started.items())),
            "case_status": dict(sorted(self.case_status.items())),
            "tasks_claimed": self.tasks_claimed,
            "tasks_completed": self.tasks_completed,
            "tasks_left_silent": self.tasks_left_silent,
            "tasks_gone": self.tasks_gone,
            "timers_fired": self.timers_fired,
            "sla_warned": self.sla_warned,
            "sla_breached": self.sla_breached,
            "sla_escalated": self.sla_escalated,
            "open_tasks": self.open_tasks,
            "failures": dict(sorted(self.failures.items())),
        }


Progress = Callable[[SimulationReport, int, int], None]
"""Called after each simulated step with the report so far, steps done and steps in all."""


@dataclass(frozen=True)
class Place:
    ref: str
    territory: str
    facts: Mapping[str, Any]


@dataclass(frozen=True)
class Office:
    """The demo office as the simulator needs it: people by role and territory, places."""

    people: Mapping[str, Actor]
    by_role: Mapping[tuple[str, str | None], tuple[Actor, ...]]
    places: Mapping[str, tuple[Place, ...]]
    processes: tuple[str, ...]

    def actor_for(self, role: str | None, territory: str | None, key: str) -> Actor | None:
        """A person holding ``role`` in ``territory`` (or office-wide), the same for ``key``."""
        if role is None:
            return None
        choices = self.by_role.get((role, territory)) or self.by_role.get((role, None), ())
        if not choices:
            return None
        return choices[zlib.crc32(key.encode()) % len(choices)]


def load_office(conn: Connection) -> Office:
    """Read staff, places and deployed processes (raises NotFound if there are none)."""
    people: dict[str, Actor] = {}
    by_role: dict[tuple[str, str | None], list[Actor]] = {}
    rows = conn.execute(
        select(Person.username, Person.roles, Person.territory)
        .where(Person.active.is_(True))
        .order_by(Person.username)
    )
    for username, roles, territory in rows:
        actor = Actor(username, frozenset(r for r in roles.split(",") if r), territory)
        people[username] = actor
        for role in actor.roles:
            by_role.setdefault((role, territory), []).append(actor)
    places = _places(conn)
    if not places["dwelling"]:
        raise NotFound("no places in the database: load the demo office first (demo-data)")
    deployed = set(conn.scalars(select(ProcessDefinition.key).distinct()))
    processes = tuple(key for key in STARTERS if key in deployed)
    if not processes:
        raise NotFound("none of the office's processes is deployed: deploy bpmn/*.bpmn first")
    return Office(people, {k: tuple(v) for k, v in by_role.items()}, places, processes)


def _places(conn: Connection) -> dict[str, tuple[Place, ...]]:
    chain = (
        select(Residence.id, Residence.code, Territory.code.label("territory"))
        .join(Spot, Spot.id == Residence.spot_id)
        .join(Territory, Territory.id == Spot.territory_id)
        .order_by(Residence.id)
    )
    residences = {row.id: row for row in conn.execute(chain)}
    counts: dict[int, int] = {
        b_id: n
        for b_id, n in conn.execute(
            select(Dwelling.building_id, func.count()).group_by(Dwelling.building_id)
        )
    }
    buildings = {}
    for b_id, code, r_id in conn.execute(
        select(Building.id, Building.code, Building.residence_id).order_by(Building.id)
    ):
        buildings[b_id] = Place(
            code, residences[r_id].territory, {"kind": "building", "dwellings": counts.get(b_id)}
        )
    dwellings = tuple(
        Place(
            code,
            buildings[b_id].territory,
            {"kind": "dwelling", "typology": typology, "rent": rent_cents / 100},
        )
        for code, b_id, typology, rent_cents in conn.execute(
            select(
                Dwelling.code, Dwelling.building_id, Dwelling.typology, Dwelling.rent_cents
            ).order_by(Dwelling.id)
        )
    )
    return {
        "dwelling": dwellings,
        "building": tuple(buildings.values()),
        "residence": tuple(
            Place(r.code, r.territory, {"kind": "residence"}) for r in residences.values()
        ),
    }


class Simulation:
    """One run's state: the event queue, what each case said, the random streams."""

    def __init__(
        self,
        ctx: EngineContext,
        schema_of: Callable[[str], Mapping[str, Any]],
        settings: SimulationSettings,
        office: Office,
    ) -> None:
        if not isinstance(ctx.clock, ManualClock):
            raise TypeError("the simulator moves the clock: build the context with a ManualClock")
        self.ctx, self.clock, self.schema_of = ctx, ctx.clock, schema_of
        self.settings, self.office = settings, office
        seed = settings.seed
        self.arrivals = random.Random(f"{seed}:arrivals")
        self.timing = random.Random(f"{seed}:timing")
        self.answers = random.Random(f"{seed}:answers")
        self.report = SimulationReport()
        self.events: list[tuple[datetime, int, str, Any]] = []
        self.sequence = 0
        self.memory: dict[int, dict[str, Any]] = {}
        self.vacant: set[str] = set()
        with ctx.engine.connect() as conn:
            self.task_mark = conn.execute(select(func.max(TASK.c.id))).scalar() or 0
            self.case_mark = conn.execute(select(func.max(CASE.c.id))).scalar() or 0
        self.numbers: Counter[str] = Counter()
        self.conn: Connection | None = None

    # --- the loop ----------------------------------------------------------------------

    def run(self, progress: Progress | None = None) -> SimulationReport:
        began = time.perf_counter()
        step = self.settings.step
        steps = int(timedelta(days=self.settings.days) / step)
        # Hours in real time: a time zone's wall clock repeats or skips an hour when summer
        # time starts or ends, and aware datetimes of one zone add and compare by wall clock.
        first = moment = self.settings.start.astimezone(UTC)
        for done in range(1, steps + 1):
            end = moment + step
            self._schedule_arrivals(moment, end)
            with self._transaction():
                while self.events and self.events[0][0] < end:
                    at, _, kind, payload = heapq.heappop(self.events)
                    if at > self.clock.now():
                        self.clock.set(at)
                    getattr(self, f"_{kind}")(payload)
                    self._read_new_tasks()
                self.clock.set(end)
                self._sweep()
                self._read_new_tasks()
            moment = end
            self.report.simulated_hours = int((end - first) / timedelta(hours=1))
            self.report.seconds = time.perf_counter() - began
            if progress is not None:
                progress(self.report, done, steps)
        self._final_counts()
        self.report.seconds = time.perf_counter() - began
        return self.report

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One step's service calls in one write transaction, read through its connection."""
        try:
            with batched_writes(self.ctx.engine) as conn:
                self.conn = conn
                yield
        except BaseException:
            # Cached workflows may hold steps the rollback just undid.
            self.ctx.workflows.clear()
            raise
        finally:
            self.conn = None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """The step's connection, or a fresh one outside a step."""
        if self.conn is not None:
            yield self.conn
        else:
            with self.ctx.engine.connect() as conn:
                yield conn

    def _push(self, at: datetime, kind: str, payload: Any) -> None:
        self.sequence += 1
        heapq.heappush(self.events, (at, self.sequence, kind, payload))

    def _schedule_arrivals(self, start: datetime, end: datetime) -> None:
        seconds = (end - start).total_seconds()
        hours = seconds / 3600
        for key in self.office.processes:
            mean = hourly_rate(key, start, self.settings.scale) * hours
            for _ in range(poisson(self.arrivals, mean)):
                offset = timedelta(seconds=self.arrivals.uniform(0, seconds))
                self._push(start + offset, "start", key)

    def _sweep(self) -> None:
        while True:
            fired = fire_due_timers(self.ctx, limit=500)
            self.report.timers_fired += fired
            if fired < 500:
                break
        swept = sweep_sla(self.ctx)
        self.report.sla_warned += swept.warned
        self.report.sla_breached += swept.breached
        self.report.sla_escalated += swept.escalated

    # --- events --------------------------------------------------------------------------

    def _start(self, key: str) -> None:
        role, kind, prefix = STARTERS[key]
        place = self._place_for(key, kind)
        actor = self.office.actor_for(role, place.territory, f"start:{place.ref}")
        if actor is None:
            self.report.failures[f"{key}: nobody holds {role} in {place.territory}"] += 1
            return
        self.numbers[key] += 1
        year = self.clock.now().year
        width = 2 if prefix == "OP" else 6
        business_key = f"{prefix}-{year}-{self.case_mark + self.numbers[key]:0{width}d}"
        try:
            started = instances.start_instance(
                self.ctx, key, actor, business_key=business_key, place_ref=place.ref
            )
        except HabiflowError as exc:
            self.report.failures[f"{key} (start): {_short(exc)}"] += 1
            self.vacant.discard(place.ref)
            return
        self.report.started[key] += 1
        self.memory[started.instance_id] = {
            "_process": key,
            "_place_ref": place.ref,
            "_place": dict(place.facts),
            "_business_key": business_key,
            "_started_at": self.clock.now().isoformat(),
        }

    def _place_for(self, key: str, kind: str) -> Place:
        choices = self.office.places[kind]
        while True:
            place = self.arrivals.choice(choices)
            # One turnaround at a time per dwelling.
            if key != "vacancy_turnaround" or place.ref not in self.vacant:
                break
        if key == "vacancy_turnaround":
            self.vacant.add(place.ref)
        return place

    def _claim(self, task_id: int) -> None:
        row = self._task(task_id)
        if row is None or row.status is not TaskStatus.OPEN:
            return
        actor = self._actor(row)
        if actor is None:
            return
        try:
            tasks.claim(self.ctx, task_id, actor)
        except HabiflowError:
            return
        self.report.tasks_claimed += 1

    def _complete(self, task_id: int) -> None:
        row = self._task(task_id)
        if row is None or row.status not in LIVE:
            self.report.tasks_gone += 1
            return
        memory = self._memory(row.instance_id)
        process = memory.get("_process", "?")
        actor = self._actor(row)
        if actor is None:
            self.report.failures[f"{process}/{row.bpmn_id}: nobody may do it"] += 1
            return
        data = self._form_data(row.form_key, memory)
        try:
            done = tasks.complete(self.ctx, task_id, actor, data)
        except ProcessFailed as exc:
            self.report.failures[f"{process}/{row.bpmn_id}: {_short(exc)}"] += 1
            self._forget(row.instance_id)
            return
        except FormInvalid as exc:
            fields = ", ".join(sorted(exc.field_errors))
            self.report.failures[f"{process}/{row.bpmn_id}: form invalid ({fields})"] += 1
            return
        except Conflict:
            self.report.tasks_gone += 1
            return
        except HabiflowError as exc:
            self.report.failures[f"{process}/{row.bpmn_id}: {_short(exc)}"] += 1
            return
        self.report.tasks_completed += 1
        memory.update(data)
        if row.form_key:
            counter = f"_count:{row.form_key}"
            memory[counter] = memory.get(counter, 0) + 1
        if done.instance_status is not InstanceStatus.RUNNING:
            self._forget(row.instance_id)

    def _forget(self, instance_id: int) -> None:
        memory = self.memory.pop(instance_id, {})
        if memory.get("_process") == "vacancy_turnaround":
            self.vacant.discard(str(memory.get("_place_ref")))

    # --- helpers -------------------------------------------------------------------------

    def _form_data(self, form_key: str | None, memory: Mapping[str, Any]) -> dict[str, Any]:
        if not form_key:
            return {}
        situation = Situation(self.answers, self.clock.now(), memory)
        decided = answer(form_key, situation)
        return fill(self.schema_of(form_key), self.answers, self.clock.now(), decided)

    def _task(self, task_id: int) -> _TaskNow | None:
        with self._reading() as conn:
            row = _TASK_NOW.first(conn, {"task_id": task_id})
        return None if row is None else _TaskNow(*row)

    def _actor(self, row: _TaskNow) -> Actor | None:
        if row.assignee:
            return self.office.people.get(row.assignee)
        key = f"{row.instance_id}:{row.candidate_role}"
        return self.office.actor_for(
            row.candidate_role, row.territory, key
        ) or self.office.actor_for(row.escalated_role, row.territory, key)

    def _memory(self, instance_id: int) -> dict[str, Any]:
        memory = self.memory.get(instance_id)
        if memory is None:  # a case another case handed over to, or one from before the run
            with self._reading() as conn:
                found = _CASE_FACTS.first(conn, {"instance_id": instance_id})
            if found is None:
                raise NotFound(f"case {instance_id} does not exist")
            case = _CaseFacts(*found)
            memory = {
                "_process": case.process_key,
                "_place_ref": case.place_ref,
                "_place": {},
                "_business_key": case.business_key,
                "_started_at": _utc(case.started_at).isoformat(),
            }
            self.memory[instance_id] = memory
        return memory

    def _read_new_tasks(self) -> None:
        with self._reading() as conn:
            rows = [_NewTask(*row) for row in _NEW_TASKS.all(conn, {"mark": self.task_mark})]
        for row in rows:
            self.task_mark = row.id
            self._plan(row)

    def _plan(self, row: _NewTask) -> None:
        if row.form_key and stays_silent(row.form_key, self.timing, share=self.settings.silence):
            self.report.tasks_left_silent += 1
            return
        memory = self._memory(row.instance_id)
        created = _utc(row.created_at)
        facts = TaskFacts(row.candidate_role, row.form_key, created, _utc_or_none(row.due_at))
        at = max(act_at(self.timing, facts, memory, lateness=self.settings.lateness), created)
        if row.assignee is None and self.timing.random() < self.settings.claim_share:
            self._push(created + (at - created) * self.timing.uniform(0.1, 0.7), "claim", row.id)
        self._push(at, "complete", row.id)

    def _final_counts(self) -> None:
        with self.ctx.engine.connect() as conn:
            statuses = conn.execute(
                select(CASE.c.process_key, CASE.c.status, func.count())
                .where(CASE.c.id > self.case_mark)
                .group_by(CASE.c.process_key, CASE.c.status)
            )
            for key, status, count in statuses:
                self.report.case_status[f"{key}/{status.value}"] = count
            self.report.open_tasks = conn.execute(
                select(func.count()).select_from(TASK).where(TASK.c.status.in_(LIVE))
            ).scalar_one()


def simulate(
    ctx: EngineContext,
    schema_of: Callable[[str], Mapping[str, Any]],
    settings: SimulationSettings,
    progress: Progress | None = None,
) -> SimulationReport:
    """Play ``settings.days`` of the office on ``ctx`` (whose clock must be a ManualClock)."""
    with ctx.engine.connect() as conn:
        office = load_office(conn)
    if not isinstance(ctx.clock, ManualClock):
        raise TypeError("the simulator moves the clock: build the context with a ManualClock")
    if ctx.clock.now() < settings.start:
        ctx.clock.set(settings.start)
    report = Simulation(ctx, schema_of, settings, office).run(progress)
    refresh_statistics(ctx.engine)
    return report


def yearly_volumes(scale: float = 1.0) -> dict[str, float]:
    """The cases per year a run opens on average, by process."""
    return {key: volume * scale for key, volume in YEARLY_VOLUMES.items()}


def _short(exc: Exception) -> str:
    """The gist of an error, without the case and task ids that differ between failures."""
    return _IDS.sub(r"\1 …", str(exc).split("\n")[0])[:160]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _utc_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else _utc(moment)
