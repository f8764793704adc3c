"""Catalogue search: same text semantics on SQLite and PostgreSQL, facets, paging, sorting.

Run on both databases (see docs/developing.md); every assertion here holds on each.
"""

from __future__ import annotations

import re

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from catalogue.yaml_io import load_catalogue_dir
from webapp.catalogue.models import ProviderRow, ResourceRow, ResourceSkill
from webapp.catalogue.query import CatalogueQuery, parse_query, query_words
from webapp.catalogue.search import search
from webapp.catalogue.store import BUNDLED_DIR, load_bundled_catalogue
from webapp.core.extensions import db
from webapp.frameworks.crosswalks import mapped_skills
from webapp.frameworks.models import ProfileTarget, RoleProfileRow


def keys(app, **args) -> list[str]:
    args.setdefault("per_page", "100")
    multi = MultiDict(
        [(k, x) for k, v in args.items() for x in (v if isinstance(v, list) else [v])]
    )
    with app.app_context():
        return [row.key for row in search(parse_query(multi), facets=False).rows]


@pytest.fixture
def zoo(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource(
            "test-zebrafish", "Zebrafish imaging basics", description="Microscopy pipelines."
        ),
        make_resource("test-zebra", "Zebra crossings analytics", description="Counting cars."),
        make_resource(
            "test-cafe",
            "Café données ouvertes",
            description="Open data for beginners; courses on the shell.",
            kind="material",
            hours=2,
        ),
        make_resource(
            "test-imaging",
            "Imaging with Python",
            description="Images and zebrafish larvae.",
            kind="event",
            hours=1,
            cost=50,
            currency="EUR",
        ),
    )


def test_bundled_catalogue_is_loaded_with_its_counts(app):
    with app.app_context():
        resources = db.session.execute(select(func.count(ResourceRow.id))).scalar_one()
        providers = db.session.execute(
            select(func.count(func.distinct(ResourceRow.provider_id)))
        ).scalar_one()
        kinds = dict(
            db.session.execute(
                select(ResourceRow.kind, func.count(ResourceRow.id)).group_by(ResourceRow.kind)
            ).all()
        )
        untagged = db.session.execute(
            select(func.count(ResourceRow.id)).where(ResourceRow.untagged.is_(True))
        ).scalar_one()
    expected = load_catalogue_dir(BUNDLED_DIR)
    assert resources == len(expected) >= 250
    assert providers >= 30
    assert kinds.get("mentoring", 0) >= 12
    assert kinds.get("community", 0) >= 20
    assert untagged == sum(1 for r in expected if r.untagged)


def test_reloading_the_bundled_catalogue_changes_nothing(app):
    with app.app_context():
        before = db.session.execute(select(func.count(ResourceSkill.id))).scalar_one()
        report = load_bundled_catalogue()
        db.session.commit()
        after = db.session.execute(select(func.count(ResourceSkill.id))).scalar_one()
    assert report.added == [] and report.updated == []
    assert before == after > 0


def test_query_words_drop_stop_words_and_fold_case_and_accents():
    assert query_words("The CAFÉ, and données!") == ["cafe", "donnees"]


def test_the_last_word_is_a_prefix_and_every_word_matches_first(app, zoo):
    assert set(keys(app, q="zebra")) == {"test-zebrafish", "test-zebra", "test-imaging"}
    # Both words first (in relevance order), then those holding one of them.
    found = keys(app, q="zebrafish imag")
    assert set(found[:2]) == {"test-zebrafish", "test-imaging"}
    assert "test-zebra" not in found  # neither word ("zebra" is not "zebrafish")
    # No resource holds all three: the one holding two comes before those holding one.
    found = keys(app, q="zebrafish larvae crossings")
    assert found[0] == "test-imaging"  # zebrafish + larvae
    assert {"test-zebrafish", "test-zebra"} <= set(found[1:])  # zebrafish; crossings
    assert keys(app, q="crossings analyt")[0] == "test-zebra"  # only one holds both


def test_stemming_stop_words_case_and_accents(app, zoo):
    # "course" finds "courses"; "the"/"on" are ignored; accents and case do not matter.
    assert "test-cafe" in keys(app, q="course")
    assert keys(app, q="the shell on course cafe donnees")[0] == "test-cafe"
    assert keys(app, q="CAFE DONNÉES") == ["test-cafe"]


def test_relevance_puts_stronger_matches_first(app, zoo):
    ranked = keys(app, q="zebrafish")
    assert set(ranked) == {"test-zebrafish", "test-imaging"}


def test_same_results_as_a_reference_on_the_bundled_catalogue(app):
    """Every result holds a query word (stemmed prefix); the first ``every_word`` hold them
    all, on either database."""
    for q in ("python", "version control", "data management", "research software"):
        with app.app_context():
            result = search(parse_query({"q": q, "per_page": "100"}), facets=False)
            texts = [row.search_text.lower() for row in result.rows]
        assert texts, q
        words = query_words(q)
        every = result.every_word if result.every_word is not None else result.total
        assert 0 < every <= result.total, q
        for n, text in enumerate(texts):
            held = sum(bool(re.search(r"\b" + w[:4], text)) for w in words)
            assert held >= (len(words) if n < every else 1), (q, n)


def test_prefix_of_the_last_word_equals_the_full_word_and_more(app):
    assert set(keys(app, q="python")) <= set(keys(app, q="pyth"))


