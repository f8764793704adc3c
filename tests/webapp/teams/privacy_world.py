"""A small world of people with every kind of personal data, for the export and deletion
tests: two teams, a trainer whose published role profile one team uses, two managers,
members with every sharing mode (one who withdrew after a review), reviews before and
after withdrawn consent, invitations used and unused, access records, trainer suggestions
with consent given and withdrawn, a pathway and a problem report.

Every piece of free text is a marker naming its author and subject (``AGENDA-fran``), so a
test can check, for any exported string, whose it is. :data:`VISIBLE` says who may find each
marker in their own export *now*; :func:`build_world` returns the user ids by short name.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from test_teams_fixtures import add_assessment, add_user, target_skills

from webapp.assess.models import Rating
from webapp.catalogue.models import ProblemReport, ResourceRow
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.curation.models import TrainerAdjustment, TrainerConsent
from webapp.frameworks.models import ProfileTarget, RoleProfileRow, current_framework
from webapp.pathways.models import PathwayRow, PathwayStep
from webapp.teams.models import (
    AccessRecord,
    Review,
    ReviewAction,
    Team,
    TeamInvitation,
    TeamMembership,
    review_rating,
)

__all__ = ["PEOPLE", "VISIBLE", "build_world", "markers_in"]

#: short name → (e-mail, display name, role)
PEOPLE = {
    "tara": ("tara.trainer@example.org", "Tara Trainer", "trainer"),
    "mona": ("mona.manager@example.org", "Mona Manager", "manager"),
    "max": ("max.manager@example.org", "Maxim Manager", "manager"),
    "fran": ("fran.full@example.org", "Fran Fullshare", "learner"),
    "bea": ("bea.bands@example.org", "Bea Bandshare", "learner"),
    "nina": ("nina.nothing@example.org", "Nina Noshare", "learner"),
    "will": ("will.withdrawn@example.org", "Will Withdrawn", "learner"),
    "bob": ("bob.beta@example.org", "Bob Betamember", "learner"),
}

ASSESSED = ("fran", "bea", "nina", "will", "bob")
ALPHA_MEMBERS = {"mona", "fran", "bea", "nina", "will"}
BETA_MEMBERS = {"max", "fran", "bob"}


def _visible() -> dict[str, set[str]]:
    """Marker → the people whose export may (and must) hold it now."""
    seen = {}
    for who, (email, name, _role) in PEOPLE.items():
        seen[email] = {who}
        seen[name] = {who}
    for who in ASSESSED:
        seen[f"EVIDENCE-{who}"] = {who}
    # Names of members who share with a team, for that team's manager.
    seen["Fran Fullshare"] |= {"mona"}
    seen["Bea Bandshare"] |= {"mona"}
    seen["Bob Betamember"] |= {"max"}
    # A manager's name is copied into the access records of the members they looked at.
    seen["Mona Manager"] |= {"fran", "bea", "will"}
    seen["Maxim Manager"] |= {"bob"}
    seen.update(
        {
            "Alpha Team": set(ALPHA_MEMBERS),
            "DESC-alpha": set(ALPHA_MEMBERS),
            "Beta Team": set(BETA_MEMBERS),
            "DESC-beta": set(BETA_MEMBERS),
            "PROFILE-tara": {"tara"},
            "PROFILE-DESC-tara": {"tara"},
            # Fran shares full detail with Alpha: her review is the manager's too.
            "AGENDA-fran": {"fran", "mona"},
            "MGR-COMMENT-fran": {"fran", "mona"},
            "ACTION-fran": {"fran", "mona"},
            "CLOSING-fran": {"fran", "mona"},
            # Will withdrew his consent: the review is his alone now.
            "AGENDA-will": {"will"},
            "MGR-COMMENT-will": {"will"},
            "ACTION-will": {"will"},
            "CLOSING-will": {"will"},
            "AGENDA-bob": {"bob", "max"},
            "MGR-COMMENT-bob": {"bob", "max"},
            # Invitees' addresses are theirs, never the inviting manager's.
            "pending.person@example.org": set(),
            "gone.person@example.org": set(),
            "NOTE-bea": {"bea", "tara"},  # Bea lets trainers suggest
            "NOTE-nina": {"nina"},  # Nina withdrew that consent
            "PATHWAY-fran": {"fran"},
            "REPORT-fran": {"fran"},
        }
    )
    return seen


VISIBLE = _visible()


def markers_in(value) -> set[str]:
    """Every marker found in a JSON-like value (strings anywhere in it, keys included)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found |= markers_in(k) | markers_in(v)
    elif isinstance(value, list | tuple):
        for v in value:
            found |= markers_in(v)
    elif isinstance(value, str):
        found |= {m for m in VISIBLE if m in value}
    return found


def _member(team, user, sharing="nothing", evidence=False, role="member"):
    db.session.add(
        TeamMembership(
            team_id=team.id, user_id=user.id, role=role, sharing=sharing, share_evidence=evidence
        )
    )


def _review(team, member, manager, tag: str) -> Review:
    review = Review(
        team_id=team.id,
        member_id=member.id,
        manager_id=manager.id,
        proposed_by_id=manager.id,
        profile_id=team.profile_id,
        agenda=f"AGENDA-{tag}",
        status="open",
        opened_at=utcnow(),
    )
    db.session.add(review)
    db.session.flush()
    skill_id = next(iter(target_skills()))
    rating = Rating(
        user_id=member.id,
        skill_id=skill_id,
        level=2,
        source="manager",
        author_id=manager.id,
        comment=f"MGR-COMMENT-{tag}",
    )
    db.session.add(rating)
    db.session.flush()
    db.session.execute(review_rating.insert().values(review_id=review.id, rating_id=rating.id))
    return review


