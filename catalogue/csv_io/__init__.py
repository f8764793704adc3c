"""Read and write catalogue CSV: TeSS's materials (and events) CSV plus Pathfinder's columns.

The columns are documented in ``docs/catalogue-csv.md``.

``reading``
    Files: encodings, separators, header and rows.
``rows``
    One row → :class:`~recommender.model.Resource`.
``writing``
    Resources → CSV with every column.
``columns``
    The columns, the header spellings read, and lists in cells.
"""

from catalogue.csv_io.columns import COLUMNS
from catalogue.csv_io.reading import read_csv, read_csv_file
from catalogue.csv_io.writing import to_csv, write_csv_file

__all__ = ["COLUMNS", "read_csv", "read_csv_file", "to_csv", "write_csv_file"]
