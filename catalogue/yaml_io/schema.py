"""The JSON Schema of a provider file, and its errors as problems a data author can act on.

The schema is ``catalogue/schema/provider.schema.json`` (draft 2020-12). Each error is
reported at the line of the YAML node it is about, in words ("is not a date YYYY-MM-DD",
"unknown field 'titel'") rather than as the schema's regular expressions.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

import jsonschema
import yaml

from catalogue.errors import Problem
from catalogue.yaml_io.nodes import node_at, path_text

__all__ = [
    "SCHEMA_FILE",
    "provider_schema",
    "file_validator",
    "resource_validator",
    "provider_validator",
    "schema_problem",
    "error_message",
]


SCHEMA_FILE = "provider.schema.json"


@cache
def provider_schema() -> dict:
    """Return the JSON Schema (draft 2020-12) of a catalogue provider file.

    Examples
    --------
    >>> provider_schema()["title"]
    'Pathfinder catalogue provider file'
    """
    text = (importlib_resources.files("catalogue") / "schema" / SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


@cache
def file_validator() -> jsonschema.Draft202012Validator:
    """The validator of a whole provider file."""
    return _def_validator("")


@cache
def resource_validator() -> jsonschema.Draft202012Validator:
    """The validator of one entry of ``resources``."""
    return _def_validator("resource")


@cache
def provider_validator() -> jsonschema.Draft202012Validator:
    """The validator of a ``provider`` entry."""
    return _def_validator("provider")


def _def_validator(name: str) -> jsonschema.Draft202012Validator:
    r"""A validator for the whole file (``name=""``) or one ``$defs`` entry.

    The schema's ``$ref``\s are inlined first: resolving them on every instance makes
    validation several times slower, and the schema has no recursion.
    """
    schema = provider_schema()
    defs = schema["$defs"]

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                rest = {k: inline(v) for k, v in node.items() if k != "$ref"}
                return {**inline(defs[ref.removeprefix("#/$defs/")]), **rest}
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    target = defs[name] if name else schema
    return jsonschema.Draft202012Validator({"$schema": schema["$schema"], **inline(target)})


def schema_problem(error: jsonschema.ValidationError, root: yaml.Node, source: str) -> Problem:
    """A schema error as a problem at its node's line (an unknown field at its own line)."""
    path = list(error.absolute_path)
    node = node_at(root, path)
    if error.validator == "additionalProperties" and isinstance(node, yaml.MappingNode):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k, _ in node.value if k.value not in allowed]
        if extra:
            key_node = extra[0]
            return Problem(
                path_text([*path, key_node.value]),
                f"unknown field {key_node.value!r}",
                source,
                key_node.start_mark.line + 1,
            )
    return Problem(path_text(path), error_message(error), source, node.start_mark.line + 1)


def _shown(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to about ``limit`` characters so a huge value stays readable."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[0]


def error_message(error: jsonschema.ValidationError) -> str:
    """A schema error in words a data author can act on."""
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{_shown(error.instance)} is not one of {allowed}"
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return (
            f"is {len(error.instance)} characters long; at most {error.validator_value} are allowed"
        )
    if error.validator == "pattern":
        if error.validator_value == "\\S":
            return "is empty"
        hint = _PATTERN_HINTS.get(_last_key(error), "has the wrong form")
        return f"{_shown(error.instance)} {hint}"
    if error.validator == "required" and "'currency'" in error.message:
        return "a cost needs a currency (ISO 4217, e.g. GBP)"
    if error.validator in ("anyOf", "oneOf") and error.context:
        return f"{_shown(error.instance)} is not valid here: {error.context[0].message}"
    if error.validator == "additionalProperties":
        return error.message
    return error.message


def _last_key(error: jsonschema.ValidationError) -> str:
    for part in reversed(list(error.absolute_path)):
        if isinstance(part, str):
            return part
    return ""


_PATTERN_HINTS = {
    "id": "is not an id ([a-z0-9] words joined by '-')",
    "skill": "is not a skill key like 'direct:programming'",
    "url": "is not an http(s) URL",
    "source_url": "is not an http(s) URL",
    "retrieved": "is not a date YYYY-MM-DD",
    "last_reviewed": "is not a date YYYY-MM-DD",
    "start": "is not an ISO 8601 date or date-time",
    "end": "is not an ISO 8601 date or date-time",
    "currency": "is not an ISO 4217 code like EUR",
    "country": "is not an ISO 3166-1 alpha-2 code like GB",
    "language": "is not a language code like en",
    "regions": "is not a country code, EU or UK",
}
