"""Read and write schema.org / Bioschemas JSON-LD training metadata.

``reading``
    Documents (objects, arrays, ``@graph``\\s, catalogues, item lists) → training objects.
``training_objects``
    One training object → :class:`~recommender.model.Resource` (the mapping table).
``writing``
    Resources → the Bioschemas profiles, one resource or a ``DataCatalog``.
``vocabulary``
    schema.org terms ↔ our kinds, formats, audiences, levels and licences.
``skill_terms``
    Skill links as ``DefinedTerm``\\s, and the resolvers that recognise them.
``durations``
    ISO 8601 durations and durations written in words, in hours.
``jsonld``, ``properties``
    JSON text, context and key normalisation; reading property values.
"""

from catalogue.bioschemas.durations import (
    format_duration,
    parse_duration,
    parse_duration_text,
    read_duration,
)
from catalogue.bioschemas.jsonld import parse_json
from catalogue.bioschemas.reading import read_jsonld, read_jsonld_file
from catalogue.bioschemas.skill_terms import (
    DEFAULT_REQUIRE_LEVEL,
    DEFAULT_TEACH_LEVEL,
    SkillResolver,
    Term,
    pathfinder_term_resolver,
    skill_resolver,
)
from catalogue.bioschemas.vocabulary import PROFILES, licence_id
from catalogue.bioschemas.writing import DEFAULT_BASE_URL, resource_jsonld, to_jsonld
from recommender.text import plain_text

__all__ = [
    "PROFILES",
    "DEFAULT_BASE_URL",
    "DEFAULT_TEACH_LEVEL",
    "DEFAULT_REQUIRE_LEVEL",
    "Term",
    "SkillResolver",
    "pathfinder_term_resolver",
    "skill_resolver",
    "parse_json",
    "parse_duration",
    "parse_duration_text",
    "read_duration",
    "plain_text",
    "format_duration",
    "licence_id",
    "read_jsonld",
    "read_jsonld_file",
    "resource_jsonld",
    "to_jsonld",
]
