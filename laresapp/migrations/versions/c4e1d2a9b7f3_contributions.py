"""contributed recordings

Revision ID: c4e1d2a9b7f3
Revises: c14e0a5e55d1
Create Date: 2026-12-07 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4e1d2a9b7f3"
down_revision = "c14e0a5e55d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("trek_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("trek_version", sa.Integer(), nullable=False),
        sa.Column("fix_count", sa.Integer(), nullable=False),
        sa.Column("length_m", sa.Float(), nullable=False),
        sa.Column("median_offset_m", sa.Float(), nullable=False),
        sa.Column("max_offset_m", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("pieces_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["trek_id"], ["trek.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trip_id"], ["trip.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("op_id"),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_trek_id"), ["trek_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_trip_id"), ["trip_id"], unique=False)


def downgrade():
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_trip_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_trek_id"))
    op.drop_table("contribution")
