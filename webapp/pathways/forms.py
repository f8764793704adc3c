"""Forms of the "My pathway" pages: what to build a pathway for, and a pathway's version."""

from __future__ import annotations

import math

from wtforms import BooleanField, FloatField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from recommender.languages import LANGUAGE_NAMES
from recommender.model import FORMATS
from webapp.core.forms import DistinctSelectMultipleField, Form

__all__ = [
    "ASSUMED_PACE",
    "FORMAT_LABELS",
    "MultiCheckboxField",
    "PACE_CHOICES",
    "PathwayForm",
    "VersionForm",
    "split_names",
]


FORMAT_LABELS = {
    "online-live": "Online, live",
    "online-self-paced": "Online, self-paced",
    "in-person": "In person",
    "blended": "Blended",
}


#: The weekly pace assumed for a learner who does not know theirs: about a tenth of a
#: 37.5-hour working week, the share of time many research organisations set aside for
#: professional development. Always shown on the pathway as an assumption.
ASSUMED_PACE = 4.0
UNKNOWN_PACE = "unknown"

#: The weekly paces offered on the pathway form, each with what it means in a week.
PACE_CHOICES = [
    SelectChoice("", "Choose your weekly pace"),
    SelectChoice("1", "1 hour a week: alongside a full workload"),
    SelectChoice("2", "2 hours a week: an afternoon a fortnight"),
    SelectChoice("4", "4 hours a week: about a tenth of a working week"),
    SelectChoice("8", "8 hours a week: a day a week"),
    SelectChoice("20", "20 hours a week: half time"),
    SelectChoice("37.5", "37.5 hours a week: full time, such as a training period"),
    SelectChoice(
        UNKNOWN_PACE, f"I don't know: assume {ASSUMED_PACE:g} hours a week (shown on the pathway)"
    ),
]


def _pace_hours(value) -> float | None:
    """Hours a week for a submitted pace: a listed choice or a number of hours (0, 168]."""
    if value == UNKNOWN_PACE:
        return ASSUMED_PACE
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return None
    return hours if math.isfinite(hours) and 0 < hours <= 168 else None


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
    hours_per_week = SelectField(
        "Hours per week I can spend", choices=PACE_CHOICES, default="", validate_choice=False
    )
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

    def validate_hours_per_week(self, field):
        if not field.data:
            raise ValidationError(
                "Choose your weekly pace, or “I don't know” to plan with an assumed pace: "
                "it decides what fits the next weeks."
            )
        if _pace_hours(field.data) is None:
            raise ValidationError("Choose a weekly pace from the list (hours between 0 and 168).")

    def chosen_pace(self) -> tuple[float, bool]:
        """(hours a week, whether that pace is the assumption for “I don't know”)."""
        hours = _pace_hours(self.hours_per_week.data)
        assert hours is not None, "validated"
        return hours, self.hours_per_week.data == UNKNOWN_PACE

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