def _invitation(team, by, email="", used_by=None, withdrawn=False) -> TeamInvitation:
    invitation, _token = TeamInvitation.issue(team, by, email)
    if used_by is not None:
        invitation.used_at = utcnow()
        invitation.used_by_id = used_by.id
    if withdrawn:
        invitation.withdrawn_at = utcnow()
    db.session.add(invitation)
    return invitation


def _seen(viewer, subject, team, sharing: str, what: str = "profile") -> None:
    db.session.add(
        AccessRecord(
            subject_id=subject.id,
            viewer_id=viewer.id,
            viewer_name=viewer.name,
            team_id=team.id,
            team_name=team.name,
            what=what,
            sharing=sharing,
        )
    )


def build_world(app) -> dict[str, int]:
    """Create the world; returns user ids by short name (and ``alpha``, ``beta`` team ids)."""
    with app.app_context():
        u = {who: add_user(email, role, name) for who, (email, name, role) in PEOPLE.items()}
        targets = target_skills()
        for who in ASSESSED:
            add_assessment(u[who], {sid: 2 for sid in targets}, evidence=f"EVIDENCE-{who}")
        framework = current_framework("direct")
        profile = RoleProfileRow(
            key="tara-hpc",
            name="PROFILE-tara",
            description="PROFILE-DESC-tara",
            framework_id=framework.id,
            status="published",
            created_by_id=u["tara"].id,
        )
        profile.targets = [ProfileTarget(skill_id=sid, level=3) for sid in list(targets)[:2]]
        db.session.add(profile)
        db.session.flush()
        alpha = Team(
            name="Alpha Team",
            description="DESC-alpha",
            profile_id=profile.id,
            created_by_id=u["mona"].id,
        )
        beta = Team(name="Beta Team", description="DESC-beta", created_by_id=u["max"].id)
        db.session.add_all([alpha, beta])
        db.session.flush()
        _member(alpha, u["mona"], role="manager")
        _member(alpha, u["fran"], "full", evidence=True)
        _member(alpha, u["bea"], "bands")
        _member(alpha, u["nina"], "nothing")
        _member(alpha, u["will"], "full")  # withdrawn below, after his review
        _member(beta, u["max"], role="manager")
        _member(beta, u["fran"], "nothing")
        _member(beta, u["bob"], "full")
        db.session.flush()

        fran_review = _review(alpha, u["fran"], u["mona"], "fran")
        db.session.add(
            ReviewAction(review_id=fran_review.id, text="ACTION-fran", proposed_by_id=u["mona"].id)
        )
        fran_review.closing_comment = "CLOSING-fran"
        fran_review.status, fran_review.closed_at = "closed", utcnow()
        will_review = _review(alpha, u["will"], u["mona"], "will")
        db.session.add(
            ReviewAction(review_id=will_review.id, text="ACTION-will", proposed_by_id=u["mona"].id)
        )
        _review(beta, u["bob"], u["max"], "bob")

        _seen(u["mona"], u["fran"], alpha, "full")
        _seen(u["mona"], u["bea"], alpha, "bands", "team heatmap")
        _seen(u["mona"], u["will"], alpha, "full")
        _seen(u["max"], u["bob"], beta, "full")

        # Invitations as they were stored before addresses were cleared on use.
        _invitation(alpha, u["mona"], PEOPLE["fran"][0], used_by=u["fran"])
        _invitation(alpha, u["mona"], "", used_by=u["bea"])
        _invitation(alpha, u["mona"], PEOPLE["nina"][0], used_by=u["nina"])
        _invitation(alpha, u["mona"], "pending.person@example.org")
        _invitation(beta, u["max"], "gone.person@example.org", withdrawn=True)
        _invitation(beta, u["max"], PEOPLE["bob"][0], used_by=u["bob"])
        _invitation(beta, u["max"], PEOPLE["fran"][0], used_by=u["fran"])
        _invitation(beta, u["max"], PEOPLE["tara"][0])  # open, to someone with an account

        # Will withdraws his consent, then closes his review with a comment.
        will = db.session.execute(
            select(TeamMembership).where(
                TeamMembership.team_id == alpha.id, TeamMembership.user_id == u["will"].id
            )
        ).scalar_one()
        will.sharing = "nothing"
        will_review.closing_comment = "CLOSING-will"
        will_review.status, will_review.closed_at = "closed", utcnow()

        db.session.add(TrainerConsent(user_id=u["bea"].id, allowed=True))
        db.session.add(TrainerConsent(user_id=u["nina"].id, allowed=False))
        for learner in ("bea", "nina"):
            db.session.add(
                TrainerAdjustment(
                    learner_id=u[learner].id,
                    trainer_id=u["tara"].id,
                    resource_key="swc-shell-novice",
                    action="pin",
                    note=f"NOTE-{learner}",
                    created_at=utcnow() - timedelta(days=1),
                )
            )

        pathway = PathwayRow(user_id=u["fran"].id, title="PATHWAY-fran")
        pathway.steps.append(PathwayStep(resource_key="swc-shell-novice", why="closes a gap"))
        db.session.add(pathway)
        resource_id = db.session.execute(select(ResourceRow.id).limit(1)).scalar_one()
        db.session.add(
            ProblemReport(resource_id=resource_id, user_id=u["fran"].id, message="REPORT-fran")
        )
        db.session.commit()
        ids = {who: user.id for who, user in u.items()}
        ids.update(alpha=alpha.id, beta=beta.id, profile=profile.id)
        return ids
