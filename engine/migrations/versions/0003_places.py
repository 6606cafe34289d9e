"""places: territories, spots, residences, buildings, dwellings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "territory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territory")),
    )
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_territory_code"), ["code"], unique=True)

    op.create_table(
        "spot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territory.id"], name=op.f("fk_spot_territory_id_territory")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot")),
    )
    with op.batch_alter_table("spot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spot_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_spot_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "residence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("commune", sa.String(length=100), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("spot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["spot_id"], ["spot.id"], name=op.f("fk_residence_spot_id_spot")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residence")),
    )
    with op.batch_alter_table("residence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_residence_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_residence_commune"), ["commune"], unique=False)
        batch_op.create_index(batch_op.f("ix_residence_spot_id"), ["spot_id"], unique=False)

    op.create_table(
        "building",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("residence_id", sa.Integer(), nullable=False),
        sa.Column("caretaker", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["residence_id"], ["residence.id"], name=op.f("fk_building_residence_id_residence")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_building")),
    )
    with op.batch_alter_table("building", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_building_caretaker"), ["caretaker"], unique=False)
        batch_op.create_index(batch_op.f("ix_building_code"), ["code"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_building_residence_id"), ["residence_id"], unique=False
        )

    op.create_table(
        "dwelling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("typology", sa.String(length=2), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("surface_m2", sa.Float(), nullable=False),
        sa.Column("rent_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_dwelling_building_id_building")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dwelling")),
    )
    with op.batch_alter_table("dwelling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dwelling_building_id"), ["building_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dwelling_code"), ["code"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("dwelling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dwelling_code"))
        batch_op.drop_index(batch_op.f("ix_dwelling_building_id"))

    op.drop_table("dwelling")
    with op.batch_alter_table("building", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_building_residence_id"))
        batch_op.drop_index(batch_op.f("ix_building_code"))
        batch_op.drop_index(batch_op.f("ix_building_caretaker"))

    op.drop_table("building")
    with op.batch_alter_table("residence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_residence_spot_id"))
        batch_op.drop_index(batch_op.f("ix_residence_commune"))
        batch_op.drop_index(batch_op.f("ix_residence_code"))

    op.drop_table("residence")
    with op.batch_alter_table("spot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spot_territory_id"))
        batch_op.drop_index(batch_op.f("ix_spot_code"))

    op.drop_table("spot")
    with op.batch_alter_table("territory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territory_code"))

    op.drop_table("territory")
