"""How the direction of maîtrise d'ouvrage fills the construction supervision's forms.

Operations of 15 to 50 dwellings at €170-230k each, mostly committed; design phases mostly
within the envelope; monthly site meetings whose progress reaches 100 % over the contract's
duration, a few drifting; receptions often with reservations, rarely refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from workflows.construction import planned_completion
from workflows.simulation.situation import (
    Answer,
    Situation,
    chance,
    contractor,
    money,
    person_name,
    pick,
)


def _feasibility(s: Situation) -> dict[str, Any]:
    mix = {
        t: s.rng.randint(lo, hi)
        for t, (lo, hi) in {
            "t1": (0, 4),
            "t2": (3, 12),
            "t3": (5, 16),
            "t4": (3, 10),
            "t5": (0, 4),
        }.items()
    }
    dwellings = sum(mix.values())
    operation = str(s.get("_business_key") or f"OP-{s.today.year}-{s.rng.randrange(100):02d}")
    return {
        "operation_id": operation,
        "operation_name": f"Opération {operation}",
        "land_status": pick(s.rng, {"owned": 50, "under_option": 30, "to_acquire": 20}),
        "programme": mix,
        "estimated_cost": round(dwellings * s.rng.uniform(170_000, 230_000), 2),
        "operating_balance": pick(s.rng, {"balanced": 85, "deficit": 15}),
    }


def _envelope(s: Situation) -> float:
    return float(s.get("budget_envelope", 5_000_000))


def _site_meeting(s: Situation) -> dict[str, Any]:
    months = int(s.get("works_duration_months", 18))
    meetings = s.count("construction_site_meeting") + 1
    progress = min(100.0, round(100.0 * meetings / months, 1))
    contract = float(s.get("contract_amount", 4_000_000))
    start = s.get("start_order_date", s.day())
    planned = planned_completion(start, months)
    drifting = chance(s.rng, 0.04)
    forecast_end = date.fromisoformat(planned) + timedelta(days=45 if drifting else 0)
    return {
        "meeting_date": s.day(),
        "progress_percent": progress,
        "statement_amount": round(contract / months, 2),
        "amendments_total": 0,
        "forecast_final_amount": round(contract * (1.07 if drifting else 1.0), 2),
        "forecast_completion_date": forecast_end.isoformat(),
        "contractor_in_default": chance(s.rng, 0.03),
        "works_completed": progress >= 100.0,
    }


def _pre_reception(s: Situation) -> dict[str, Any]:
    proposal = pick(s.rng, {"granted": 40, "granted_with_reservations": 55, "refused": 5})
    data: dict[str, Any] = {
        "inspection_date": s.day(),
        "minutes_date": s.day(),
        "reception_proposal": proposal,
    }
    if proposal == "granted_with_reservations":
        data["reservations"] = [
            {
                "place": "Bâtiment A",
                "lot": "menuiseries",
                "contractor": contractor(s.rng),
                "description": "Réglage des portes palières",
            }
        ]
    return data


ANSWERS: dict[str, Answer] = {
    "construction_feasibility": _feasibility,
    "construction_commitment": lambda s: {
        "commitment_decision": pick(s.rng, {"approved": 80, "adjourned": 12, "rejected": 8}),
        "budget_envelope": round(float(s.get("estimated_cost", 5_000_000)) * 1.05, 2),
        "board_decision_date": s.day(),
    },
    "construction_architect_consultation": lambda s: {
        "architect_fees_estimate": round(_envelope(s) * s.rng.uniform(0.03, 0.07), 2),
        "consultation_launch_date": s.day(),
    },
    "construction_architect_award": lambda s: {
        "architect_name": f"Atelier {person_name(s.rng).split()[-1]} Architectes",
        "architect_fees": round(float(s.get("architect_fees_estimate", 200_000)) * 0.98, 2),
        "award_date": s.day(),
    },
    "construction_design_phase": lambda s: {
        "phase_estimate": round(_envelope(s) * s.rng.uniform(0.88, 1.02), 2),
        "phase_owner_decision": pick(s.rng, {"approved": 92, "rework": 8}),
        "phase_approval_date": s.day(),
    },
    "construction_envelope_arbitration": lambda s: {
        "envelope_decision": pick(s.rng, {"raise_envelope": 55, "redesign": 42, "abandon": 3}),
        "new_budget_envelope": round(float(s.get("phase_estimate", _envelope(s))) * 1.02, 2),
    },
    "construction_tender_analysis": lambda s: {
        "tender_outcome": pick(s.rng, {"successful": 90, "unsuccessful": 10}),
        "works_amount": round(_envelope(s) * s.rng.uniform(0.8, 0.95), 2),
    },
    "construction_works_award": lambda s: {
        "cao_meeting_date": s.day(),
        "awarded_amount": float(s.get("works_amount", _envelope(s) * 0.9)),
    },
    "construction_start_order": lambda s: {
        "start_order_date": s.day(),
        "works_duration_months": s.rng.randint(14, 24),
        "contract_amount": float(s.get("awarded_amount", s.get("works_amount", 4_000_000))),
        "retention_rate_percent": 5,
    },
    "construction_visa": lambda s: {
        "visa_date": s.day(),
        "visa_status": pick(s.rng, {"approved": 70, "approved_with_comments": 30}),
    },
    "construction_site_meeting": _site_meeting,
    "construction_drift_arbitration": lambda s: {
        "drift_decision": pick(s.rng, {"accept_new_baseline": 70, "corrective_plan": 30}),
    },
    "construction_formal_notice": lambda s: {
        "notice_date": s.day(),
        "notice_days": pick(s.rng, {15: 70, 30: 30}),
        "defaulting_contractor": contractor(s.rng),
        "breach_description": "Retard du lot gros œuvre et effectifs insuffisants.",
    },
    "construction_notice_follow_up": lambda s: {"notice_complied": chance(s.rng, 0.8)},
    "construction_works_at_cost": lambda s: {
        "substitution_date": s.day(),
        "substitute_contractor": contractor(s.rng),
        "substitution_estimate": money(s.rng, 20_000, 120_000),
    },
    "construction_completion_notice": lambda s: {"completion_notice_date": s.day()},
    "construction_pre_reception": _pre_reception,
    "construction_pre_reception_override": lambda s: {"forced_inspection_date": s.day(3)},
    "construction_reception_decision": lambda s: {
        "reception_decision": s.get("reception_proposal", "granted"),
        "reception_date": s.day(),
    },
    "construction_rework_order": lambda s: {
        "rework_order_date": s.day(),
        "rework_description": "Reprise de l'étanchéité des toitures-terrasses.",
    },
    "construction_reservations_lifting": lambda s: {
        "lifted_reservations": [
            {"description": "Réglage des portes palières", "lifted_on": s.day()}
        ]
    },
    "construction_reservations_check": lambda s: {
        "check_date": s.day(),
        "all_reservations_lifted": chance(s.rng, 0.85),
    },
    "construction_as_built": lambda s: {"as_built_received_date": s.day(), "diuo_received": True},
    "construction_building_takeover": lambda s: {
        "takeover_date": s.day(),
        "keys_count": 2 * int(s.get("dwellings_count", 30)),
    },
    "construction_first_letting": lambda s: {
        "dwellings": [
            f"{s.get('_business_key', 'OP')}-L{n:02d}"
            for n in range(1, int(s.get("dwellings_count", 20)) + 1)
        ],
        "availability_date": s.day(30),
    },
    "construction_retention_release": lambda s: (
        {"objection_lodged": True, "objection_reason": "Désordres non repris"}
        if chance(s.rng, 0.1)
        else {"objection_lodged": False, "retention_released_on": s.day()}
    ),
    "construction_objection_lifting": lambda s: {
        "objection_lifted_on": s.day(),
        "retention_released_on": s.day(),
    },
    "construction_final_account": lambda s: {
        "final_statement_date": s.day(),
        "final_amount": float(s.get("contract_amount", 4_000_000)),
        "final_account_date": s.day(),
    },
}
SILENCE: dict[str, float] = {}
