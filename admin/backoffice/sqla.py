"""Flask-Admin's SQLAlchemy views, importable without Flask-SQLAlchemy.

Flask-Admin 2.2.1's ``contrib.sqla`` imports ``T_SESSION`` (a type alias) from its
``_types`` module, which defines it only when Flask-SQLAlchemy is installed; habiflow uses
plain SQLAlchemy sessions. When that import fails, the alias is set to SQLAlchemy's own
``Session`` (what it stands for) and the package imported again. Everything the back office
needs from ``flask_admin.contrib.sqla`` is imported through here.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from sqlalchemy.orm import Session


def _contrib_sqla() -> ModuleType:
    try:
        return importlib.import_module("flask_admin.contrib.sqla")
    except ImportError:
        aliases = sys.modules["flask_admin.contrib.sqla._types"]
        if hasattr(aliases, "T_SESSION"):
            raise
        aliases.T_SESSION = Session  # type: ignore[attr-defined]
        return importlib.import_module("flask_admin.contrib.sqla")


_contrib_sqla()

from flask_admin.contrib.sqla import ModelView  # noqa: E402
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, BooleanEqualFilter  # noqa: E402

__all__ = ["BaseSQLAFilter", "BooleanEqualFilter", "ModelView"]
