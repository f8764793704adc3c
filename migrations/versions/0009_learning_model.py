"""learning model: a teaches link's curated range facts (from level, strength, note)

A ``teaches`` link said only the level a resource teaches *up to*. The learning model
(``recommender/learning.py``, ``docs/learning-model.md``) derives from which level it
starts and how central the skill is from the resource's kind and effort; curators may
state either, with a note saying why. ``NULL`` means not stated (the default applies), so
existing rows carry over unchanged.

The pathway request's languages and tools and its horizon live in the pathway's
``constraints`` JSON, which needs no column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("resource_skill", sa.Column("from_level", sa.Integer(), nullable=True))
    op.add_column("resource_skill", sa.Column("strength", sa.Float(), nullable=True))
    op.add_column(
        "resource_skill",
        sa.Column("note", sa.String(length=500), nullable=False, server_default=""),
    )


def downgrade():
    with op.batch_alter_table("resource_skill") as batch:
        batch.drop_column("note")
        batch.drop_column("strength")
        batch.drop_column("from_level")
