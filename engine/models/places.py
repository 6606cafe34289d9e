"""The chain of places: territory → spot → residence → building → dwelling.

Each level has a surrogate key for joins and a unique, indexed ``code`` (``D-00042``) by
which cases refer to it (workflows.places.PlaceRef). ``building.caretaker`` is a username,
deliberately not a foreign key: places are loaded before or after people, and a caretaker who
leaves must not block the building.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base


class Territory(Base):
    """A direction territoriale: the unit that routes and scopes cases."""

    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))


class Spot(Base):
    """An agence de proximité."""

    __tablename__ = "spot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)


class Residence(Base):
    """A housing estate in one commune."""

    __tablename__ = "residence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    commune: Mapped[str] = mapped_column(String(100), index=True)
    postcode: Mapped[str] = mapped_column(String(5))
    spot_id: Mapped[int] = mapped_column(ForeignKey("spot.id"), index=True)


class Building(Base):
    """A building of a residence and the username of its caretaker (gardien)."""

    __tablename__ = "building"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    residence_id: Mapped[int] = mapped_column(ForeignKey("residence.id"), index=True)
    caretaker: Mapped[str | None] = mapped_column(String(100), index=True)


class Dwelling(Base):
    """A logement: typology (T1 to T5), floor, surface in m², monthly rent in cents."""

    __tablename__ = "dwelling"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("building.id"), index=True)
    typology: Mapped[str] = mapped_column(String(2))
    floor: Mapped[int] = mapped_column(Integer)
    surface_m2: Mapped[float] = mapped_column(Float)
    rent_cents: Mapped[int] = mapped_column(Integer)
