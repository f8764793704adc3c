"""Read and write frameworks as Moodle competency-framework CSV.

The format is the one Moodle's *Import competency framework* tool (``tool_lpimportcsv``)
reads and its export writes: a header row, then one row for the framework
(``Is framework`` = 1) and one row per competency, parents before children. The first 14
columns are Moodle's, in Moodle's order and with its English headers:

``Parent ID number, ID number, Short name, Description, Description format, Scale values,
Scale configuration, Rule type (optional), Rule outcome (optional), Rule config (optional),
Cross-referenced competency ID numbers, Exported ID (optional), Is framework, Taxonomy``

How a :class:`~recommender.model.Framework` maps onto it:

- the framework row: ``ID number`` is the framework id, ``Short name`` the name, the level
  labels are the ``Scale values`` (comma-separated, lowest first) and ``Scale
  configuration`` marks levels at common 2 (working) and above as proficient, the first of
  them as the default;
- areas and skills are competencies: ``ID number`` is our id, ``Parent ID number`` the
  enclosing area's id (empty at the top), ``Cross-referenced competency ID numbers`` the
  related skills (Moodle's relation is symmetric and cannot point to itself);
- a 15th column, ``Pathfinder (optional)``, holds JSON with what Moodle has no column for:
  on the framework row the version, source, licence, date retrieved, attribution, the level
  ids, common values and descriptions and the tools; on competency rows ``kind`` (area or
  skill), rank, ``experiential``, tools, prerequisites and the exact related list. Moodle
  reads columns by position and ignores a 15th one.

Without that column (a file exported by Moodle), inner competencies become areas and leaves
skills; top-level leaves are gathered in an area named after the framework; the scale's
labels become the levels, spread over the common 0–4 scale (five labels map to 0–4).

Headers are also accepted as the short keys (``parentidnumber``, ``idnumber``, ...). ID
numbers are free text in Moodle; they become ids by :func:`frameworks.ids.entry_id` (the
framework's by :func:`frameworks.ids.framework_id`), and references follow.
Reading checks the whole file and raises :class:`MoodleFormatError` listing every problem,
each naming the row (the header is row 1) and its ID number.

A cell that would start like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) is written with a leading apostrophe (:func:`safeio.escape_formula`), so that the
file opens safely in a spreadsheet; reading removes exactly those apostrophes. Moodle keeps
them, which only shows on names that start like a formula.

:mod:`frameworks.moodle.columns` holds the column layout, :mod:`frameworks.moodle.writing`
Framework → Moodle and :mod:`frameworks.moodle.reading` Moodle → Framework; all are imported
from here.
"""

from __future__ import annotations

from .columns import COLUMNS, HEADERS
from .reading import MoodleFormatError, load_moodle_csv
from .writing import dump_moodle_csv

__all__ = ["MoodleFormatError", "COLUMNS", "HEADERS", "dump_moodle_csv", "load_moodle_csv"]
