"""The OpenAPI 3.1 document of ``/api/v1`` and the JSON shapes it describes.

The schemas are JSON Schema 2020-12 (as OpenAPI 3.1 uses); ``tests/webapp/test_api.py``
validates real responses against them.
"""

from __future__ import annotations

from recommender.model import FORMATS, RESOURCE_KINDS
from webapp.catalogue.labels import COST_VALUES, ELIGIBILITY_VALUES
from webapp.catalogue.models import DIFFICULTIES
from webapp.catalogue.query import MAX_PER_PAGE, SORTS

__all__ = ["openapi_document"]

_STR = {"type": "string"}
_STRS = {"type": "array", "items": _STR}
_NULLABLE_STR = {"type": ["string", "null"]}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Error": _obj(
        {
            "error": _obj(
                {"status": {"type": "integer"}, "message": _STR},
            )
        }
    ),
    "Provider": _obj(
        {
            "id": _STR,
            "name": _STR,
            "url": _STR,
            "country": _STR,
            "resources": {"type": "integer", "minimum": 0},
            "links": _obj({"self": _STR, "html": _STR}),
        }
    ),
    "ProviderRef": _obj({"id": _STR, "name": _STR, "url": _STR, "country": _STR}),
    "SkillLink": _obj(
        {
            "skill": {"type": "string", "description": "skill key, framework:skill"},
            "name": _STR,
            "level": {"type": "integer", "minimum": 0, "maximum": 4},
        }
    ),
    "TeachesLink": _obj(
        {
            "skill": {"type": "string", "description": "skill key, framework:skill"},
            "name": _STR,
            "level": {"type": "integer", "minimum": 0, "maximum": 4},
            "from": {
                "type": ["integer", "null"],
                "description": "curated level the resource starts from (null: default)",
            },
            "strength": {
                "type": ["number", "null"],
                "description": "curated weight of the skill in the resource, 0-1 (null: default)",
            },
            "note": _STR,
            "range": _obj(
                {
                    "from": {"type": "integer", "minimum": 0, "maximum": 4},
                    "to": {"type": "integer", "minimum": 0, "maximum": 4},
                    "strength": {"type": "number"},
                    "source": {"enum": ["default", "curated"]},
                    "note": _STR,
                }
            ),
        }
    ),
    "Instance": _obj({"start": _STR, "end": _STR, "location": _STR, "mode": _STR, "url": _STR}),
    "Resource": _obj(
        {
            "id": _STR,
            "title": _STR,
            "kind": {"enum": list(RESOURCE_KINDS)},
            "url": _STR,
            "provider": {"anyOf": [_ref("ProviderRef"), {"type": "null"}]},
            "description": _STR,
            "outcomes": _STRS,
            "keywords": _STRS,
            "format": {"enum": list(FORMATS)},
            "hours": {
                "type": ["number", "null"],
                "minimum": 0,
                "description": "Expected effort; null when not stated (never 0 for unknown).",
            },
            "hours_estimated": {
                "type": "boolean",
                "description": "The hours are the catalogue's estimate, not the provider's.",
            },
            "cost": {
                "type": ["number", "null"],
                "minimum": 0,
                "description": (
                    "Price in currency; 0 is free; null when not stated or not one amount"
                    " (see price)."
                ),
            },
            "currency": _STR,
            "price": {
                "enum": list(COST_VALUES),
                "description": (
                    "free, paid (cost gives the amount), varies (depends on options,"
                    " institution or country), membership (included in"
                    " eligibility.membership) or unknown (not stated)."
                ),
            },
            "free": {
                "type": ["boolean", "null"],
                "description": "true: stated free; false: not free; null: price not stated.",
            },
            "eligibility": _obj(
                {
                    "stated": {
                        "type": "boolean",
                        "description": "Who may take part was decided (false: not stated).",
                    },
                    "open_to_all": {"type": "boolean"},
                    "contract_types": _STRS,
                    "institutions": _STRS,
                    "regions": _STRS,
                    "career_stages": _STRS,
                    "membership": {
                        "type": ["string", "null"],
                        "description": "The membership the resource is included in or needs.",
                    },
                    "selection": {
                        "enum": ["application", "competitive", "invitation", None],
                        "description": "Places by application, competitive selection or"
                        " invitation only.",
                    },
                    "note": _STR,
                }
            ),
            "language": _STR,
            "licence": _STR,
            "audience": _STRS,
            "difficulty": {"enum": ["", *DIFFICULTIES]},
            "last_reviewed": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "may_be_out_of_date": {"type": "boolean"},
            "status": {"enum": ["active", "archived"]},
            "untagged": {"type": "boolean"},
            "teaches": {"type": "array", "items": _ref("TeachesLink")},
            "requires": {"type": "array", "items": _ref("SkillLink")},
            "instances": {"type": "array", "items": _ref("Instance")},
            "source_url": _STR,
            "link_check": _obj(
                {"status": {"type": ["integer", "null"]}, "checked_at": _NULLABLE_STR}
            ),
            "links": _obj({"self": _STR, "html": _STR}),
        }
    ),
    "FacetValue": _obj(
        {
            "value": _STR,
            "label": _STR,
            "count": {"type": "integer"},
            "selected": {"type": "boolean"},
        }
    ),
    "ResourceList": _obj(
        {
            "data": {"type": "array", "items": _ref("Resource")},
            "meta": _obj(
                {
                    "total": {"type": "integer", "minimum": 0},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1},
                    "pages": {"type": "integer", "minimum": 1},
                    "notes": _STRS,
                    "every_word": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "Of total, how many hold every word of q (they come "
                        "first); null for a query of fewer than two words.",
                    },
                    "suggestion": {
                        "type": "string",
                        "description": "q found nothing: the results are for this closest "
                        "spelling instead (empty otherwise).",
                    },
                    "unsearchable": {
                        "type": "boolean",
                        "description": "q has nothing to search for (only symbols or very "
                        "common words): the results are not filtered by text.",
                    },
                }
            ),
            "links": _obj(
                {"self": _STR, "next": _NULLABLE_STR, "prev": _NULLABLE_STR},
            ),
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("FacetValue")},
            },
        },
        required=["data", "meta", "links"],
    ),
    "ProviderList": _obj({"data": {"type": "array", "items": _ref("Provider")}}),
    "Level": _obj(
        {
            "id": _STR,
            "label": _STR,
            "common": {"type": "integer", "minimum": 0, "maximum": 4},
            "description": _STR,
        }
    ),
    "Framework": _obj(
        {
            "id": _STR,
            "name": _STR,
            "version": _STR,
            "licence": _STR,
            "source_url": _STR,
            "attribution": _STR,
            "skills": {"type": "integer", "minimum": 0},
            "levels": {"type": "array", "items": _ref("Level")},
            "links": _obj({"self": _STR, "skills": _STR, "html": _STR}),
        }
    ),
    "FrameworkList": _obj({"data": {"type": "array", "items": _ref("Framework")}}),
    "Skill": _obj(
        {
            "id": _STR,
            "key": _STR,
            "name": _STR,
            "description": _STR,
            "path": _STRS,
            "experiential": {"type": "boolean"},
            "resources": {"type": "integer", "minimum": 0},
            "links": _obj({"html": _STR, "resources": _STR}),
        }
    ),
    "SkillList": _obj(
        {"framework": _ref("Framework"), "data": {"type": "array", "items": _ref("Skill")}}
    ),
}


