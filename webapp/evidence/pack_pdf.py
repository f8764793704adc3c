"""The promotion pack as a PDF (fpdf2, pure Python).

A Unicode font is used when one is found (``PDF_FONT`` names a TrueType file; otherwise
DejaVu Sans where Debian and most Linux systems keep it), so names and notes print as
written. Without one the PDF falls back to the built-in Helvetica, which only has Latin-1:
other characters are then printed as their closest Latin-1 form or "?".
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from flask import current_app
from fpdf import FPDF

from webapp.core.templating import level_name
from webapp.evidence.pack import DoneStep, Pack

__all__ = ["pack_pdf"]

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _font() -> tuple[Path, Path] | None:
    configured = current_app.config.get("PDF_FONT")
    if configured:
        regular = Path(configured)
        return (regular, regular) if regular.is_file() else None
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.is_file():
        return regular, bold if bold.is_file() else regular
    return None


class _Writer:
    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(18, 18, 18)
        self.pdf.add_page()
        font = _font()
        if font:
            self.pdf.add_font("body", "", str(font[0]))
            self.pdf.add_font("body", "B", str(font[1]))
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "helvetica", False

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        folded = unicodedata.normalize("NFKD", value)
        return folded.encode("latin-1", "ignore").decode("latin-1") or "?"

    def line(self, value: str, size: float = 10, bold: bool = False, gap: float = 1) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_x(self.pdf.l_margin)
        self.pdf.multi_cell(0, size * 0.5, self.text(value))
        self.pdf.ln(gap)


def _when(moment) -> str:
    return f"{moment:%d %B %Y}" if moment else "date not stated"


def _step(step: DoneStep) -> str:
    by = f" ({step.provider})" if step.provider else ""
    return f"{step.title}{by}, pathway {step.pathway!r}: done {_when(step.done_on)}"


def pack_pdf(pack: Pack) -> bytes:
    w = _Writer()
    w.line(f"Promotion pack: {pack.profile.name}", size=16, bold=True, gap=2)
    w.line(
        f"{pack.name}. Framework: {pack.profile.framework.name}. "
        f"Generated on {_when(pack.generated_at)} by Pathfinder."
    )
    w.line(f"Meets {pack.met} of {len(pack.skills)} target levels (self-assessed).", gap=4)
    for row in pack.skills:
        w.line(row.skill.name, size=12, bold=True)
        level = level_name(row.level) if row.rated else "not rated"
        w.line(
            f"Target: {level_name(row.target)}. My level: {level}"
            + (f" (confidence {row.confidence})" if row.confidence else "")
            + (f", rated {_when(row.rated_at)}" if row.rated else "")
            + "."
        )
        w.line("Last used: " + (_when(row.last_used) if row.last_used else "not stated") + ".")
        for item in row.evidence:
            if item.kind == "note":
                w.line(f"Evidence (note): {item.note}")
            elif item.kind == "link":
                w.line(
                    f"Evidence (link): {item.title or item.url} <{item.url}>"
                    + (f" {item.note}" if item.note else "")
                )
            else:
                w.line(
                    f"Evidence (file): {item.title or item.file_name} [{item.file_name}]"
                    + (f" {item.note}" if item.note else "")
                )
        for e in row.endorsements:
            team = f", {e.team_name}" if e.team_name else ""
            w.line(
                f"Endorsed: {level_name(e.level)} by {e.endorser_name or 'a manager'}{team}"
                f" on {_when(e.created_at)}" + (f": {e.comment}" if e.comment else "")
            )
        for step in row.steps:
            w.line(f"Completed step: {_step(step)}")
        w.pdf.ln(3)
    w.line("Completed pathway steps", size=12, bold=True)
    if not pack.steps:
        w.line("None yet.")
    for step in pack.steps:
        w.line(_step(step))
    return bytes(w.pdf.output())
