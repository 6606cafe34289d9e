"""Settings read from the environment (12-factor), with embedded defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parent.parent


EscalationMode = Literal["candidate", "reassign"]


@dataclass(frozen=True)
class EscalationSettings:
    """What a breach does (an office-wide choice, set by the operator).

    ``mode``: "candidate" adds the escalation role as a second candidate of the
    late task; "reassign" takes it from its holder and offers it to that role.
    ``second_level_after``: how long after a breach the direction hears of it.
    """

    mode: EscalationMode = "candidate"
    second_level_after: timedelta = timedelta(hours=48)


@dataclass(frozen=True)
class Settings:
    """What the engine needs to know about its surroundings."""

    database_url: str
    broker_url: str | None
    var_dir: Path
    bpmn_dir: Path
    forms_dir: Path
    smtp_url: str | None = None
    escalation: EscalationSettings = field(default_factory=lambda: EscalationSettings())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        var_dir = Path(env.get("HABIFLOW_VAR_DIR", str(PROJECT_ROOT / "var")))
        default_db = f"sqlite:///{var_dir / 'habiflow.sqlite3'}"
        return cls(
            database_url=env.get("HABIFLOW_DATABASE_URL") or default_db,
            broker_url=env.get("HABIFLOW_BROKER_URL") or None,
            var_dir=var_dir,
            bpmn_dir=Path(env.get("HABIFLOW_BPMN_DIR", str(PROJECT_ROOT / "bpmn"))),
            forms_dir=Path(env.get("HABIFLOW_FORMS_DIR", str(PROJECT_ROOT / "forms"))),
            smtp_url=env.get("HABIFLOW_SMTP_URL") or None,
            escalation=EscalationSettings(
                mode=_mode(env.get("HABIFLOW_ESCALATION_MODE", "candidate")),
                second_level_after=timedelta(
                    hours=float(env.get("HABIFLOW_SECOND_LEVEL_HOURS", "48"))
                ),
            ),
        )


def _mode(text: str) -> EscalationMode:
    if text not in ("candidate", "reassign"):
        raise ValueError(f"HABIFLOW_ESCALATION_MODE must be candidate or reassign, not {text!r}")
    return "reassign" if text == "reassign" else "candidate"
