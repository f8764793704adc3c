"""Reader for the EOSC FAIR4S competence framework (``framework.yml`` + ``levels.yml``).

``framework.yml`` of ``EOSC-FAIR4S/fair4s-framework`` lists 9 areas, each with a ``name``
slug, a ``title``, a ``description`` and its ``competences`` (``name`` slug, ``title``,
optional ``keyskill: true``). The level scale comes from the website repository
(``eosc-fair4s.github.io/_data/levels.yml``): basic ("comprehend"), intermediate
("apply") and expert ("synthesise/ evaluate").

Competences become skills and areas become areas, with the upstream slugs as ids. Key
skills have no place in :class:`~recommender.model.Skill`; :func:`read_fair4s_key_skills`
returns them. Which competences are learned mainly through experience
(:data:`FAIR4S_EXPERIENTIAL`) is Pathfinder's judgement, not FAIR4S's.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from recommender.model import Area, Framework, Level, Skill
from safeio import DocumentLimitError, check_yaml

__all__ = [
    "FAIR4S_COMMON",
    "FAIR4S_EXPERIENTIAL",
    "read_fair4s",
    "read_fair4s_key_skills",
    "read_fair4s_levels",
]

#: FAIR4S names its levels after Bloom's taxonomy; we map by the same taxonomy onto the
#: common scale: comprehend = understanding (awareness, 1), apply = applying (working, 2),
#: synthesise/evaluate = the top of the taxonomy (expert, 4). Nothing maps to 3.
FAIR4S_COMMON: dict[str, int] = {"none": 0, "basic": 1, "intermediate": 2, "expert": 4}

#: Own-words level descriptions (upstream has titles only).
_LEVEL_DESCRIPTIONS: dict[str, str] = {
    "none": "No knowledge of the competence yet; added by Pathfinder (common 0).",
    "basic": "Understands what the competence involves and can explain its main ideas; "
    "FAIR4S calls this comprehending (Bloom: understand), so common 1, awareness.",
    "intermediate": "Puts the competence into practice in their own work; FAIR4S calls "
    "this applying (Bloom: apply), so common 2, working.",
    "expert": "Combines, judges and improves approaches and advises others; FAIR4S calls "
    "this synthesising and evaluating (top of Bloom's taxonomy), so common 4, expert.",
}

#: Competences learned mainly through experience, mentoring and communities: thinking
#: critically and adapting, leading, engaging people, building collaborations and a
#: profile, steering change, strategy and funding.
FAIR4S_EXPERIENTIAL: frozenset[str] = frozenset(
    {
        "open_innovation",
        "open_research_strategy_development",
        "secure_funding",
        "critical_thinking_and_theory_building",
        "creative_problem_solving_flexibility",
        "open_research_delivery",
        "change_management",
        "good_practice",
        "research_user_and_stakeholder_engagement",
        "open_research_profile_development",
        "education_and_professional_development_contribution",
        "open_research_networks_standards_bodies_contribution",
        "collaboration_building",
    }
)

_DEFAULT_LEVELS: dict[str, dict] = {
    "basic": {"name": "basic", "title": "comprehend (basic level)", "value": 1},
    "intermediate": {"name": "intermediate", "title": "apply (intermediate level)", "value": 2},
    "expert": {"name": "expert", "title": "synthesise/ evaluate (expert level)", "value": 3},
}


def _load(path: str | Path) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    try:
        check_yaml(text)
    except DocumentLimitError as exc:
        raise ValueError(f"{path} {exc}") from exc
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a YAML mapping")
    return data


def _framework_areas(data: dict, path: str | Path) -> list[dict]:
    areas = data.get("framework")
    if not isinstance(areas, list) or not areas:
        raise ValueError(f"{path}: no 'framework:' list of areas")
    return areas


def read_fair4s_levels(levels_yml_path: str | Path | None = None) -> tuple[Level, ...]:
    """Return the FAIR4S level scale, with "none" added, mapped onto the common scale.

    Parameters
    ----------
    levels_yml_path
        ``_data/levels.yml`` of ``eosc-fair4s.github.io``; without it the scale published
        there (basic, intermediate, expert) is used.

    Returns
    -------
    tuple[Level, ...]
        ``none``, then the upstream levels ordered by their ``value``, labelled with the
        upstream titles; ``common`` from :data:`FAIR4S_COMMON`.

    Raises
    ------
    ValueError
        If the file names a level that has no common-scale mapping.

    Examples
    --------
    >>> [(level.id, level.common) for level in read_fair4s_levels()]
    [('none', 0), ('basic', 1), ('intermediate', 2), ('expert', 4)]
    """
    raw = _load(levels_yml_path) if levels_yml_path else _DEFAULT_LEVELS
    levels = [Level("none", "None", _LEVEL_DESCRIPTIONS["none"], 0)]
    for key, entry in sorted(raw.items(), key=lambda kv: kv[1].get("value", 0)):
        level_id = str(entry.get("name", key))
        if level_id not in FAIR4S_COMMON:
            raise ValueError(f"FAIR4S level {level_id!r} has no common-scale mapping")
        levels.append(
            Level(
                id=level_id,
                label=str(entry.get("title", level_id)),
                description=_LEVEL_DESCRIPTIONS[level_id],
                common=FAIR4S_COMMON[level_id],
            )
        )
    return tuple(levels)


def read_fair4s_key_skills(framework_yml_path: str | Path) -> tuple[str, ...]:
    """Return the slugs of the competences marked ``keyskill: true``, in file order.

    Parameters
    ----------
    framework_yml_path
        ``framework.yml`` of ``EOSC-FAIR4S/fair4s-framework``.

    Returns
    -------
    tuple[str, ...]
        The key skills' competence slugs (ten in version 2.0).

    Raises
    ------
    ValueError
        If the file has no ``framework:`` list of areas.

    Examples
    --------
    >>> read_fair4s_key_skills("framework.yml")[:2]  # doctest: +SKIP
    ('stewardship_planning_and_fair_sharing', 'data_reusage')
    """
    areas = _framework_areas(_load(framework_yml_path), framework_yml_path)
    return tuple(
        str(c["name"])
        for area in areas
        for c in area.get("competences") or []
        if c and c.get("keyskill") is True
    )


def read_fair4s(
    framework_yml_path: str | Path, levels_yml_path: str | Path | None = None
) -> Framework:
    """Read the FAIR4S framework into a :class:`~recommender.model.Framework`.

    Parameters
    ----------
    framework_yml_path
        ``framework.yml`` of ``EOSC-FAIR4S/fair4s-framework``.
    levels_yml_path
        Optional ``_data/levels.yml`` of the website repository (see
        :func:`read_fair4s_levels`).

    Returns
    -------
    Framework
        Id ``fair4s``, version from the file (``2.0 Feb 2019``); the 9 areas with their
        upstream descriptions, each holding its competences as skills (no descriptions
        upstream, so empty).

    Raises
    ------
    ValueError
        If the file has no areas, or an area or competence lacks ``name`` or ``title``.

    Examples
    --------
    >>> framework = read_fair4s("framework.yml", "levels.yml")  # doctest: +SKIP
    >>> framework.areas[0].skills[0].name  # doctest: +SKIP
    'Plan stewardship and sharing of FAIR outputs'
    """
    data = _load(framework_yml_path)
    areas = []
    for area in _framework_areas(data, framework_yml_path):
        if not area or "name" not in area or "title" not in area:
            raise ValueError(f"{framework_yml_path}: an area lacks 'name' or 'title'")
        area_id = str(area["name"])
        skills = []
        for comp in area.get("competences") or []:
            if not comp or "name" not in comp or "title" not in comp:
                raise ValueError(
                    f"{framework_yml_path}: a competence of {area_id} lacks 'name' or 'title'"
                )
            slug = str(comp["name"])
            skills.append(
                Skill(
                    id=slug,
                    name=str(comp["title"]).strip(),
                    description="",
                    path=(area_id,),
                    experiential=slug in FAIR4S_EXPERIENTIAL,
                )
            )
        areas.append(
            Area(
                id=area_id,
                name=str(area["title"]).strip(),
                description=" ".join(str(area.get("description", "")).split()),
                skills=tuple(skills),
            )
        )
    return Framework(
        id="fair4s",
        name="EOSC FAIR4S Competence Framework",
        version=str(data.get("version", "")),
        source_url="https://github.com/EOSC-FAIR4S/fair4s-framework",
        licence="CC-BY-4.0",
        retrieved="",
        attribution="EOSC FAIR4S competence framework, CC BY 4.0.",
        levels=read_fair4s_levels(levels_yml_path),
        areas=tuple(areas),
    )
