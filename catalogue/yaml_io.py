"""Read and write Pathfinder's own catalogue files: one YAML file per provider.

The format is described in ``docs/data-formats.md`` and checked by
``catalogue/schema/provider.schema.json``. Every problem is reported with the file name and
the line it is on (the schema errors are mapped back to YAML node positions), all of them at
once, so a data author can fix a file in one pass.

Beyond the schema the loader checks that resource ids are unique (within a file and, in
:func:`load_catalogue_dir`, across files), that a skill is not listed twice under ``teaches``
or ``requires`` of one resource, that an instance does not end before it starts, and, when
given ``known_skills``, that every skill key exists.

Dates are kept as the strings they are written as: an unquoted ``2026-11-25`` is read as the
string ``"2026-11-25"``, not as a ``datetime.date``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from catalogue.errors import CatalogueFormatError, CatalogueValidationError, Problem
from recommender.model import (
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
    nul_problems,
)

__all__ = [
    "SCHEMA_FILE",
    "provider_schema",
    "load_provider_file",
    "load_provider_text",
    "load_catalogue_dir",
    "provider_file_data",
    "dump_provider_file",
    "resource_problems",
]

SCHEMA_FILE = "provider.schema.json"

#: Keys of the top of a provider file, in the order they are written.
_META_KEYS = ("source_url", "retrieved", "licence", "version", "attribution", "notes")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """Safe YAML loader that keeps dates and times as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
def _validator() -> jsonschema.Draft202012Validator:
    return _def_validator("")


