"""Forms for curating the catalogue (trainers and admins) and reporting problems.

Each form owns its validation; :meth:`ResourceForm.to_resource` gives the engine object the
store writes, checked once more against the catalogue schema
(:func:`catalogue.yaml_io.resource_problems`).
"""

from __future__ import annotations

import re
from datetime import date

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from recommender.model import (
    FORMATS,
    RESOURCE_KINDS,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)
from webapp.catalogue.labels import FORMAT_LABELS, KIND_LABELS
from webapp.core.forms import DistinctSelectMultipleField, Form

__all__ = [
    "ResourceForm",
    "ProviderForm",
    "ProblemReportForm",
    "CatalogueImportForm",
    "parse_links",
]

ID_RULE = Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message="Use lower-case letters, digits and '-'.")
AUDIENCES = ("early-career", "mid-career", "senior", "student", "any")
REPORT_CATEGORIES = (
    ("broken-link", "The link does not work"),
    ("wrong-facts", "Something on this page is wrong"),
    ("out-of-date", "The training has changed or ended"),
    ("other", "Something else"),
)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _commas(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_links(text: str | None, *, minimum: int) -> list[SkillLink]:
    """Parse lines ``framework:skill level`` (e.g. ``direct:programming 2``).

    A teaches line may add its curated range facts (docs/learning-model.md):
    ``direct:software-testing 2 from 0 strength 0.8 # hands-on lesson``.

    Raises
    ------
    ValueError
        Naming the first line that is not of that form or whose level is out of range.
    """
    links = []
    for number, line in enumerate(_lines(text), start=1):
        match = _LINK.fullmatch(line)
        if not match:
            raise ValueError(f"line {number}: write 'framework:skill level', e.g. direct:git 2")
        level = int(match.group(2))
        if not minimum <= level <= 4:
            raise ValueError(f"line {number}: the level must be {minimum} to 4")
        low = int(match.group(3)) if match.group(3) is not None else None
        if low is not None and low >= level:
            raise ValueError(f"line {number}: 'from' must be below the level")
        strength = float(match.group(4)) if match.group(4) is not None else None
        if strength is not None and strength > 1:
            raise ValueError(f"line {number}: the strength must be 0 to 1")
        note = (match.group(5) or "").strip()
        if len(note) > 500:
            raise ValueError(f"line {number}: the note must be at most 500 characters")
        links.append(SkillLink(match.group(1), level, from_level=low, strength=strength, note=note))
    return links


_LINK = re.compile(
    r"(\S+:\S+)\s+(\d)(?:\s+from\s+(\d))?(?:\s+strength\s+(\d(?:\.\d+)?))?(?:\s*#\s*(.*))?"
)


def links_text(links) -> str:
    def line(link) -> str:
        text = f"{link.skill} {link.level}"
        if getattr(link, "from_level", None) is not None:
            text += f" from {link.from_level}"
        if getattr(link, "strength", None) is not None:
            text += f" strength {link.strength:g}"
        if getattr(link, "note", ""):
            text += f" # {link.note}"
        return text

    return "\n".join(line(link) for link in links)


class ResourceForm(Form):
    key = StringField("Id", validators=[DataRequired(), Length(max=100), ID_RULE])
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    kind = SelectField("Kind", choices=[SelectChoice(k, KIND_LABELS[k]) for k in RESOURCE_KINDS])
    url = URLField("Web address", validators=[DataRequired(), URL(), Length(max=1000)])
    provider = SelectField("Provider", choices=[])
    description = TextAreaField("Description (your own words)", validators=[Length(max=5000)])
    outcomes = TextAreaField("Learning outcomes (one per line)", validators=[Length(max=5000)])
    keywords = StringField("Keywords (comma-separated)", validators=[Length(max=1000)])
    format = SelectField("Format", choices=[SelectChoice(f, FORMAT_LABELS[f]) for f in FORMATS])
    hours = FloatField(
        "Duration in hours (leave empty if not stated)",
        validators=[Optional(), NumberRange(0, 10_000)],
    )
    hours_estimated = BooleanField("The duration is our estimate, not the provider's figure")
    cost = FloatField(
        "Cost (0 = free; leave empty if the price is not stated)",
        validators=[Optional(), NumberRange(0, 1_000_000)],
    )
    currency = StringField(
        "Currency (ISO 4217, e.g. GBP)",
        validators=[Optional(), Regexp(r"^[A-Z]{3}$", message="Three capital letters.")],
    )
    cost_kind = SelectField(
        "Price that is not one amount",
        choices=[
            SelectChoice("", "No: the cost above (or not stated)"),
            SelectChoice("varies", "Varies (options, institution or country)"),
            SelectChoice("membership", "Included in a membership (name it below)"),
        ],
        default="",
    )
    contract_types = StringField(
        "Only for contract types (comma-separated, e.g. permanent, grant-funded)",
        validators=[Length(max=300)],
    )
    institutions = TextAreaField("Only for members of (one institution per line)")
    regions = StringField(
        "Only in regions (ISO country codes, EU or UK, comma-separated)",
        validators=[Length(max=300)],
    )
    career_stages = DistinctSelectMultipleField(
        "Only for career stages", choices=[SelectChoice(a) for a in AUDIENCES]
    )
    membership = StringField(
        "Needs membership (e.g. ELIXIR membership)", validators=[Length(max=300)]
    )
    selection = SelectField(
        "Places given",
        choices=[
            SelectChoice("", "To anyone who signs up"),
            SelectChoice("application", "By application"),
            SelectChoice("competitive", "By competitive selection"),
            SelectChoice("invitation", "By invitation only"),
        ],
        default="",
    )
    eligibility_note = StringField("Eligibility note", validators=[Length(max=1000)])
    eligibility_stated = BooleanField("Checked: who may take part is as stated here")
    language = StringField(
        "Language (e.g. en)",
        default="en",
        validators=[DataRequired(), Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")],
    )
    licence = StringField("Licence (SPDX id)", validators=[Length(max=100)])
    audience = DistinctSelectMultipleField("Audience", choices=[SelectChoice(a) for a in AUDIENCES])
    difficulty = SelectField(
        "Level",
        choices=[
            SelectChoice("", "Not stated"),
            SelectChoice("beginner", "Beginner"),
            SelectChoice("intermediate", "Intermediate"),
            SelectChoice("advanced", "Advanced"),
            SelectChoice("all", "All levels"),
        ],
    )
    last_reviewed = DateField("Last reviewed", validators=[Optional()])
    status = SelectField(
        "Status", choices=[SelectChoice("active", "Active"), SelectChoice("archived", "Archived")]
    )
    source_url = URLField("Where the facts were checked", validators=[Optional(), URL()])
    teaches = TextAreaField(
        "Teaches (one per line: framework:skill level 1–4)", validators=[Length(max=5000)]
    )
    requires = TextAreaField(
        "Requires (one per line: framework:skill level 0–4)", validators=[Length(max=5000)]
    )
    version = HiddenField()

    def __init__(self, *args, known_skills=frozenset(), providers=(), instances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_skills = known_skills
        self.instances = tuple(instances)
        self.provider.choices = [SelectChoice(p.key, p.name) for p in providers]

    def _links(self, field, minimum: int) -> list[SkillLink]:
        try:
            links = parse_links(field.data, minimum=minimum)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        unknown = [link.skill for link in links if link.skill not in self.known_skills]
        if unknown:
            raise ValidationError(f"Unknown skill: {unknown[0]}")
        keys = [link.skill for link in links]
        if len(set(keys)) != len(keys):
            raise ValidationError("A skill is listed twice.")
        return links

    def validate_teaches(self, field):
        self._links(field, 1)

    def validate_requires(self, field):
        self._links(field, 0)

    def validate_currency(self, field):
        if (self.cost.data or 0) > 0 and not field.data:
            raise ValidationError("Give the currency of the cost.")

    def validate_cost_kind(self, field):
        if field.data and self.cost.data is not None:
            raise ValidationError("Give either an amount or a price that is not one amount.")
        if field.data == "membership" and not (self.membership.data or "").strip():
            raise ValidationError("Name the membership the price is included in.")

    def validate_regions(self, field):
        for region in _commas(field.data):
            if not re.fullmatch(r"[A-Z]{2}|EU|UK", region):
                raise ValidationError(f"{region!r} is not a country code, EU or UK.")

    def validate_contract_types(self, field):
        for value in _commas(field.data):
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
                raise ValidationError(f"{value!r}: use lower-case words joined by '-'.")

    def fill(self, resource: Resource, version: int) -> None:
        """Put a stored resource into the form (for GET)."""
        r = resource
        self.key.data = r.id
        self.title.data = r.title
        self.kind.data = r.kind
        self.url.data = r.url
        self.provider.data = r.provider.id if r.provider else None
        self.description.data = r.description
        self.outcomes.data = "\n".join(r.outcomes)
        self.keywords.data = ", ".join(r.keywords)
        self.format.data = r.format
        self.hours.data = r.hours
        self.hours_estimated.data = r.hours_estimated
        self.cost.data = r.cost
        self.currency.data = r.currency
        self.cost_kind.data = r.cost_kind
        self.career_stages.data = list(r.eligibility.career_stages)
        self.membership.data = r.eligibility.membership
        self.selection.data = r.eligibility.selection
        self.eligibility_stated.data = r.eligibility.stated
        self.contract_types.data = ", ".join(r.eligibility.contract_types)
        self.institutions.data = "\n".join(r.eligibility.institutions)
        self.regions.data = ", ".join(r.eligibility.regions)
        self.eligibility_note.data = r.eligibility.note
        self.language.data = r.language
        self.licence.data = r.licence
        self.audience.data = list(r.audience)
        self.difficulty.data = r.difficulty
        self.last_reviewed.data = date.fromisoformat(r.last_reviewed) if r.last_reviewed else None
        self.status.data = r.status
        self.source_url.data = r.source_url
        self.teaches.data = links_text(r.teaches)
        self.requires.data = links_text(r.requires)
        self.version.data = str(version)

    def to_resource(self, provider: Provider | None) -> Resource:
        return Resource(
            id=self.key.data.strip(),
            title=self.title.data.strip(),
            kind=self.kind.data,
            url=self.url.data.strip(),
            provider=provider,
            description=(self.description.data or "").strip(),
            outcomes=tuple(_lines(self.outcomes.data)),
            keywords=tuple(_commas(self.keywords.data)),
            format=self.format.data,
            hours=None if self.hours.data is None else float(self.hours.data),
            hours_estimated=bool(self.hours_estimated.data) and self.hours.data is not None,
            cost=None if self.cost.data is None else float(self.cost.data),
            currency=(self.currency.data or "").strip(),
            cost_kind=self.cost_kind.data or "",
            eligibility=Eligibility(
                contract_types=tuple(_commas(self.contract_types.data)),
                institutions=tuple(_lines(self.institutions.data)),
                regions=tuple(_commas(self.regions.data)),
                career_stages=tuple(self.career_stages.data or ()),
                membership=" ".join((self.membership.data or "").split()),
                selection=self.selection.data or "",
                note=(self.eligibility_note.data or "").strip(),
                stated=bool(self.eligibility_stated.data),
            ),
            language=self.language.data.strip(),
            licence=(self.licence.data or "").strip(),
            audience=tuple(self.audience.data or ()),
            difficulty=self.difficulty.data or "",
            last_reviewed=self.last_reviewed.data.isoformat() if self.last_reviewed.data else "",
            status=self.status.data,
            teaches=tuple(parse_links(self.teaches.data, minimum=1)),
            requires=tuple(parse_links(self.requires.data, minimum=0)),
            instances=tuple(self.instances),
            source_url=(self.source_url.data or "").strip(),
        )


class ProviderForm(Form):
    key = StringField("Id", validators=[DataRequired(), Length(max=100), ID_RULE])
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    url = URLField("Web address", validators=[Optional(), URL(), Length(max=500)])
    country = StringField(
        "Country (ISO 3166 code; empty for international)",
        validators=[Optional(), Regexp(r"^[A-Z]{2}$", message="Two capital letters, e.g. GB.")],
    )
    version = HiddenField()


class CatalogueImportForm(Form):
    file = FileField("File", validators=[FileRequired("Choose a file to import.")])
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("", "Recognise from the file"),
            SelectChoice("bioschemas", "Bioschemas JSON-LD, or a web page that carries it"),
            SelectChoice("tess", "ELIXIR TeSS JSON-API"),
            SelectChoice("csv", "CSV (TeSS materials columns or Pathfinder's)"),
            SelectChoice("yaml", "Pathfinder provider file (YAML)"),
        ],
    )
    skip_invalid = BooleanField("Import the valid records even if others are rejected")
    dry_run = BooleanField("Check only (import nothing)", default=True)


class ProblemReportForm(Form):
    category = SelectField(
        "What is wrong?", choices=[SelectChoice(*item) for item in REPORT_CATEGORIES]
    )
    message = TextAreaField(
        "Details (optional)", validators=[Length(max=2000, message="Use at most 2000 characters.")]
    )
