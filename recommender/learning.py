"""The learning model: from which level to which a resource can take a learner, and how strongly.

A ``teaches`` link says a resource teaches a skill *up to* a level. That alone overstates
what a one-hour page can do: nobody becomes a practitioner from reading. :func:`teach_range`
turns a link into a :class:`LinkRange` with the rules of ``docs/learning-model.md``:

- *Short reference material* (kind ``material``, at most :data:`SHORT_HOURS` hours planned):
  raises at most one level and not past Working (2).
- *Courses, lessons with exercises, events and longer material*: reach Working (2), or
  Practitioner (3) from :data:`PRACTITIONER_HOURS` hours on; they span one level under
  :data:`TWO_LEVEL_HOURS` hours, two under :data:`THREE_LEVEL_HOURS`, three beyond.
- *Experiential skills* (skill graph flag ``experiential``): only mentoring and communities
  take a learner past Working; reading and courses stop at 2.
- *Mentoring and communities* reach the stated level, from up to two levels below it.
- A resource that *requires* the skill itself at some level starts there, and so does
  one whose stated difficulty assumes it: intermediate starts at Awareness (1), advanced
  at Working (2) (an advanced page capped at Working then teaches that skill nothing).

Curated data overrides the defaults: a link's ``from_level`` and ``strength`` are used as
stated (``source="curated"``, with the curators' ``note``). The stated ``level`` is always
the ceiling; the defaults only ever lower it.

``strength`` (0–1) says how central the skill is to the resource: by default the first
``teaches`` link is its main subject (:data:`MAIN_STRENGTH`), later ones side mentions
(:data:`SIDE_STRENGTH`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .estimates import planned_hours
from .model import Resource, SkillLink

__all__ = [
    "LinkRange",
    "teach_range",
    "SHORT_HOURS",
    "TWO_LEVEL_HOURS",
    "THREE_LEVEL_HOURS",
    "PRACTITIONER_HOURS",
    "MAIN_STRENGTH",
    "SIDE_STRENGTH",
    "WORKING",
    "PRACTITIONER",
]

WORKING = 2
PRACTITIONER = 3
#: Up to this many planned hours, material counts as a short reference page or guide.
SHORT_HOURS = 4.0
#: A course spans two levels from this many hours, three from :data:`THREE_LEVEL_HOURS`.
TWO_LEVEL_HOURS = 6.0
THREE_LEVEL_HOURS = 40.0
#: From this many hours a course or lesson can reach Practitioner.
PRACTITIONER_HOURS = 12.0
MAIN_STRENGTH = 1.0
SIDE_STRENGTH = 0.5
_ONGOING_SPAN = 2
_ASSUMED = {"intermediate": 1, "advanced": 2}


@dataclass(frozen=True)
class LinkRange:
    """What one ``teaches`` link can do: take a learner from ``from_level`` to ``to_level``.

    A learner below ``from_level`` gets nothing from it yet (another step must bring them
    there); ``to_level`` is never above the link's stated level. ``source`` is
    ``"default"`` or ``"curated"``; ``note`` says why the range is what it is.
    """

    from_level: int
    to_level: int
    strength: float
    source: str
    note: str = ""
    #: False when the resource is read rather than practised (short reference material
    #: on its default range): a level reached by reading is worth less (recommender.fit).
    practice: bool = True

    @property
    def useful(self) -> bool:
        """Whether the link raises any level at all."""
        return self.to_level > self.from_level

    def covers(self, level: int) -> bool:
        """Whether the link can bring a learner to ``level`` (from the level below)."""
        return self.from_level < level <= self.to_level


def _strength(resource: Resource, link: SkillLink) -> float:
    if link.strength is not None:
        return float(min(max(link.strength, 0.0), 1.0))
    first = resource.teaches[0].skill if resource.teaches else link.skill
    return MAIN_STRENGTH if link.skill == first else SIDE_STRENGTH


def _ceiling_and_span(resource: Resource, hours: float, experiential: bool) -> tuple[int, int, str]:
    if resource.ongoing:
        return 4, _ONGOING_SPAN, ""
    if resource.kind == "material" and hours <= SHORT_HOURS:
        return WORKING, 1, f"short reference material ({hours:g} h): one level, up to Working"
    ceiling = PRACTITIONER if hours >= PRACTITIONER_HOURS else WORKING
    span = 1 if hours < TWO_LEVEL_HOURS else 2 if hours < THREE_LEVEL_HOURS else 3
    note = f"{resource.kind} of {hours:g} h: up to {span} level(s), at most level {ceiling}"
    if experiential and ceiling > WORKING:
        ceiling = WORKING
        note = "experiential skill: beyond Working only through mentoring, communities, practice"
    return ceiling, span, note


def teach_range(resource: Resource, link: SkillLink, experiential: bool = False) -> LinkRange:
    """Return what ``link`` (one of ``resource.teaches``) can do for a learner.

    Parameters
    ----------
    resource : Resource
    link : SkillLink
        A ``teaches`` link of ``resource``.
    experiential : bool
        Whether the skill is learned mainly by experience (skill graph flag).

    Returns
    -------
    LinkRange

    Examples
    --------
    >>> from recommender.model import Resource, SkillLink
    >>> page = Resource("athena", "Optimise Athena", "material", hours=1,
    ...                 teaches=(SkillLink("direct:cloud-computing", 2),))
    >>> r = teach_range(page, page.teaches[0])
    >>> (r.from_level, r.to_level, r.strength, r.source)
    (1, 2, 1.0, 'default')
    >>> r.note
    'short reference material (1 h): one level, up to Working'
    >>> course = Resource("mentor-course", "Mentoring", "course", hours=8,
    ...                   teaches=(SkillLink("direct:mentoring", 3),))
    >>> r = teach_range(course, course.teaches[0], experiential=True)
    >>> (r.from_level, r.to_level)
    (0, 2)
    >>> curated = SkillLink("direct:cloud-computing", 2, from_level=0, note="full course")
    >>> teach_range(page, curated).source, teach_range(page, curated).from_level
    ('curated', 0)
    """
    strength = _strength(resource, link)
    top = max(0, min(int(link.level), 4))
    if link.from_level is not None:
        low = max(0, min(int(link.from_level), top))
        return LinkRange(low, top, strength, "curated", link.note)
    hours, _estimated = planned_hours(resource)
    ceiling, span, note = _ceiling_and_span(resource, hours, experiential)
    to_level = min(top, ceiling)
    low = max(0, to_level - span)
    if resource.difficulty == "beginner" and not resource.ongoing:
        # A beginners' resource starts at the start; its effort decides how far it goes.
        low, to_level = 0, min(to_level, span)
    assumed = _ASSUMED.get(resource.difficulty, 0)
    if assumed > low and not resource.ongoing:
        low = min(assumed, to_level)
        note = f"{note}; {resource.difficulty} assumes level {assumed}"
    for req in resource.requires:
        if req.skill == link.skill and req.level > low:
            low = min(req.level, to_level)
            note = f"{note}; needs {req.level} first" if note else f"needs {req.level} first"
    source = "curated" if link.strength is not None else "default"
    reading = resource.kind == "material" and hours <= SHORT_HOURS and not resource.ongoing
    return LinkRange(low, to_level, strength, source, note, practice=not reading)
