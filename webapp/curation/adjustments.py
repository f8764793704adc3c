"""Trainers' suggestions for consenting learners: the learner's consent, and pins or
exclusions of catalogue resources (with a note) that the learner sees and may undo.

Read by other areas:

* :func:`learner_adjustments` — (pinned, excluded) resource keys trainers set for a learner
  who allows it;
* :func:`active_adjustments` — the trainer suggestions (with notes) a learner should see
  beside their pathway; ``url_for("curate.my_suggestions")`` is the learner's page to opt in
  or out and undo them.
"""

from __future__ import annotations

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.curation.errors import CurationError
from webapp.curation.keys import check_resources
from webapp.curation.models import TrainerAdjustment, TrainerConsent, consent_of

__all__ = [
    "set_consent",
    "consenting_learners",
    "add_adjustment",
    "active_adjustments",
    "undo_adjustment",
    "learner_adjustments",
]


def set_consent(user, allowed: bool) -> None:
    row = db.session.get(TrainerConsent, user.id)
    if row is None:
        row = TrainerConsent(user_id=user.id)
        db.session.add(row)
    row.allowed = allowed


def consenting_learners():
    from webapp.accounts.models import User

    return list(
        db.session.execute(
            select(User)
            .join(TrainerConsent, TrainerConsent.user_id == User.id)
            .where(TrainerConsent.allowed.is_(True))
            .order_by(User.name)
        ).scalars()
    )


def add_adjustment(trainer, learner, resource_key: str, action: str, note: str):
    """Pin or exclude a resource for a learner who allows trainers to suggest."""
    if action not in ("pin", "exclude"):
        raise CurationError("Choose pin or exclude.")
    if not consent_of(learner.id):
        raise CurationError("This learner does not allow trainers to suggest.")
    check_resources([resource_key])
    if not note.strip():
        raise CurationError("Add a note: the learner sees why you suggest this.")
    for old in active_adjustments(learner.id):
        if old.resource_key == resource_key:
            old.status = "undone"
            old.undone_at = utcnow()
    row = TrainerAdjustment(
        learner_id=learner.id,
        trainer_id=trainer.id,
        resource_key=resource_key,
        action=action,
        note=note.strip(),
    )
    db.session.add(row)
    return row


def active_adjustments(learner_id: int) -> list[TrainerAdjustment]:
    return list(
        db.session.execute(
            select(TrainerAdjustment)
            .where(TrainerAdjustment.learner_id == learner_id, TrainerAdjustment.status == "active")
            .order_by(TrainerAdjustment.created_at)
        ).scalars()
    )


def undo_adjustment(row: TrainerAdjustment) -> None:
    if row.status != "active":
        raise CurationError("That suggestion was already undone.")
    row.status = "undone"
    row.undone_at = utcnow()


def learner_adjustments(user_id: int) -> tuple[set[str], set[str]]:
    """(pinned, excluded) resource keys trainers set for ``user_id``, while they allow it.

    Read by :func:`webapp.pathways.inputs.trainer_adjustments` when a pathway is (re)built. A
    learner who withdraws consent gets none, without losing the history.
    """
    if not consent_of(user_id):
        return set(), set()
    pinned, excluded = set(), set()
    for row in active_adjustments(user_id):
        (pinned if row.action == "pin" else excluded).add(row.resource_key)
    return pinned, excluded
