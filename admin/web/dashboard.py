"""The managers' dashboard (/tableau-de-bord): late work, trend, KPIs, heatmap, drill-down, CSV.

Managers only (``MANAGERS``), scoped to their territory by the services. Every choice lives
in the URL (period ``semaines``, ``processus``, heatmap ``carte``, sorting ``tri``/``ordre``,
drill-down filters), so a view can be bookmarked, shared and exported as it is. The chart
and the diagram are drawn by ``admin/frontend/dashboard.js`` from JSON data blocks; the same
numbers are in the page's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale

from admin.web.auth import engine, login_required
from admin.web.dashboard_csv import Cell, csv_response
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from admin.web.navigation import MANAGERS, has_any
from engine.actors import Actor
from engine.errors import NotFound, PermissionDenied
from engine.services import dashboard as board
from engine.services.dashboard_scope import DEFAULT_WEEKS, PERIODS
from engine.services.heatmap import StepHeat, newest_diagram
from engine.services.kpis import Kpi, Unit

blueprint = Blueprint("dashboard", __name__)
domain_errors(blueprint)
MAX_PARAM = 200
SORTS = {"retard": "breached", "risque": "at_risk", "nom": "label"}
TABLES = ("territoires", "agences", "processus", "etapes", "agents")
KEPT = (
    "semaines",
    "processus",
    "carte",
    "tri",
    "ordre",
    "statut",
    "territoire",
    "agence",
    "etape",
    "agent",
)


def manager() -> Actor:
    actor = me()
    if not has_any(actor, MANAGERS):
        raise PermissionDenied(f"{actor.username} is not a manager")
    return actor


def param(name: str) -> str | None:
    value = request.args.get(name, "").strip()[:MAX_PARAM]
    return value or None


def weeks() -> int:
    wanted = request.args.get("semaines", "")
    return int(wanted) if wanted in {str(p) for p in PERIODS} else DEFAULT_WEEKS


def number(value: float | None, digits: int = 1) -> str:
    """``12,5`` in French, ``12.5`` in English; a dash for no value."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if str(get_locale()) == "fr" else text


def kpi_value(kpi: Kpi) -> str:
    shown = number(kpi.value)
    if kpi.value is None:
        return shown
    return {
        Unit.DAYS: _("%(value)s j", value=shown),
        Unit.PERCENT: f"{shown} %",
        Unit.SCORE: f"{shown} / 5",
    }[kpi.unit]


def kpi_target(kpi: Kpi) -> str:
    sign = "≥" if kpi.higher_is_better else "≤"
    target = {
        Unit.DAYS: _("%(value)s j", value=number(kpi.target, 0)),
        Unit.PERCENT: f"{number(kpi.target, 0)} %",
        Unit.SCORE: f"{number(kpi.target, 0)} / 5",
    }[kpi.unit]
    return f"{sign} {target}"


def heat_badge(step: StepHeat) -> str:
    """The text on a diagram element: breach rate and median duration."""
    rate = "—" if step.breach_rate is None else f"{number(step.breach_rate, 0)} %"
    days = _("%(value)s j", value=number(step.median_days)) if step.completed else "—"
    return _("retard %(rate)s · médiane %(days)s", rate=rate, days=days)


def sorted_rows(rows: Sequence[board.Count]) -> list[board.Count]:
    """Rows as the ``tri`` and ``ordre`` parameters ask (most breached first by default)."""
    field = SORTS.get(request.args.get("tri", ""), "breached")
    descending = request.args.get("ordre", "desc" if field != "label" else "asc") == "desc"
    return sorted(
        rows,
        key=lambda r: (getattr(r, field) or "") if field == "label" else getattr(r, field),
        reverse=descending,
    )


def sort_state() -> tuple[str, str]:
    field = request.args.get("tri", "retard")
    field = field if field in SORTS else "retard"
    default = "asc" if field == "nom" else "desc"
    order = request.args.get("ordre", default)
    return field, order if order in ("asc", "desc") else default


def link_args(**changes: Any) -> dict[str, Any]:
    """The current query string with ``changes`` (None removes a parameter)."""
    args = {k: v for k, v in request.args.items() if k in KEPT}
    args.update(changes)
    return {k: v for k, v in args.items() if v is not None}


def breakdowns(seen: board.Overview) -> list[tuple[str, str, list[board.Count]]]:
    """(slug, caption, sorted rows) of the five breakdown tables."""
    return [
        ("territoires", _("Par territoire"), sorted_rows(seen.by_territory)),
        ("agences", _("Par agence"), sorted_rows(seen.by_spot)),
        ("processus", _("Par processus"), sorted_rows(seen.by_process)),
        ("etapes", _("Par étape"), sorted_rows(seen.by_step)),
        ("agents", _("Par agent"), sorted_rows(seen.by_assignee)),
    ]


DRILL_OF: dict[str, Callable[[board.Count], dict[str, str]]] = {
    "territoires": lambda r: {"territoire": r.key or board.NONE},
    "agences": lambda r: {"agence": r.key or board.NONE},
    "processus": lambda r: {"processus": r.key or board.NONE},
    "etapes": lambda r: {"processus": r.process_key or board.NONE, "etape": r.key or board.NONE},
    "agents": lambda r: {"agent": r.key or board.NONE},
}


def drill_url(slug: str, row: board.Count, lateness: str) -> str:
    args = link_args(tri=None, ordre=None, carte=None, **DRILL_OF[slug](row))
    return url_for("dashboard.late", statut=lateness, **args)


