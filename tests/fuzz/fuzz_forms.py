"""The POST forms of a page, and hypothesis strategies for what people send in them.

:func:`forms_on` parses a page's POST forms with their fields; :func:`form_data_strategy`
generates submissions for one (valid choices, random text and numbers, :data:`NASTY`
strings, missing, repeated and unknown fields). Import these through ``fuzz_support``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

__all__ = ["Field", "Form", "NASTY", "form_data_strategy", "forms_on", "value_strategy"]


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = dataclass_field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    fields: dict[str, Field]

    def signature(self) -> tuple:
        return (self.action, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, a.get("action") or self.page_url))
                self._form = Form(action.path + (f"?{action.query}" if action.query else ""), {})
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                field = self._form.fields.setdefault(name, Field(name, "submit"))
                field.options.append(a.get("value", ""))
                return
            field = self._form.fields.setdefault(name, Field(name, kind, value=a.get("value", "")))
            if kind in ("checkbox", "radio"):
                field.options.append(a.get("value", "on"))
        elif tag == "select":
            self._select = self._form.fields.setdefault(name, Field(name, "select"))
        elif tag == "textarea":
            self._form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[Form]:
    """The POST forms of a page with their fields (submit buttons kept as choices)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


# --------------------------------------------------------------------------- strategies

#: Inputs people (and attackers) actually send.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999999",
    "3.5",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202e\ufeff",
    "😀" * 50,
    "x" * 5000,
    "%s%n{0}",
    "javascript:alert(1)",
    "//evil.example/",
    "[]",
    "{}",
]


def value_strategy(field: Field):
    from hypothesis import strategies as st

    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
    numbers = st.one_of(
        st.integers(-(10**12), 10**12).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )
    choices = [st.sampled_from(NASTY), text, numbers]
    if field.options:
        choices = [st.sampled_from(field.options)] * 3 + choices
    if field.value:
        choices.append(st.just(field.value))
    return st.one_of(choices)


def form_data_strategy(form: Form, keep: frozenset[str] = frozenset({"csrf_token"})):
    """A dict of field → value (or a list for repeated fields); fields may be left out,
    repeated, or joined by an unknown field."""
    from hypothesis import strategies as st

    entries = {}
    for name, field in form.fields.items():
        if name in keep:
            continue
        single = value_strategy(field)
        entries[name] = st.one_of(single, st.none(), st.lists(single, min_size=2, max_size=3))
    base = st.fixed_dictionaries(entries)
    extra = st.dictionaries(
        st.sampled_from(["unknown", "id", "user_id", "role"]), st.text(max_size=5), max_size=1
    )
    return st.tuples(base, extra).map(
        lambda pair: {k: v for k, v in {**pair[0], **pair[1]}.items() if v is not None}
    )
