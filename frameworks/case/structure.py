"""Checks of a CASE package's shape that real packages need: depth, cycles, a level scale.

Published CASE packages (OpenSALT's own test and sample frameworks among them) often have no
``CFRubrics`` at all, put their statements directly under the document, and point
``precedes`` / ``isRelatedTo`` associations at items of other documents. The reader takes
them (:func:`common_levels` gives the common 0–4 scale, with a warning) and refuses what no
framework can be: a tree deeper than :data:`MAX_TREE_DEPTH` (a 600-deep chain would exhaust
the recursion that builds it) and prerequisites that go round in a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from recommender.model import COMMON_SCALE, Level

__all__ = ["MAX_TREE_DEPTH", "common_levels", "tree_depth_problems", "cycle_in"]

#: Deepest tree of areas a framework may have (the bundled ones have at most 6 levels).
MAX_TREE_DEPTH = 32


def common_levels() -> tuple[Level, ...]:
    """The common 0–4 scale as a framework's levels (ids "0".."4")."""
    return tuple(
        Level(str(value), label.capitalize(), "", value) for value, label in enumerate(COMMON_SCALE)
    )


def tree_depth_problems(
    order: Sequence[str], parent: Mapping[str, str], name_of: Callable[[str], str]
) -> list[str]:
    """A problem for each item deeper than :data:`MAX_TREE_DEPTH` below the document (the
    first one only: the rest of its branch is as deep). The walk is iterative and memoised;
    ``parent`` has no cycles (they are reported before)."""
    depth: dict[str, int] = {}
    for start in order:
        chain = []
        node = start
        while node in parent and node not in depth:
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0)
        for item in reversed(chain):
            base += 1
            depth[item] = base
        if depth.get(start, 0) > MAX_TREE_DEPTH:
            return [
                f"CFItem {name_of(start)}: the tree is nested more than {MAX_TREE_DEPTH} "
                "levels deep"
            ]
    return []


def cycle_in(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """One cycle of a directed graph (``edges[a]`` = what ``a`` points to), as the list of
    its nodes, or ``[]``; iterative depth-first search."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in edges:
        if state.get(root):
            continue
        stack = [(root, iter(edges.get(root, ())))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child) :] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return []
