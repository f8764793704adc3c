"""Reading documents people give us within bounds, and CSV cells no spreadsheet runs.

Trainers and admins import JSON and YAML (provider files, frameworks, role profiles, CASE
packages, JSON-LD, TeSS pages) and learners upload DIRECT profiles. Parsers are fast on
honest files and slow, or recursive, on hostile ones: a 1 KB YAML file of nested aliases
("billion laughs") expands to a billion strings, and JSON nested 100,000 deep exhausts
Python's stack. Every reader therefore checks its text here before parsing it. And the
CSV we write is opened in spreadsheet programs, which run cells that start like a formula,
so every CSV writer escapes its cells here:

``limits``
    The bounds (size, nesting depth) and :class:`DocumentLimitError`.
``json_text``
    :func:`load_json`: :func:`json.loads` after checking size and nesting depth.
``yaml_text``
    :func:`check_yaml`: no anchors or aliases, bounded nesting and size, before composing.
``values``
    :func:`sane_quantity`, :func:`calendar_date`, :func:`review_date`: numbers and dates
    that make sense (finite, not negative, bounded; real calendar dates), for every reader.
``csv_cells``
    :func:`escape_formula` and its inverse: CSV cells that spreadsheets do not run as
    formulas ("CSV injection"), and that still read back exactly.

The readers (:mod:`frameworks`, :mod:`catalogue`) and the web layer import this package; it
imports nothing of ours.
"""

from safeio.csv_cells import FORMULA_STARTS, escape_formula, unescape_formula
from safeio.json_text import check_json_depth, load_json
from safeio.limits import (
    MAX_DEPTH,
    MAX_DOCUMENT_CHARS,
    MAX_YAML_CHARS,
    DocumentLimitError,
    check_file_size,
    check_size,
)
from safeio.values import (
    ValueSenseError,
    calendar_date,
    review_date,
    sane_quantity,
)
from safeio.yaml_text import check_yaml

__all__ = [
    "FORMULA_STARTS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_CHARS",
    "MAX_YAML_CHARS",
    "DocumentLimitError",
    "ValueSenseError",
    "calendar_date",
    "review_date",
    "sane_quantity",
    "check_file_size",
    "check_size",
    "check_json_depth",
    "check_yaml",
    "escape_formula",
    "load_json",
    "unescape_formula",
]
