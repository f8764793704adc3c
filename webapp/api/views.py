"""Public read-only JSON API under ``/api/v1`` (documented by ``/api/v1/openapi.json``)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from sqlalchemy import func, select

from recommender.learning import teach_range
from webapp.api.openapi import openapi_document
from webapp.catalogue.engine_objects import resource_from_row
from webapp.catalogue.models import ProviderRow, ResourceRow, ResourceSkill, providers_with_counts
from webapp.catalogue.query import QueryError, parse_query
from webapp.catalogue.search import search
from webapp.catalogue.store import resource_query
from webapp.core.caching import cached
from webapp.core.extensions import db
from webapp.core.security import public
from webapp.frameworks.models import (
    FrameworkVersion,
    SkillRow,
    current_framework,
    current_frameworks,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

SEARCH_PARAMS = {
    "q", "kind", "format", "difficulty", "cost", "eligibility", "provider", "language", "skill",
    "area", "profile", "hours_min", "hours_max", "archived", "sort", "page", "per_page", "facets",
}  # fmt: skip


def _bad(message: str):
    response = jsonify({"error": {"status": 400, "message": message}})
    response.status_code = 400
    return response


def _teaches_json(row: ResourceRow, resource) -> list[dict]:
    """Teaches links with their curated facts and the range the learning model gives them."""
    out = []
    for link, engine_link in zip(
        (s for s in row.skills if s.relation == "teaches"), resource.teaches, strict=True
    ):
        span = teach_range(resource, engine_link, experiential=bool(link.skill.experiential))
        out.append(
            {
                "skill": engine_link.skill,
                "name": link.skill.name,
                "level": link.level,
                "from": link.from_level,
                "strength": link.strength,
                "note": link.note or "",
                "range": {
                    "from": span.from_level,
                    "to": span.to_level,
                    "strength": span.strength,
                    "source": span.source,
                    "note": span.note,
                },
            }
        )
    return out


def resource_json(row: ResourceRow) -> dict:
    def links(relation: str) -> list[dict]:
        return [
            {
                "skill": f"{link.skill.framework.key}:{link.skill.key}",
                "name": link.skill.name,
                "level": link.level,
            }
            for link in row.skills
            if link.relation == relation
        ]

    provider = row.provider
    return {
        "id": row.key,
        "title": row.title,
        "kind": row.kind,
        "url": row.url,
        "provider": None
        if provider is None
        else {
            "id": provider.key,
            "name": provider.name,
            "url": provider.url,
            "country": provider.country,
        },
        "description": row.description,
        "outcomes": list(row.outcomes),
        "keywords": list(row.keywords),
        "format": row.format,
        "hours": row.hours,
        "hours_estimated": bool(row.hours_estimated),
        "cost": row.cost,
        "currency": row.currency,
        "price": row.price_status,
        "free": None if row.price_status == "unknown" else row.is_free,
        "eligibility": {
            "stated": bool(row.eligibility_stated),
            "open_to_all": row.open_to_all,
            "contract_types": list(row.contract_types),
            "institutions": list(row.institutions),
            "regions": list(row.regions),
            "career_stages": list(row.career_stages),
            "membership": row.membership or None,
            "selection": row.selection or None,
            "note": row.eligibility_note,
        },
        "language": row.language,
        "licence": row.licence,
        "audience": list(row.audience),
        "difficulty": row.difficulty,
        "last_reviewed": row.last_reviewed.isoformat() if row.last_reviewed else None,
        "may_be_out_of_date": row.may_be_out_of_date(),
        "status": row.status,
        "untagged": row.untagged,
        "teaches": _teaches_json(row, resource_from_row(row)),
        "requires": links("requires"),
        "instances": [
            {"start": i.start, "end": i.end, "location": i.location, "mode": i.mode, "url": i.url}
            for i in row.instances
        ],
        "source_url": row.source_url,
        "link_check": {
            "status": row.link_status,
            "checked_at": row.link_checked_at.isoformat() if row.link_checked_at else None,
        },
        "links": {
            "self": url_for("api.resource", key=row.key, _external=True),
            "html": url_for("catalogue.resource", key=row.key, _external=True),
        },
    }


@bp.route("/resources")
@public
def resources():
    unknown = sorted(set(request.args) - SEARCH_PARAMS)
    if unknown:
        return _bad(f"unknown parameter {unknown[0]!r}")
    facets = request.args.get("facets", "0")
    if facets not in ("0", "1"):
        return _bad("facets: use 1 or 0")
    try:
        query = parse_query(request.args)
    except QueryError as exc:
        return _bad(str(exc))
    # The answer depends on the query (the whole query string), the data and the day (dates
    # of courses), and the host its links name.
    parts = (request.host, request.query_string, date.today().isoformat())
    text = cached(
        "api-search-json",
        ("catalogue", "frameworks"),
        parts,
        lambda: jsonify(_search(query, facets)).get_data(as_text=True),
    )
    return current_app.response_class(text, mimetype="application/json")


def _search(query, facets: str) -> dict:
    result = search(query, facets=facets == "1")

    def page_link(page: int | None) -> str | None:
        if page is None:
            return None
        args = request.args.to_dict(flat=False)
        args["page"] = [str(page)]
        return url_for("api.resources", _external=True, **args)

    body = {
        "data": [resource_json(row) for row in result.rows],
        "meta": {
            "total": result.total,
            "page": query.page,
            "per_page": query.per_page,
            "pages": result.pages,
            "notes": result.notes,
            "every_word": result.every_word,
            "suggestion": result.suggestion,
            "unsearchable": result.unsearchable,
        },
        "links": {
            "self": page_link(query.page),
            "next": page_link(query.page + 1 if query.page < result.pages else None),
            "prev": page_link(query.page - 1 if query.page > 1 else None),
        },
    }
    if facets == "1":
        body["facets"] = {
            name: [
                {"value": v, "label": label, "count": n, "selected": s}
                for v, label, n, s in facet.values
            ]
            for name, facet in result.facets.items()
        }
    return body


@bp.route("/resources/<key>")
@public
def resource(key: str):
    row = db.session.execute(resource_query().where(ResourceRow.key == key)).scalar_one_or_none()
    if row is None:
        abort(404)
    return jsonify(resource_json(row))


@bp.route("/providers")
@public
def providers():
    rows = providers_with_counts(ProviderRow.key)
    return jsonify(
        {
            "data": [
                {
                    "id": p.key,
                    "name": p.name,
                    "url": p.url,
                    "country": p.country,
                    "resources": n,
                    "links": {
                        "self": url_for("api.resources", provider=p.key, _external=True),
                        "html": url_for("catalogue.provider", key=p.key, _external=True),
                    },
                }
                for p, n in rows
            ]
        }
    )


def framework_json(framework: FrameworkVersion, skill_count: int) -> dict:
    return {
        "id": framework.key,
        "name": framework.name,
        "version": framework.version,
        "licence": framework.licence,
        "source_url": framework.source_url,
        "attribution": framework.attribution,
        "skills": skill_count,
        "levels": [
            {
                "id": str(level["id"]),
                "label": level["label"],
                "common": level["common"],
                "description": level.get("description", ""),
            }
            for level in framework.levels
        ],
        "links": {
            "self": url_for("api.frameworks", _external=True),
            "skills": url_for("api.skills", key=framework.key, _external=True),
            "html": url_for("frameworks.show", key=framework.key, _external=True),
        },
    }


def _skill_counts() -> dict[int, int]:
    return dict(
        db.session.execute(
            select(SkillRow.framework_id, func.count(SkillRow.id)).group_by(SkillRow.framework_id)
        ).all()
    )


@bp.route("/frameworks")
@public
def frameworks():
    counts = _skill_counts()
    return jsonify({"data": [framework_json(f, counts.get(f.id, 0)) for f in current_frameworks()]})


@bp.route("/frameworks/<key>/skills")
@public
def skills(key: str):
    framework = current_framework(key)
    if framework is None:
        abort(404)
    teaching = dict(
        db.session.execute(
            select(ResourceSkill.skill_id, func.count(func.distinct(ResourceSkill.resource_id)))
            .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
            .join(SkillRow, SkillRow.id == ResourceSkill.skill_id)
            .where(
                SkillRow.framework_id == framework.id,
                ResourceSkill.relation == "teaches",
                ResourceRow.status == "active",
            )
            .group_by(ResourceSkill.skill_id)
        ).all()
    )
    return jsonify(
        {
            "framework": framework_json(framework, len(framework.skills)),
            "data": [
                {
                    "id": s.key,
                    "key": f"{framework.key}:{s.key}",
                    "name": s.name,
                    "description": s.description,
                    "path": list(s.path),
                    "experiential": s.experiential,
                    "resources": teaching.get(s.id, 0),
                    "links": {
                        "html": url_for(
                            "catalogue.skill", key=key, skill_key=s.key, _external=True
                        ),
                        "resources": url_for(
                            "api.resources", skill=f"{key}:{s.key}", _external=True
                        ),
                    },
                }
                for s in framework.skills
            ],
        }
    )


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document(url_for("api.resources", _external=True).rsplit("/", 1)[0]))
