"""The catalogue rules beyond the schema, and checking one resource against both.

Resource ids are unique within a file; a skill is not listed twice under ``teaches`` or
``requires`` of one resource; a ``teaches`` link's ``from`` is below its ``level``; an
instance does not end before it starts; a membership price names its membership, and
``open: true`` stands alone; and, when
``known_skills`` are given, every skill key exists. :func:`resource_problems` applies the
schema and these rules to a single resource (as the web forms and the import plan do).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import yaml

from catalogue.errors import Problem
from catalogue.yaml_io.file_data import provider_data, resource_data
from catalogue.yaml_io.nodes import line_at, path_text
from catalogue.yaml_io.schema import error_message, provider_validator, resource_validator
from recommender.model import Resource, nul_problems
from safeio import ValueSenseError, calendar_date, sane_quantity
from safeio.values import MAX_AMOUNT, MAX_HOURS

__all__ = ["rule_problems", "item_rule_problems", "resource_problems"]


def rule_problems(
    data: dict, root: yaml.Node, source: str, known_skills: Iterable[str] | None
) -> list[Problem]:
    """Every rule problem of a file's data, each at its line."""
    known = frozenset(known_skills) if known_skills is not None else None
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(data["resources"]):
        rid = item["id"]
        path = ["resources", index, "id"]
        if rid in first_line:
            reason = f"id {rid!r} already used on line {first_line[rid]}"
            problems.append(Problem(path_text(path), reason, source, line_at(root, path)))
        else:
            first_line[rid] = line_at(root, path)
        problems += item_rule_problems(item, known, index, root, source)
    return problems


def item_rule_problems(
    item: Mapping,
    known_skills: Iterable[str] | None,
    index: int,
    root: yaml.Node | None,
    source: str,
) -> list[Problem]:
    """The rule problems of one resource entry; without a ``root`` node they have no line
    and their positions are relative to the entry."""
    known = frozenset(known_skills) if known_skills is not None else None
    problems: list[Problem] = []

    def add(path: list, reason: str) -> None:
        full = ["resources", index, *path]
        line = line_at(root, full) if root is not None else None
        position = path_text(full if root is not None else path)
        problems.append(Problem(position, reason, source, line))

    for relation in ("teaches", "requires"):
        seen: set[str] = set()
        for j, link in enumerate(item.get(relation, [])):
            if link["skill"] in seen:
                add(
                    [relation, j, "skill"], f"skill {link['skill']!r} listed twice under {relation}"
                )
            seen.add(link["skill"])
            if relation == "teaches" and link.get("from", -1) >= link["level"]:
                add([relation, j, "from"], "from must be below level (the level it teaches up to)")
            if known is not None and link["skill"] not in known:
                add([relation, j, "skill"], f"unknown skill {link['skill']!r}")
    eligibility = item.get("eligibility") or {}
    if item.get("cost") == "membership" and not eligibility.get("membership"):
        add(["cost"], "a membership price needs eligibility.membership (which membership)")
    if eligibility.get("open") and len(eligibility) > 1:
        add(["eligibility", "open"], "open: true cannot go with restrictions or a note")
    for j, instance in enumerate(item.get("instances", [])):
        end = instance.get("end", "")
        if end and end[:10] < instance["start"][:10]:
            add(["instances", j, "end"], "ends before it starts")
    problems_of_sense(item, add)
    return problems


def problems_of_sense(item: Mapping, add) -> None:
    """Numbers and dates that read but make no sense (:mod:`safeio.values`): infinite,
    negative or absurd hours and prices, days that do not exist."""
    for key, maximum in (("hours", MAX_HOURS), ("cost", MAX_AMOUNT)):
        value = item.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                sane_quantity(value, key, maximum)
            except ValueSenseError as exc:
                add([key], str(exc))
    dates = [(["last_reviewed"], item.get("last_reviewed"))]
    for j, instance in enumerate(item.get("instances", [])):
        dates += [(["instances", j, k], instance.get(k)) for k in ("start", "end")]
    for path, text in dates:
        if isinstance(text, str) and text:
            try:
                calendar_date(text[:10], str(path[-1]))
            except ValueSenseError as exc:
                add(path, str(exc))


def resource_problems(
    resource: Resource, *, known_skills: Iterable[str] | None = None
) -> list[str]:
    """Return why a resource could not be stored in a provider file (empty when valid).

    The same schema and rules as :func:`load_provider_file` apply; a resource must also
    name its provider.

    Examples
    --------
    >>> from recommender.model import Provider
    >>> x = Provider("x", "X")
    >>> resource_problems(Resource("git", "Git", "course", url="https://x.example/", provider=x))
    []
    >>> for reason in resource_problems(Resource("Git", "Git", "course", url="x.example",
    ...                                          provider=x)):
    ...     print(reason)
    id: 'Git' is not an id ([a-z0-9] words joined by '-')
    url: 'x.example' is not an http(s) URL
    """
    reasons = nul_problems(resource)
    if reasons:
        return reasons
    if resource.provider is None:
        reasons.append("no provider")
    else:
        for error in provider_validator().iter_errors(provider_data(resource.provider)):
            where = path_text(["provider", *error.absolute_path])
            reasons.append(f"{where}: {error_message(error)}")
    data = resource_data(resource, resource.provider)
    for error in sorted(resource_validator().iter_errors(data), key=lambda e: e.path):
        where = path_text(error.absolute_path)
        reasons.append(
            f"{where}: {error_message(error)}" if error.absolute_path else error_message(error)
        )
    if not reasons:
        reasons = [p.reason for p in item_rule_problems(data, known_skills, 0, None, "")]
    return reasons
