"""How the office fills the vacancy turnaround's forms, from the notice to the deposit.

Reduced notices are a quarter of notices (most with their proof); works are mostly a
refresh or a standard make-ready, rarely heavy (technical vacancy, handed to refurbishment);
the CALEOL allocates most dwellings, some conditionally, some not at all; a third of
candidates refuse or let the offer lapse, as the office's refusal rate says.
"""

from __future__ import annotations

from typing import Any

from workflows.simulation.situation import (
    Answer,
    Situation,
    chance,
    contractor,
    money,
    person_name,
    pick,
)
from workflows.vacancy import WORKS_APPROVAL_THRESHOLD

GROUNDS = {
    "none": 75,
    "tight_market_zone": 8,
    "job_change": 6,
    "social_benefits": 4,
    "health": 4,
    "social_housing_move": 3,
}
RESERVING = {
    "none": 50,
    "prefecture": 20,
    "action_logement": 18,
    "municipality": 7,
    "department": 3,
    "other": 2,
}
LEVELS = {"refresh": 42, "standard": 47, "none": 8, "heavy": 3}
AMOUNTS = {
    "none": (0.0, 0.0),
    "refresh": (800.0, 5_000.0),
    "standard": (4_000.0, 21_000.0),
    "heavy": (30_000.0, 90_000.0),
}
WORKS_DAYS = {"refresh": (7, 15), "standard": (14, 35), "heavy": (30, 60), "none": (1, 3)}
REFUSALS = {
    "location": 25,
    "size": 15,
    "rent": 20,
    "condition": 10,
    "floor_access": 10,
    "personal": 15,
    "other": 5,
}
LOTS = ("painting", "flooring", "plumbing", "electricity", "joinery", "cleaning")


def _rent(s: Situation) -> float:
    place = s.get("_place", {})
    rent = place.get("rent") if isinstance(place, dict) else None
    return float(rent) if rent else money(s.rng, 320, 760)


def _notice(s: Situation) -> dict[str, Any]:
    ground = pick(s.rng, GROUNDS)
    rent = _rent(s)
    return {
        "lease_reference": f"BAIL-{s.rng.randint(1995, s.today.year)}-{s.rng.randrange(9999):04d}",
        "tenant_name": person_name(s.rng),
        "notice_received_date": s.day(-s.rng.randint(0, 3)),
        "reduced_notice_ground": ground,
        "reduced_notice_proof_valid": ground != "none" and chance(s.rng, 0.85),
        "monthly_rent": rent,
        "deposit_held": rent,
        "advice_visit_requested": chance(s.rng, 0.35),
    }


def _pre_marketing(s: Situation) -> dict[str, Any]:
    place = s.get("_place", {})
    typology = place.get("typology") if isinstance(place, dict) else None
    rent = float(s.get("monthly_rent", _rent(s)))
    return {
        "typology": typology or pick(s.rng, {"T2": 25, "T3": 40, "T4": 25, "T1": 5, "T5": 5}),
        "rent_offered": round(rent * s.rng.uniform(1.0, 1.04), 2),
        "charges_offered": money(s.rng, 60, 160),
        "reserving_body": pick(s.rng, RESERVING),
    }


def _commission_file(s: Situation) -> dict[str, Any]:
    count = pick(s.rng, {3: 80, 4: 15, 5: 5})
    candidates = []
    for _ in range(count):
        ceiling = money(s.rng, 21_000, 42_000)
        candidates.append(
            {
                "name": person_name(s.rng),
                "household_size": s.rng.randint(1, 6),
                "annual_income": round(ceiling * s.rng.uniform(0.35, 0.98), 2),
                "income_ceiling": ceiling,
                "origin": pick(s.rng, {"landlord": 60, "reservataire": 30, "transfer": 10}),
            }
        )
    return {"commission_date": s.day(s.rng.randint(0, 14)), "candidates": candidates}


def _commission_decision(s: Situation) -> dict[str, Any]:
    decision = pick(s.rng, {"allocated": 80, "conditional": 8, "not_allocated": 12})
    names = [c["name"] for c in s.get("candidates", []) if isinstance(c, dict)]
    if not names:
        names = [person_name(s.rng) for _ in range(3)]
    ranked = s.rng.sample(names, k=min(3, len(names)))
    if decision == "conditional":
        ranked = ranked[:1]
    return {
        "commission_decision": decision,
        "candidate_ranking": [] if decision == "not_allocated" else ranked,
    }


def _offer_answer(s: Situation) -> dict[str, Any]:
    if chance(s.rng, 0.72):
        return {"offer_answer": "accepted", "answer_date": s.day()}
    return {
        "offer_answer": "refused",
        "answer_date": s.day(),
        "refusal_reason": pick(s.rng, REFUSALS),
    }


def _move_out(s: Situation) -> dict[str, Any]:
    charged = chance(s.rng, 0.35)
    return {
        "inspection_date": s.day(),
        "keys_returned_date": s.day(),
        "keys_count": s.rng.randint(2, 5),
        "meter_readings": {
            "electricity_kwh": s.rng.randint(2_000, 60_000),
            "water_m3": s.rng.randint(50, 2_000),
        },
        "tenant_charges_amount": money(s.rng, 50, 1_500) if charged else 0,
        "move_out_matches_move_in": not charged and chance(s.rng, 0.85),
        "tenant_present": chance(s.rng, 0.9),
    }


