"""How the office and its tenants fill the tenant complaint's forms.

Category mix and urgency follow a housing office's call statistics (leaks and plumbing
first, few true emergencies); responsibility follows ``workflows.complaints``' rules of
thumb; most tenants answer the satisfaction survey, a third never do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from workflows.complaints import (
    ADMINISTRATIVE_CATEGORIES,
    CONTRACT_CATEGORIES,
    TENANT_REPAIR_ITEMS,
)
from workflows.simulation.situation import (
    Answer,
    Situation,
    chance,
    contractor,
    money,
    person_name,
    pick,
)

CHANNELS = {
    "call_centre": 40,
    "caretaker_app": 25,
    "reception_spot": 15,
    "extranet": 12,
    "letter": 8,
}
CATEGORIES = {
    "plumbing": 20,
    "leak": 14,
    "heating": 14,
    "electrical": 9,
    "lift": 6,
    "charges": 12,
    "rent_benefit": 7,
    "neighbours": 10,
    "cleanliness": 8,
}
URGENCY = {
    "leak": {"U1": 12, "U2": 48, "U3": 40},
    "electrical": {"U1": 8, "U2": 40, "U3": 52},
    "heating": {"U1": 4, "U2": 56, "U3": 40},
    "lift": {"U1": 6, "U2": 64, "U3": 30},
    "plumbing": {"U1": 3, "U2": 32, "U3": 65},
}
ITEMS = {
    "plumbing": ("tap_washer", "toilet_flush", "sink_trap", "shower_hose", "pipe"),
    "leak": ("pipe", "roof_or_facade", "window_seal"),
    "heating": ("boiler", "radiator"),
    "electrical": ("light_bulb", "socket_or_switch", "fuse", "electrical_panel"),
    "lift": ("lift_car",),
}
SURVEY_SCORES = {5: 32, 4: 36, 3: 17, 2: 10, 1: 5}
ACK_CHANNEL = {
    "call_centre": "sms",
    "caretaker_app": "sms",
    "reception_spot": "phone",
    "extranet": "extranet",
    "letter": "letter",
}


def _registration(s: Situation) -> dict[str, Any]:
    category = pick(s.rng, CATEGORIES)
    items = ITEMS.get(category, ("none",))
    data: dict[str, Any] = {
        "channel": pick(s.rng, CHANNELS),
        "received_at": s.get("_started_at", s.now.isoformat()),
        "tenant_name": person_name(s.rng),
        "location": "common_area" if category in ("lift", "cleanliness") else "dwelling",
        "category": category,
        "defect_item": s.rng.choice(items) if chance(s.rng, 0.7) else "none",
        "description": "Le locataire signale le désordre et demande une intervention.",
    }
    if category not in ADMINISTRATIVE_CATEGORIES and chance(s.rng, 0.06):
        received = datetime.fromisoformat(data["received_at"])
        earlier = received - timedelta(days=s.rng.randint(5, 120))
        data["previous_report_on"] = earlier.date().isoformat()
    return data


def _qualification(s: Situation) -> dict[str, Any]:
    urgency = pick(s.rng, URGENCY.get(s.get("category", ""), {"U3": 1}))
    reason = {
        "U1": "Danger immédiat pour les personnes ou le bâtiment",
        "U2": "Équipement essentiel hors service",
        "U3": "Gêne sans danger",
    }[urgency]
    return {"urgency": urgency, "urgency_reason": reason}


def _responsibility(s: Situation) -> dict[str, Any]:
    category, item = s.get("category", "plumbing"), s.get("defect_item")
    if category in ADMINISTRATIVE_CATEGORIES:
        if category in ("charges", "cleanliness"):
            choice = pick(s.rng, {"recoverable_charge": 70, "landlord": 30})
        else:
            choice = pick(s.rng, {"landlord": 75, "recoverable_charge": 25})
    elif item in TENANT_REPAIR_ITEMS:
        choice = pick(s.rng, {"tenant": 80, "landlord": 20})
    elif category in CONTRACT_CATEGORIES:
        choice = pick(s.rng, {"maintenance_contractor": 80, "landlord": 20})
    else:
        choice = pick(s.rng, {"landlord": 85, "tenant": 10, "maintenance_contractor": 5})
    return {"responsibility": choice}


def _work_order(s: Situation) -> dict[str, Any]:
    hours = 1 if s.get("urgency") == "U1" else s.rng.randint(4, 72)
    return {
        "contractor_name": contractor(s.rng),
        "work_order_number": f"BC-{s.today.year}-{s.rng.randrange(10_000, 99_999)}",
        "appointment_at": (s.now + timedelta(hours=hours)).isoformat(),
        "estimated_amount": money(s.rng, 80, 1_500),
    }


def _intervention(s: Situation) -> dict[str, Any]:
    estimate = float(s.get("estimated_amount", 250))
    return {
        "intervened_at": s.now.isoformat(),
        "work_done": "Réparation effectuée, bon d'intervention signé.",
        "resolved": chance(s.rng, 0.93),
        "intervention_cost": round(estimate * s.rng.uniform(0.8, 1.25), 2),
        "signed_slip": [f"uploads/bon-{s.rng.randrange(100_000, 999_999)}.jpg"],
    }


def _closure(s: Situation) -> dict[str, Any]:
    responsibility = s.get("responsibility", "landlord")
    if responsibility == "tenant":
        code, party = "tenant_responsibility", "tenant"
    elif s.get("category") in ADMINISTRATIVE_CATEGORIES:
        code = "answered"
        party = "recoverable_charges" if responsibility == "recoverable_charge" else "none"
    else:
        code = pick(s.rng, {"resolved": 92, "no_defect_found": 5, "unfounded": 3})
        party = "contractor_warranty" if responsibility == "maintenance_contractor" else "landlord"
    return {
        "closure_code": code,
        "total_cost": float(s.get("intervention_cost", 0)),
        "chargeable_party": party,
    }


ANSWERS: dict[str, Answer] = {
    "complaint_registration": _registration,
    "complaint_qualification": _qualification,
    "complaint_acknowledgement": lambda s: {
        "acknowledged_at": s.now.isoformat(),
        "acknowledgement_channel": ACK_CHANNEL.get(s.get("channel", ""), "sms"),
        "acknowledgement_message": "Votre réclamation est enregistrée.",
    },
    "complaint_responsibility": _responsibility,
    "complaint_tenant_notice": lambda s: {
        "notice_sent_on": s.day(),
        "notice_channel": pick(s.rng, {"letter": 40, "email": 30, "phone": 20, "visit": 10}),
    },
    "complaint_administrative": lambda s: {
        "administrative_outcome": "Situation vérifiée et expliquée au locataire.",
        "charges_disputed": s.get("category") == "charges" and chance(s.rng, 0.12),
    },
    "complaint_conciliation": lambda s: {
        "session_on": s.day(),
        "conciliation_decision": pick(
            s.rng, {"agreement": 50, "partial_agreement": 30, "no_agreement": 20}
        ),
        "refund_amount": money(s.rng, 0, 400),
    },
    "complaint_on_call": lambda s: {
        "on_call_contractor": contractor(s.rng),
        "called_at": s.now.isoformat(),
    },
    "complaint_work_order": _work_order,
    "complaint_intervention": _intervention,
    "complaint_diagnosis": lambda s: {
        "diagnosis_on": s.day(),
        "root_cause": "Désordre récurrent, cause identifiée sur le réseau.",
        "recommended_works": pick(
            s.rng, {"repair": 50, "replacement": 35, "heavy_works": 5, "none": 10}
        ),
    },
    "complaint_closure": _closure,
    "complaint_satisfaction": lambda s: {"satisfaction_score": pick(s.rng, SURVEY_SCORES)},
    "complaint_escalation": lambda s: {
        "escalation_action": pick(
            s.rng,
            {
                "contractor_reminded": 50,
                "staff_reminded": 20,
                "tenant_called": 20,
                "formal_notice": 7,
                "contractor_replaced": 3,
            },
        )
    },
    "complaint_dissatisfaction_review": lambda s: {
        "review_decision": pick(
            s.rng,
            {
                "new_intervention": 35,
                "explanation_letter": 40,
                "commercial_gesture": 15,
                "no_action": 10,
            },
        ),
        "review_reply": "Nous revenons vers vous après examen de votre dossier.",
    },
    "complaint_written_reply": lambda s: {
        "reply_sent_on": s.day(),
        "reply_channel": pick(s.rng, {"letter": 50, "email": 35, "extranet": 15}),
        "reply_summary": "Réponse écrite au locataire sur les suites données.",
    },
}
SILENCE: dict[str, float] = {"complaint_satisfaction": 0.35}
"""A third of tenants never answer the survey: the model closes the case after 15 days."""
