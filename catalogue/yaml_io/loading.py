"""Load provider files, one or a folder of them, validated on load.

Every problem is reported with the file name and the line it is on (the schema errors are
mapped back to YAML node positions), all of them at once, so a data author can fix a file in
one pass; :func:`load_catalogue_dir` also checks that resource ids are unique across files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from catalogue.errors import CatalogueFormatError, CatalogueValidationError, Problem
from catalogue.yaml_io.file_data import META_KEYS, provider_from_data, resource_from_data
from catalogue.yaml_io.nodes import compose, duplicate_keys, resource_id_lines
from catalogue.yaml_io.rules import rule_problems
from catalogue.yaml_io.schema import file_validator, schema_problem
from recommender.model import Provider, Resource

__all__ = ["load_provider_file", "load_provider_text", "load_catalogue_dir"]


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
    node, data = compose(text, source)
    problems = duplicate_keys(node, source)
    for error in sorted(file_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        problems.append(schema_problem(error, node, source))
    if problems:
        raise CatalogueValidationError(_dedupe(problems))
    problems = rule_problems(data, node, source, known_skills)
    if problems:
        raise CatalogueValidationError(problems)
    provider = provider_from_data(data["provider"])
    resources = [resource_from_data(item, provider) for item in data["resources"]]
    meta = {key: data[key] for key in META_KEYS if key in data}
    if data["provider"].get("ror"):
        meta["provider_ror"] = data["provider"]["ror"]
    return provider, resources, meta, node


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


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
        id_lines = resource_id_lines(node)
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
