"""Settings read from the environment (12-factor), with embedded defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """What the engine needs to know about its surroundings."""

    database_url: str
    broker_url: str | None
    var_dir: Path
    bpmn_dir: Path
    forms_dir: Path

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
        )