def _works_estimate(s: Situation) -> dict[str, Any]:
    level = pick(s.rng, LEVELS)
    low, high = AMOUNTS[level]
    if s.memory.get("works_approved") is False:  # sent back: a leaner estimate this time
        level, high = "standard", float(WORKS_APPROVAL_THRESHOLD)
        low = min(low, high * 0.6)
    amount = money(s.rng, low, high)
    charged = float(s.get("tenant_charges_amount", 0))
    return {
        "estimate_date": s.day(),
        "works_level": level,
        "works_amount": amount,
        "tenant_chargeable_amount": min(charged, amount),
    }


def _work_orders(s: Situation) -> dict[str, Any]:
    low, high = WORKS_DAYS.get(s.get("works_level", "refresh"), (7, 20))
    days = s.rng.randint(low, high)
    amount = float(s.get("works_amount", 3_000))
    lots = s.rng.sample(LOTS, k=s.rng.randint(1, 3))
    orders = [
        {
            "lot": lot,
            "contractor": contractor(s.rng),
            "amount": round(amount / len(lots), 2),
            "start_date": s.day(2),
            "end_date": s.day(days),
        }
        for lot in lots
    ]
    return {"orders": orders, "works_planned_end_date": s.day(days)}


def _lease(s: Situation) -> dict[str, Any]:
    ranking = s.get("candidate_ranking", [])
    rent = float(s.get("rent_offered", _rent(s)))
    return {
        "new_tenant_name": s.rng.choice(ranking) if ranking else person_name(s.rng),
        "lease_start_date": s.day(),
        "new_monthly_rent": rent,
        "new_monthly_charges": float(s.get("charges_offered", 90)),
        "new_deposit_amount": rent,
        "insurance_certificate_received": True,
        "move_in_inspection_date": s.day(),
    }


def _deposit_refund(s: Situation) -> dict[str, Any]:
    held = float(s.get("deposit_held", _rent(s)))
    charged = min(float(s.get("tenant_charges_amount", 0)), held)
    deductions = (
        [{"label": "Réparations locatives", "amount": charged, "justified_by": "état des lieux"}]
        if charged
        else []
    )
    return {
        "deductions": deductions,
        "deposit_balance": round(held - charged, 2),
        "refund_payment_date": s.day(),
    }


ANSWERS: dict[str, Answer] = {
    "vacancy_notice": _notice,
    "vacancy_advice_visit": lambda s: {
        "visit_date": s.day(),
        "expected_works_level": pick(s.rng, LEVELS),
    },
    "vacancy_pre_marketing": _pre_marketing,
    "vacancy_reservataire_notice": lambda s: {
        "notified_on": s.day(),
        "notification_channel": pick(s.rng, {"platform": 60, "email": 30, "registered_letter": 10}),
    },
    "vacancy_commission_file": _commission_file,
    "vacancy_commission_decision": _commission_decision,
    "vacancy_decision_notice": lambda s: {
        "notified_on": s.day(),
        "notification_channel": pick(
            s.rng, {"registered_letter": 50, "email": 25, "extranet": 15, "hand_delivered": 10}
        ),
    },
    "vacancy_condition_check": lambda s: {
        "checked_on": s.day(),
        "condition_met": chance(s.rng, 0.75),
    },
    "vacancy_offer": lambda s: {
        "offer_date": s.day(),
        "answer_delay_days": pick(s.rng, {10: 85, 15: 15}),
        "offer_channel": pick(s.rng, {"registered_letter": 60, "email": 25, "extranet": 15}),
    },
    "vacancy_offer_answer": _offer_answer,
    "vacancy_move_out": _move_out,
    "vacancy_works_estimate": _works_estimate,
    "vacancy_works_approval": lambda s: {"works_approved": chance(s.rng, 0.85)},
    "vacancy_work_orders": _work_orders,
    "vacancy_works_done": lambda s: {"completion_date": s.day()},
    "vacancy_works_reception": lambda s: {
        "reception_date": s.day(),
        "works_compliant": chance(s.rng, 0.92),
        "cleanliness_ok": chance(s.rng, 0.93),
    },
    "vacancy_reservations_lifted": lambda s: {"lifted_on": s.day()},
    "vacancy_refurbishment_done": lambda s: {"completed_on": s.day()},
    "vacancy_contractor_chase": lambda s: {
        "chase_date": s.day(),
        "chase_action": pick(s.rng, {"phone": 60, "email": 30, "formal_notice": 10}),
    },
    "vacancy_lease": _lease,
    "vacancy_tenant_inspection": lambda s: {
        "submitted_on": s.day(),
        "remarks": "Quelques éclats de peinture dans l'entrée.",
    },
    "vacancy_deposit_refund": _deposit_refund,
    "vacancy_late_penalty": lambda s: {
        "penalty_paid_on": s.day(),
        "penalty_amount_paid": round(float(s.get("monthly_rent", 450)) * 0.1, 2),
    },
    "vacancy_vacancy_review": lambda s: {
        "review_date": s.day(),
        "vacancy_cause": pick(
            s.rng,
            {
                "works": 40,
                "no_candidate": 15,
                "refusals": 20,
                "commission_pending": 15,
                "administrative": 5,
                "other": 5,
            },
        ),
        "action_plan": "Relance des entreprises et du réservataire, point hebdomadaire.",
    },
    "vacancy_deposit_reminder": lambda s: {
        "reminder_action": pick(
            s.rng, {"officer_reminded": 60, "payment_scheduled": 35, "dispute": 5}
        )
    },
}
SILENCE: dict[str, float] = {
    "vacancy_offer_answer": 0.08,  # the candidate never answers: silence is a refusal
    "vacancy_tenant_inspection": 0.45,  # the new tenant adds nothing within 10 days
}
