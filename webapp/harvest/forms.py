"""The form that registers a source."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length

from catalogue.harvest import METHODS
from webapp.core.forms import Form
from webapp.harvest.models import SCHEDULES

__all__ = ["SourceForm", "METHOD_LABELS"]

METHOD_LABELS = {
    "bioschemas-sitemap": "Bioschemas sitemap (sitemap.xml → pages with JSON-LD or microdata)",
    "page": "Single page (JSON-LD, microdata or RDFa)",
    "ical": "iCalendar feed (.ics)",
    "tess": "TeSS JSON-API (paged)",
    "csv": "CSV or TSV at a URL",
    "rss": "RSS or Atom feed",
}


class SourceForm(Form):
    url = StringField(
        "Address (URL)",
        validators=[
            DataRequired(),
            URL(require_tld=False, message="Give an http(s) address."),
            Length(max=1000),
        ],
    )
    method = SelectField("Method", choices=[SelectChoice(m, METHOD_LABELS[m]) for m in METHODS])
    provider = SelectField("Provider", choices=[], validators=[DataRequired()])
    schedule = SelectField(
        "How often", choices=[SelectChoice(s, s) for s in SCHEDULES], default="daily"
    )
    approve = BooleanField("Approve now (trainers and admins)")
