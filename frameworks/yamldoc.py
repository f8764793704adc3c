"""YAML documents whose problems name their line.

Pathfinder's data files (frameworks, role profiles) are read twice: once into plain data
and once into PyYAML's node tree (:func:`yaml.compose`), whose marks give the line of every
value. A JSON Schema error path such as ``areas[0].skills[3].name`` is walked down that
tree to the line it came from. Writing uses one house style: keys in the given order, long
prose folded, versions and dates quoted, id lists on one line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from safeio import DocumentLimitError, check_yaml

from .errors import FrameworkSchemaError, FrameworkSyntaxError

__all__ = [
    "SCHEMA_DIR",
    "read_source",
    "parse_yaml",
    "line_of",
    "format_path",
    "load_schema",
    "schema_problems",
    "read_checked_mapping",
    "dump_yaml",
    "QuotedStr",
    "FlowList",
]

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: libyaml's parser where PyYAML was built with it (the same documents, nodes and marks as
#: the pure-Python ``SafeLoader``, several times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathLike = str | os.PathLike[str]
JsonPath = Sequence[str | int]


def read_source(source: PathLike) -> tuple[str, str]:
    """Return ``(text, name)`` for a path or for YAML/JSON text given directly.

    A ``str`` is taken as a path when it has no line break and names an existing file or
    ends in ``.yaml``/``.yml``/``.json``; otherwise it is the document itself, named
    ``<text>`` in messages.
    """
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and (source.endswith((".yaml", ".yml", ".json")) or os.path.isfile(source))
    ):
        path = Path(source)
        try:
            return path.read_text(encoding="utf-8-sig"), path.name
        except OSError as exc:
            raise FrameworkSyntaxError([f"{path.name}: cannot read file: {exc}"]) from exc
    return str(source), "<text>"


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into ``(data, root node)``.

    Raises
    ------
    FrameworkSyntaxError
        On malformed YAML or a key repeated in one mapping, naming the line; on YAML anchors
        and aliases, nesting or size beyond :mod:`safeio`'s limits (checked first).
    """
    try:
        check_yaml(text, _LOADER)
        loader = _LOADER(text)
        try:
            root = loader.get_single_node()
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except DocumentLimitError as exc:
        where = f"{name} line {exc.line}" if exc.line is not None else name
        raise FrameworkSyntaxError([f"{where}: {exc.reason}"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{context}, {problem}" if context else problem
        raise FrameworkSyntaxError([f"{name} {where}: YAML syntax error: {detail}"]) from exc
    duplicates = [
        f"{name} line {key.start_mark.line + 1}: duplicate key {key.value!r}"
        for key in _duplicate_keys(root)
    ]
    if duplicates:
        raise FrameworkSyntaxError(duplicates)
    return data, root


def _duplicate_keys(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield key
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def line_of(root: yaml.Node | None, path: JsonPath, *, key: bool = False) -> int:
    """Return the 1-based line of the node at ``path`` (or of the deepest node that exists).

    With ``key=True`` and a path ending in a mapping key, the key's line is returned.
    """
    node = root
    line = 1 if node is None else node.start_mark.line + 1
    for step in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                    found = k if key and step == path[-1] else v
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            found = node.value[step]
        if found is None:
            break
        node = found
        line = node.start_mark.line + 1
    return line


def format_path(path: JsonPath) -> str:
    """Format a JSON path as ``areas[0].skills[3].name``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


@cache
def load_schema(filename: str) -> dict[str, Any]:
    """Return one of the JSON Schemas in :data:`SCHEMA_DIR`."""
    return json.loads((SCHEMA_DIR / filename).read_text(encoding="utf-8"))


def schema_problems(data: Any, root: yaml.Node | None, name: str, schema_file: str) -> list[str]:
    """Check ``data`` against a schema; return problems as ``"<name> line N: path: msg"``."""
    validator = jsonschema.Draft202012Validator(load_schema(schema_file))
    found: list[tuple[int, str]] = []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        line = line_of(root, path)
        message = error.message
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [p for p in error.validator_value if p not in error.instance]
            named = [p for p in missing if repr(p) in message]
            path = path + named[:1]
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            extra = [k for k in error.instance if k not in allowed and not str(k).startswith("x-")]
            if extra:
                line = line_of(root, path + [extra[0]], key=True)
                path = path + [extra[0]]
                message = f"unknown property {extra[0]!r} (allowed: {', '.join(sorted(allowed))})"
        found.append((line, f"{name} line {line}: {format_path(path)}: {message}"))
    return [text for _, text in sorted(found, key=lambda item: item[0])]


class FlowList(list):
    """A list of ids written on one line: ``[a, b, c]``."""


class QuotedStr(str):
    """A string always written in quotes (versions, dates), as a reader would expect."""


class _Dumper(yaml.SafeDumper):
    def represent_str(self, data: str) -> yaml.ScalarNode:
        # Long prose reads best folded (">-"); PyYAML falls back to quotes when it must.
        style = ">" if len(data) > 80 and "\n" not in data else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _Dumper.represent_str)
_Dumper.add_representer(
    QuotedStr, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, "'")
)
_Dumper.add_representer(
    FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, True)
)


def read_checked_mapping(
    source: PathLike, schema_file: str
) -> tuple[dict[str, Any], yaml.Node | None, str]:
    """Read a YAML document that must be a mapping valid against ``schema_file``; return its
    data, its node tree (for :func:`line_of`) and its name.

    Raises :class:`FrameworkSyntaxError` for malformed YAML and
    :class:`FrameworkSchemaError` (every problem with its line) otherwise."""
    text, name = read_source(source)
    data, root = parse_yaml(text, name)
    if not isinstance(data, dict):
        raise FrameworkSchemaError([f"{name} line 1: expected a mapping at the top level"])
    problems = schema_problems(data, root, name, schema_file)
    if problems:
        raise FrameworkSchemaError(problems)
    return data, root, name


def dump_yaml(doc: Any) -> str:
    """Write a document in the house style: keys in the given order, long prose folded,
    :class:`QuotedStr` values quoted and id lists built with :class:`FlowList` on one line."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
