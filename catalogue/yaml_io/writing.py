"""Write provider files: the data of :func:`~catalogue.yaml_io.file_data.provider_file_data`
as YAML, checked by loading it back before anything is written.

Skill links and instances are written on one line each (flow mappings); nothing is written
as a YAML alias.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from catalogue.yaml_io.file_data import Flow, provider_file_data
from catalogue.yaml_io.loading import load_provider_text
from recommender.model import Provider, Resource

__all__ = ["dump_provider_file"]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


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
    >>> from recommender.model import SkillLink
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
