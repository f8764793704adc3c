"""Curated crosswalks between frameworks: which skills map onto which, read by catalogue
search, assessment prefill and the SKOS / CSV downloads. Trainers curate them in
``webapp.curation``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select

from webapp.core.extensions import db
from webapp.core.spreadsheet import write_csv
from webapp.frameworks.models import SKOS_RELATIONS, CrosswalkMapping, skill_row

__all__ = ["SKOS", "curated_mappings", "mapped_skills", "crosswalk_jsonld", "crosswalk_csv"]

SKOS = "http://www.w3.org/2004/02/skos/core#"


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
        ]
        for m in mappings
    ]
    return write_csv(rows, header=header, lineterminator="\n")
