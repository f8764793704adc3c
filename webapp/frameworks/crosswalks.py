"""Curated crosswalks between frameworks: which skills map onto which, read by catalogue
search, assessment prefill and the SKOS / CSV downloads. Trainers curate them in
``webapp.curation``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select

from frameworks.crosswalks import Crosswalk
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.core.spreadsheet import write_csv
from webapp.frameworks.models import SKOS_RELATIONS, CrosswalkMapping, skill_row

__all__ = [
    "SKOS",
    "CARRY_RELATIONS",
    "curated_mappings",
    "carried_mappings",
    "mapped_skills",
    "skill_mappings",
    "crosswalk_jsonld",
    "crosswalk_csv",
    "store_crosswalk",
    "short_name",
]

SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Relations close enough for a rating or a training link to count across frameworks.
CARRY_RELATIONS = ("exactMatch", "closeMatch")
#: How notes name a framework ("from your FAIR4S rating of …").
SHORT_NAMES = {"direct": "DIRECT", "fair4s": "FAIR4S", "hpccf": "HPC CF", "de-rse": "de-RSE"}


def short_name(framework) -> str:
    """A framework's short name for notes: ``FAIR4S``, ``HPC CF``, else its name's first part."""
    return SHORT_NAMES.get(framework.key) or framework.name.split(" – ")[0]


def store_crosswalk(crosswalk: Crosswalk) -> str:
    """Store a bundled crosswalk's mappings as curated by its curator (idempotent); the
    caller commits. A mapping a trainer decided (accepted, changed or rejected) is left as
    they decided it. Returns ``"added"``, ``"updated"`` or ``"unchanged"``."""
    existing = {
        (row.source_key, row.target_key): row
        for row in db.session.execute(
            select(CrosswalkMapping).where(
                CrosswalkMapping.source_key.in_({link.source for link in crosswalk.links})
            )
        ).scalars()
    }
    added = updated = 0
    now = utcnow()
    for link in crosswalk.links:
        row = existing.get((link.source, link.target))
        if row is None:
            db.session.add(
                CrosswalkMapping(
                    source_key=link.source,
                    target_key=link.target,
                    score=1.0,
                    relation=link.relation,
                    status="curated",
                    curator=crosswalk.curator,
                    note=link.note,
                    decided_at=now,
                )
            )
            added += 1
        elif row.decided_by_id is None and (
            row.status,
            row.relation,
            row.curator,
            row.note,
        ) != ("curated", link.relation, crosswalk.curator, link.note):
            row.status, row.relation = "curated", link.relation
            row.curator, row.note, row.decided_at = crosswalk.curator, link.note, now
            updated += 1
    db.session.flush()
    if added and not existing:
        return "added"
    return "updated" if added or updated else "unchanged"


def curated_mappings() -> list[CrosswalkMapping]:
    return list(
        db.session.execute(
            select(CrosswalkMapping)
            .where(CrosswalkMapping.status == "curated")
            .order_by(CrosswalkMapping.source_key, CrosswalkMapping.target_key)
        ).scalars()
    )


def mapped_skills(skill_key: str) -> list[tuple[str, str]]:
    """Curated links of a skill: ``[(other skill key, relation from this skill's side)]``.

    A link curated as ``A broadMatch B`` reads ``(B, "broadMatch")`` for A and
    ``(A, "narrowMatch")`` for B. Used by catalogue search ("also matches skills mapped to
    X") and to prefill an assessment in another framework.
    """
    rows = db.session.execute(
        select(CrosswalkMapping).where(
            CrosswalkMapping.status == "curated",
            or_(CrosswalkMapping.source_key == skill_key, CrosswalkMapping.target_key == skill_key),
        )
    ).scalars()
    out = []
    for row in rows:
        if row.source_key == skill_key:
            out.append((row.target_key, row.relation))
        else:
            out.append((row.source_key, SKOS_RELATIONS[row.relation]))
    return sorted(out)


def carried_mappings(framework_key: str) -> dict[str, set[str]]:
    """Curated exact or close matches of a framework's skills: this framework's skill key
    -> the other frameworks' skill keys (``fw:skill``) it maps to."""
    prefix = f"{framework_key}:"
    rows = db.session.execute(
        select(CrosswalkMapping.source_key, CrosswalkMapping.target_key).where(
            CrosswalkMapping.status == "curated",
            CrosswalkMapping.relation.in_(CARRY_RELATIONS),
            or_(
                CrosswalkMapping.source_key.startswith(prefix, autoescape=True),
                CrosswalkMapping.target_key.startswith(prefix, autoescape=True),
            ),
        )
    ).all()
    out: dict[str, set[str]] = defaultdict(set)
    for source, target in rows:
        mine, other = (source, target) if source.startswith(prefix) else (target, source)
        if not other.startswith(prefix):
            out[mine[len(prefix) :]].add(other)
    return out


def skill_mappings(skill_key: str) -> list[dict]:
    """Curated mappings of one skill for its page: the other skill (key, name, framework),
    the relation read from this skill's side, who curated it and why."""
    rows = db.session.execute(
        select(CrosswalkMapping)
        .where(
            CrosswalkMapping.status == "curated",
            or_(CrosswalkMapping.source_key == skill_key, CrosswalkMapping.target_key == skill_key),
        )
        .order_by(CrosswalkMapping.source_key, CrosswalkMapping.target_key)
    ).scalars()
    out = []
    for row in rows:
        mine = row.source_key == skill_key
        other = row.target_key if mine else row.source_key
        found = skill_row(other)
        if found is None:
            continue
        out.append(
            {
                "skill": found,
                "framework": found.framework,
                "relation": row.relation if mine else SKOS_RELATIONS[row.relation],
                "curator": row.curator,
                "note": row.note,
            }
        )
    return out


def _skill_names(keys: Iterable[str]) -> dict[str, str]:
    out = {}
    for key in set(keys):
        row = skill_row(key)
        if row is not None:
            out[key] = row.name
    return out


def crosswalk_jsonld(base_url: str) -> dict:
    """Curated mappings as SKOS JSON-LD: one ``skos:Concept`` per mapped skill."""
    mappings = curated_mappings()
    names = _skill_names([m.source_key for m in mappings] + [m.target_key for m in mappings])

    def iri(key: str) -> str:
        framework, _, skill = key.partition(":")
        return f"{base_url.rstrip('/')}/frameworks/{framework}/skills/{skill}"

    concepts: dict[str, dict] = {}
    for m in mappings:
        for key in (m.source_key, m.target_key):
            concepts.setdefault(
                key,
                {
                    "@id": iri(key),
                    "@type": "skos:Concept",
                    "skos:notation": key,
                    "skos:prefLabel": names.get(key, key),
                    "skos:inScheme": {"@id": iri(key).rsplit("/skills/", 1)[0]},
                },
            )
        concepts[m.source_key].setdefault(f"skos:{m.relation}", []).append(
            {"@id": iri(m.target_key)}
        )
    return {
        "@context": {"skos": SKOS},
        "@graph": list(concepts.values()),
    }


def crosswalk_csv() -> str:
    """Curated mappings as CSV (SSSOM-like columns; cells safe in spreadsheets)."""
    mappings = curated_mappings()
    names = _skill_names([m.source_key for m in mappings] + [m.target_key for m in mappings])
    header = [
        "subject_id",
        "subject_label",
        "predicate_id",
        "object_id",
        "object_label",
        "similarity_score",
        "curated_at",
        "author_label",
        "comment",
    ]
    rows = [
        [
            m.source_key,
            names.get(m.source_key, ""),
            f"skos:{m.relation}",
            m.target_key,
            names.get(m.target_key, ""),
            f"{m.score:.4f}",
            m.decided_at.isoformat(timespec="seconds") if m.decided_at else "",
            m.curator,
            m.note,
        ]
        for m in mappings
    ]
    return write_csv(rows, header=header, lineterminator="\n")
