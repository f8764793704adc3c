"""Frameworks in and out of the web app as CASE 1.0 JSON, Moodle competency CSV or our YAML."""

from __future__ import annotations

from frameworks.case import dump_case, load_case
from frameworks.moodle import dump_moodle_csv, load_moodle_csv
from frameworks.yaml_io import dump_framework, load_framework
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import FrameworkVersion

__all__ = ["EXCHANGE_FORMATS", "UnknownFormatError", "export_framework", "parse_framework"]


class UnknownFormatError(ValueError):
    """A format name that is none of ``EXCHANGE_FORMATS``."""


EXCHANGE_FORMATS = {
    "case": ("application/json", "case.json"),
    "moodle": ("text/csv", "moodle.csv"),
    "yaml": ("application/yaml", "yaml"),
}


def export_framework(row: FrameworkVersion, fmt: str) -> str:
    """A stored framework version as CASE JSON, Moodle CSV or Pathfinder YAML text."""
    writers = {"case": dump_case, "moodle": dump_moodle_csv, "yaml": dump_framework}
    if fmt not in writers:
        raise UnknownFormatError(f"Unknown format {fmt!r}; use case, moodle or yaml.")
    return writers[fmt](framework_from_row(row))


def parse_framework(text: str | bytes, fmt: str):
    """Read CASE JSON, Moodle CSV or Pathfinder YAML into a framework.

    Raises
    ------
    frameworks.errors.FrameworkError
        With every problem of the file (``problems``), nothing built.
    """
    if fmt == "case":
        return load_case(text)
    if fmt == "moodle":
        return load_moodle_csv(text)
    if fmt == "yaml":
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        return load_framework(text if "\n" in text else text + "\n")
    raise UnknownFormatError(f"Unknown format {fmt!r}; use case, moodle or yaml.")
