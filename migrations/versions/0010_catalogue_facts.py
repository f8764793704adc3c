"""catalogue facts: prices that vary or come with a membership; fuller eligibility

New columns on ``resource``:

- ``cost_kind``: ``""`` for an amount (``cost``, 0 for free, or NULL: not stated),
  ``varies`` (the price depends on options, institution or country) or ``membership``
  (included in a membership); neither of the two is free.
- ``career_stages`` (JSON list), ``membership`` (the membership an item needs),
  ``selection`` (``application``, ``competitive`` or ``invitation``): restrictions beside
  contract types, institutions and regions.
- ``eligibility_stated``: a decision on who may take part is recorded. Until now an item
  with no restriction read as open to all whether or not anyone had checked; carried
  over, it is stated only where the row has a restriction or a note. Bundled rows get the
  new facts when the bundled catalogue is loaded again (``flask seed``).

Downgrade drops the columns and recomputes ``open_to_all`` from the three old dimensions.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = ("cost_kind", "career_stages", "membership", "selection", "eligibility_stated")


def upgrade():
    op.add_column(
        "resource", sa.Column("cost_kind", sa.String(16), nullable=False, server_default="")
    )
    op.add_column(
        "resource",
        sa.Column("career_stages", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "resource", sa.Column("membership", sa.String(300), nullable=False, server_default="")
    )
    op.add_column(
        "resource", sa.Column("selection", sa.String(16), nullable=False, server_default="")
    )
    op.add_column(
        "resource",
        sa.Column("eligibility_stated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    resource = sa.table(
        "resource",
        sa.column("open_to_all", sa.Boolean),
        sa.column("eligibility_note", sa.Text),
        sa.column("eligibility_stated", sa.Boolean),
    )
    op.execute(
        resource.update()
        .where(sa.or_(resource.c.open_to_all.is_(False), resource.c.eligibility_note != ""))
        .values(eligibility_stated=True)
    )


def downgrade():
    conn = op.get_bind()
    resource = sa.table(
        "resource",
        sa.column("id", sa.Integer),
        sa.column("contract_types", sa.JSON),
        sa.column("institutions", sa.JSON),
        sa.column("regions", sa.JSON),
        sa.column("open_to_all", sa.Boolean),
    )
    rows = conn.execute(
        sa.select(
            resource.c.id, resource.c.contract_types, resource.c.institutions, resource.c.regions
        ).where(resource.c.open_to_all.is_(False))
    ).all()
    for rid, contract_types, institutions, regions in rows:
        if not (contract_types or institutions or regions):
            conn.execute(resource.update().where(resource.c.id == rid).values(open_to_all=True))
    for column in _COLUMNS:
        if conn.dialect.name == "sqlite":
            # SQLite (3.35+) drops a column in place; batch mode would recreate the table.
            op.execute(f"ALTER TABLE resource DROP COLUMN {column}")
        else:
            op.drop_column("resource", column)
