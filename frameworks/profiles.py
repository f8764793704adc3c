"""Role profiles: Pathfinder's YAML files and the DIRECT webapp's example profiles.

A role profile gives target levels (common scale) for skills of one framework. Pathfinder's
own profiles live in ``frameworks/profiles/<id>.yaml`` and are checked against
``frameworks/schema/role-profile.schema.json`` (and, given the framework, against its
skill ids) with every problem naming its line.

The DIRECT webapp publishes example profiles as JSON: a list of people, each with a
``role``, a ``description`` and ``user_data`` items ``{skill, category, subcategory,
skill_level}`` that name skills by *name*, within a domain (category) and a competency
(subcategory). Newer samples put the domain name in ``subcategory`` as well; both forms are
accepted. Reading is all-or-nothing: every unknown name or level is reported, and nothing is
returned if there is any.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

import yaml

from recommender.model import Area, Framework, RoleProfile
from safeio import DocumentLimitError, load_json

from .errors import FrameworkIntegrityError, RoleProfileError
from .yamldoc import QuotedStr, dump_yaml, line_of, read_checked_mapping, read_source

__all__ = ["load_role_profile", "dump_role_profile", "read_direct_webapp_profiles"]

PathLike = str | os.PathLike[str]

#: Attribution fields of a profile file, kept in :attr:`RoleProfile.meta`.
META_KEYS = ("source_url", "licence", "retrieved")
WEBAPP_SOURCE_URL = "https://github.com/direct-framework/direct-webapp"


def load_role_profile(path: PathLike, framework: Framework | None = None) -> RoleProfile:
    """Load and check a role profile YAML file (or YAML text).

    Parameters
    ----------
    path
        The profile file, or its YAML text.
    framework
        If given, the profile must name this framework, and every target must be one of its
        skills.

    Returns
    -------
    RoleProfile

    Raises
    ------
    FrameworkSyntaxError
        Malformed YAML.
    FrameworkSchemaError
        The document does not match ``role-profile.schema.json``.
    FrameworkIntegrityError
        Wrong framework or an unknown skill id. Every message names the file and line.

    Examples
    --------
    >>> from frameworks import PROFILES_DIR
    >>> profile = load_role_profile(PROFILES_DIR / "research-data-steward.yaml")
    >>> profile.framework_id, profile.targets["data-curation"]
    ('direct', 4)
    """
    data, root, name = read_checked_mapping(path, "role-profile.schema.json")
    if framework is not None:
        problems = _framework_problems(data, root, name, framework)
        if problems:
            raise FrameworkIntegrityError(problems)
    return RoleProfile(
        id=data["id"],
        name=data["name"],
        framework_id=data["framework"],
        description=data["description"],
        targets=dict(data["targets"]),
        provenance=data["provenance"],
        framework_version=data["framework_version"],
        meta={key: data[key] for key in META_KEYS if key in data},
    )


def _framework_problems(
    data: dict, root: yaml.Node | None, name: str, framework: Framework
) -> list[str]:
    problems = []
    if data["framework"] != framework.id:
        line = line_of(root, ["framework"])
        problems.append(
            f"{name} line {line}: framework: {data['framework']!r} is not {framework.id!r}"
        )
    elif data["framework_version"] != framework.version:
        line = line_of(root, ["framework_version"])
        problems.append(
            f"{name} line {line}: framework_version: {data['framework_version']!r} is not "
            f"the loaded version {framework.version!r} of {framework.id!r}"
        )
    skill_ids = {skill.id for skill in framework.iter_skills()}
    for skill_id in data["targets"]:
        if skill_id not in skill_ids:
            line = line_of(root, ["targets", skill_id], key=True)
            problems.append(
                f"{name} line {line}: targets.{skill_id}: unknown skill id {skill_id!r} "
                f"in framework {framework.id!r}"
            )
    return problems


def dump_role_profile(profile: RoleProfile) -> str:
    """Write a role profile as YAML text that :func:`load_role_profile` reads back.

    The attribution fields come from ``profile.meta``.

    Examples
    --------
    >>> p = RoleProfile("x", "X", "direct", "A role.", {"programming": 2}, "Editorial.", "2.0.0")
    >>> load_role_profile(dump_role_profile(p)) == p
    True
    """
    doc: dict[str, Any] = {
        "id": profile.id,
        "name": profile.name,
        "framework": profile.framework_id,
        "framework_version": QuotedStr(profile.framework_version),
        "description": profile.description,
        "provenance": profile.provenance,
    }
    for key in META_KEYS:
        if profile.meta.get(key):
            value = profile.meta[key]
            doc[key] = QuotedStr(value) if key == "retrieved" else value
    doc["targets"] = dict(profile.targets)
    return dump_yaml(doc)


# --------------------------------------------------------------------------- DIRECT webapp


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _slug(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9\s]", " ", text.lower()).split())


class _Matcher:
    """Find a framework skill by domain, competency and skill names."""

    def __init__(self, framework: Framework) -> None:
        self.domains: dict[str, Area] = {_norm(area.name): area for area in framework.areas}
        self.levels = {level.id: level.common for level in framework.levels}

    def scope(self, category: Any, subcategory: Any) -> tuple[Area | None, str]:
        """Return the area whose skills may match, or ``None`` and the problem."""
        domain = self.domains.get(_norm(category))
        if domain is None:
            return None, f"unknown category {category!r}"
        if _norm(subcategory) == _norm(domain.name):
            return domain, ""
        for competency in domain.areas:
            if _norm(competency.name) == _norm(subcategory):
                return competency, ""
        return None, f"unknown subcategory {subcategory!r} in {domain.name}"

    @staticmethod
    def skill(area: Area, name: Any) -> str | None:
        def walk(node: Area):
            yield from node.skills
            for child in node.areas:
                yield from walk(child)

        wanted = _norm(name)
        return next((skill.id for skill in walk(area) if _norm(skill.name) == wanted), None)

    def level(self, value: Any) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | str) and str(value).strip() in self.levels:
            return self.levels[str(value).strip()]
        return None


def _load_json(source: PathLike | bytes | list | dict) -> tuple[Any, str]:
    if isinstance(source, list | dict):
        return source, "<data>"
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RoleProfileError(f"<data>: not UTF-8 text: {exc}") from exc
    if isinstance(source, str) and ("\n" in source or not source.strip().endswith(".json")):
        # Text, never a path: uploaded text must not make us open a file on the server.
        text, name = source, "<text>"
    else:
        text, name = read_source(source)
    try:
        return load_json(text), name
    except json.JSONDecodeError as exc:
        raise RoleProfileError(f"{name} line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    except DocumentLimitError as exc:
        where = f"{name} line {exc.line}" if exc.line is not None else name
        raise RoleProfileError(f"{where}: {exc.reason}") from exc


def read_direct_webapp_profiles(
    source: PathLike | bytes | list | dict, framework: Framework
) -> list[RoleProfile]:
    """Convert DIRECT webapp example profiles into role profiles on ``framework``.

    Parameters
    ----------
    source
        A :class:`~pathlib.Path` (or a ``str`` ending in ``.json``) to the JSON file; the JSON
        text as ``str`` or UTF-8 ``bytes``; or the parsed list (or single object).
    framework
        The DIRECT framework the names are matched against (case and spacing ignored).

    Returns
    -------
    list of RoleProfile
        One per entry, id ``direct-example-<role slug>``, named after the role; level 0
        targets are dropped. The people's (fictional) descriptions are not carried over.

    Raises
    ------
    RoleProfileError
        Listing every unknown category, subcategory, skill or level by name and position,
        e.g. ``entry 1 (Research Software Engineer), user_data[17]: unknown skill 'Foo' in
        Data engineering``. Nothing is returned when any entry is wrong.

    Examples
    --------
    >>> from frameworks import load_bundled_frameworks
    >>> direct = {fw.id: fw for fw in load_bundled_frameworks()}["direct"]
    >>> entry = {"user_id": 7, "role": "Data Wrangler", "user_data": [
    ...     {"skill": "Data cleaning", "category": "Information and data technologies",
    ...      "subcategory": "Data engineering", "skill_level": 3}]}
    >>> [(p.id, dict(p.targets)) for p in read_direct_webapp_profiles(entry, direct)]
    [('direct-example-data-wrangler', {'data-cleaning': 3})]
    """
    data, name = _load_json(source)
    entries = [data] if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise RoleProfileError(f"{name}: expected a list of profiles or one profile object")
    matcher = _Matcher(framework)
    problems: list[str] = []
    profiles: list[RoleProfile] = []
    used_ids: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{name}: entry {n}: expected an object")
            continue
        role = " ".join(str(entry.get("role") or "").split())
        where = f"entry {n} ({role})" if role else f"entry {n}"
        if not role:
            problems.append(f"{name}: {where}: missing role")
        items = entry.get("user_data")
        if not isinstance(items, list) or not items:
            problems.append(f"{name}: {where}: user_data must be a non-empty list")
            continue
        targets = _targets(items, matcher, f"{name}: {where}", problems)
        if not role or targets is None:
            continue
        profile_id = f"direct-example-{_slug(role)}"
        if profile_id in used_ids:
            profile_id = f"{profile_id}-{entry.get('user_id', n)}"
        used_ids.add(profile_id)
        number = entry.get("user_id", n)
        profiles.append(
            RoleProfile(
                id=profile_id,
                name=role,
                framework_id=framework.id,
                description=f"{role}: example profile from the DIRECT webapp.",
                targets={skill: level for skill, level in targets.items() if level > 0},
                provenance=f"DIRECT webapp example profile {number}, BSD-3-Clause, "
                "levels as published",
                framework_version=framework.version,
                meta={"source_url": WEBAPP_SOURCE_URL, "licence": "BSD-3-Clause"},
            )
        )
    if problems:
        raise RoleProfileError("\n".join(problems))
    return profiles


def _targets(
    items: list, matcher: _Matcher, where: str, problems: list[str]
) -> Mapping[str, int] | None:
    targets: dict[str, int] = {}
    before = len(problems)
    for i, item in enumerate(items):
        at = f"{where}, user_data[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{at}: expected an object")
            continue
        area, problem = matcher.scope(item.get("category"), item.get("subcategory"))
        skill_id = matcher.skill(area, item.get("skill")) if area is not None else None
        level = matcher.level(item.get("skill_level"))
        if area is None:
            problems.append(f"{at}: {problem}")
        elif skill_id is None:
            problems.append(f"{at}: unknown skill {item.get('skill')!r} in {area.name}")
        if level is None:
            problems.append(f"{at}: unknown level {item.get('skill_level')!r}")
        if skill_id is None or level is None:
            continue
        if targets.get(skill_id, level) != level:
            problems.append(
                f"{at}: skill {item.get('skill')!r} given twice with different levels "
                f"({targets[skill_id]} and {level})"
            )
        targets[skill_id] = level
    return targets if len(problems) == before else None