def current_overview() -> board.Overview:
    return board.overview(
        engine(), manager(), weeks(), param("processus"), heatmap_key=param("carte")
    )


def heat_data(seen: board.Overview) -> dict[str, Any] | None:
    if seen.heatmap is None:
        return None
    return {
        "source": url_for("dashboard.diagram", process_key=seen.heatmap.process_key),
        "steps": [
            {"id": s.step, "band": s.band, "badge": heat_badge(s)} for s in seen.heatmap.steps
        ],
    }


def trend_data(seen: board.Overview) -> dict[str, Any]:
    return {
        "labels": [w.week.label for w in seen.trend],
        "rates": [None if w.rate is None else round(w.rate, 1) for w in seen.trend],
        "label": _("Taux de dépassement (%)"),
    }


@blueprint.get("/tableau-de-bord")
@login_required
def overview() -> str:
    seen = current_overview()
    return render_template(
        "web/dashboard.html",
        seen=seen,
        tables=breakdowns(seen),
        sort=sort_state(),
        periods=PERIODS,
        weeks=weeks(),
        heat=heat_data(seen),
        trend=trend_data(seen),
        number=number,
        kpi_value=kpi_value,
        kpi_target=kpi_target,
        heat_badge=heat_badge,
        drill_url=drill_url,
        link_args=link_args,
        exactness=exactness,
    )


def late_filter() -> board.LateFilter:
    status = request.args.get("statut", "")
    lateness = board.Lateness(status) if status in {s.value for s in board.Lateness} else None
    process = param("processus")
    return board.LateFilter(
        lateness=lateness,
        territory=param("territoire"),
        spot=param("agence"),
        process_key=None if process == board.NONE else process,
        step=param("etape"),
        assignee=param("agent"),
    )


def case_url(instance_id: int) -> str | None:
    if "case.show" not in current_app.view_functions:
        return None
    return url_for("case.show", instance_id=instance_id)


@blueprint.get("/tableau-de-bord/retards")
@login_required
def late() -> str:
    found = board.late_items(engine(), manager(), late_filter())
    return render_template(
        "web/dashboard_late.html",
        found=found,
        case_url=case_url,
        link_args=link_args,
        lateness_label=lateness_label,
    )


def lateness_label(lateness: board.Lateness) -> str:
    return _("en retard") if lateness is board.Lateness.BREACHED else _("à risque")


@blueprint.get("/tableau-de-bord/retards.csv")
@login_required
def late_csv() -> Response:
    found = board.late_items(engine(), manager(), late_filter())
    header = [
        _("Dossier"),
        _("Référence"),
        _("Processus"),
        _("Étape"),
        _("Territoire"),
        _("Agence"),
        _("Lieu"),
        _("Agent"),
        _("Statut"),
        _("Alerte"),
        _("Échéance"),
        _("Tâche"),
    ]
    rows: list[list[Cell]] = [
        [
            item.instance_id,
            item.business_key,
            item.process_key,
            item.title or item.step or _("Dossier entier"),
            item.territory,
            item.spot,
            item.place_ref,
            item.assignee,
            lateness_label(item.lateness),
            item.warn_at,
            item.due_at,
            item.task_id,
        ]
        for item in found.items
    ]
    return csv_response("retards.csv", header, rows)


@blueprint.get("/tableau-de-bord/export/<name>.csv")
@login_required
def export(name: str) -> Response:
    seen = current_overview()
    if name == "tendance":
        header = [_("Semaine"), _("Échéances soldées"), _("En retard"), _("Taux (%)")]
        trend: list[list[Cell]] = [[w.week.label, w.settled, w.late, w.rate] for w in seen.trend]
        return csv_response("tendance.csv", header, trend)
    if name == "indicateurs":
        header = [_("Indicateur"), _("Valeur"), _("Cible"), _("Mesures"), _("Calcul")]
        kpis: list[list[Cell]] = [
            [_(k.label), kpi_value(k), kpi_target(k), k.count, exactness(k.exact)]
            for k in seen.kpis
        ]
        return csv_response("indicateurs.csv", header, kpis)
    if name == "carte" and seen.heatmap is not None:
        header = [
            _("Étape"),
            _("Taux de retard (%)"),
            _("Échéances soldées"),
            _("Terminées"),
            _("Durée médiane (jours ouvrés)"),
        ]
        steps: list[list[Cell]] = [
            [s.title, s.breach_rate, s.settled, s.completed, s.median_days]
            for s in seen.heatmap.steps
        ]
        return csv_response(f"carte-{seen.heatmap.process_key}.csv", header, steps)
    tables = {slug: rows for slug, _caption, rows in breakdowns(seen)}
    if name not in tables:
        raise NotFound(f"no table {name}")
    header = [_("Clé"), _("Libellé"), _("À risque"), _("En retard")]
    rows: list[list[Cell]] = [[r.key, r.label, r.at_risk, r.breached] for r in tables[name]]
    return csv_response(f"{name}.csv", header, rows)


def exactness(exact: bool) -> str:
    return _("exact") if exact else _("approché")


@blueprint.get("/tableau-de-bord/modeles/<process_key>.bpmn")
@login_required
def diagram(process_key: str) -> Response:
    xml = newest_diagram(engine(), manager(), process_key[:MAX_PARAM])
    return Response(xml, mimetype="application/xml")