def load_provider_file(
    path: str | Path, *, known_skills: Iterable[str] | None = None
) -> tuple[Provider, list[Resource], dict]:
    """Read and validate one provider file.

    Parameters
    ----------
    path : str or Path
        A ``catalogue/data/<provider id>.yaml`` file.
    known_skills : iterable of str, optional
        Skill keys (``"direct:programming"``) that exist; when given, every ``teaches`` and
        ``requires`` skill must be one of them.

    Returns
    -------
    provider : Provider
    resources : list of Resource
        In file order, each carrying the file's provider unless it names its own.
    meta : dict
        ``source_url``, ``retrieved``, ``licence`` (and ``version``, ``attribution``,
        ``notes`` when present), ``provider_ror`` (the provider's ROR id, which
        :class:`~recommender.model.Provider` has no field for) and ``path``, the file read.

    Raises
    ------
    CatalogueFormatError
        The file is not YAML (with line and column).
    CatalogueValidationError
        The file breaks the schema or the rules above; ``problems`` holds every one, each
        with the file name and line.

    Examples
    --------
    >>> provider, resources, meta = load_provider_file(
    ...     "catalogue/data/software-carpentry.yaml")  # doctest: +SKIP
    >>> provider.id, meta["licence"]  # doctest: +SKIP
    ('software-carpentry', 'CC-BY-4.0')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=str(path)) from exc
    provider, resources, meta, _ = _load_text(text, str(path), known_skills)
    meta["path"] = str(path)
    return provider, resources, meta


def load_provider_text(
    text: str, *, source: str = "<string>", known_skills: Iterable[str] | None = None
) -> tuple[Provider, list[Resource], dict]:
    """Like :func:`load_provider_file`, from the text of a provider file.

    Examples
    --------
    >>> text = '''
    ... provider: {id: acme, name: ACME Training}
    ... source_url: https://acme.example/
    ... retrieved: 2026-11-25
    ... licence: CC0-1.0
    ... resources:
    ...   - {id: acme-git, title: Git basics, kind: course, url: https://acme.example/git,
    ...      teaches: [{skill: "direct:version-control", level: 2}]}
    ... '''
    >>> provider, resources, meta = load_provider_text(text)
    >>> resources[0].teaches
    (SkillLink(skill='direct:version-control', level=2),)
    >>> meta["retrieved"]
    '2026-11-25'
    """
    provider, resources, meta, _ = _load_text(text, source, known_skills)
    return provider, resources, meta


def _load_text(
    text: str, source: str, known_skills: Iterable[str] | None
) -> tuple[Provider, list[Resource], dict, yaml.Node]:
    node, data = _compose(text, source)
    problems = _duplicate_keys(node, source)
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        problems.append(_schema_problem(error, node, source))
    if problems:
        raise CatalogueValidationError(_dedupe(problems))
    problems = _rule_problems(data, node, source, known_skills)
    if problems:
        raise CatalogueValidationError(problems)
    provider = _provider(data["provider"])
    resources = [_resource(item, provider) for item in data["resources"]]
    meta = {key: data[key] for key in _META_KEYS if key in data}
    if data["provider"].get("ror"):
        meta["provider_ror"] = data["provider"]["ror"]
    return provider, resources, meta, node


def load_catalogue_dir(
    path: str | Path, *, known_skills: Iterable[str] | None = None
) -> list[Resource]:
    """Read every ``*.yaml`` provider file of a folder, in file-name order.

    Every file is read before failing, so the error lists the problems of all of them.
    Resource ids must be unique across the folder.

    Parameters
    ----------
    path : str or Path
        A folder such as ``catalogue/data``.
    known_skills : iterable of str, optional
        See :func:`load_provider_file`.

    Raises
    ------
    CatalogueFormatError, CatalogueValidationError
        As :func:`load_provider_file`; duplicate ids name both files and lines.

    Examples
    --------
    >>> resources = load_catalogue_dir("catalogue/data")  # doctest: +SKIP
    >>> len({r.id for r in resources}) == len(resources)  # doctest: +SKIP
    True
    """
    folder = Path(path)
    if not folder.is_dir():
        raise CatalogueFormatError("not a folder", source=str(folder))
    known = frozenset(known_skills) if known_skills is not None else None
    problems: list[Problem] = []
    resources: list[Resource] = []
    seen: dict[str, str] = {}
    for file in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            text = file.read_text(encoding="utf-8")
            _, file_resources, _, node = _load_text(text, str(file), known)
        except UnicodeDecodeError as exc:
            raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=str(file)) from exc
        except CatalogueValidationError as exc:
            problems.extend(exc.problems)
            continue
        id_lines = _resource_id_lines(node)
        for resource in file_resources:
            line = id_lines.get(resource.id)
            if resource.id in seen:
                problems.append(
                    Problem(
                        f"resource {resource.id!r}",
                        f"id already used in {seen[resource.id]}",
                        str(file),
                        line,
                    )
                )
            else:
                seen[resource.id] = f"{file}:{line}" if line else str(file)
                resources.append(resource)
    if problems:
        raise CatalogueValidationError(problems)
    return resources


def provider_file_data(provider: Provider, resources: Iterable[Resource], meta: Mapping) -> dict:
    """Return the plain data of a provider file (what :func:`dump_provider_file` writes).

    Default values (empty strings and lists, format ``online-self-paced``, language ``en``,
    status ``active``, cost 0, open eligibility) are left out.

    Examples
    --------
    >>> p = Provider("acme", "ACME Training", "https://acme.example/")
    >>> r = Resource("acme-git", "Git basics", "course", url="https://acme.example/git")
    >>> data = provider_file_data(p, [r], {"source_url": "https://acme.example/",
    ...     "retrieved": "2026-11-25", "licence": "CC0-1.0"})
    >>> data["resources"]
    [{'id': 'acme-git', 'title': 'Git basics', 'kind': 'course', 'url': 'https://acme.example/git'}]
    """
    data: dict[str, Any] = {"provider": _provider_data(provider)}
    if meta.get("provider_ror"):
        data["provider"]["ror"] = meta["provider_ror"]
    for key in _META_KEYS:
        if meta.get(key) not in (None, ""):
            data[key] = meta[key]
    data["resources"] = [_resource_data(r, provider) for r in resources]
    return data


def dump_provider_file(
    provider: Provider,
    resources: Iterable[Resource],
    meta: Mapping,
    path: str | Path | None = None,
) -> str:
    """Write a provider file and return its text; the data is validated first.

    Parameters
    ----------
    provider : Provider
    resources : iterable of Resource
    meta : mapping
        ``source_url``, ``retrieved`` and ``licence`` (required); ``version``,
        ``attribution``, ``notes``, ``provider_ror`` (optional).
    path : str or Path, optional
        Where to write; nothing is written when the data is invalid.

    Raises
    ------
    CatalogueValidationError
        The data would not load back.

    Examples
    --------
    >>> p = Provider("acme", "ACME Training", "https://acme.example/")
    >>> r = Resource("acme-git", "Git basics", "course", url="https://acme.example/git",
    ...              provider=p, teaches=(SkillLink("direct:version-control", 2),))
    >>> meta = {"source_url": "https://acme.example/", "retrieved": "2026-11-25",
    ...         "licence": "CC0-1.0"}
    >>> text = dump_provider_file(p, [r], meta)
    >>> load_provider_text(text)[1] == [r]
    True
    """
    data = provider_file_data(provider, resources, meta)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    source = str(path) if path is not None else "<dump>"
    load_provider_text(text, source=source)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def resource_problems(
    resource: Resource, *, known_skills: Iterable[str] | None = None
) -> list[str]:
    """Return why a resource could not be stored in a provider file (empty when valid).

    The same schema and rules as :func:`load_provider_file` apply; a resource must also
    name its provider.

    Examples
    --------
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
        for error in _provider_validator().iter_errors(_provider_data(resource.provider)):
            where = _position(["provider", *error.absolute_path])
            reasons.append(f"{where}: {_message(error)}")
    data = _resource_data(resource, resource.provider)
    for error in sorted(_resource_validator().iter_errors(data), key=lambda e: e.path):
        where = _position(error.absolute_path)
        reasons.append(f"{where}: {_message(error)}" if error.absolute_path else _message(error))
    if not reasons:
        reasons = [p.reason for p in _item_rule_problems(data, known_skills, 0, None, "")]
    return reasons


