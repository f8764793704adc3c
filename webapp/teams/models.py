"""Teams, memberships with per-team sharing consent, invitations, access records, reviews.

Consent is the mechanism: a member chooses per team what the team's managers see
(``nothing``, ``bands`` or ``full``); the default is ``nothing`` and a change takes effect on
the next request because every view reads the membership row. Leaving deletes the
membership, which revokes everything at once. Every time a manager opens a member's data an
:class:`AccessRecord` is written; the member sees them on their own page.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow

__all__ = [
    "SHARING",
    "SHARING_LABELS",
    "BANDS",
    "band_of",
    "Team",
    "TeamMembership",
    "TeamInvitation",
    "AccessRecord",
    "Review",
    "ReviewAction",
    "review_rating",
    "hash_token",
    "membership",
    "teams_of",
    "manager_memberships",
]

SHARING = ("nothing", "bands", "full")
SHARING_LABELS = {
    "nothing": "Nothing",
    "bands": "Bands only (developing / proficient / expert)",
    "full": "Full detail (levels and history)",
}
#: Band name → (lowest level, highest level) on the common 0–4 scale.
BANDS = {"developing": (0, 1), "proficient": (2, 3), "expert": (4, 4)}


def band_of(level: int | None) -> str:
    """The band a level falls in: ``developing`` 0–1, ``proficient`` 2–3, ``expert`` 4."""
    if level is None:
        return "not applicable"
    if level <= 1:
        return "developing"
    return "proficient" if level <= 3 else "expert"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Team(db.Model):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Role profile the team views default to (heatmap, aggregate gaps).
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_profile.id", ondelete="SET NULL"), default=None
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[RoleProfileRow | None] = relationship()
    memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="team", cascade="all, delete-orphan", passive_deletes=True
    )

    def membership_of(self, user) -> TeamMembership | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return membership(self.id, user.id)

    def can_manage(self, user) -> bool:
        """Managers of this team (the creator and anyone they made a manager)."""
        m = self.membership_of(user)
        return m is not None and m.role == "manager"

    def can_access(self, user) -> bool:
        """Managers and members see the team page; nobody else learns it exists."""
        return self.membership_of(user) is not None

    def members(self) -> list[TeamMembership]:
        """Member rows (not managers) with their users loaded in one query, by name."""
        rows = db.session.execute(
            select(TeamMembership)
            .options(selectinload(TeamMembership.user))
            .where(TeamMembership.team_id == self.id, TeamMembership.role == "member")
        ).scalars()
        return sorted(rows, key=lambda m: (m.user.name.lower(), m.id))

    def managers(self) -> list[User]:
        return [m.user for m in self.memberships if m.role == "manager"]


class TeamMembership(db.Model):
    """A person in a team: ``role`` manager or member; ``sharing`` what managers see."""

    __tablename__ = "team_membership"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    sharing: Mapped[str] = mapped_column(String(16), default="nothing")
    #: In ``full`` mode, whether evidence notes are shown too (off unless chosen).
    share_evidence: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    sharing_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def shares(self) -> bool:
        return self.role == "member" and self.sharing in ("bands", "full")


class TeamInvitation(db.Model):
    """A one-time invitation link; only the token's hash is stored."""

    __tablename__ = "team_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)

    team: Mapped[Team] = relationship()

    LIFETIME = timedelta(days=14)

    @classmethod
    def issue(
        cls, team: Team, by: User, email: str = "", lifetime: timedelta | None = None
    ) -> tuple[TeamInvitation, str]:
        """A new invitation and its plain token (shown or mailed once, never stored); it
        expires after ``lifetime`` (default ``LIFETIME``)."""
        token = secrets.token_urlsafe(32)
        invitation = cls(
            team_id=team.id,
            email=email.strip().lower(),
            token_hash=hash_token(token),
            created_by_id=by.id,
            expires_at=utcnow() + (lifetime or cls.LIFETIME),
        )
        return invitation, token

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.used_at is not None:
            return "used"
        if utcnow() > self.expires_at:
            return "expired"
        return "open"

    @classmethod
    def by_token(cls, token: str) -> TeamInvitation | None:
        return db.session.execute(
            select(cls).where(cls.token_hash == hash_token(token))
        ).scalar_one_or_none()


class AccessRecord(db.Model):
    """A manager opened a member's data (who, which team, what, when).

    Names are copied so the member still sees who looked after a manager's account or the
    team is gone; the record itself belongs to the member and goes with their account.
    """

    __tablename__ = "team_access_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    viewer_name: Mapped[str] = mapped_column(String(120), default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), default=None
    )
    team_name: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(String(64))
    sharing: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


review_rating = Table(
    "team_review_rating",
    db.metadata,
    Column("review_id", ForeignKey("team_review.id", ondelete="CASCADE"), primary_key=True),
    Column("rating_id", ForeignKey("rating.id", ondelete="CASCADE"), primary_key=True),
)


class Review(db.Model):
    """A development conversation between a member and a manager of a team.

    ``status``: proposed (waiting for the other side), open, declined, closed. Manager
    ratings are ordinary append-only ``Rating`` rows (source ``manager``) linked here.
    """

    __tablename__ = "team_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), default=None, index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_profile.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    agenda: Mapped[str] = mapped_column(Text, default="")
    closing_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)

    team: Mapped[Team | None] = relationship()
    member: Mapped[User] = relationship(foreign_keys=[member_id])
    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    profile: Mapped[RoleProfileRow | None] = relationship()
    actions: Mapped[list[ReviewAction]] = relationship(
        back_populates="review", order_by="ReviewAction.id", cascade="all, delete-orphan"
    )

    def side_of(self, user) -> str | None:
        """``member``, ``manager`` or None (no business here)."""
        if not getattr(user, "is_authenticated", False):
            return None
        if user.id == self.member_id:
            return "member"
        if self.team is None or not self.team.can_manage(user):
            return None
        m = membership(self.team_id, self.member_id)
        # Leaving the team or sharing nothing hides the review from managers at once.
        if m is None or not m.shares:
            return None
        return "manager"


class ReviewAction(db.Model):
    """An agreed action: text and an optional catalogue resource; the member accepts it."""

    __tablename__ = "team_review_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("team_review.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    resource_key: Mapped[str] = mapped_column(String(128), default="")
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Set when the accepted action was added to the member's pathway.
    pathway_note: Mapped[str] = mapped_column(String(300), default="")

    review: Mapped[Review] = relationship(back_populates="actions")


def membership(team_id: int, user_id: int) -> TeamMembership | None:
    return db.session.execute(
        select(TeamMembership).where(
            TeamMembership.team_id == team_id, TeamMembership.user_id == user_id
        )
    ).scalar_one_or_none()


def teams_of(user_id: int) -> list[TeamMembership]:
    """A user's memberships (as member or manager), by team name."""
    rows = db.session.execute(
        select(TeamMembership).join(Team).where(TeamMembership.user_id == user_id)
    ).scalars()
    return sorted(rows, key=lambda m: (m.team.name.lower(), m.team_id))


def manager_memberships(user_id: int) -> list[TeamMembership]:
    return [m for m in teams_of(user_id) if m.role == "manager"]
