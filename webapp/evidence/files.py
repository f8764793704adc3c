"""Evidence files: what may be uploaded, where it is kept, and how it is read back.

A file's type is read from its content (the first bytes, and for text the whole of it) and
must agree with the name's extension: PDF, PNG, JPEG or plain UTF-8 text. Files are kept
under a random name in ``EVIDENCE_DIR`` (default: ``evidence/`` in the instance folder),
never under the web root, and are only ever sent as downloads by the views that check who
is asking (the owner, or a manager of a team the owner shares evidence with).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file

__all__ = [
    "ALLOWED",
    "DEFAULT_MAX_BYTES",
    "FileProblem",
    "CheckedFile",
    "check_upload",
    "evidence_dir",
    "store",
    "stored_path",
    "discard",
    "send_item",
]

#: Content type → extensions a file of that type may be named with.
ALLOWED = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".text", ".md"),
}
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13}


class FileProblem(ValueError):
    """An upload that cannot be kept; the message says why."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def max_bytes() -> int:
    return int(current_app.config.get("EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) in _TEXT_CONTROLS for c in text):
        return None
    return "text/plain"


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(c for c in name if c.isprintable() and c not in '"<>|:*?')
    return name[:200]


def check_upload(name: str, data: bytes) -> CheckedFile:
    """The upload if it may be kept; :class:`FileProblem` otherwise."""
    clean = _clean_name(name)
    if not clean:
        raise FileProblem("Choose a file to upload.")
    if not data:
        raise FileProblem("That file is empty.")
    limit = max_bytes()
    if len(data) > limit:
        raise FileProblem(f"Files can be at most {limit // 1024} KB; that one is larger.")
    kind = _sniff(data)
    if kind is None:
        raise FileProblem("Upload a PDF, PNG, JPEG or plain text file.")
    extension = Path(clean).suffix.lower()
    if extension not in ALLOWED[kind]:
        raise FileProblem(
            f"The file's content is {kind} but its name ends in {extension or 'nothing'}: "
            f"name it {ALLOWED[kind][0]}."
        )
    return CheckedFile(clean, kind, data)


def evidence_dir() -> Path:
    configured = current_app.config.get("EVIDENCE_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    """Write the bytes under a new random name; returns the name."""
    name = secrets.token_hex(16)
    with open(evidence_dir() / name, "xb") as handle:
        handle.write(data)
    return name


def stored_path(stored_name: str) -> Path:
    if not stored_name or not all(c in "0123456789abcdef" for c in stored_name):
        raise FileNotFoundError(stored_name)
    return evidence_dir() / stored_name


def discard(stored_name: str) -> None:
    """Remove a stored file (nothing happens if it is already gone)."""
    with contextlib.suppress(FileNotFoundError):
        stored_path(stored_name).unlink()


def send_item(item):
    """The stored file as a download (never shown inline), or 404 if it is missing."""
    try:
        path = stored_path(item.stored_name)
        if not path.is_file():
            raise FileNotFoundError(item.stored_name)
    except FileNotFoundError:
        abort(404)
    response = send_file(
        path, mimetype=item.file_type, as_attachment=True, download_name=item.file_name
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