def test_facets_count_with_the_other_filters(app, zoo):
    with app.app_context():
        result = search(parse_query({"q": "zebra"}))
        kinds = {v: n for v, _label, n, _s in result.facets["kind"].values}
        assert kinds == {"course": 2, "event": 1}
        assert sum(kinds.values()) == result.total == 3
        chosen = search(parse_query({"q": "zebra", "kind": "event"}))
        assert chosen.total == 1
        # The kind facet still shows the other kinds (what choosing them would give).
        assert {v: n for v, _l, n, _s in chosen.facets["kind"].values} == kinds
        costs = {v: n for v, _l, n, _s in chosen.facets["cost"].values}
        assert costs == {"paid": 1}
        providers = chosen.facets["provider"].values
        assert providers == (("test-provider", "Test Training Provider", 1, False),)


def test_filters_combine(app, zoo):
    assert keys(app, q="zebra", cost="paid") == ["test-imaging"]
    assert keys(app, q="zebra", cost="free", kind="course", sort="title") == [
        "test-zebra",
        "test-zebrafish",
    ]
    assert keys(app, provider="test-provider", hours_min="1.5") == ["test-cafe"]
    assert keys(app, provider="test-provider", hours_max="1.5", hours_min="1") == ["test-imaging"]
    assert keys(app, provider="test-provider", kind=["material", "event"], sort="duration") == [
        "test-imaging",
        "test-cafe",
    ]


def test_role_profile_facet_finds_training_for_its_skills(app):
    with app.app_context():
        profile = (
            db.session.execute(
                select(RoleProfileRow).where(RoleProfileRow.key == "research-data-steward")
            )
            .scalars()
            .first()
        )
        targets = {t.skill_id for t in profile.targets}
        result = search(CatalogueQuery(profile="research-data-steward", per_page=100))
        assert result.total > 0
        for row in result.rows:
            assert {s.skill_id for s in row.teaches} & targets
        total_active = db.session.execute(
            select(func.count(ResourceRow.id)).where(ResourceRow.status == "active")
        ).scalar_one()
        assert result.total < total_active
        assert db.session.execute(select(func.count(ProfileTarget.id))).scalar_one()


def test_skill_and_area_facets(app):
    found = keys(app, skill="direct:software-version-control")
    assert found
    with app.app_context():
        # The skill itself, or a skill a curated crosswalk maps onto it (HPC CF SD3.1).
        wanted = {"direct:software-version-control"} | {
            k for k, _ in mapped_skills("direct:software-version-control")
        }
        for key in found:
            row = db.session.execute(select(ResourceRow).where(ResourceRow.key == key)).scalar_one()
            assert wanted & {f"{s.skill.framework.key}:{s.skill.key}" for s in row.teaches}
    # The area facet includes every skill below the area (here two levels down).
    area = "direct:software-design-and-development"
    assert keys(app, area=area, skill="direct:software-version-control") == found
    with app.app_context():
        assert search(parse_query({"area": area}), facets=False).total > len(found)
    assert keys(app, skill="direct:no-such-skill") == []


def test_paging_and_sorting(app):
    with app.app_context():
        first = search(parse_query({"per_page": "10"}), facets=False)
        second = search(parse_query({"per_page": "10", "page": "2"}), facets=False)
        assert first.total == second.total > 20
        assert not {r.key for r in first.rows} & {r.key for r in second.rows}
        beyond = search(parse_query({"page": "999"}), facets=False)
        assert beyond.rows == [] and beyond.total == first.total
        by_duration = search(parse_query({"sort": "duration", "per_page": "50"}), facets=False)
        hours = [r.hours for r in by_duration.rows]
        assert hours == sorted(hours)
        reviewed = search(parse_query({"sort": "reviewed", "per_page": "50"}), facets=False)
        dates = [r.last_reviewed for r in reviewed.rows if r.last_reviewed]
        assert dates == sorted(dates, reverse=True)


def test_archived_resources_are_left_out_unless_asked(app, zoo):
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-zebra")
        ).scalar_one()
        row.status = "archived"
        db.session.commit()
    assert "test-zebra" not in keys(app, q="zebra")
    assert "test-zebra" in keys(app, q="zebra", archived="1")


@pytest.mark.parametrize(
    "args",
    [
        {"kind": "book"},
        {"page": "0"},
        {"page": "x"},
        {"per_page": "1000"},
        {"sort": "random"},
        {"hours_min": "-1"},
        {"hours_min": "nan"},
        {"hours_min": "5", "hours_max": "2"},
        {"cost": "cheap"},
        {"skill": "programming"},
        {"q": "x" * 201},
    ],
)
def test_bad_parameters_are_a_clear_400(client, args):
    response = client.get("/catalogue", query_string=args)
    assert response.status_code == 400
    assert "That search could not be run" in response.get_data(as_text=True)


def test_the_search_page_works_without_javascript(client, zoo):
    response = client.get("/catalogue", query_string={"q": "zebra", "kind": "course"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form method="get"' in html and ">Apply filters</button>" in html
    # The scripts only enhance (the menu button; filters apply on change); the button
    # does it without.
    body = html.split("</head>")[1]
    scripts = re.findall(r'<script src="/static/([\w.]+?)(?:\?v=[0-9a-f]+)?" defer>', body)
    assert scripts == ["site.js", "catalogue.js"]
    assert len(re.findall(r"<script", body)) == 2  # no inline script
    assert "Zebrafish imaging basics" in html and "Imaging with Python" not in html
    assert re.search(r'name="kind" value="event"\s*>', html)  # other kinds stay choosable
    assert "2 resources" in html


def test_provider_list_counts(app):
    with app.app_context():
        assert db.session.execute(select(func.count(ProviderRow.id))).scalar_one() >= 30
