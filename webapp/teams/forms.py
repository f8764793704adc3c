"""Forms of the team pages; each form owns its validation."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.core.forms import Form
from webapp.frameworks.models import published_profiles
from webapp.teams.models import SHARING, SHARING_LABELS

__all__ = [
    "profile_choices",
    "TeamForm",
    "InviteForm",
    "RemoveMemberForm",
    "SharingForm",
    "ProposeReviewForm",
    "ManagerRatingForm",
    "ActionForm",
    "CloseForm",
]


def profile_choices() -> list[SelectChoice]:
    return [SelectChoice(0, "— none —")] + [
        SelectChoice(p.id, f"{p.name} (version {p.version})") for p in published_profiles()
    ]


class TeamForm(Form):
    name = StringField("Team name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description (optional)", validators=[Length(max=2000)])
    profile = SelectField("Role profile the team views compare with", coerce=int)


class InviteForm(Form):
    email = EmailField(
        "E-mail address (optional: leave empty for a link to pass on yourself)",
        validators=[Optional(), Email(), Length(max=254)],
    )


class RemoveMemberForm(Form):
    email = EmailField(
        "E-mail address of the member to remove",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class SharingForm(Form):
    sharing = RadioField(
        "What this team's managers see",
        choices=[SelectChoice(s, SHARING_LABELS[s]) for s in SHARING],
        validators=[DataRequired()],
    )
    share_evidence = BooleanField("With full detail, also show my evidence notes")


class ProposeReviewForm(Form):
    member = SelectField("Member", coerce=int, validators=[Optional()])
    profile = SelectField("Role profile to talk about", coerce=int)
    agenda = TextAreaField("What you would like to talk about", validators=[Length(max=2000)])


class ManagerRatingForm(Form):
    skill = SelectField("Skill", coerce=int)
    level = SelectField(
        "Your rating",
        choices=[
            SelectChoice("0", "0 None"),
            SelectChoice("1", "1 Awareness"),
            SelectChoice("2", "2 Working"),
            SelectChoice("3", "3 Practitioner"),
            SelectChoice("4", "4 Expert"),
            SelectChoice("na", "Not applicable"),
        ],
    )
    comment = TextAreaField("Comment", validators=[Length(max=2000)])


class ActionForm(Form):
    text = TextAreaField("Agreed action", validators=[DataRequired(), Length(max=2000)])
    resource = StringField(
        "Catalogue resource id (optional)", validators=[Optional(), Length(max=128)]
    )


class CloseForm(Form):
    comment = TextAreaField("Closing comment", validators=[Length(max=2000)])
