"""Registering, approving, pausing and deleting sources (the pages and the CLI share it)."""

from __future__ import annotations

from sqlalchemy import select

from catalogue.harvest import METHODS
from webapp.catalogue.models import provider_by_key
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.harvest.models import SCHEDULES, HarvestSource

__all__ = ["SourceProblem", "register_source", "approve", "pause", "sources_for"]


class SourceProblem(ValueError):
    """The source cannot be registered as asked; the message says why."""


def register_source(
    url: str,
    method: str,
    provider_key: str,
    *,
    schedule: str = "daily",
    user=None,
    approve_now: bool = False,
) -> HarvestSource:
    """A new source (pending unless ``approve_now``, which only trainers may ask for)."""
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")) or len(url) > 1000 or " " in url:
        raise SourceProblem("The address must be an http(s) URL of at most 1000 characters.")
    if method not in METHODS:
        raise SourceProblem(f"The method must be one of {', '.join(METHODS)}.")
    if schedule not in SCHEDULES:
        raise SourceProblem(f"The schedule must be one of {', '.join(SCHEDULES)}.")
    provider = provider_by_key(provider_key or "")
    if provider is None:
        raise SourceProblem(f"There is no provider {provider_key!r} in the catalogue.")
    same = db.session.execute(
        select(HarvestSource).where(HarvestSource.url == url, HarvestSource.method == method)
    ).scalar_one_or_none()
    if same is not None:
        raise SourceProblem(f"This source is registered already (source {same.id}).")
    source = HarvestSource(
        url=url,
        method=method,
        provider=provider,
        schedule=schedule,
        registered_by_id=getattr(user, "id", None),
        state="pending",
    )
    db.session.add(source)
    if approve_now:
        approve(source, user)
    db.session.flush()
    return source


def approve(source: HarvestSource, user=None) -> None:
    """Approved (or resumed): due at once."""
    source.state = "approved"
    source.approved_by_id = getattr(user, "id", None)
    source.next_run_at = utcnow()


def pause(source: HarvestSource) -> None:
    source.state = "paused"


def sources_for(user) -> list[HarvestSource]:
    """Every source for trainers; the sources they registered for everyone else."""
    query = select(HarvestSource).order_by(HarvestSource.id)
    if not user.is_trainer:
        query = query.where(HarvestSource.registered_by_id == user.id)
    return list(db.session.execute(query).scalars())
