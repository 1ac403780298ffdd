"""organiser sessions (server-side, so signing out revokes one)

Revision ID: c14e0a5e55d1
Revises: 8445aafefec6
Create Date: 2026-12-07 06:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c14e0a5e55d1"
down_revision = "8445aafefec6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organiser_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("organiser_session")
