"""CSV downloads that people open in spreadsheet programs: no cell runs as a formula.

Every CSV the app serves is written by :func:`write_csv`, or passes every cell through
:func:`csv_safe`, which puts an apostrophe in front of text starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return (:func:`safeio.escape_formula`, reversible, so the
exchange formats that must read back, catalogue CSV and Moodle CSV, use the same rule in
their writers). Numbers are written as they are: a number is never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from safeio import escape_formula

__all__ = ["csv_safe", "write_csv"]


def csv_safe(value):
    """Neutralise spreadsheet formula injection: text starting like a formula gets a quote.

    Examples
    --------
    >>> csv_safe("=HYPERLINK(1)"), csv_safe("Git"), csv_safe(-1)
    ("'=HYPERLINK(1)", 'Git', -1)
    """
    return escape_formula(value) if isinstance(value, str) else value


def write_csv(
    rows: Iterable[Iterable], *, header: Sequence[str] = (), lineterminator: str = "\r\n"
) -> str:
    """CSV text of ``header`` (when given) and ``rows``, every cell through :func:`csv_safe`.

    Examples
    --------
    >>> write_csv([["=1+1", 2]], header=["formula", "n"], lineterminator="\\n")
    "formula,n\\n'=1+1,2\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    if header:
        writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()
