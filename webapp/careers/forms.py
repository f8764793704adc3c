"""Forms of the careers pages (each derives from :class:`webapp.core.forms.Form`)."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.careers.models import INSTITUTION_TYPES
from webapp.core.forms import Form

__all__ = ["MakePathwayForm", "OptInForm", "FamilyEditForm", "label", "STAGES"]

#: Career stages a contributor may state (the account's list without "prefer not to say").
STAGES = ("student", "early-career", "mid-career", "senior")


def label(value: str) -> str:
    return value.replace("-", " ").replace("_", " ").capitalize()


class MakePathwayForm(Form):
    family = HiddenField(validators=[InputRequired(), Length(max=128)])
    step = HiddenField(validators=[InputRequired(), Length(max=128)])


class OptInForm(Form):
    career_stage = SelectField(
        "Your career stage",
        choices=[SelectChoice("", "Choose…")] + [SelectChoice(s, label(s)) for s in STAGES],
        validators=[DataRequired(message="Say your career stage: groups are built from it.")],
    )
    institution_type = SelectField(
        "Type of institution (optional)",
        choices=[SelectChoice("", "Prefer not to say")]
        + [SelectChoice(s, label(s)) for s in INSTITUTION_TYPES],
        validators=[Optional()],
    )
    role = SelectField("Your current role in a role family (optional)", validators=[Optional()])
    agree = BooleanField(
        "I agree to add my latest skill levels, anonymously, to the benchmarks",
        validators=[DataRequired(message="Tick the box to opt in.")],
    )


class FamilyEditForm(Form):
    document = TextAreaField(
        "Role family (YAML)",
        validators=[DataRequired(message="The family document is empty."), Length(max=60000)],
        render_kw={"rows": 24, "spellcheck": "false"},
    )
