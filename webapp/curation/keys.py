"""Keys in trainers' curation: a free key for a new role profile or pathway template, made
from its name, catalogue ids a trainer typed, checked against the catalogue, and the
catalogue resources a trainer finds by words to pick instead of typing ids."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.curation.errors import CurationError

__all__ = ["slug", "free_key", "check_resources", "find_resources"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "item"


def free_key(model, base: str) -> str:
    key, n = base, 1
    while db.session.execute(select(model.id).where(model.key == key).limit(1)).first():
        n += 1
        key = f"{base}-{n}"
    return key


def check_resources(keys: Iterable[str]) -> list[str]:
    from webapp.catalogue.models import ResourceRow

    keys = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    known = set(
        db.session.execute(select(ResourceRow.key).where(ResourceRow.key.in_(keys))).scalars()
    )
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise CurationError(f"Not in the catalogue: {', '.join(unknown)}.")
    return keys


def find_resources(text: str, limit: int = 12) -> list:
    """Active catalogue resources whose title or id holds every word of ``text``."""
    from sqlalchemy import func

    from webapp.catalogue.models import ResourceRow

    words = [w for w in text.lower().split() if w][:8]
    if not words:
        return []
    query = select(ResourceRow).where(ResourceRow.status == "active")
    for word in words:
        query = query.where(
            func.lower(ResourceRow.title).contains(word, autoescape=True)
            | ResourceRow.key.contains(word, autoescape=True)
        )
    return list(db.session.execute(query.order_by(ResourceRow.title).limit(limit)).scalars())
