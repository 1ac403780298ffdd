"""trek text in more than one language (issue 13)

Revision ID: d7a3b5c9e1f2
Revises: c4e1d2a9b7f3
Create Date: 2026-12-07 09:30:00

The text columns keep the document's own language (``trek.lang``); ``texts_json`` keeps
every language of each text field, ``{"name": {"en": ..., "es": ...}}``. Rows stored
before this have no ``texts_json``: their columns are their only language, English (the
bundled treks are stored again at start-up, since their files have a new version).
"""

import sqlalchemy as sa
from alembic import op

revision = "d7a3b5c9e1f2"
down_revision = "c4e1d2a9b7f3"
branch_labels = None
depends_on = None

TABLES = ("trek", "stage", "waypoint")


def upgrade():
    with op.batch_alter_table("trek", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=2), nullable=False, server_default="en"))
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("texts_json", sa.Text(), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("texts_json")
    with op.batch_alter_table("trek", schema=None) as batch_op:
        batch_op.drop_column("lang")
