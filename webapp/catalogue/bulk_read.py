"""The whole catalogue as engine objects in four plain queries (no ORM objects).

:func:`webapp.catalogue.store.stored_resources` reads every resource for the pathway
engine's index (:func:`webapp.pathways.engine.catalogue_index`) and the catalogue dumps.
Loading ORM rows with their skill links, skills and frameworks for that cost ~3.6 s at
10,000 resources (identity map, relationship loaders, every JSON column of every skill
decoded once per link); reading only the columns :func:`resource_from_row
<webapp.catalogue.engine_objects.resource_from_row>` uses, as tuples, gives the same
objects in a fraction of it. ``tests/webapp/catalogue/test_bulk_read.py`` checks that
both paths give equal objects.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Text, cast, select

from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink
from webapp.catalogue.models import CourseInstanceRow, ProviderRow, ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = ["read_resources"]

_R = ResourceRow


def _text(column):
    """A JSON list column read as its text: most are ``[]``, which need no decoding."""
    return cast(column, Text)


def _list(text: str | None) -> tuple:
    return () if text is None or text == "[]" else tuple(json.loads(text) or ())


_COLUMNS = (
    _R.id, _R.key, _R.title, _R.kind, _R.url, _R.provider_id, _R.description,
    _text(_R.outcomes), _text(_R.keywords), _R.format, _R.hours, _R.hours_estimated, _R.cost,
    _R.currency, _R.cost_kind, _text(_R.contract_types), _text(_R.institutions),
    _text(_R.regions), _text(_R.career_stages), _R.membership, _R.selection,
    _R.eligibility_note, _R.eligibility_stated, _R.language, _R.licence, _text(_R.audience),
    _R.difficulty, _R.last_reviewed, _R.status, _R.source_url, _R.part_of, _R.series_position,
)  # fmt: skip


def _links(include_archived: bool) -> dict[int, dict[str, list[SkillLink]]]:
    query = (
        select(
            ResourceSkill.resource_id,
            ResourceSkill.relation,
            ResourceSkill.level,
            ResourceSkill.from_level,
            ResourceSkill.strength,
            ResourceSkill.note,
            SkillRow.key,
            FrameworkVersion.key,
        )
        .join(SkillRow, ResourceSkill.skill_id == SkillRow.id)
        .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
        # The relationship's own order (ResourceRow.skills), then the id for ties.
        .order_by(ResourceSkill.relation.desc(), ResourceSkill.position, ResourceSkill.id)
    )
    if not include_archived:
        query = query.join(_R, ResourceSkill.resource_id == _R.id).where(_R.status == "active")
    out: dict[int, dict[str, list[SkillLink]]] = defaultdict(lambda: defaultdict(list))
    for rid, relation, level, from_level, strength, note, skill, framework in db.session.execute(
        query
    ):
        link = SkillLink(
            f"{framework}:{skill}",
            level,
            from_level=from_level,
            strength=strength,
            note=note or "",
        )
        out[rid][relation].append(link)
    return out


def _instances(include_archived: bool) -> dict[int, list[CourseInstance]]:
    c = CourseInstanceRow
    query = select(c.resource_id, c.start, c.end, c.location, c.mode, c.url).order_by(
        c.position, c.id
    )
    if not include_archived:
        query = query.join(_R, c.resource_id == _R.id).where(_R.status == "active")
    out: dict[int, list[CourseInstance]] = defaultdict(list)
    for rid, start, end, location, mode, url in db.session.execute(query):
        out[rid].append(CourseInstance(start=start, end=end, location=location, mode=mode, url=url))
    return out


def read_resources(include_archived: bool = True) -> list[Resource]:
    """Every stored resource (or every active one) as an engine object, in id order."""
    providers = {
        pid: Provider(id=key, name=name, url=url, country=country)
        for pid, key, name, url, country in db.session.execute(
            select(ProviderRow.id, ProviderRow.key, ProviderRow.name, ProviderRow.url,
                   ProviderRow.country)
        )
    }  # fmt: skip
    links = _links(include_archived)
    instances = _instances(include_archived)
    query = select(*_COLUMNS).order_by(_R.id)
    if not include_archived:
        query = query.where(_R.status == "active")
    out = []
    empty: dict[str, list[SkillLink]] = {}
    for row in db.session.execute(query):
        (rid, key, title, kind, url, provider_id, description, outcomes, keywords, fmt, hours,
         hours_estimated, cost, currency, cost_kind, contract_types, institutions, regions,
         career_stages, membership, selection, eligibility_note, eligibility_stated, language,
         licence, audience, difficulty, last_reviewed, status, source_url, part_of,
         series_position) = row  # fmt: skip
        own = links.get(rid, empty)
        out.append(
            Resource(
                id=key,
                title=title,
                kind=kind,
                url=url,
                provider=providers.get(provider_id) if provider_id is not None else None,
                description=description,
                outcomes=_list(outcomes),
                keywords=_list(keywords),
                format=fmt,
                hours=hours,
                hours_estimated=bool(hours_estimated),
                cost=cost,
                currency=currency,
                cost_kind=cost_kind or "",
                eligibility=Eligibility(
                    contract_types=_list(contract_types),
                    institutions=_list(institutions),
                    regions=_list(regions),
                    career_stages=_list(career_stages),
                    membership=membership or "",
                    selection=selection or "",
                    note=eligibility_note or "",
                    stated=bool(eligibility_stated),
                ),
                language=language,
                licence=licence,
                audience=_list(audience),
                difficulty=difficulty,
                last_reviewed=last_reviewed.isoformat() if last_reviewed else "",
                status=status,
                teaches=tuple(own.get("teaches", ())),
                requires=tuple(own.get("requires", ())),
                instances=tuple(instances.get(rid, ())),
                source_url=source_url,
                part_of=part_of or "",
                position=series_position,
            )
        )
    return out
