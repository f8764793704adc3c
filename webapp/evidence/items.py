"""Adding, editing and removing evidence, and the date a skill was last used.

Evidence goes with a skill the person has rated. Every change is checked first and raises
:class:`EvidenceError` with the reason, so the caller rolls back and nothing is written. A
file is written to disk before the row is committed; the caller discards it again if the
commit fails (see :func:`webapp.evidence.files.discard`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import select

from webapp.assess.levels import current_levels
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.evidence import files
from webapp.evidence.models import EvidenceItem, SkillUse
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = [
    "MAX_NOTE",
    "MAX_TITLE",
    "EvidenceError",
    "check_link",
    "add_note",
    "add_link",
    "add_file",
    "update_item",
    "remove_item",
    "set_last_used",
    "evidence_by_skill",
    "last_used_by_skill",
    "rated_skill",
    "by_skill_key",
    "files_of",
]

MAX_NOTE = 4000
MAX_TITLE = 200
MAX_URL = 2000


class EvidenceError(ValueError):
    """A change that cannot be made; the message says why."""


def _text(value: str | None, what: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise EvidenceError(f"Write the {what}.")
    if len(value) > limit:
        raise EvidenceError(f"The {what} is longer than {limit} characters.")
    return value


def check_link(url: str | None) -> str:
    """The address if it is an http or https link to a named host."""
    url = (url or "").strip()
    if not url:
        raise EvidenceError("Give the link's address.")
    if len(url) > MAX_URL:
        raise EvidenceError(f"The address is longer than {MAX_URL} characters.")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise EvidenceError("The address has spaces or control characters in it.")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise EvidenceError("That is not a web address.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise EvidenceError("Links must start with http:// or https://.")
    if not host:
        raise EvidenceError("The address has no host name.")
    if parts.username is not None or parts.password is not None:
        raise EvidenceError("Leave user names and passwords out of the address.")
    return url


def rated_skill(user_id: int, skill: SkillRow) -> bool:
    """Whether the person has a current rating of this skill (any version of it)."""
    return skill.key in current_levels(user_id, skill.framework.key)


def _ensure_rated(user, skill: SkillRow) -> None:
    if not rated_skill(user.id, skill):
        raise EvidenceError("Rate this skill in an assessment before adding evidence to it.")


def _add(user, skill: SkillRow, **fields) -> EvidenceItem:
    now = utcnow()
    item = EvidenceItem(
        user_id=user.id, skill_id=skill.id, created_at=now, updated_at=now, **fields
    )
    db.session.add(item)
    db.session.flush()
    return item


def add_note(user, skill: SkillRow, note: str) -> EvidenceItem:
    _ensure_rated(user, skill)
    return _add(user, skill, kind="note", note=_text(note, "note", MAX_NOTE, required=True))


def add_link(user, skill: SkillRow, url: str, title: str = "", note: str = "") -> EvidenceItem:
    _ensure_rated(user, skill)
    return _add(
        user,
        skill,
        kind="link",
        url=check_link(url),
        title=_text(title, "title", MAX_TITLE),
        note=_text(note, "note", MAX_NOTE),
    )


def add_file(
    user, skill: SkillRow, name: str, data: bytes, title: str = "", note: str = ""
) -> EvidenceItem:
    """Check and store an uploaded file; the caller discards ``stored_name`` on failure."""
    _ensure_rated(user, skill)
    title = _text(title, "title", MAX_TITLE)
    note = _text(note, "note", MAX_NOTE)
    try:
        checked = files.check_upload(name, data)
    except files.FileProblem as exc:
        raise EvidenceError(str(exc)) from None
    stored = files.store(checked.data)
    try:
        return _add(
            user,
            skill,
            kind="file",
            title=title,
            note=note,
            file_name=checked.name,
            file_type=checked.content_type,
            file_size=len(checked.data),
            stored_name=stored,
        )
    except Exception:
        files.discard(stored)
        raise


def update_item(item: EvidenceItem, title: str, note: str, url: str = "") -> None:
    if item.kind == "note":
        item.note = _text(note, "note", MAX_NOTE, required=True)
    else:
        item.title = _text(title, "title", MAX_TITLE)
        item.note = _text(note, "note", MAX_NOTE)
        if item.kind == "link":
            item.url = check_link(url)
    item.updated_at = utcnow()


def remove_item(item: EvidenceItem) -> str:
    """Delete the row; returns the stored file name to discard after the commit ('' if none)."""
    stored = item.stored_name if item.kind == "file" else ""
    db.session.delete(item)
    return stored


def set_last_used(user, skill: SkillRow, when: date | None) -> None:
    """Record (or, with None, forget) when the person last used the skill."""
    _ensure_rated(user, skill)
    row = db.session.execute(
        select(SkillUse).where(SkillUse.user_id == user.id, SkillUse.skill_id == skill.id)
    ).scalar_one_or_none()
    if when is None:
        if row is not None:
            db.session.delete(row)
        return
    if when > utcnow().date():
        raise EvidenceError("The date you last used a skill cannot be in the future.")
    if when.year < 1950:
        raise EvidenceError("Give a date after 1950.")
    if row is None:
        db.session.add(SkillUse(user_id=user.id, skill_id=skill.id, last_used=when))
    else:
        row.last_used = when
        row.updated_at = utcnow()


def by_skill_key(model, user_id: int, framework_key: str, order) -> dict[str, list]:
    rows = db.session.execute(
        select(model, SkillRow.key)
        .join(SkillRow, model.skill_id == SkillRow.id)
        .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
        .where(model.user_id == user_id, FrameworkVersion.key == framework_key)
        .order_by(*order)
    ).all()
    grouped: dict[str, list] = defaultdict(list)
    for row, key in rows:
        grouped[key].append(row)
    return dict(grouped)


def evidence_by_skill(user_id: int, framework_key: str) -> dict[str, list[EvidenceItem]]:
    """Skill key → the person's evidence for it, oldest first."""
    return by_skill_key(
        EvidenceItem, user_id, framework_key, (EvidenceItem.created_at, EvidenceItem.id)
    )


def last_used_by_skill(user_id: int, framework_key: str) -> dict[str, date]:
    """Skill key → when the person last used it (the latest date over skill versions)."""
    found = by_skill_key(SkillUse, user_id, framework_key, (SkillUse.id,))
    return {key: max(r.last_used for r in rows) for key, rows in found.items()}


def files_of(user_id: int) -> list[str]:
    """The stored names of a person's evidence files (to discard with their account)."""
    return list(
        db.session.execute(
            select(EvidenceItem.stored_name).where(
                EvidenceItem.user_id == user_id, EvidenceItem.kind == "file"
            )
        ).scalars()
    )
