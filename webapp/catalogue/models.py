"""The training catalogue as stored rows: providers, resources, skill links, dated runs.

A resource's ``key`` is its stable catalogue id (``swc-shell-novice``); URLs and the API use
it. Skill links point at skill rows of the framework version that was current when they
were stored. ``version_id`` gives optimistic locking: an edit based on an old version fails
with :class:`sqlalchemy.orm.exc.StaleDataError` (the form views check it first and answer
409).

Full-text search reads ``search_text`` (title, description, outcomes, keywords and
provider name, folded by :func:`catalogue.importing.normalise_title`), kept up to date by
:meth:`ResourceRow.refresh_derived`. The search
indexes are created by the migration, outside the ORM: an FTS5 table ``resource_fts``
with triggers on SQLite, a GIN expression index on ``to_tsvector('english', search_text)``
on PostgreSQL (see :mod:`webapp.catalogue.matching`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalogue.importing import normalise_title
from catalogue.levels import LEVELS
from recommender.model import Eligibility
from recommender.resource import price_status
from webapp.core.extensions import db
from webapp.core.orm import utcnow

if TYPE_CHECKING:
    from webapp.frameworks.models import SkillRow

__all__ = [
    "RESOURCE_STATUSES",
    "DIFFICULTIES",
    "RELATIONS",
    "ProviderRow",
    "ResourceRow",
    "ResourceSkill",
    "CourseInstanceRow",
    "ProblemReport",
    "resource_by_key",
    "provider_by_key",
    "providers_with_counts",
]

RESOURCE_STATUSES = ("active", "archived")
DIFFICULTIES = LEVELS
RELATIONS = ("teaches", "requires")


class ProviderRow(db.Model):
    """A training provider; ``source_url``/``licence``/``retrieved`` describe its metadata."""

    __tablename__ = "provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")
    country: Mapped[str] = mapped_column(String(8), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    licence: Mapped[str] = mapped_column(String(100), default="")
    retrieved: Mapped[str] = mapped_column(String(32), default="")
    bundled: Mapped[bool] = mapped_column(default=False)
    version_id: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    resources: Mapped[list[ResourceRow]] = relationship(back_populates="provider")

    __mapper_args__ = {"version_id_col": version_id}


class ResourceRow(db.Model):
    """A catalogue item: course, material, event, mentoring offer or community."""

    __tablename__ = "resource"
    __table_args__ = (
        Index("ix_resource_status_kind", "status", "kind"),
        Index("ix_resource_hours", "hours"),
        Index("ix_resource_last_reviewed", "last_reviewed"),
        Index("ix_resource_title", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(String(1000), default="")
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("provider.id", ondelete="RESTRICT"), index=True, default=None
    )
    description: Mapped[str] = mapped_column(Text, default="")
    outcomes: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    format: Mapped[str] = mapped_column(String(32), default="online-self-paced", index=True)
    # None: not stated (never 0 h, never free); 0 cost states free.
    hours: Mapped[float | None] = mapped_column(Float, default=None)
    hours_estimated: Mapped[bool] = mapped_column(default=False)
    cost: Mapped[float | None] = mapped_column(Float, default=None)
    currency: Mapped[str] = mapped_column(String(3), default="")
    # "" for an amount (or not stated); "varies" or "membership" (then cost is None).
    cost_kind: Mapped[str] = mapped_column(String(16), default="")
    # Eligibility: empty lists mean no restriction; ``open_to_all`` is derived for facets.
    contract_types: Mapped[list] = mapped_column(JSON, default=list)
    institutions: Mapped[list] = mapped_column(JSON, default=list)
    regions: Mapped[list] = mapped_column(JSON, default=list)
    career_stages: Mapped[list] = mapped_column(JSON, default=list)
    membership: Mapped[str] = mapped_column(String(300), default="")
    selection: Mapped[str] = mapped_column(String(16), default="")
    eligibility_note: Mapped[str] = mapped_column(Text, default="")
    # A decision on who may take part is recorded (open or not); false: not stated.
    eligibility_stated: Mapped[bool] = mapped_column(default=False)
    open_to_all: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(16), default="en", index=True)
    licence: Mapped[str] = mapped_column(String(100), default="")
    audience: Mapped[list] = mapped_column(JSON, default=list)
    difficulty: Mapped[str] = mapped_column(String(16), default="", index=True)
    last_reviewed: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="active")
    source_url: Mapped[str] = mapped_column(String(1000), default="")
    # The provider's published sequence it belongs to and its place there (None: not stated).
    part_of: Mapped[str] = mapped_column(String(100), default="")
    series_position: Mapped[int | None] = mapped_column(default=None)
    untagged: Mapped[bool] = mapped_column(default=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Bundled rows remember the checksum of the file entry they came from, so reloading the
    # bundled data changes only what changed in the files (and keeps curators' edits).
    bundled: Mapped[bool] = mapped_column(default=False)
    source_checksum: Mapped[str] = mapped_column(String(64), default="")
    link_status: Mapped[int | None] = mapped_column(default=None)
    link_error: Mapped[str] = mapped_column(String(300), default="")
    link_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Link checks failed in a row (HARVEST_LINK_FAILURES of them hide it from new pathways).
    link_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Fields a curator edited by hand: harvesting never overwrites them.
    curated_fields: Mapped[list] = mapped_column(JSON, default=list)
    version_id: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    provider: Mapped[ProviderRow | None] = relationship(back_populates="resources")
    skills: Mapped[list[ResourceSkill]] = relationship(
        back_populates="resource",
        cascade="all, delete-orphan",
        order_by="(ResourceSkill.relation.desc(), ResourceSkill.position)",
    )
    instances: Mapped[list[CourseInstanceRow]] = relationship(
        back_populates="resource",
        cascade="all, delete-orphan",
        order_by="CourseInstanceRow.position",
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def teaches(self) -> list[ResourceSkill]:
        return [s for s in self.skills if s.relation == "teaches"]

    @property
    def requires(self) -> list[ResourceSkill]:
        return [s for s in self.skills if s.relation == "requires"]

    @property
    def is_free(self) -> bool:
        """Free only when the price is stated as 0."""
        return not self.cost_kind and self.cost is not None and self.cost == 0

    @property
    def price_status(self) -> str:
        """``free``, ``paid``, ``varies``, ``membership`` or ``unknown`` (as the facet)."""
        return price_status(self.cost, self.cost_kind)

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    def may_be_out_of_date(self, today: date | None = None) -> bool:
        """Last reviewed more than 18 months ago (or never)."""
        today = today or utcnow().date()
        if self.last_reviewed is None:
            return True
        reviewed = self.last_reviewed
        months = (today.year - reviewed.year) * 12 + today.month - reviewed.month
        if today.day < reviewed.day:
            months -= 1
        return months > 18

    def refresh_derived(self) -> None:
        """Recompute the derived columns (search text, untagged, open to all)."""
        parts = [self.title, self.description, *self.outcomes, *self.keywords]
        if self.provider is not None:
            parts.append(self.provider.name)
        # Folded (case, accents, punctuation) so both databases tokenise it the same way.
        self.search_text = "\n".join(normalise_title(p) for p in parts if p)
        self.untagged = not self.skills
        rule = self.eligibility_rule
        self.open_to_all = rule.open_to_all
        self.eligibility_stated = rule.stated

    @property
    def eligibility_rule(self) -> Eligibility:
        """Who may take part, as the engine reads it."""
        return Eligibility(
            contract_types=tuple(self.contract_types or ()),
            institutions=tuple(self.institutions or ()),
            regions=tuple(self.regions or ()),
            career_stages=tuple(self.career_stages or ()),
            membership=self.membership or "",
            selection=self.selection or "",
            note=self.eligibility_note or "",
            stated=bool(self.eligibility_stated),
        )

    def can_manage(self, user) -> bool:
        return bool(user and user.is_authenticated and user.is_trainer)


class ResourceSkill(db.Model):
    """``teaches`` (up to ``level``) or ``requires`` (at least ``level``) one skill.

    On ``teaches``, curated range facts (:class:`recommender.model.SkillLink`):
    ``from_level`` and ``strength`` (``NULL`` = the learning model's default) and the
    curators' ``note`` saying why.
    """

    __tablename__ = "resource_skill"
    __table_args__ = (
        UniqueConstraint("resource_id", "skill_id", "relation"),
        Index("ix_resource_skill_lookup", "skill_id", "relation", "resource_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(8))
    level: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    from_level: Mapped[int | None] = mapped_column(default=None)
    strength: Mapped[float | None] = mapped_column(default=None)
    #: A curator's note on the link (why a range differs from the default), and what a
    #: framework version change did to it ("skill renamed from X in 2.0").
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")

    resource: Mapped[ResourceRow] = relationship(back_populates="skills")
    skill: Mapped[SkillRow] = relationship()


class CourseInstanceRow(db.Model):
    """A dated run of a course or an event."""

    __tablename__ = "course_instance"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[str] = mapped_column(String(40))
    end: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    mode: Mapped[str] = mapped_column(String(32), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    position: Mapped[int] = mapped_column(default=0)

    resource: Mapped[ResourceRow] = relationship(back_populates="instances")


class ProblemReport(db.Model):
    """A signed-in user's report of a problem with a resource (broken link, wrong facts)."""

    __tablename__ = "resource_problem_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32), default="other")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    resource: Mapped[ResourceRow] = relationship()


def resource_by_key(key: str) -> ResourceRow | None:
    query = select(ResourceRow).where(ResourceRow.key == key)
    return db.session.execute(query).scalar_one_or_none()


def provider_by_key(key: str) -> ProviderRow | None:
    query = select(ProviderRow).where(ProviderRow.key == key)
    return db.session.execute(query).scalar_one_or_none()


def providers_with_counts(order_by) -> list[tuple[ProviderRow, int]]:
    """Every provider with its number of active resources, ordered by ``order_by``."""
    return db.session.execute(
        select(ProviderRow, func.count(ResourceRow.id))
        .outerjoin(
            ResourceRow,
            (ResourceRow.provider_id == ProviderRow.id) & (ResourceRow.status == "active"),
        )
        .group_by(ProviderRow.id)
        .order_by(order_by)
    ).all()
