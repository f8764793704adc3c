"""The columns of Moodle competency-framework CSV and how their headers are recognised.

The layout is described in :mod:`frameworks.moodle`: Moodle's 14 columns in Moodle's order,
then Pathfinder's optional 15th. A header is recognised in Moodle's English wording or as
the short key (``parentidnumber``, ``idnumber``, ...), in any case.
"""

from __future__ import annotations

import re

__all__ = ["COLUMNS", "HEADERS"]

#: Moodle's column keys, in Moodle's order, then ours.
COLUMNS = (
    "parentidnumber",
    "idnumber",
    "shortname",
    "description",
    "descriptionformat",
    "scalevalues",
    "scaleconfiguration",
    "ruletype",
    "ruleoutcome",
    "ruleconfig",
    "relatedidnumbers",
    "exportid",
    "isframework",
    "taxonomy",
    "pathfinder",
)
#: The header row as Moodle's English export writes it (plus our optional column).
HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
    "Pathfinder (optional)",
)
#: The columns a file must have.
_REQUIRED = ("parentidnumber", "idnumber", "shortname", "isframework")
#: ``Description format`` of plain text (Moodle's default, 1, is HTML; 4 is Markdown).
_FORMAT_PLAIN = "2"

#: A header as written (lower case) or as its short key → the column key.
_HEADER_KEYS = {header.lower(): key for header, key in zip(HEADERS, COLUMNS, strict=True)}
_HEADER_KEYS.update({key: key for key in COLUMNS})
_HEADER_KEYS["taxonomies"] = "taxonomy"
# Older Moodle releases (and Moodle's own import fixture) write "Parent id number",
# "Shortname" and "Cross referenced competency id numbers": the same columns, compared by
# their letters alone.
_HEADER_KEYS.update(
    {re.sub(r"[^a-z]", "", h.lower()): k for h, k in zip(HEADERS, COLUMNS, strict=True)}
)
_HEADER_KEYS["crossreferencedcompetencyidnumbers"] = "relatedidnumbers"


def header_key(cell: str) -> str:
    """The column key of a header cell, in any of Moodle's wordings, or ""."""
    text = cell.strip().lstrip("\ufeff").lower()
    return _HEADER_KEYS.get(text) or _HEADER_KEYS.get(re.sub(r"[^a-z]", "", text), "")
