"""Forms of the evidence pages. Each form on the skill page has its own prefix, so the
fields' ids stay unique on the page."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.core.forms import Form
from webapp.evidence.endorsements import MAX_COMMENT
from webapp.evidence.items import MAX_NOTE, MAX_TITLE, MAX_URL

__all__ = [
    "NoteForm",
    "LinkForm",
    "FileForm",
    "LastUsedForm",
    "EditForm",
    "PackForm",
    "EndorseForm",
]


def _note(label: str = "Note (optional)", required: bool = False) -> TextAreaField:
    checks = [DataRequired()] if required else [Optional()]
    return TextAreaField(label, validators=[*checks, Length(max=MAX_NOTE)])


def _title() -> StringField:
    return StringField("Title (optional)", validators=[Optional(), Length(max=MAX_TITLE)])


class NoteForm(Form):
    note = _note("Note", required=True)


class LinkForm(Form):
    url = StringField("Link (http or https)", validators=[DataRequired(), Length(max=MAX_URL)])
    title = _title()
    note = _note()


class FileForm(Form):
    file = FileField("File (PDF, PNG, JPEG or plain text)", validators=[FileRequired()])
    title = _title()
    note = _note()


class LastUsedForm(Form):
    last_used = DateField("Date I last used this skill", validators=[Optional()])


class EditForm(Form):
    title = _title()
    note = _note("Note")
    url = StringField("Link (http or https)", validators=[Optional(), Length(max=MAX_URL)])


class PackForm(Form):
    class Meta:
        csrf = False  # a GET form: it only chooses what the page shows

    profile = SelectField("Target role profile", coerce=int, validators=[DataRequired()])


class EndorseForm(Form):
    endorse_skill = HiddenField(validators=[DataRequired()])
    #: The level the manager saw ("na" for not applicable); refused if it changed since.
    endorse_level = HiddenField(validators=[DataRequired()])
    comment = StringField("Comment (optional)", validators=[Optional(), Length(max=MAX_COMMENT)])