def _param(name: str, description: str, schema: dict, *, array: bool = False) -> dict:
    if array:
        schema = {"type": "array", "items": schema}
    param = {"name": name, "in": "query", "required": False, "description": description}
    param["schema"] = schema
    if array:
        param["style"] = "form"
        param["explode"] = True
    return param


SEARCH_PARAMETERS = [
    _param(
        "q",
        "Full-text query (English stemming, stop words ignored; the last word also matches "
        "as a prefix): resources holding every word first, then those holding fewer, each "
        "group by relevance. A query that finds nothing is searched in its closest spelling "
        "(meta.suggestion).",
        {"type": "string", "maxLength": 200},
    ),
    _param("kind", "Kinds (any of).", {"enum": list(RESOURCE_KINDS)}, array=True),
    _param("format", "Formats (any of).", {"enum": list(FORMATS)}, array=True),
    _param("difficulty", "Levels (any of).", {"enum": list(DIFFICULTIES)}, array=True),
    _param(
        "cost",
        "Free, paid, varies, included in a membership, or price not stated (unknown).",
        {"enum": list(COST_VALUES)},
    ),
    _param(
        "eligibility",
        "Open to all (stated), restricted, selective (application or selection),"
        " membership, or not stated (unknown).",
        {"enum": list(ELIGIBILITY_VALUES)},
    ),
    _param("provider", "Provider ids (any of).", {"type": "string"}, array=True),
    _param("language", "Language codes (any of).", {"type": "string"}, array=True),
    _param(
        "skill",
        "Skill keys (framework:skill); resources teaching any of them.",
        {"type": "string", "pattern": "^[^:]+:.+$"},
        array=True,
    ),
    _param(
        "area",
        "Competency area key (framework:area); resources teaching a skill under it.",
        {"type": "string"},
    ),
    _param(
        "profile",
        "Role profile id; resources teaching any skill of that profile.",
        {"type": "string"},
    ),
    _param("hours_min", "Minimum duration in hours.", {"type": "number", "minimum": 0}),
    _param("hours_max", "Maximum duration in hours.", {"type": "number", "minimum": 0}),
    _param("archived", "Include archived resources.", {"enum": ["0", "1"]}),
    _param("sort", "Order of results.", {"enum": list(SORTS), "default": "relevance"}),
    _param("page", "Page number.", {"type": "integer", "minimum": 1, "default": 1}),
    _param(
        "per_page",
        "Results per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
    ),
    _param("facets", "Include facet counts.", {"enum": ["0", "1"]}),
]


