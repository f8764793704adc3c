"""Forms of the trainers' workbench: role profile and pathway template editors, a suggestion
for a learner and the learner's consent, the tag and crosswalk queues, admins' framework upload.

Each form checks its own fields; the curation services check the rest (a
:class:`~webapp.curation.errors.CurationError` says why).
"""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.core.forms import Form
from webapp.frameworks.models import SKOS_RELATIONS

__all__ = [
    "ProfileForm",
    "TemplateForm",
    "NewTemplateForm",
    "AdjustmentForm",
    "ConsentForm",
    "AcceptTagForm",
    "DecideMappingForm",
    "CrosswalkSuggestForm",
    "FrameworkUploadForm",
]


class ProfileForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    token = HiddenField()


class TemplateForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    items = TextAreaField(
        "Resources, in order: one catalogue id per line, optionally followed by “| note”",
        validators=[Optional(), Length(max=20000)],
    )
    version_id = HiddenField()
    find = StringField("Find a catalogue resource", validators=[Optional(), Length(max=200)])


class NewTemplateForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    profile_key = SelectField("Role profile", validators=[DataRequired()])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


class AdjustmentForm(Form):
    resource_key = StringField("Catalogue id of the resource", validators=[DataRequired()])
    action = SelectField(
        "Suggestion",
        choices=[
            SelectChoice("pin", "Pin (keep in the pathway)"),
            SelectChoice("exclude", "Exclude (leave out)"),
        ],
    )
    note = TextAreaField("Note for the learner", validators=[DataRequired(), Length(max=2000)])


class ConsentForm(Form):
    allowed = BooleanField("Trainers may suggest items for my pathways")


class AcceptTagForm(Form):
    level = SelectField(
        "Teaches up to level",
        choices=[
            SelectChoice("1", "1 Awareness"),
            SelectChoice("2", "2 Working"),
            SelectChoice("3", "3 Practitioner"),
            SelectChoice("4", "4 Expert"),
        ],
        default="2",
    )


#: What each SKOS relation says, read as "source <relation> target".
RELATION_LABELS = {
    "exactMatch": "exactMatch: the same skill",
    "closeMatch": "closeMatch: nearly the same skill",
    "broadMatch": "broadMatch: the target is broader",
    "narrowMatch": "narrowMatch: the target is narrower",
    "relatedMatch": "relatedMatch: related, not the same",
}


class DecideMappingForm(Form):
    # No default: the curator chooses; nothing (exactMatch least of all) is assumed.
    relation = SelectField(
        "Relation",
        choices=[SelectChoice("", "— choose —")]
        + [SelectChoice(r, RELATION_LABELS.get(r, r)) for r in SKOS_RELATIONS]
        + [SelectChoice("reject", "reject: no link")],
        validators=[DataRequired(message="Choose the relation that holds, or reject.")],
    )


class CrosswalkSuggestForm(Form):
    source = SelectField("From framework")
    target = SelectField("To framework")
    k = IntegerField("Suggestions per skill", default=3, validators=[NumberRange(1, 10)])


class FrameworkUploadForm(Form):
    file = FileField("Framework file", validators=[FileRequired()])
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("case", "1EdTech CASE 1.0 JSON"),
            SelectChoice("moodle", "Moodle competency CSV"),
            SelectChoice("yaml", "Pathfinder YAML"),
        ],
    )
    dry_run = BooleanField("Check only (import nothing)", default=True)
