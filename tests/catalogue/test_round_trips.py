"""Every writer's output reads back to the same resources (property-based)."""

from __future__ import annotations

import datetime
import json

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from catalogue.bioschemas import read_jsonld, to_jsonld
from catalogue.csv_io import read_csv, to_csv
from catalogue.tess import read_tess_pages, to_tess
from catalogue.yaml_io import dump_provider_file, load_provider_text
from recommender.model import (
    FORMATS,
    RESOURCE_KINDS,
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)

# Text as people write it in a catalogue: no surrounding spaces, no backslashes or '|'
# (CSV escape and instance separators), not wrapped in double quotes (see catalogue-csv.md).
# Text may start like a spreadsheet formula (=+-@): CSV escapes it and reads it back.
_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 ,.;:'\"()&<>/-éß–=+@"))
text = (
    st.text(_CHARS, min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda s: s and not (s.startswith('"') and s.endswith('"')))
)
slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
url = slug.map(lambda s: f"https://{s}.example/{s}")
date = st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31)).map(datetime.date.isoformat)
skill = st.tuples(st.sampled_from(["direct", "hpccf", "de-rse"]), slug).map(":".join)


def links(low):
    return st.lists(
        st.tuples(skill, st.integers(low, 4)), max_size=3, unique_by=lambda x: x[0]
    ).map(lambda items: tuple(SkillLink(k, v) for k, v in items))


providers = st.builds(
    Provider,
    id=slug,
    name=text,
    url=st.one_of(st.just(""), url),
    country=st.sampled_from(["", "GB", "DE", "NL"]),
)
instances = st.builds(
    lambda start, days, location, mode, u: CourseInstance(
        start, (start if days is None else _plus(start, days)), location, mode, u
    ),
    date,
    st.one_of(st.none(), st.integers(0, 5)),
    st.one_of(st.just(""), text),
    st.sampled_from(("",) + FORMATS),
    st.one_of(st.just(""), url),
)


def _plus(start: str, days: int) -> str:
    return (datetime.date.fromisoformat(start) + datetime.timedelta(days=days)).isoformat()


resources = st.builds(
    Resource,
    id=slug,
    title=text,
    kind=st.sampled_from(RESOURCE_KINDS),
    url=url,
    provider=providers,
    # Readers take descriptions holding HTML tags as HTML (providers publish them so), so a
    # plain description with "<...>" in it cannot survive a round trip unchanged.
    description=st.one_of(st.just(""), text.filter(lambda s: "<" not in s)),
    outcomes=st.lists(text, max_size=3, unique=True).map(tuple),
    keywords=st.lists(text, max_size=4, unique=True).map(tuple),
    format=st.sampled_from(FORMATS),
    # None: not stated; every writer must keep it unknown (never 0 h, never free).
    hours=st.one_of(st.none(), st.integers(0, 400).map(lambda q: q / 4)),
    hours_estimated=st.booleans(),
    cost=st.one_of(st.none(), st.just(0.0), st.integers(1, 100000).map(lambda c: c / 100)),
    currency=st.sampled_from(["", "GBP", "EUR"]),
    cost_kind=st.sampled_from(["", "", "varies", "membership"]),
    eligibility=st.builds(
        Eligibility,
        contract_types=st.lists(slug, max_size=2, unique=True).map(tuple),
        institutions=st.lists(text, max_size=2, unique=True).map(tuple),
        regions=st.lists(st.sampled_from(["UK", "EU", "DE"]), max_size=2, unique=True).map(tuple),
        note=st.one_of(st.just(""), text),
        career_stages=st.lists(
            st.sampled_from(["student", "early-career", "senior", "any"]), max_size=2, unique=True
        ).map(tuple),
        membership=st.one_of(st.just(""), text),
        selection=st.sampled_from(["", "application", "competitive", "invitation"]),
        stated=st.booleans(),
    ),
    language=st.sampled_from(["en", "de", "cy", "es"]),
    licence=st.sampled_from(["", "CC-BY-4.0", "MIT", "CC0-1.0", "All rights reserved"]),
    audience=st.lists(
        st.sampled_from(["early-career", "mid-career", "senior", "student", "any"]),
        max_size=3,
        unique=True,
    ).map(tuple),
    difficulty=st.sampled_from(["", "beginner", "intermediate", "advanced"]),
    last_reviewed=st.one_of(st.just(""), date),
    status=st.sampled_from(["active", "archived"]),
    teaches=links(1),
    requires=links(0),
    instances=st.lists(instances, max_size=3).map(tuple),
    source_url=st.one_of(st.just(""), url),
).map(lambda r: _consistent(r))


def _consistent(r: Resource) -> Resource:
    """No currency without a price; an estimate flag only on stated hours; a price that
    is not one amount has no amount, and a membership price names its membership."""
    import dataclasses

    if r.cost_kind:
        r = dataclasses.replace(r, cost=None)
    if r.cost_kind == "membership" and not r.eligibility.membership:
        r = dataclasses.replace(
            r, eligibility=dataclasses.replace(r.eligibility, membership="X membership")
        )
    if not r.cost or r.cost_kind:
        r = dataclasses.replace(r, currency="")
    return r if r.hours is not None else dataclasses.replace(r, hours_estimated=False)


catalogues = st.lists(resources, min_size=1, max_size=4, unique_by=lambda r: r.id)
# No shrinking phase: these strategies are large and shrinking them takes minutes; a failure
# still prints the (unshrunk) example.
checks = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)


@checks
@given(catalogues)
def test_bioschemas(items):
    assert read_jsonld(json.dumps(to_jsonld(items))).resources == items


@checks
@given(catalogues)
def test_tess(items):
    assert read_tess_pages([json.dumps(to_tess(items))]).resources == items


@checks
@given(catalogues)
def test_csv(items):
    assert read_csv(to_csv(items)).resources == items


@checks
@given(catalogues.map(lambda items: [r for r in items if r.currency or not r.cost]), providers)
def test_yaml(items, provider):
    import dataclasses

    items = [dataclasses.replace(r, provider=provider) for r in items]
    meta = {"source_url": "https://x.example/", "retrieved": "2026-11-25", "licence": "CC0-1.0"}
    assert load_provider_text(dump_provider_file(provider, items, meta))[1] == items