def _ok(schema: str, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": _ref(schema)}},
        },
    }


def _error(status: str, description: str) -> dict:
    return {
        status: {
            "description": description,
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    }


def openapi_document(server_url: str = "/api/v1") -> dict:
    """Return the OpenAPI 3.1 document of the public JSON API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pathfinder catalogue and frameworks API",
            "version": "1.0.0",
            "description": "Public, read-only JSON API: training resources (with the same "
            "search and facets as the catalogue page), providers, competency frameworks and "
            "their skills. Bad parameters give 400 with a JSON error.",
            "license": {"name": "BSD-3-Clause", "identifier": "BSD-3-Clause"},
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": server_url}],
        "paths": {
            "/resources": {
                "get": {
                    "operationId": "listResources",
                    "summary": "Search the catalogue",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": _ok("ResourceList", "A page of resources")
                    | _error("400", "Invalid parameter"),
                }
            },
            "/resources/{id}": {
                "get": {
                    "operationId": "getResource",
                    "summary": "One resource",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                    "responses": _ok("Resource", "The resource")
                    | _error("404", "No such resource"),
                }
            },
            "/providers": {
                "get": {
                    "operationId": "listProviders",
                    "summary": "Every provider with its number of active resources",
                    "responses": _ok("ProviderList", "Providers"),
                }
            },
            "/frameworks": {
                "get": {
                    "operationId": "listFrameworks",
                    "summary": "Current version of every competency framework",
                    "responses": _ok("FrameworkList", "Frameworks"),
                }
            },
            "/frameworks/{id}/skills": {
                "get": {
                    "operationId": "listSkills",
                    "summary": "Skills of a framework (current version)",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                    "responses": _ok("SkillList", "Skills") | _error("404", "No such framework"),
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
