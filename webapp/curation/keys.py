"""Keys in trainers' curation: a free key for a new role profile or pathway template, made
from its name, and catalogue ids a trainer typed, checked against the catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.curation.errors import CurationError

__all__ = ["slug", "free_key", "check_resources"]


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
