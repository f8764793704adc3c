"""Saved learning pathways and their steps.

A pathway keeps its *inputs* (targets, constraints, current levels, excluded resources) and
the engine's *result*, so it reads the same after the catalogue changes: each step stores
the catalogue key of its resource plus a snapshot of what the person saw (title, provider,
kind, hours, cost, url, dated runs), never a foreign key to a catalogue row.

``version_id`` gives optimistic locking. Every change to a pathway or one of its steps
touches the pathway row (see :meth:`PathwayRow.touch`), so a form based on an older version
fails with :class:`sqlalchemy.orm.exc.StaleDataError` (the views check the submitted version
first and answer 409).
"""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.pathways.limits import (
    counts_hours,
    honest_why,
    hours_estimated,
    step_cost,
    step_hours,
)

__all__ = [
    "STEP_STATUSES",
    "KEPT_STATUSES",
    "PathwayRow",
    "PathwayStep",
    "pathways_of",
    "get_pathway",
]

STEP_STATUSES = ("planned", "doing", "done", "skipped")
#: Steps whose resource regeneration keeps (passed to the engine as pinned).
KEPT_STATUSES = ("doing", "done")


class PathwayRow(db.Model):
    """One generated pathway of one person, with the inputs it was built from."""

    __tablename__ = "pathway"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # [{"id", "key", "version", "name", "framework"}] of the role profiles aimed at.
    targets: Mapped[list] = mapped_column(JSON, default=list)
    # Skill key → target level (highest over the targets), as used for the engine.
    target_levels: Mapped[dict] = mapped_column(JSON, default=dict)
    # The form's constraints: max_hours, hours_per_week, max_cost, formats, include_ongoing,
    # horizon_weeks, languages_tools (names from DIRECT's tools and languages list).
    constraints: Mapped[dict] = mapped_column(JSON, default=dict)
    # Eligibility details used (contract type, institution, region, career stage).
    eligibility: Mapped[dict] = mapped_column(JSON, default=dict)
    # Skill key → level when the pathway was (re)generated.
    current_levels: Mapped[dict] = mapped_column(JSON, default=dict)
    excluded: Mapped[list] = mapped_column(JSON, default=list)
    # Trainers' recommendations passed to the engine: resource key → label.
    recommended: Mapped[dict] = mapped_column(JSON, default=dict)
    # Engine result other than the steps: gaps, uncovered, totals, proven_optimal, solver.
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    steps: Mapped[list[PathwayStep]] = relationship(
        back_populates="pathway",
        cascade="all, delete-orphan",
        order_by="(PathwayStep.track, PathwayStep.stage, PathwayStep.position)",
    )

    __mapper_args__ = {"version_id_col": version_id}

    def can_access(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_manage = can_access

    def touch(self) -> None:
        """Mark the pathway changed, so the version check guards step edits too."""
        self.updated_at = utcnow()

    def step_by_id(self, step_id: int) -> PathwayStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def main_steps(self) -> list[PathwayStep]:
        return [s for s in self.steps if s.track == "main"]

    @property
    def parallel_steps(self) -> list[PathwayStep]:
        return [s for s in self.steps if s.track == "parallel"]

    @property
    def stages(self) -> list[list[PathwayStep]]:
        """Main-track steps grouped by stage, in order."""
        grouped: dict[int, list[PathwayStep]] = {}
        for step in self.main_steps:
            grouped.setdefault(step.stage, []).append(step)
        return [grouped[k] for k in sorted(grouped)]

    def totals(self) -> dict[str, float | int]:
        """Hours and cost of the steps not skipped, and how many are done."""
        active = [s for s in self.steps if s.status != "skipped"]
        return {
            "hours": sum(step_hours(s.snapshot) for s in active),
            "cost": sum(step_cost(s.snapshot) or 0 for s in active),
            "price_unknown": sum(1 for s in active if step_cost(s.snapshot) is None),
            "hours_estimated": sum(1 for s in active if hours_estimated(s.snapshot)),
            "hours_not_counted": sum(1 for s in active if not counts_hours(s.snapshot)),
            "steps": len(active),
            "done": sum(1 for s in self.steps if s.status == "done"),
        }


class PathwayStep(db.Model):
    """One resource in a pathway, with the explanation and its status."""

    __tablename__ = "pathway_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(
        ForeignKey("pathway.id", ondelete="CASCADE"), index=True
    )
    resource_key: Mapped[str] = mapped_column(String(128))
    # title, provider, kind, format, hours, cost, currency, url, instances, teaches.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    stage: Mapped[int] = mapped_column(default=0)
    track: Mapped[str] = mapped_column(String(8), default="main")
    status: Mapped[str] = mapped_column(String(8), default="planned")
    pinned: Mapped[bool] = mapped_column(default=False)
    # [{"skill", "name", "from", "to"}]
    closes: Mapped[list] = mapped_column(JSON, default=list)
    why: Mapped[str] = mapped_column(Text, default="")
    depends_on: Mapped[list] = mapped_column(JSON, default=list)
    # Snapshots of the next-best resources, each with its "key".
    alternatives: Mapped[list] = mapped_column(JSON, default=list)
    recommended_for: Mapped[str] = mapped_column(String(200), default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)

    pathway: Mapped[PathwayRow] = relationship(back_populates="steps")

    @property
    def title(self) -> str:
        return self.snapshot.get("title") or self.resource_key

    @property
    def shown_why(self) -> str:
        """The explanation as the page shows it (no "proven" claim once the plan changed)."""
        return honest_why(self.pathway, self.why) if self.pathway is not None else self.why

    @property
    def kept(self) -> bool:
        """Regeneration keeps this step (and tells the engine to pin it)."""
        return self.pinned or self.status in KEPT_STATUSES


def pathways_of(user_id: int) -> list[PathwayRow]:
    """A person's pathways, newest first."""
    return list(
        db.session.execute(
            select(PathwayRow)
            .where(PathwayRow.user_id == user_id)
            .order_by(PathwayRow.created_at.desc(), PathwayRow.id.desc())
        ).scalars()
    )


def get_pathway(pathway_id: int, user) -> PathwayRow:
    """The pathway if ``user`` may see it; 404 otherwise (never reveal that it exists)."""
    row = db.session.get(PathwayRow, pathway_id)
    if row is None or not row.can_access(user):
        abort(404)
    return row
