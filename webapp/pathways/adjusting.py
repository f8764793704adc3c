"""Adjusting the steps of a saved pathway: status, pins, swaps and exclusions.

Like building, these change the session only and raise
:class:`~webapp.pathways.inputs.PathwayInputError` for a step that is not part of the
pathway or a choice that is not allowed.
"""

from __future__ import annotations

from webapp.core.orm import utcnow
from webapp.pathways import engine
from webapp.pathways.dependencies import rename_resource
from webapp.pathways.generation import rebuild_steps, snapshot
from webapp.pathways.inputs import PathwayInputError
from webapp.pathways.models import STEP_STATUSES, PathwayRow, PathwayStep

__all__ = ["set_status", "set_pinned", "swap_step", "exclude_step"]


def _step(row: PathwayRow, step_id: int) -> PathwayStep:
    step = row.step_by_id(step_id)
    if step is None:
        raise PathwayInputError("That step is not part of this pathway.")
    return step


def set_status(row: PathwayRow, step_id: int, status: str) -> PathwayStep:
    if status not in STEP_STATUSES:
        raise PathwayInputError(
            f"Unknown status {status!r}; choose one of {', '.join(STEP_STATUSES)}."
        )
    step = _step(row, step_id)
    if step.status != status:
        step.status = status
        step.status_changed_at = utcnow()
    row.touch()
    return step


def set_pinned(row: PathwayRow, step_id: int, pinned: bool) -> PathwayStep:
    step = _step(row, step_id)
    step.pinned = pinned
    row.touch()
    return step


def swap_step(row: PathwayRow, step_id: int, alternative_key: str) -> PathwayStep:
    """Replace a step's resource by one of its alternatives; the new step is pinned."""
    step = _step(row, step_id)
    chosen = next((a for a in step.alternatives if a.get("key") == alternative_key), None)
    if chosen is None:
        raise PathwayInputError("That resource is not an alternative for this step.")
    fresh = {r.id: r for r in engine.catalogue_index().resources}.get(alternative_key)
    old = dict(step.snapshot, key=step.resource_key)
    rename_resource(row, step.resource_key, alternative_key)
    step.resource_key = alternative_key
    step.snapshot = snapshot(fresh) if fresh is not None else chosen
    step.alternatives = [old] + [a for a in step.alternatives if a.get("key") != alternative_key]
    step.why = (
        f"You swapped this in for “{old.get('title', old['key'])}”; it closes the same gaps. "
        "Pinned, so regeneration keeps it."
    )
    step.pinned = True
    step.status = "planned"
    step.status_changed_at = utcnow()
    row.touch()
    return step


def exclude_step(row: PathwayRow, step_id: int, user) -> str:
    """Exclude a step's resource from this pathway and regenerate without it."""
    step = _step(row, step_id)
    key, title = step.resource_key, step.title
    if key not in row.excluded:
        row.excluded = [*row.excluded, key]
    row.steps.remove(step)
    rebuild_steps(row, user)
    return title
