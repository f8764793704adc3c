"""Tables of the living catalogue (migration ``0014``).

A :class:`HarvestSource` belongs to a provider and is ``pending`` until a trainer or an
admin approves it; ``paused`` sources are not scheduled. Every run is a :class:`HarvestRun`
with one :class:`HarvestRecord` per record seen (its outcome, the reason, the diff of an
update). A :class:`Listing` says that a source lists a resource (several sources may list
one), remembers when it was last seen and how many runs in a row missed it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "SOURCE_STATES",
    "SCHEDULES",
    "HarvestSource",
    "HarvestRun",
    "HarvestRecord",
    "Listing",
    "HarvestAlert",
    "DuplicatePair",
    "ScheduledJob",
]

SOURCE_STATES = ("pending", "approved", "paused")
#: How often a source is harvested: name → hours.
SCHEDULES = {"hourly": 1, "daily": 24, "weekly": 24 * 7}
OUTCOMES = (
    "added",
    "updated",
    "unchanged",
    "archived",
    "restored",
    "listed",
    "rejected",
)


class HarvestSource(db.Model):
    __tablename__ = "harvest_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(1000))
    method: Mapped[str] = mapped_column(String(32))
    schedule: Mapped[str] = mapped_column(String(16), default="daily")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True, default=None
    )
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_success_at: Mapped[datetime | None] = mapped_column(default=None)
    failure_streak: Mapped[int] = mapped_column(default=0)
    etag: Mapped[str] = mapped_column(String(300), default="")
    last_modified: Mapped[str] = mapped_column(String(100), default="")

    provider: Mapped[ProviderRow] = relationship()
    runs: Mapped[list[HarvestRun]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="HarvestRun.id.desc()"
    )

    @property
    def label(self) -> str:
        return f"{self.provider.name}: {self.method} {self.url}"

    @property
    def interval(self) -> timedelta:
        return timedelta(hours=SCHEDULES.get(self.schedule, 24))

    def can_manage(self, user) -> bool:
        return bool(user and user.is_authenticated and user.is_trainer)


class HarvestRun(db.Model):
    __tablename__ = "harvest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("harvest_source.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # running, ok, not-modified, failed
    status: Mapped[str] = mapped_column(String(16), default="running")
    error: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[str] = mapped_column(String(16), default="cli")
    seen: Mapped[int] = mapped_column(default=0)
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    archived: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)

    source: Mapped[HarvestSource] = relationship(back_populates="runs")
    records: Mapped[list[HarvestRecord]] = relationship(
        cascade="all, delete-orphan", order_by="HarvestRecord.id"
    )


class HarvestRecord(db.Model):
    __tablename__ = "harvest_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("harvest_run.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(16))
    position: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    resource_key: Mapped[str] = mapped_column(String(128), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    #: field → [before, after] for an update.
    diff: Mapped[dict] = mapped_column(JSON, default=dict)


class Listing(db.Model):
    __tablename__ = "harvest_listing"
    __table_args__ = (UniqueConstraint("source_id", "external_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("harvest_source.id", ondelete="CASCADE"), index=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    external_key: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str] = mapped_column(String(1000), default="")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    missed_runs: Mapped[int] = mapped_column(default=0)
    #: The resource was archived because this listing disappeared (so it comes back).
    archived_by_harvest: Mapped[bool] = mapped_column(default=False)

    source: Mapped[HarvestSource] = relationship()
    resource: Mapped[ResourceRow] = relationship()


class HarvestAlert(db.Model):
    __tablename__ = "harvest_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("harvest_source.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("harvest_run.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(16))  # failed, empty, drop
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)

    source: Mapped[HarvestSource] = relationship()


class DuplicatePair(db.Model):
    """Two resources that may be the same training (a near match), for a curator to decide."""

    __tablename__ = "harvest_duplicate"
    __table_args__ = (
        UniqueConstraint("resource_id", "other_id"),
        Index("ix_harvest_duplicate_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # merged, separate
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )

    resource: Mapped[ResourceRow] = relationship(foreign_keys=[resource_id])
    other: Mapped[ResourceRow] = relationship(foreign_keys=[other_id])


class ScheduledJob(db.Model):
    """When a recurring job that is not a source (link checks, tag suggestions) is next due."""

    __tablename__ = "scheduled_job"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
