"""unknown facts: a resource's hours and cost may be not stated; hours_estimated

Until now every reader stored a missing duration as 0 h and a missing price as 0 (free), so
a stored 0 says nothing. Carried over:

- ``hours`` 0 becomes NULL (not stated): no source states a resource takes no time.
- ``cost`` 0 becomes NULL unless the fact is stated: bundled rows keep 0 where their
  provider file states ``cost`` (free), every other 0 becomes NULL (imports and the old
  edit form wrote 0 for an empty field, so such a 0 cannot be told from "not stated";
  curators state "free" again where it is).
- Pathway steps' snapshots (and their alternatives) read the same way: 0 h becomes not
  stated, with the kind's estimate to plan with; a 0 price stays free only when the
  resource's row still states it (after the step above).
- ``hours_estimated`` is new: bundled rows whose provider file marks the hours as the
  curators' estimate (formerly a ``# hours estimated`` comment, now ``hours_estimated:
  true``) get it; others start false.

On SQLite the NOT NULL constraints are removed by rewriting the table's definition in
``sqlite_master`` (SQLite documents removing NOT NULL this way as safe: the stored rows do
not change); recreating the table would cascade-delete its skill links and instances, as
foreign keys are enforced.

Revision ID: 0008
Revises: 0002
Create Date: 2026-12-03 12:40:00

"""

from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0002"
branch_labels = None
# Pathway steps keep snapshots of their resources: they are carried over too.
depends_on = "0004"

_DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"


def _bundled_facts() -> tuple[set[str], set[str]]:
    """Keys of bundled resources that state they are free, and that mark hours as estimated."""
    priced, estimated = set(), set()
    if not _DATA.is_dir():
        return priced, estimated
    for path in sorted(_DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("resources") or []:
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            # Only a stated 0 keeps a stored 0 (later files also state amounts).
            if entry.get("cost") == 0:
                priced.add(str(entry["id"]))
            if entry.get("hours_estimated") is True:
                estimated.add(str(entry["id"]))
    return priced, estimated


# kinds' estimates, as recommender.estimates.KIND_HOURS at the time of this revision
_KIND_HOURS = {"course": 16.0, "material": 4.0, "event": 8.0, "mentoring": 12.0, "community": 10.0}


def _carry_snapshot(snap, costs):
    """A pathway step's snapshot as 0008 reads it: 0 h not stated, a 0 price only if the
    catalogue row still states it, an estimate to plan with."""
    if not isinstance(snap, dict) or "hours_estimate" in snap:
        return snap
    snap = dict(snap)
    if not snap.get("hours"):
        snap["hours"] = None
    snap["hours_estimated"] = snap["hours"] is None
    snap["hours_estimate"] = (
        snap["hours"] if snap["hours"] is not None else _KIND_HOURS.get(snap.get("kind"), 8.0)
    )
    if snap.get("cost") == 0:
        snap["cost"] = costs.get(snap.get("key"), None)
    return snap


def _carry_pathway_steps():
    conn = op.get_bind()
    if not sa.inspect(conn).has_table("pathway_step"):
        return
    costs = dict(conn.execute(sa.text("SELECT key, cost FROM resource")).all())
    step = sa.table(
        "pathway_step",
        sa.column("id", sa.Integer),
        sa.column("resource_key", sa.String),
        sa.column("snapshot", sa.JSON),
        sa.column("alternatives", sa.JSON),
    )
    for sid, key, snap, alts in conn.execute(
        sa.select(step.c.id, step.c.resource_key, step.c.snapshot, step.c.alternatives)
    ).all():
        new_snap = _carry_snapshot(dict(snap or {}, key=(snap or {}).get("key", key)), costs)
        new_alts = [_carry_snapshot(a, costs) for a in (alts or [])]
        if new_snap != snap or new_alts != alts:
            conn.execute(
                step.update()
                .where(step.c.id == sid)
                .values(snapshot=new_snap, alternatives=new_alts)
            )


def _sqlite_set_nullable(nullable: bool) -> None:
    conn = op.get_bind()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'resource'"
    ).scalar_one()
    new = sql
    for column in ("hours", "cost"):
        strict, loose = f"\t{column} FLOAT NOT NULL,", f"\t{column} FLOAT,"
        new = new.replace(strict, loose) if nullable else new.replace(loose, strict)
    if new == sql:
        return
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    conn.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'resource'", (new,)
    )
    conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    conn.exec_driver_sql("PRAGMA writable_schema = OFF")


def _set_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_set_nullable(nullable)
        return
    for column in ("hours", "cost"):
        op.alter_column("resource", column, existing_type=sa.Float(), nullable=nullable)


def upgrade():
    op.add_column(
        "resource",
        sa.Column("hours_estimated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _set_nullable(True)
    resource = sa.table(
        "resource",
        sa.column("key", sa.String),
        sa.column("hours", sa.Float),
        sa.column("cost", sa.Float),
        sa.column("bundled", sa.Boolean),
        sa.column("hours_estimated", sa.Boolean),
    )
    priced, estimated = _bundled_facts()
    op.execute(resource.update().where(resource.c.hours == 0).values(hours=None))
    stated_free = resource.c.bundled.is_(True) & resource.c.key.in_(sorted(priced))
    op.execute(
        resource.update().where(resource.c.cost == 0, sa.not_(stated_free)).values(cost=None)
    )
    if estimated:
        op.execute(
            resource.update()
            .where(
                resource.c.bundled.is_(True),
                resource.c.key.in_(sorted(estimated)),
                resource.c.hours.is_not(None),
            )
            .values(hours_estimated=True)
        )
    _carry_pathway_steps()


def downgrade():
    resource = sa.table("resource", sa.column("hours", sa.Float), sa.column("cost", sa.Float))
    op.execute(resource.update().where(resource.c.hours.is_(None)).values(hours=0.0))
    op.execute(resource.update().where(resource.c.cost.is_(None)).values(cost=0.0))
    _set_nullable(False)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops a column in place; batch mode would recreate the table.
        op.execute("ALTER TABLE resource DROP COLUMN hours_estimated")
    else:
        op.drop_column("resource", "hours_estimated")
