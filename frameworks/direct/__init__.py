"""Reader for the DIRECT framework's published tables (JSON or CSV).

DIRECT (Digital Research Competencies framework, https://github.com/direct-framework/
digital-research-competencies-framework) publishes each table twice, as JSON and as CSV:
``competency_domain``, ``competency``, ``skill``, ``skill_level`` and
``tool_language_methodology``. :func:`read_direct` reads a folder of them, preferring JSON
and falling back to CSV table by table. When only ``DIRECT-framework-all-in-one`` is
present it reads the nested tree from that instead.

The reader forgives what real exports do (a byte order mark, trailing spaces, line breaks
inside quoted CSV fields, ``|``-separated lists with empty items, ranks written as
strings) and refuses what is wrong (an unknown competency or domain slug, a dangling
related skill or tool, a duplicate slug), naming the file and the row.

:mod:`frameworks.direct.reading` holds :func:`read_direct`, which reads the tables with
:mod:`frameworks.direct.tables` and the tree with :mod:`frameworks.direct.tree`;
:mod:`frameworks.direct.experiential` holds the rule of :func:`is_experiential`.
"""

from __future__ import annotations

from .experiential import EXPERIENTIAL_COMPETENCIES as EXPERIENTIAL_COMPETENCIES
from .experiential import EXPERIENTIAL_SKILLS as EXPERIENTIAL_SKILLS
from .experiential import NOT_EXPERIENTIAL_SKILLS as NOT_EXPERIENTIAL_SKILLS
from .experiential import is_experiential
from .reading import DIRECT_SOURCE_URL, read_direct

__all__ = ["read_direct", "is_experiential", "DIRECT_SOURCE_URL"]
