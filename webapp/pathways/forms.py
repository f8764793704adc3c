"""Forms of the "My pathway" pages: what to build a pathway for, and a pathway's version."""

from __future__ import annotations

import math

from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from recommender.model import FORMATS
from webapp.core.forms import DistinctSelectMultipleField

__all__ = ["FORMAT_LABELS", "MultiCheckboxField", "PathwayForm", "VersionForm"]


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


class PathwayForm(FlaskForm):
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
        "Include programmes that need an application or selection", default=False
    )
    memberships = StringField(
        "Memberships I hold (comma-separated, e.g. ELIXIR membership)",
        validators=[Length(max=500)],
    )

    def membership_list(self) -> tuple[str, ...]:
        """The memberships typed in, each once, in the order given."""
        names = (" ".join(m.split()) for m in (self.memberships.data or "").split(","))
        return tuple(dict.fromkeys(n for n in names if n))

    def validate_profiles(self, field):
        if not field.data:
            raise ValidationError("Choose at least one target role profile.")

    def validate_formats(self, field):
        if not field.data:
            raise ValidationError("Choose at least one format.")


class VersionForm(FlaskForm):
    """Carries the CSRF token and the version of the pathway the page showed."""

    version = HiddenField()
