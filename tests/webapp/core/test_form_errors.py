"""Every form error is a sentence in our words: the libraries' messages ("Not a valid float
value.", "Invalid choice(s): one or more data inputs could not be coerced.") never reach a
person, whichever form they come from."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, NumberRange

import webapp
from webapp.core.form_errors import in_our_words
from webapp.core.forms import Form

#: What the libraries' own messages look like (none of ours starts like this).
RAW = re.compile(
    r"Not a valid|Invalid|is not a valid choice|could not be coerced|This field is required|"
    r"Field must|Field cannot|Number must|Date must|CSRF"
)


class Everything(Form):
    hours = FloatField("Hours")
    count = IntegerField("Count")
    when = DateField("Date")
    one = SelectField("One", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])
    many = SelectMultipleField(
        "Many", choices=[SelectChoice(1, "One"), SelectChoice(2, "Two")], coerce=int
    )
    some = SelectMultipleField("Some", choices=[SelectChoice("a", "A")])
    needed = StringField("Needed", validators=[DataRequired()])
    short = StringField("Short", validators=[Length(min=2, max=3)])
    at_least = StringField("At least", validators=[Length(min=5)])
    at_most = StringField("At most", validators=[Length(max=2)])
    ranged = FloatField("Ranged", validators=[NumberRange(min=1, max=5)])
    above = FloatField("Above", validators=[NumberRange(min=1)])
    email = EmailField("E-mail", validators=[Email()])
    url = URLField("Address", validators=[URL()])
    password = PasswordField("Password")
    confirm = PasswordField("Again", validators=[EqualTo("password")])


BAD = MultiDict(
    [
        ("hours", "abc"),
        ("count", "1.5"),
        ("when", "31/02/2026"),
        ("one", "zzz"),
        ("many", "x"),
        ("some", "b"),
        ("needed", ""),
        ("short", "abcdef"),
        ("at_least", "ab"),
        ("at_most", "abc"),
        ("ranged", "9"),
        ("above", "0"),
        ("email", "not an address"),
        ("url", "nowhere"),
        ("password", "one"),
        ("confirm", "two"),
    ]
)


def test_every_library_message_becomes_our_sentence(app):
    with app.test_request_context(method="POST"):
        form = Everything(formdata=BAD, meta={"csrf": True})
        assert not form.validate()
        errors = {name: messages for name, messages in form.errors.items()}
    assert set(errors) == set(BAD) - {"password"} | {"csrf_token"}
    for name, messages in errors.items():
        for message in messages:
            assert not RAW.search(message), (name, message)
            assert message[0].isupper() and message.endswith("."), (name, message)
    assert errors["hours"] == ["Enter a number, such as 2 or 2.5."]
    assert errors["many"] == ["Choose only from the options listed."]
    assert errors["some"] == ["Choose only from the options listed (“b” is not one of them)."]
    assert errors["short"] == ["Use between 2 and 3 characters."]
    assert errors["csrf_token"][0].startswith("This form had expired")


def test_our_own_sentences_pass_unchanged():
    assert in_our_words("Give at least one target.") == "Give at least one target."
    assert in_our_words("Not a valid float value.") != "Not a valid float value."


def _webapp_modules():
    for info in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_ours_derives_from_the_base_form():
    _webapp_modules()
    ours = [c for c in _subclasses(FlaskForm) if c.__module__.startswith("webapp.")]
    assert len(ours) > 20
    strays = [f"{c.__module__}.{c.__qualname__}" for c in ours if not issubclass(c, Form)]
    assert strays == [], "derive these from webapp.core.forms.Form"


@pytest.mark.parametrize(
    "data, raw",
    [
        ({"max_hours": "abc"}, "Not a valid float value."),
        ({"profiles": "x"}, "Invalid choice(s)"),
    ],
)
def test_the_pathway_form_speaks_our_words(client, auth, data, raw):
    auth.create_user("pat@example.org")
    auth.login("pat@example.org")
    response = auth.post("/pathway/", data=data, token_url="/pathway/")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert raw not in html
    assert "Enter a number, such as 2 or 2.5." in html or "Choose only from the options" in html


def test_an_unreadable_profile_upload_is_explained_with_the_file_name(app, client, auth):
    import io
    import json

    from webapp.assess.models import Assessment
    from webapp.core.extensions import db

    auth.create_user("una@example.org")
    auth.login("una@example.org")
    bad = json.dumps([{"role": "", "user_data": [{"skill": "x", "skill_level": 1}]}])
    upload = {"prefill": (io.BytesIO(bad.encode()), "my-profile.json")}
    fields = {"framework": "direct", "all_skills": "1", **upload}
    response = auth.post(
        "/assess/start", fields, "/assess/start", content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "In “my-profile.json”, profile 1 has no role name" in html
    assert "&lt;text&gt;" not in html and "<text>" not in html
    assert "missing role" not in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 0
