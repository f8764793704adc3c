"""Errors and per-record problem reports of the catalogue readers and writers.

A reader either fails as a whole, because the input cannot be read at all (bad JSON, bad
YAML, a CSV without a header), and raises :class:`CatalogueFormatError` naming the source and,
where known, the line and column; or it reads every record it can and reports each record it
could not turn into a :class:`~recommender.model.Resource` as a :class:`ParsedRecord` with a
reason. The import plan (:mod:`catalogue.importing`) turns those into rejections.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from recommender.model import Resource

__all__ = [
    "CatalogueError",
    "CatalogueFormatError",
    "CatalogueValidationError",
    "Problem",
    "ParsedRecord",
    "ReadResult",
]


class CatalogueError(Exception):
    """Base class of every error raised by :mod:`catalogue`."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with one record, or with one place in a file.

    ``position`` says where, in the words of the format ("line 12", "row 5", "item 3",
    "@graph[2]"); ``source`` names the file or URL; ``line`` is 1-based when known.
    """

    position: str
    reason: str
    source: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.position}: {self.reason}"


class CatalogueFormatError(CatalogueError):
    """The input cannot be read at all (invalid JSON/YAML/CSV, wrong top-level shape).

    Attributes ``source``, ``line`` and ``column`` (1-based, ``None`` when unknown) say where.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = str(source) if source else ""
        self.line = line
        self.column = column
        where = self.source
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
            if column is not None:
                where = f"{where}:{column}"
        super().__init__(f"{where}: {message}" if where else message)


class CatalogueValidationError(CatalogueError):
    """A data file was readable but breaks the schema or the catalogue rules.

    ``problems`` lists every problem found (not only the first), each with its line.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) if p.line is None else _with_line(p) for p in self.problems]
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in catalogue data"
        super().__init__(head + ":\n  " + "\n  ".join(lines))


def _with_line(problem: Problem) -> str:
    return f"{problem.source}:{problem.line}: {problem.position}: {problem.reason}"


@dataclass(frozen=True)
class ParsedRecord:
    """One record of an input, read into a resource or rejected with a reason.

    ``warnings`` are things the reader could not map but that do not make the record invalid
    (an unknown skill term kept as a keyword, an unknown audience value).
    """

    position: str
    resource: Resource | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.resource is not None

    def problem(self) -> Problem:
        """Return the rejection of this record as a :class:`Problem`."""
        return Problem(self.position, self.reason or "invalid record", self.source)


@dataclass(frozen=True)
class ReadResult:
    """Everything a reader found in one input, in input order."""

    records: tuple[ParsedRecord, ...] = ()
    source: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def resources(self) -> list[Resource]:
        return [r.resource for r in self.records if r.resource is not None]

    @property
    def problems(self) -> list[Problem]:
        return [r.problem() for r in self.records if r.resource is None]

    def __iter__(self) -> Iterator[ParsedRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)
