"""Pathfinder's engine: domain objects, gaps, pathway selection and ordering.

Pure Python over plain data (networkx, scipy, scikit-learn); imports neither Flask nor
SQLAlchemy.
"""

from .catalogue_index import CatalogueIndex
from .constraints import Constraints
from .errors import (
    DuplicateResourceError,
    InfeasibleConstraintsError,
    InvalidInputError,
    InvalidLevelError,
    RecommenderError,
    UnknownResourceError,
)
from .gaps import Gap, gaps
from .pathway import build_pathway, solve_exact, solve_greedy
from .results import (
    UNCOVERED_REASONS,
    CycleBreak,
    Dependency,
    GapClosure,
    Pathway,
    Step,
    UncoveredGap,
)
from .skill_graph import SkillPrerequisite, build_skill_graph

__all__ = [
    "CatalogueIndex",
    "Constraints",
    "CycleBreak",
    "Dependency",
    "DuplicateResourceError",
    "Gap",
    "GapClosure",
    "InfeasibleConstraintsError",
    "InvalidInputError",
    "InvalidLevelError",
    "Pathway",
    "RecommenderError",
    "SkillPrerequisite",
    "Step",
    "UNCOVERED_REASONS",
    "UncoveredGap",
    "UnknownResourceError",
    "build_pathway",
    "build_skill_graph",
    "gaps",
    "solve_exact",
    "solve_greedy",
]
