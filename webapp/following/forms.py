"""Forms of following the catalogue: saving a search, naming it and its digest, a feed."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from webapp.core.forms import Form
from webapp.following.models import DIGESTS

__all__ = ["SaveSearchForm", "SavedSearchForm", "PathwayFeedForm", "DIGEST_LABELS"]

DIGEST_LABELS = {
    "never": "No e-mail",
    "daily": "Daily e-mail of what is new",
    "weekly": "Weekly e-mail of what is new",
}
_DIGESTS = [SelectChoice(name, DIGEST_LABELS[name]) for name in DIGESTS]


class SaveSearchForm(Form):
    """The "Save this search" form beside the results (the query rides along hidden)."""

    name = StringField("Name of this search", validators=[DataRequired(), Length(max=200)])
    query = HiddenField(validators=[Length(max=4000)])
    digest = SelectField("E-mail", choices=_DIGESTS, default="never")


class SavedSearchForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    digest = SelectField("E-mail", choices=_DIGESTS)


class PathwayFeedForm(Form):
    pathway = SelectField("Pathway", choices=[], validators=[DataRequired()])
