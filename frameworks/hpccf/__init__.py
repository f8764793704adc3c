"""Reader for the HPC Certification Forum skill tree (one Markdown ``b.txt`` per node).

The upstream repository ``HPC-certification-forum/skill-tree`` holds one folder per node;
the folder path is the node id (``adm/3/4/1/b.txt`` is ``ADM3.4.1``) and the file is
Markdown with a ``# <ID> <Name>`` heading and optional ``Requirements``, ``Learning
Outcomes`` and ``Subskills`` sections. The files are hand-written, so this reader is
forgiving: section headings are matched case-insensitively and fuzzily (``Reqirements``,
``Learning Objectivs``, ``Subskill``), the folder path wins over a mismatching heading,
and every irregularity becomes a warning instead of an error.

Mapping onto :class:`recommender.model.Framework`:

* the root node is the framework itself; its children (ADM, AI, BDA, K, PE, SD, USE)
  are the top-level areas;
* a node with child folders is an :class:`~recommender.model.Area` (even when it also
  has learning outcomes of its own), a node without is a :class:`~recommender.model.Skill`;
* requirements become ``prerequisites``: ``[[skill-tree:...]]`` links, and ids written in
  free text ("Networking (ADM1.2)") that name an existing node. The format allows only
  skill ids there, so a requirement naming an area is expanded to that area's first-level
  skills (its direct leaf children), and requirements stated on an area are dropped.
  Requirements marked "optionally" are not prerequisites. Each of these decisions is
  reported in the warnings.

:mod:`frameworks.hpccf.nodes` parses the files into nodes, :mod:`frameworks.hpccf.reading`
maps the nodes onto the framework; both are imported from here.
"""

from __future__ import annotations

from .nodes import HpccfNode, node_id_from_parts, parse_hpccf_nodes
from .reading import HPCCF_LEVELS, read_hpccf_tree

__all__ = [
    "HPCCF_LEVELS",
    "HpccfNode",
    "node_id_from_parts",
    "parse_hpccf_nodes",
    "read_hpccf_tree",
]
