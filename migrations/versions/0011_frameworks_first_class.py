"""frameworks first class: who curated a crosswalk mapping and why; notes on skill links

- ``crosswalk_mapping.curator`` and ``.note``: the bundled crosswalks
  (``frameworks/data/crosswalks/*.yaml``) name their curator and give every mapping a
  note; trainers' decisions keep ``decided_by_id`` and may add a note.
- ``resource_skill.note`` (added by ``0009``, a curator's note on a link) also records what
  a framework version change did to a catalogue link, e.g. "skill renamed from X in version Y".

Existing rows get empty text (nothing was recorded).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
# crosswalk_mapping comes from the curation branch.
depends_on = "0005"


def upgrade():
    with op.batch_alter_table("crosswalk_mapping", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("curator", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("note", sa.String(length=500), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("crosswalk_mapping", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("curator")