@cache
def _resource_validator() -> jsonschema.Draft202012Validator:
    return _def_validator("resource")


@cache
def _provider_validator() -> jsonschema.Draft202012Validator:
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


# -- reading ----------------------------------------------------------------------------


def _compose(text: str, source: str) -> tuple[yaml.Node, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CatalogueFormatError("empty file", source=source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CatalogueFormatError(
            f"not valid YAML: {exc.problem or exc.context}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise CatalogueFormatError(f"not valid YAML: {exc}", source=source) from exc
    finally:
        loader.dispose()
    return node, data


def _child(node: yaml.Node, key: Any) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Return ``(key node, value node)`` of a mapping key or a sequence index."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return None, node.value[key]
    return None, None


def _node_at(root: yaml.Node, path: Iterable[Any]) -> yaml.Node:
    node = root
    for key in path:
        _, child = _child(node, key)
        if child is None:
            break
        node = child
    return node


def _position(path: Iterable[Any]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(top level)"


def _schema_problem(error: jsonschema.ValidationError, root: yaml.Node, source: str) -> Problem:
    path = list(error.absolute_path)
    node = _node_at(root, path)
    if error.validator == "additionalProperties" and isinstance(node, yaml.MappingNode):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k, _ in node.value if k.value not in allowed]
        if extra:
            key_node = extra[0]
            return Problem(
                _position([*path, key_node.value]),
                f"unknown field {key_node.value!r}",
                source,
                key_node.start_mark.line + 1,
            )
    return Problem(_position(path), _message(error), source, node.start_mark.line + 1)


def _shown(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to about ``limit`` characters so a huge value stays readable."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[0]


def _message(error: jsonschema.ValidationError) -> str:
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


def _duplicate_keys(node: yaml.Node, source: str, path: tuple = ()) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str):
                if key in seen:
                    problems.append(
                        Problem(
                            _position([*path, key]),
                            "key given twice",
                            source,
                            key_node.start_mark.line + 1,
                        )
                    )
                seen.add(key)
            problems += _duplicate_keys(value_node, source, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, source, (*path, index))
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _rule_problems(
    data: dict, root: yaml.Node, source: str, known_skills: Iterable[str] | None
) -> list[Problem]:
    known = frozenset(known_skills) if known_skills is not None else None
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(data["resources"]):
        rid = item["id"]
        path = ["resources", index, "id"]
        if rid in first_line:
            reason = f"id {rid!r} already used on line {first_line[rid]}"
            problems.append(Problem(_position(path), reason, source, _line(root, path)))
        else:
            first_line[rid] = _line(root, path)
        problems += _item_rule_problems(item, known, index, root, source)
    return problems


def _item_rule_problems(
    item: Mapping,
    known_skills: Iterable[str] | None,
    index: int,
    root: yaml.Node | None,
    source: str,
) -> list[Problem]:
    known = frozenset(known_skills) if known_skills is not None else None
    problems: list[Problem] = []

    def add(path: list, reason: str) -> None:
        full = ["resources", index, *path]
        line = _line(root, full) if root is not None else None
        position = _position(full if root is not None else path)
        problems.append(Problem(position, reason, source, line))

    for relation in ("teaches", "requires"):
        seen: set[str] = set()
        for j, link in enumerate(item.get(relation, [])):
            if link["skill"] in seen:
                add(
                    [relation, j, "skill"], f"skill {link['skill']!r} listed twice under {relation}"
                )
            seen.add(link["skill"])
            if known is not None and link["skill"] not in known:
                add([relation, j, "skill"], f"unknown skill {link['skill']!r}")
    for j, instance in enumerate(item.get("instances", [])):
        end = instance.get("end", "")
        if end and end[:10] < instance["start"][:10]:
            add(["instances", j, "end"], "ends before it starts")
    return problems


def _line(root: yaml.Node, path: list) -> int:
    return _node_at(root, path).start_mark.line + 1


def _resource_id_lines(node: yaml.Node) -> dict[str, int]:
    _, resources = _child(node, "resources")
    lines: dict[str, int] = {}
    for item in getattr(resources, "value", []):
        _, id_node = _child(item, "id")
        if id_node is not None:
            lines.setdefault(id_node.value, id_node.start_mark.line + 1)
    return lines


def _provider(data: Mapping) -> Provider:
    return Provider(
        id=data["id"], name=data["name"], url=data.get("url", ""), country=data.get("country", "")
    )


def _links(items: Iterable[Mapping]) -> tuple[SkillLink, ...]:
    return tuple(SkillLink(item["skill"], int(item["level"])) for item in items)


def _resource(data: Mapping, provider: Provider) -> Resource:
    eligibility = data.get("eligibility") or {}
    return Resource(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        url=data["url"],
        provider=_provider(data["provider"]) if "provider" in data else provider,
        description=data.get("description", ""),
        outcomes=tuple(data.get("outcomes", ())),
        keywords=tuple(data.get("keywords", ())),
        format=data.get("format", "online-self-paced"),
        hours=float(data.get("hours", 0.0)),
        cost=float(data.get("cost", 0.0)),
        currency=data.get("currency", ""),
        eligibility=Eligibility(
            contract_types=tuple(eligibility.get("contract_types", ())),
            institutions=tuple(eligibility.get("institutions", ())),
            regions=tuple(eligibility.get("regions", ())),
            note=eligibility.get("note", ""),
        ),
        language=data.get("language", "en"),
        licence=data.get("licence", ""),
        audience=tuple(data.get("audience", ())),
        difficulty=data.get("difficulty", ""),
        last_reviewed=data.get("last_reviewed", ""),
        status=data.get("status", "active"),
        teaches=_links(data.get("teaches", ())),
        requires=_links(data.get("requires", ())),
        instances=tuple(
            CourseInstance(
                start=i["start"],
                end=i.get("end", ""),
                location=i.get("location", ""),
                mode=i.get("mode", ""),
                url=i.get("url", ""),
            )
            for i in data.get("instances", ())
        ),
        source_url=data.get("source_url", ""),
    )


# -- writing ----------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line (skill links, instances)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


def _provider_data(provider: Provider) -> dict:
    data = {"id": provider.id, "name": provider.name}
    if provider.url:
        data["url"] = provider.url
    data["country"] = provider.country
    return data


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _resource_data(resource: Resource, provider: Provider) -> dict:
    r = resource
    data: dict[str, Any] = {"id": r.id, "title": r.title, "kind": r.kind, "url": r.url}
    if r.provider is not None and r.provider != provider:
        data["provider"] = _provider_data(r.provider)
    optional: list[tuple[str, Any, Any]] = [
        ("description", r.description, ""),
        ("outcomes", list(r.outcomes), []),
        ("keywords", list(r.keywords), []),
        ("format", r.format, "online-self-paced"),
        ("hours", _number(r.hours), 0),
        ("cost", _number(r.cost), 0),
        ("currency", r.currency, ""),
    ]
    for key, value, default in optional:
        if value != default:
            data[key] = value
    e = r.eligibility
    if not e.open_to_all or e.note:
        eligibility = {
            "contract_types": list(e.contract_types),
            "institutions": list(e.institutions),
            "regions": list(e.regions),
            "note": e.note,
        }
        data["eligibility"] = {k: v for k, v in eligibility.items() if v}
    optional = [
        ("language", r.language, "en"),
        ("licence", r.licence, ""),
        ("audience", list(r.audience), []),
        ("difficulty", r.difficulty, ""),
        ("last_reviewed", r.last_reviewed, ""),
        ("status", r.status, "active"),
        ("source_url", r.source_url, ""),
    ]
    for key, value, default in optional:
        if value != default:
            data[key] = value
    if r.teaches:
        data["teaches"] = [_Flow(skill=link.skill, level=link.level) for link in r.teaches]
    if r.requires:
        data["requires"] = [_Flow(skill=link.skill, level=link.level) for link in r.requires]
    if r.instances:
        data["instances"] = [
            _Flow({k: v for k, v in vars(i).items() if v or k == "start"}) for i in r.instances
        ]
    return data
