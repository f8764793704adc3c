"""Forms of the "My pathway" pages: what to build a pathway for, and a pathway's version."""

from __future__ import annotations

import math

from wtforms import BooleanField, FloatField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from recommender.languages import LANGUAGE_NAMES
from recommender.model import FORMATS
from webapp.core.forms import DistinctSelectMultipleField, Form

__all__ = ["FORMAT_LABELS", "MultiCheckboxField", "PathwayForm", "VersionForm", "split_names"]


FORMAT_LABELS = {
    "online-live": "Online, live",
    "online-self-paced": "Online, self-paced",
    "in-person": "In person",
    "blended": "Blended",
}


class MultiCheckboxField(DistinctSelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _finite(form, field):
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter a number, such as 40 or 12.5.")


def _amount(label: str, maximum: float, unit: str):
    return FloatField(
        label,
        validators=[
            Optional(),
            _finite,
            NumberRange(min=0, max=maximum, message=f"Enter {unit} between 0 and {maximum:g}."),
        ],
    )


def split_names(text: str) -> list[str]:
    """Names in a comma (or semicolon) separated list, each once, in the order given."""
    names = (n.strip() for n in (text or "").replace(";", ",").split(","))
    return list(dict.fromkeys(n for n in names if n))


class PathwayForm(Form):
    """What to build a pathway for. Set :attr:`vocabulary` (lower-case name → name, from
    DIRECT's tools and languages list) before validating ``languages_tools``."""

    vocabulary: dict[str, str] = {}

    profiles = MultiCheckboxField("Targets", coerce=int)
    title = StringField("Name of this pathway (optional)", validators=[Length(max=200)])
    max_hours = _amount("Total hours at most", 10000, "hours")
    hours_per_week = _amount("Hours per week I can spend", 168, "hours per week")
    max_cost = _amount(
        "Total cost at most (leave empty for no limit; 0 = free only)", 1e6, "a cost"
    )
    formats = MultiCheckboxField(
        "Formats",
        choices=[SelectChoice(f, FORMAT_LABELS.get(f, f)) for f in FORMATS],
        default=list(FORMATS),
    )
    include_ongoing = BooleanField("Include mentoring and communities of practice", default=True)
    include_selective = BooleanField(
        "Include programmes with competitive selection or by invitation only", default=False
    )
    memberships = StringField(
        "Memberships I hold (comma-separated, e.g. ELIXIR membership)",
        validators=[Length(max=500)],
    )

    def membership_list(self) -> tuple[str, ...]:
        """The memberships typed in, each once, in the order given."""
        names = (" ".join(m.split()) for m in (self.memberships.data or "").split(","))
        return tuple(dict.fromkeys(n for n in names if n))

    horizon_weeks = FloatField(
        "Plan ahead for (weeks)",
        default=13,
        validators=[
            Optional(),
            _finite,
            NumberRange(min=1, max=520, message="Enter weeks between 1 and 520."),
        ],
    )
    languages_tools = StringField(
        "Languages and tools you use (optional, comma-separated)", validators=[Length(max=500)]
    )

    learning_languages = MultiCheckboxField(
        "Languages I can learn in (optional)",
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default=[],
    )

    def validate_languages_tools(self, field):
        unknown = [n for n in split_names(field.data) if n.lower() not in self.vocabulary]
        if unknown:
            examples = ", ".join(
                self.vocabulary[k] for k in ("python", "r", "git", "julia") if k in self.vocabulary
            )
            raise ValidationError(
                f"Not in DIRECT's list of tools and languages: {', '.join(unknown)}. "
                f"Use names from that list{', such as ' + examples if examples else ''}."
            )

    def chosen_horizon_weeks(self) -> float:
        """The weeks to plan for; three months (13 weeks) when left empty."""
        return 13.0 if self.horizon_weeks.data is None else float(self.horizon_weeks.data)

    def chosen_languages_tools(self) -> tuple[str, ...]:
        """The validated names, spelt as in the vocabulary."""
        names = (self.vocabulary[n.lower()] for n in split_names(self.languages_tools.data))
        return tuple(dict.fromkeys(names))

    def validate_profiles(self, field):
        if not field.data:
            raise ValidationError("Choose at least one target role profile.")

    def validate_formats(self, field):
        if not field.data:
            raise ValidationError("Choose at least one format.")


class VersionForm(Form):
    """Carries the CSRF token and the version of the pathway the page showed."""

    version = HiddenField()
