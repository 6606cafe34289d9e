"""The places, read-only: territories, spots, residences, buildings and dwellings.

Places come from the landlord's asset system (``habiflow`` load commands); the back office
lists, searches and filters them but does not edit them, so the routing caches
(``engine.services.places.PlaceDirectory``) never hold a stale chain because of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask import g

from admin.backoffice.filters import Equal, IntEqual
from admin.backoffice.labels import lazy
from admin.backoffice.listing import BackofficeView, LiveOptions
from admin.web.auth import engine
from engine.models import Building, Dwelling, Residence, Spot
from engine.runtime import EngineContext
from engine.services.backoffice_lookups import spot_labels, territory_labels

CODE_NAME = {"code": lazy("Code"), "name": lazy("Nom")}
TYPOLOGIES = [(f"T{n}", f"T{n}") for n in range(1, 6)]


def _labels(read: Callable[[EngineContext], dict[int, str]]) -> dict[int, str]:
    """``read`` once per request (a list page formats every row with it)."""
    cache: dict[str, dict[int, str]] = g.setdefault("backoffice_place_labels", {})
    key = read.__name__
    if key not in cache:
        cache[key] = read(engine())
    return cache[key]


def _options(read: Callable[[EngineContext], dict[int, str]]) -> LiveOptions:
    return LiveOptions(lambda: [(str(id_), label) for id_, label in _labels(read).items()])


def _label_of(read: Callable[[EngineContext], dict[int, str]], column: str) -> Any:
    def formatter(view: Any, context: Any, model: Any, name: str) -> str:
        id_ = getattr(model, column)
        return _labels(read).get(id_, str(id_))

    return formatter


class TerritoryView(BackofficeView):
    column_list = ("code", "name")
    column_default_sort = "code"
    column_searchable_list = ("code", "name")
    column_labels: ClassVar[dict[str, Any]] = CODE_NAME


class SpotView(BackofficeView):
    column_list = ("code", "name", "territory_id")
    column_default_sort = "code"
    column_searchable_list = ("code", "name")
    column_labels: ClassVar[dict[str, Any]] = {**CODE_NAME, "territory_id": lazy("Territoire")}
    column_formatters: ClassVar[dict[str, Any]] = {
        "territory_id": _label_of(territory_labels, "territory_id")
    }
    column_filters = (
        IntEqual(Spot.territory_id, lazy("Territoire"), options=_options(territory_labels)),
    )


class ResidenceView(BackofficeView):
    column_list = ("code", "name", "commune", "postcode", "spot_id")
    column_default_sort = "code"
    column_searchable_list = ("code", "name", "commune", "postcode")
    column_labels: ClassVar[dict[str, Any]] = {
        **CODE_NAME,
        "commune": lazy("Commune"),
        "postcode": lazy("Code postal"),
        "spot_id": lazy("Agence"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {"spot_id": _label_of(spot_labels, "spot_id")}
    column_filters = (
        IntEqual(Residence.spot_id, lazy("Agence"), options=_options(spot_labels)),
        Equal(Residence.commune, lazy("Commune")),
    )


class BuildingView(BackofficeView):
    column_list = ("code", "name", "residence_id", "caretaker")
    column_default_sort = "code"
    column_searchable_list = ("code", "name", "caretaker")
    column_labels: ClassVar[dict[str, Any]] = {
        **CODE_NAME,
        "residence_id": lazy("Résidence"),
        "caretaker": lazy("Gardien"),
    }
    column_filters = (Equal(Building.caretaker, lazy("Gardien")),)


class DwellingView(BackofficeView):
    column_list = ("code", "building_id", "typology", "floor", "surface_m2", "rent_cents")
    column_default_sort = "code"
    column_searchable_list = ("code",)
    column_labels: ClassVar[dict[str, Any]] = {
        "code": lazy("Code"),
        "building_id": lazy("Bâtiment"),
        "typology": lazy("Typologie"),
        "floor": lazy("Étage"),
        "surface_m2": lazy("Surface (m²)"),
        "rent_cents": lazy("Loyer (€)"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {
        "rent_cents": lambda view, context, model, name: f"{model.rent_cents / 100:.2f}"
    }
    column_filters = (Equal(Dwelling.typology, lazy("Typologie"), options=TYPOLOGIES),)
