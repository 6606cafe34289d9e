"""How the office fills the refurbishment's forms, from the programme to the guarantee.

Operations on buildings with poor energy ratings, mostly voted; about a third change rents
or charges (tenant consultation); awards mostly within the 10 % drift the committee
tolerates; works in occupied dwellings mostly uneventful, some refused accesses, amendments
and asbestos alerts; receptions often with reservations.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from workflows.refurbishment import access_day_allowed, earliest_access
from workflows.simulation.situation import (
    Answer,
    Situation,
    chance,
    contractor,
    money,
    person_name,
    pick,
)

COMPONENTS = (
    "roof",
    "facade",
    "windows",
    "insulation",
    "heating",
    "ventilation",
    "electrical",
    "plumbing",
    "lifts",
    "common_areas",
)
WORKS_EVENTS = {
    "completed": 84,
    "access_refused": 6,
    "asbestos_suspected": 3,
    "amendment_needed": 7,
}


def _dwellings(s: Situation) -> int:
    place = s.get("_place", {})
    count = place.get("dwellings") if isinstance(place, dict) else None
    return int(count) if count else s.rng.randint(12, 60)


def _programme(s: Situation) -> dict[str, Any]:
    dwellings = int(s.get("dwellings_count", _dwellings(s)))
    return {
        "building": str(s.get("_place_ref", "bâtiment")),
        "programme_year": s.today.year,
        "energy_rating": pick(s.rng, {"G": 15, "F": 25, "E": 30, "D": 25, "C": 5}),
        "components": s.rng.sample(COMPONENTS, k=s.rng.randint(1, 4)),
        "condition_score": s.rng.randint(2, 7),
        "trigger": (
            "vacancy_heavy_works"
            if s.get("handover_from")
            else pick(
                s.rng, {"maintenance_plan": 55, "energy_rating": 35, "recurring_complaints": 10}
            )
        ),
        "dwellings_count": dwellings,
        "estimated_budget": round(dwellings * s.rng.uniform(15_000, 40_000), 2),
    }


def _tenant_notice(s: Situation) -> dict[str, Any]:
    start = earliest_access(s.today) + timedelta(days=s.rng.randint(1, 10))
    while not access_day_allowed(start):
        start += timedelta(days=1)
    end = _business_day_on_or_after(start + timedelta(days=s.rng.randint(10, 50)))
    households = int(s.get("dwellings_count", _dwellings(s)))
    return {
        "notice_date": s.day(),
        "access_start": start.isoformat(),
        "access_end": end.isoformat(),
        "households_notified": households,
        "vulnerable_households": s.rng.randint(0, max(1, households // 10)),
    }


def _business_day_on_or_after(day: date) -> date:
    while not access_day_allowed(day):
        day += timedelta(days=1)
    return day


def _works_report(s: Situation) -> dict[str, Any]:
    # An incident sends the works back to this report; after a few, the works just end.
    reports = s.count("refurb_works_report")
    event = "completed" if reports >= 3 else pick(s.rng, WORKS_EVENTS)
    data: dict[str, Any] = {"works_event": event, "report_date": s.day()}
    if event == "access_refused":
        data["refused_dwelling"] = f"logement {s.rng.randint(1, 60)}"
    return data


def _award(s: Situation) -> dict[str, Any]:
    budget = float(s.get("approved_budget", 500_000))
    return {
        "contractor_name": contractor(s.rng),
        "award_amount": round(budget * s.rng.uniform(0.82, 1.12), 2),
        "award_date": s.day(),
        "offers_received": s.rng.randint(2, 8),
    }


def _reception(s: Situation) -> dict[str, Any]:
    proposal = s.get("architect_proposal", "granted")
    decision = proposal if chance(s.rng, 0.9) else "granted_with_reservations"
    return {"reception_decision": decision, "reception_date": s.day()}


ANSWERS: dict[str, Answer] = {
    "refurb_heavy_works_review": lambda s: {
        "dwelling": str(s.get("dwelling", s.get("_place_ref", "logement"))),
        "works_scope": "Reprise lourde du logement avant relocation",
        "works_amount": float(s.get("works_amount", money(s.rng, 30_000, 90_000))),
        "urgent": chance(s.rng, 0.2),
    },
    "refurb_programme": _programme,
    "refurb_board_vote": lambda s: {
        "board_decision": pick(s.rng, {"approved": 85, "postponed": 10, "rejected": 5}),
        "vote_date": s.day(),
        "approved_budget": round(float(s.get("estimated_budget", 600_000)) * 1.05, 2),
    },
    "refurb_diagnosis": lambda s: {
        "architect": f"Atelier {person_name(s.rng).split()[-1]}",
        "feasible": chance(s.rng, 0.95),
        "asbestos_survey_date": s.day(),
        "asbestos_found": chance(s.rng, 0.15),
        "works_change_rent": chance(s.rng, 0.3),
        "works_change_charges": chance(s.rng, 0.2),
        "estimated_cost": round(float(s.get("approved_budget", 600_000)) * 0.95, 2),
    },
    "refurb_consultation": lambda s: {
        "meeting_date": s.day(),
        "documents_available_from": s.day(),
        "representatives_consulted": True,
    },
    "refurb_tenant_opinion": lambda s: {
        "tenant_opinion": pick(s.rng, {"favourable": 60, "reserved": 30, "unfavourable": 10}),
        "opinion_date": s.day(),
        "representative": "Amicale des locataires",
    },
    "refurb_information": lambda s: {
        "information_date": s.day(),
        "channels": s.rng.sample(["letter", "posting", "meeting", "extranet"], k=2),
    },
    "refurb_tender_file": lambda s: {
        "estimated_amount_excl_tax": round(float(s.get("estimated_cost", 500_000)) / 1.1, 2),
        "lots_count": s.rng.randint(1, 6),
        "publication_date": s.day(),
    },
    "refurb_cao": lambda s: {
        "cao_decision": pick(s.rng, {"awarded": 85, "unsuccessful": 15}),
        "meeting_date": s.day(),
        "contractor_name": contractor(s.rng),
        "award_amount": round(float(s.get("approved_budget", 6_000_000)) * 0.98, 2),
    },
    "refurb_award": _award,
    "refurb_commitment_committee": lambda s: {
        "committee_decision": pick(s.rng, {"approve_overrun": 85, "abandon": 15}),
        "committee_date": s.day(),
        "approved_budget": round(float(s.get("contract_amount", 700_000)) * 1.05, 2),
        "reasons": "Surcoût justifié par l'état réel du bâti.",
    },
    "refurb_tenant_notice": _tenant_notice,
    "refurb_works_report": _works_report,
    "refurb_access_notice": lambda s: {
        "dwelling": str(s.get("refused_dwelling", "logement")),
        "notice_sent_on": s.day(),
        "delivery": pick(s.rng, {"registered_letter": 85, "bailiff": 15}),
        "access_obtained": chance(s.rng, 0.8),
    },
    "refurb_access_escalation": lambda s: {
        "access_decision": pick(s.rng, {"skip_dwelling": 70, "legal_action": 30}),
        "comment": "Logement traité à la fin du chantier.",
    },
    "refurb_asbestos_decision": lambda s: {
        "analysis_result": pick(s.rng, {"confirmed": 40, "not_confirmed": 60}),
        "asbestos_decision": pick(s.rng, {"resume": 92, "abandon": 8}),
        "protective_measures": "Confinement et retrait en sous-section 3.",
    },
    "refurb_amendment": lambda s: {
        "amendment_amount": round(
            float(s.get("award_amount", 500_000)) * s.rng.uniform(0.01, 0.08), 2
        ),
        "amendment_reason": "Travaux supplémentaires découverts en cours de chantier.",
    },
    "refurb_site_report": lambda s: {"common_areas_clean": chance(s.rng, 0.9)},
    "refurb_pre_reception": lambda s: {
        "opr_date": s.day(),
        "architect_proposal": pick(
            s.rng, {"granted": 55, "granted_with_reservations": 40, "refused": 5}
        ),
    },
    "refurb_reception_decision": _reception,
    "refurb_reservations_lifted": lambda s: {"lifted_on": s.day()},
    "refurb_contractor_notice": lambda s: {
        "notice_sent_on": s.day(),
        "delivery": "registered_letter",
        "works_at_contractor_cost": chance(s.rng, 0.2),
    },
    "refurb_rent_update": lambda s: {
        "effective_date": s.day(),
        "monthly_rent_increase": money(s.rng, 0, 25),
        "monthly_charges_change": money(s.rng, -15, 10),
        "rent_reduction_total": money(s.rng, 0, 300),
        "leases_updated": int(s.get("dwellings_count", 20)),
    },
    "refurb_satisfaction": lambda s: {
        "survey_date": s.day(),
        "respondents": s.rng.randint(5, int(s.get("dwellings_count", 30))),
        "satisfied_share": money(s.rng, 55, 95),
    },
    "refurb_guarantee_close": lambda s: {
        "outstanding_defects": chance(s.rng, 0.2),
        "retention_released": True,
        "final_cost": float(s.get("contract_amount", s.get("award_amount", 600_000))),
    },
    "refurb_defects_repair": lambda s: {"repaired_on": s.day()},
}
SILENCE: dict[str, float] = {"refurb_tenant_opinion": 0.15}
"""Some tenant representatives never give their opinion: the month runs out."""
