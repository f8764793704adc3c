"""What each side sees of a review, and the record both sides can export.

Per skill of the review, the member's self rating as the viewer may see it stands beside
the manager's ratings, never averaged with them. A manager sees the self rating only as
the member shares it with the team (band only, or level; evidence only if chosen), and a
manager's export shows the member's self ratings the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.core.spreadsheet import write_csv
from webapp.frameworks.models import SkillRow
from webapp.teams.levels import latest_levels
from webapp.teams.models import Review, band_of, membership, review_rating

__all__ = [
    "ReviewLine",
    "review_lines",
    "review_record",
    "record_csv",
]


@dataclass(frozen=True)
class ReviewLine:
    skill: SkillRow
    target: int | None
    self_level: int | None
    self_band: str | None
    self_rated: bool
    self_evidence: str
    manager_ratings: list[Rating]


def _manager_ratings(review: Review) -> list[Rating]:
    return list(
        db.session.execute(
            select(Rating)
            .join(review_rating, review_rating.c.rating_id == Rating.id)
            .where(review_rating.c.review_id == review.id)
            .order_by(Rating.created_at, Rating.id)
        ).scalars()
    )


def review_lines(review: Review, side: str) -> list[ReviewLine]:
    """Per skill: the member's self rating (as the viewer may see it) beside manager ratings.

    ``side`` is ``member`` (sees everything of theirs) or ``manager`` (sees the self rating
    as the member shares it with the team: band only, or level; evidence only if chosen).
    """
    ratings = _manager_ratings(review)
    targets = review.profile.target_levels() if review.profile else {}
    skills: dict[int, SkillRow] = {}
    if review.profile is not None:
        for t in sorted(review.profile.targets, key=lambda t: t.skill.position):
            skills[t.skill_id] = t.skill
    for r in ratings:
        skills.setdefault(r.skill_id, r.skill)
    sharing, evidence_ok = "full", True
    if side == "manager":
        m = membership(review.team_id, review.member_id) if review.team_id else None
        sharing = m.sharing if m is not None else "nothing"
        evidence_ok = m is not None and m.sharing == "full" and m.share_evidence
    levels = latest_levels([review.member_id], list(skills)) if sharing in ("bands", "full") else {}
    lines = []
    for sid, skill in skills.items():
        state = levels.get((review.member_id, sid))
        lines.append(
            ReviewLine(
                skill=skill,
                target=targets.get(sid),
                self_level=state.level if state is not None and sharing == "full" else None,
                self_band=band_of(state.level) if state is not None else None,
                self_rated=state is not None,
                self_evidence=state.evidence if state is not None and evidence_ok else "",
                manager_ratings=[r for r in ratings if r.skill_id == sid],
            )
        )
    return lines


def review_record(review: Review, side: str) -> dict:
    """The review as exported (JSON; the CSV has one row per skill and rating)."""
    lines = review_lines(review, side)
    show_levels = side == "member" or (
        review.team_id is not None
        and (m := membership(review.team_id, review.member_id)) is not None
        and m.sharing == "full"
    )
    return {
        "review": review.id,
        "team": review.team.name if review.team else None,
        "member": review.member.name,
        "manager": review.manager.name if review.manager else None,
        "proposed_by": review.proposed_by.name if review.proposed_by else None,
        "status": review.status,
        "role_profile": review.profile.name if review.profile else None,
        "agenda": review.agenda,
        "created_at": review.created_at.isoformat(),
        "opened_at": review.opened_at.isoformat() if review.opened_at else None,
        "closed_at": review.closed_at.isoformat() if review.closed_at else None,
        "closing_comment": review.closing_comment,
        "skills": [
            {
                "skill": line.skill.key,
                "skill_name": line.skill.name,
                "target": line.target,
                "self": (
                    {"level": line.self_level, "band": line.self_band}
                    if show_levels
                    else {"band": line.self_band}
                )
                if line.self_rated
                else None,
                **({"self_evidence": line.self_evidence} if line.self_evidence else {}),
                "manager_ratings": [
                    {
                        "level": r.level,
                        "comment": r.comment,
                        "at": r.created_at.isoformat(),
                    }
                    for r in line.manager_ratings
                ],
            }
            for line in lines
        ],
        "actions": [
            {
                "text": a.text,
                "resource": a.resource_key or None,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "decided_at": a.decided_at.isoformat() if a.decided_at else None,
                "pathway": a.pathway_note,
            }
            for a in review.actions
        ],
    }


def record_csv(record: dict) -> str:
    """The exported record as CSV: one row per self rating, manager rating and action."""
    rows: list[list] = [
        [
            "kind",
            "skill",
            "skill_name",
            "target",
            "self_level",
            "self_band",
            "by",
            "level",
            "text",
            "status",
            "at",
        ]
    ]
    for s in record["skills"]:
        self_ = s["self"] or {}
        rows.append(
            [
                "self",
                s["skill"],
                s["skill_name"],
                s["target"],
                self_.get("level", ""),
                self_.get("band", ""),
                record["member"],
                "",
                s.get("self_evidence", ""),
                "",
                "",
            ]
        )
        for r in s["manager_ratings"]:
            rows.append(
                [
                    "manager",
                    s["skill"],
                    s["skill_name"],
                    s["target"],
                    "",
                    "",
                    record["manager"],
                    "n/a" if r["level"] is None else r["level"],
                    r["comment"],
                    "",
                    r["at"],
                ]
            )
    for a in record["actions"]:
        rows.append(
            [
                "action",
                a["resource"] or "",
                "",
                "",
                "",
                "",
                "",
                "",
                a["text"],
                a["status"],
                a["created_at"],
            ]
        )
    if record["closing_comment"]:
        rows.append(
            [
                "closing comment",
                "",
                "",
                "",
                "",
                "",
                record["member"],
                "",
                record["closing_comment"],
                record["status"],
                record["closed_at"] or "",
            ]
        )
    return write_csv(rows)
