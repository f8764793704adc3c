"""Which DIRECT skills are learned mainly by experience rather than by courses.

:func:`is_experiential` applies the rule written out below to a skill and its competency;
:func:`~frameworks.direct.read_direct` marks the skills with it.
"""

from __future__ import annotations

__all__ = [
    "EXPERIENTIAL_COMPETENCIES",
    "EXPERIENTIAL_SKILLS",
    "NOT_EXPERIENTIAL_SKILLS",
    "is_experiential",
]

# Skills learned mainly through experience, mentoring and communities rather than courses.
# The rule, chosen by reading DIRECT's names and descriptions: every skill of the
# competencies about leadership, people management, interpersonal behaviour, community work,
# spoken/written communication and domain (research context) knowledge, plus named skills
# elsewhere that are about adaptability, stakeholders and institutional context. Skills in
# those competencies that are craft or technical skills with ordinary courses (note taking,
# multimedia production, technical writing, specialist hardware knowledge) are excluded.
EXPERIENTIAL_COMPETENCIES = frozenset(
    {
        "leadership",
        "people-and-team-management",
        "interpersonal-skills",
        "community-and-outreach",
        "verbal-and-written-communication",
        "domain-knowledge",
    }
)
EXPERIENTIAL_SKILLS = frozenset(
    {
        "adaptability",
        "resilience",
        "decision-making",
        "collaboration",
        "stakeholder-management",
        "stakeholder-and-user-engagement",
        "crisis-and-change-management",
        "understanding-institutional-bureaucracy-or-politics",
        "gathering-and-understanding-stakeholder-requirements",
        "knowledge-exchange",
    }
)
NOT_EXPERIENTIAL_SKILLS = frozenset(
    {
        "note-taking",
        "multimedia-and-social-content-production",
        "technical-writing",
        "specialist-technical-or-hardware-knowledge",
    }
)


def is_experiential(skill_id: str, competency_id: str) -> bool:
    """Return whether a DIRECT skill is learned mainly by experience (see the rule above).

    Examples
    --------
    >>> is_experiential("mentoring-and-coaching", "leadership")
    True
    >>> is_experiential("programming", "software-engineering")
    False
    """
    if skill_id in NOT_EXPERIENTIAL_SKILLS:
        return False
    return competency_id in EXPERIENTIAL_COMPETENCIES or skill_id in EXPERIENTIAL_SKILLS
