"""Review conversations between a team member and a manager: from proposal to closing.

Either side proposes; the other side accepts (or declines). While open, the manager records
their own ratings — append-only ``Rating`` rows with ``source="manager"`` — shown beside the
member's self ratings, never averaged with them and never overwriting them. Either side
proposes agreed actions; an action reaches the member's pathway only when the member
accepts it. The member closes the review with a closing comment. What each side sees of a
review, and its export, are in :mod:`webapp.teams.review_record`.
"""

from __future__ import annotations

import importlib
import importlib.util

from sqlalchemy import or_, select

from recommender.estimates import planned_hours
from webapp.accounts.models import User
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow, SkillRow
from webapp.teams.aggregates import pathways_available
from webapp.teams.membership import TeamError
from webapp.teams.models import (
    Review,
    ReviewAction,
    Team,
    manager_memberships,
    membership,
    review_rating,
)

__all__ = [
    "MAX_TEXT",
    "propose",
    "respond",
    "add_manager_rating",
    "record_manager_column",
    "propose_action",
    "decide_action",
    "close",
    "reviews_for",
]


MAX_TEXT = 2000


def _text(value: str | None, what: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise TeamError(f"Write the {what}.")
    if len(value) > MAX_TEXT:
        raise TeamError(f"The {what} is longer than {MAX_TEXT} characters.")
    return value


def propose(
    team: Team, proposer: User, member_id: int, profile_id: int | None, agenda: str
) -> Review:
    """A manager proposes to a sharing member, or a sharing member to the team's managers."""
    m = membership(team.id, member_id)
    if m is None or not m.shares:
        raise TeamError("Reviews are held with members who share bands or full detail.")
    is_manager = team.can_manage(proposer)
    if not is_manager and proposer.id != member_id:
        raise TeamError("Only the member or a manager of the team can propose a review.")
    profile = db.session.get(RoleProfileRow, profile_id) if profile_id else team.profile
    if profile is not None and profile.status != "published":
        raise TeamError("Choose a published role profile.")
    review = Review(
        team_id=team.id,
        member_id=member_id,
        manager_id=proposer.id if is_manager and proposer.id != member_id else None,
        proposed_by_id=proposer.id,
        profile_id=profile.id if profile else None,
        agenda=_text(agenda, "agenda"),
    )
    db.session.add(review)
    return review


def respond(review: Review, user: User, side: str, accept: bool) -> None:
    """The side that did not propose accepts or declines."""
    if review.status != "proposed":
        raise TeamError("This review is not waiting for an answer.")
    if user.id == review.proposed_by_id:
        raise TeamError("The other side answers a proposal.")
    if side == "manager":
        review.manager_id = user.id
    review.status = "open" if accept else "declined"
    if accept:
        review.opened_at = utcnow()


def _skill_ids(review: Review) -> set[int]:
    if review.profile is not None:
        return {t.skill_id for t in review.profile.targets}
    return set()


def add_manager_rating(review: Review, manager: User, skill_id: int, level, comment: str) -> Rating:
    if review.status != "open":
        raise TeamError("Ratings are recorded while the review is open.")
    skill = db.session.get(SkillRow, skill_id) if skill_id else None
    allowed = _skill_ids(review)
    if skill is None or (allowed and skill.id not in allowed):
        raise TeamError("Choose one of the review's skills.")
    if level == "na":
        level = None
    elif level in ("0", "1", "2", "3", "4"):
        level = int(level)
    else:
        raise TeamError("A level is 0–4 or not applicable.")
    rating = Rating(
        user_id=review.member_id,
        assessment_id=None,
        skill_id=skill.id,
        level=level,
        source="manager",
        author_id=manager.id,
        comment=_text(comment, "comment"),
        created_at=utcnow(),
    )
    db.session.add(rating)
    db.session.flush()
    db.session.execute(review_rating.insert().values(review_id=review.id, rating_id=rating.id))
    review.manager_id = review.manager_id or manager.id
    return rating


def record_manager_column(
    review: Review, manager: User, entries: dict[int, tuple[str, str]], latest: dict
) -> int:
    """Save the manager's whole column at once: ``entries`` skill id → (level choice,
    comment). A line left empty, or the same as the latest manager rating on it
    (``latest``: skill id → that rating), adds nothing; any bad line raises ``TeamError``
    and the caller keeps nothing. Returns how many ratings were added."""
    added = 0
    for skill_id, (level, comment) in entries.items():
        if not level:
            if (comment or "").strip():
                raise TeamError("Choose a level for every skill you comment on.")
            continue
        before = latest.get(skill_id)
        if before is not None and (
            ("na" if before.level is None else str(before.level)),
            before.comment or "",
        ) == (level, (comment or "").strip()):
            continue
        add_manager_rating(review, manager, skill_id, level, comment)
        added += 1
    return added


def propose_action(review: Review, user: User, text: str, resource_key: str) -> ReviewAction:
    if review.status != "open":
        raise TeamError("Actions are agreed while the review is open.")
    resource_key = (resource_key or "").strip()
    if len(resource_key) > 128:
        raise TeamError("A resource id has at most 128 characters.")
    if resource_key and _resource(resource_key) is None:
        raise TeamError(f"There is no catalogue resource with the id {resource_key!r}.")
    action = ReviewAction(
        review_id=review.id,
        text=_text(text, "action", required=True),
        resource_key=resource_key,
        proposed_by_id=user.id,
    )
    db.session.add(action)
    return action


def _resource(key: str):
    """The catalogue resource with this key, or None when there is no such resource."""
    if importlib.util.find_spec("webapp.catalogue.models") is None:
        return None
    catalogue = importlib.import_module("webapp.catalogue.models")
    return catalogue.resource_by_key(key)


def decide_action(action: ReviewAction, accept: bool) -> None:
    """The member accepts (adding it to their pathway where pathways exist) or declines."""
    if action.status != "proposed":
        raise TeamError("This action was already decided.")
    if action.review.status != "open":
        raise TeamError("Actions are decided while the review is open.")
    action.status = "accepted" if accept else "declined"
    action.decided_at = utcnow()
    if accept:
        action.pathway_note = _add_to_pathway(action)


def _add_to_pathway(action: ReviewAction) -> str:
    """Add the accepted action to the member's newest pathway; say where it went."""
    if not pathways_available():
        return "Kept with this review (pathways are not available yet)."
    if not action.resource_key:
        return "Kept with this review (an action without a resource is not a pathway step)."
    from webapp.pathways.models import PathwayStep, pathways_of

    owned = pathways_of(action.review.member_id)
    if not owned:
        return "Kept with this review (make a pathway to add it there)."
    pathway = owned[0]
    if any(step.resource_key == action.resource_key for step in pathway.steps):
        return f"Already in your pathway {pathway.title!r}."
    resource = _resource(action.resource_key)
    if resource is None:
        return "Kept with this review (the resource is no longer in the catalogue)."
    main = pathway.main_steps
    pathway.steps.append(
        PathwayStep(
            resource_key=action.resource_key,
            snapshot={
                "title": resource.title,
                "provider": resource.provider.name if resource.provider else "",
                "kind": resource.kind,
                "format": resource.format,
                "hours": resource.hours,
                "hours_estimated": resource.hours is None or bool(resource.hours_estimated),
                "hours_estimate": planned_hours(
                    importlib.import_module("webapp.catalogue.engine_objects").resource_from_row(
                        resource
                    )
                )[0],
                "cost": resource.cost,
                "currency": resource.currency,
                "url": resource.url,
            },
            stage=max((s.stage for s in main), default=-1) + 1,
            position=len(pathway.steps),
            track="main",
            why=f"Agreed in a review: {action.text}",
            pinned=True,
        )
    )
    pathway.touch()
    return f"Added to your pathway {pathway.title!r}."


def close(review: Review, comment: str) -> None:
    if review.status not in ("open", "proposed"):
        raise TeamError("This review is already finished.")
    review.closing_comment = _text(comment, "closing comment")
    review.status = "closed"
    review.closed_at = utcnow()


def reviews_for(user: User) -> list[tuple[Review, str]]:
    """Reviews this user may see, with their side, newest first."""
    managed = [m.team_id for m in manager_memberships(user.id)]
    rows = db.session.execute(
        select(Review)
        .where(or_(Review.member_id == user.id, Review.team_id.in_(managed)))
        .order_by(Review.created_at.desc(), Review.id.desc())
    ).scalars()
    out = []
    for review in rows:
        side = review.side_of(user)
        if side is not None:
            out.append((review, side))
    return out
