"""Self-assessment: pages, parsing a posted page, appending ratings, submitting.

Ratings are append-only: saving a page adds a row only for a skill whose answer changed
(or an imported rating the person now confirms). Bad input raises :class:`AssessmentInputError`
before anything is written.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from webapp.assess.models import CONFIDENCE, Assessment, Rating, RatingState, latest_ratings
from webapp.core.extensions import db
from webapp.core.orm import parse_id, utcnow
from webapp.frameworks.models import AreaRow, SkillRow

__all__ = [
    "AssessmentInputError",
    "Answer",
    "pages",
    "parse_page",
    "save_answers",
    "submit",
    "progress",
    "unchanged_prefills",
]

MAX_EVIDENCE = 2000


class AssessmentInputError(ValueError):
    """A posted assessment page is not valid; nothing was saved."""


@dataclass(frozen=True)
class Answer:
    skill_id: int
    level: int | None  # None = not applicable
    confidence: str
    evidence: str


def pages(assessment: Assessment) -> list[tuple[AreaRow, list[SkillRow]]]:
    """One page per competency (the area directly holding the skills), in framework order."""
    grouped: OrderedDict[int, tuple[AreaRow, list[SkillRow]]] = OrderedDict()
    for skill in assessment.skill_rows():
        grouped.setdefault(skill.area_id, (skill.area, []))[1].append(skill)
    return list(grouped.values())


def parse_page(form, skills: list[SkillRow]) -> list[Answer]:
    """Read the answers for ``skills`` from a posted form.

    Fields: ``level-<id>`` (0–4 or ``na``; absent = unanswered), ``confidence-<id>``,
    ``evidence-<id>``. Any level field for a skill not on this page is tampering.
    """
    allowed = {s.id for s in skills}
    for name in form:
        prefix, _, ident = name.partition("-")
        tampered = parse_id(ident) not in allowed
        if prefix in ("level", "confidence", "evidence") and tampered:
            raise AssessmentInputError(
                f"The form contained an answer for a skill that is not on this page ({name})."
            )
    answers = []
    for skill in skills:
        raw = form.get(f"level-{skill.id}")
        confidence = (form.get(f"confidence-{skill.id}") or "").strip()
        evidence = (form.get(f"evidence-{skill.id}") or "").strip()
        if confidence not in CONFIDENCE:
            raise AssessmentInputError(f"{skill.name}: confidence must be low, medium or high.")
        if len(evidence) > MAX_EVIDENCE:
            raise AssessmentInputError(
                f"{skill.name}: the evidence note is longer than {MAX_EVIDENCE} characters."
            )
        if raw is None or raw == "":
            if confidence or evidence:
                raise AssessmentInputError(
                    f"{skill.name}: choose a level before adding confidence or evidence."
                )
            continue
        if raw == "na":
            level = None
        elif raw in ("0", "1", "2", "3", "4"):
            level = int(raw)
        else:
            raise AssessmentInputError(f"{skill.name}: level must be 0–4 or not applicable.")
        answers.append(Answer(skill.id, level, confidence, evidence))
    return answers


def _changed(answer: Answer, state: RatingState | None) -> bool:
    if state is None or state.source == "imported":
        return True
    return (answer.level, answer.confidence, answer.evidence) != (
        state.level,
        state.confidence,
        state.evidence,
    )


def unchanged_prefills(current: dict[int, RatingState], answers: list[Answer]) -> int:
    """How many ``answers`` keep the level of a prefilled, not yet confirmed rating."""
    return sum(
        1
        for a in answers
        if (state := current.get(a.skill_id)) is not None
        and state.source == "imported"
        and state.level == a.level
    )


def save_answers(assessment: Assessment, answers: list[Answer]) -> int:
    """Append a rating for every changed answer; returns how many were added."""
    current = latest_ratings(assessment)
    added = 0
    now = utcnow()
    for answer in answers:
        if _changed(answer, current.get(answer.skill_id)):
            db.session.add(
                Rating(
                    user_id=assessment.user_id,
                    assessment_id=assessment.id,
                    skill_id=answer.skill_id,
                    level=answer.level,
                    confidence=answer.confidence,
                    evidence=answer.evidence,
                    source="self",
                    author_id=assessment.user_id,
                    created_at=now,
                )
            )
            added += 1
    return added


def progress(assessment: Assessment) -> tuple[int, int]:
    """(skills answered and confirmed, skills asked)."""
    asked = {s.id for s in assessment.skill_rows()}
    answered = sum(
        1 for k, v in latest_ratings(assessment).items() if k in asked and v.source == "self"
    )
    return answered, len(asked)


def submit(assessment: Assessment) -> None:
    if assessment.status == "submitted":
        raise AssessmentInputError("This assessment was already submitted.")
    answered, _ = progress(assessment)
    if answered == 0:
        raise AssessmentInputError("Rate at least one skill before finishing the assessment.")
    assessment.status = "submitted"
    assessment.submitted_at = utcnow()
