"""DIRECT's tree of domains, competencies and skills as read, before references are checked.

It comes from the three tables ``competency_domain``, ``competency`` and ``skill``, or,
failing those, from the nested ``DIRECT-framework-all-in-one`` export (CSV or JSON).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceDataError
from .tables import _read_csv, _read_json, _Row

_ALL_IN_ONE = "DIRECT-framework-all-in-one"


def _slugify(text: str) -> str:
    """DIRECT's slug rule: lower case, drop punctuation, spaces to hyphens."""
    return "-".join(re.sub(r"[^a-z0-9\s]", "", text.lower()).split())


@dataclass
class _Tree:
    """Domains, competencies and skills as read, before checking references."""

    domains: list[tuple[_Row, str, int]] = field(default_factory=list)  # row, slug, rank
    competencies: list[tuple[_Row, str, str, int]] = field(default_factory=list)  # + domain
    skills: list[tuple[_Row, str, str, int]] = field(default_factory=list)  # + competency
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, slug: str, row: _Row, name_column: str) -> None:
        self.names[slug] = row.text(name_column)
        self.descriptions[slug] = row.text("description", required=False)


def _tree_from_tables(domains: list[_Row], competencies: list[_Row], skills: list[_Row]) -> _Tree:
    tree = _Tree()
    for row in domains:
        tree.domains.append((row, row.text("slug"), row.rank()))
    for row in competencies:
        tree.competencies.append((row, row.text("slug"), row.text("competency_domain"), row.rank()))
    for row in skills:
        tree.skills.append((row, row.text("slug"), row.text("competency"), row.rank()))
    for row in [*domains, *competencies, *skills]:
        tree.label(row.text("slug"), row, "name")
    return tree


def _tree_from_all_in_one_csv(path: Path) -> _Tree:
    """One row per domain, competency or skill, each under the one before; ranks follow
    the row order."""
    tree = _Tree()
    domain = competency = ""
    for n, row in enumerate(_read_csv(path), start=1):
        slug = row.text("slug")
        if row.text("competency_domain", required=False):
            domain, column = slug, "competency_domain"
            tree.domains.append((row, slug, 10 * n))
        elif row.text("competency", required=False):
            if not domain:
                raise SourceDataError(f"{row.where}: competency before any domain")
            competency, column = slug, "competency"
            tree.competencies.append((row, slug, domain, 10 * n))
        elif row.text("skill", required=False):
            if not competency:
                raise SourceDataError(f"{row.where}: skill before any competency")
            column = "skill"
            tree.skills.append((row, slug, competency, 10 * n))
        else:
            raise SourceDataError(f"{row.where}: no domain, competency or skill name")
        tree.label(slug, row, column)
    return tree


def _tree_from_all_in_one_json(path: Path) -> _Tree:
    """Nested titles without slugs: slugs are derived with DIRECT's rule."""
    doc = _read_json(path)
    tree = _Tree()
    for d, domain in enumerate(doc.get("competency_domains", []), start=1):
        drow = _Row(f"{path.name} domain {d}", domain)
        dslug = _slugify(drow.text("title"))
        tree.domains.append((drow, dslug, 10 * d))
        tree.label(dslug, drow, "title")
        for c, competency in enumerate(domain.get("competencies", []), start=1):
            crow = _Row(f"{drow.where} competency {c}", competency)
            cslug = _slugify(crow.text("title"))
            tree.competencies.append((crow, cslug, dslug, 10 * c))
            tree.label(cslug, crow, "title")
            for k, skill in enumerate(competency.get("skills", []), start=1):
                srow = _Row(f"{crow.where} skill {k}", skill)
                sslug = _slugify(srow.text("title"))
                tree.skills.append((srow, sslug, cslug, 10 * k))
                tree.label(sslug, srow, "title")
    return tree


def _tree_from_all_in_one(directory: Path) -> _Tree | None:
    """Read the nested export, CSV first: only the CSV carries slugs and related skills."""
    csv_path, json_path = directory / f"{_ALL_IN_ONE}.csv", directory / f"{_ALL_IN_ONE}.json"
    if csv_path.is_file():
        return _tree_from_all_in_one_csv(csv_path)
    if json_path.is_file():
        return _tree_from_all_in_one_json(json_path)
    return None
