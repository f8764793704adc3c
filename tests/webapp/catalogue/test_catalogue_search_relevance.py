"""Catalogue search as people type it: ranking when not every word matches, "did you mean",
queries with nothing searchable, and "what I can take". Holds on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401

from recommender.model import Eligibility
from webapp.catalogue.query import parse_query
from webapp.catalogue.search import search
from webapp.core.extensions import db


def run(app, **args):
    args.setdefault("per_page", "100")
    with app.app_context():
        result = search(parse_query(args), facets=False)
        return result, [row.key for row in result.rows]


@pytest.fixture
def lessons(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource("t-both", "Juggling wombats safely", description="Wombat jugglers."),
        make_resource("t-juggling", "Automated juggling", description="Juggles for code."),
        make_resource("t-wombat", "Wombat care for beginners", description="Feeding."),
        make_resource("t-cooking", "Cooking for scientists", description="Recipes."),
        make_resource(
            "t-open",
            "Quokka workshop open to all",
            eligibility=Eligibility(note="Anyone may join."),
        ),
        make_resource(
            "t-uk",
            "Quokka workshop for UK staff",
            eligibility=Eligibility(regions=("uk",)),
        ),
        make_resource(
            "t-members",
            "Quokka workshop for members",
            eligibility=Eligibility(membership="Quokka society"),
        ),
        make_resource("t-unstated", "Quokka workshop, who may join not said"),
    )


def test_all_words_first_then_any_word_with_stemming(app, lessons):
    result, found = run(app, q="wombat juggling")
    assert found[0] == "t-both"  # every word
    # The juggling lesson that does not name wombats is not missed, and comes after.
    assert set(found[1:3]) == {"t-juggling", "t-wombat"}
    assert "t-cooking" not in found
    assert result.every_word == 1
    assert result.partial_from == 1
    # Stemming: "juggles" finds "juggling" (both "juggl").
    _, found = run(app, q="juggles")
    assert {"t-both", "t-juggling"} <= set(found)


def test_other_sorts_keep_every_word_matches_first(app, lessons):
    _, found = run(app, q="wombat juggling", sort="title")
    assert found[0] == "t-both"
    assert found[1:3] == ["t-juggling", "t-wombat"]  # "Automated…" before "Wombat…"


def test_a_misspelled_query_shows_the_closest_spelling_instead_of_nothing(app, lessons):
    result, found = run(app, q="wombta")
    assert result.suggestion == "wombat"
    assert set(found) == {"t-both", "t-wombat"}
    assert result.query.q == "wombta"
    # Words nothing in the catalogue resembles: nothing, and no invented suggestion.
    result, found = run(app, q="xqzvkw")
    assert (result.total, result.suggestion, found) == (0, "", [])


def test_a_query_with_nothing_searchable_says_so_and_is_the_whole_catalogue(app, lessons):
    everything, _ = run(app)
    for q in ("🦄", "the", "!!!"):
        result, _ = run(app, q=q)
        assert result.unsearchable, q
        assert result.total == everything.total
    assert not everything.unsearchable
    assert not run(app, q="wombat")[0].unsearchable


def test_the_page_explains_unsearchable_and_respelled_queries(client, lessons):
    page = client.get("/catalogue", query_string={"q": "🦄"}).get_data(as_text=True)
    assert "Nothing searchable in “🦄”" in page
    assert "in the whole catalogue</h2>" in page
    assert "for “🦄”" not in page
    page = client.get("/catalogue", query_string={"q": "wombta"}).get_data(as_text=True)
    assert "Nothing matches “wombta”. Showing results for" in page
    assert "Juggling wombats safely" in page
    page = client.get("/catalogue", query_string={"q": "wombat juggling"}).get_data(as_text=True)
    assert "Holding some of the words" in page
    assert (
        page.index("Juggling wombats")
        < page.index("Holding some")
        < page.index("Automated juggling")
    )


def _quokkas(client, **args):
    args.update(q="quokka", per_page="100")
    page = client.get("/catalogue", query_string=args).get_data(as_text=True)
    return {k for k in ("t-open", "t-uk", "t-members", "t-unstated") if f'/{k}"' in page}, page


def test_what_i_can_take_uses_the_account_details(app, client, auth, lessons):
    everyone, page = _quokkas(client)
    assert everyone == {"t-open", "t-uk", "t-members", "t-unstated"}
    # Not signed in: the filter says why it does nothing.
    shown, page = _quokkas(client, can_take="1")
    assert shown == everyone
    assert "Sign in to see only what you can take" in page

    auth.create_user("kim@example.org", name="Kim")
    auth.login("kim@example.org")
    shown, page = _quokkas(client, can_take="1")
    assert shown == {"t-open", "t-unstated"}  # not UK, not a member
    assert "do not say who may take part" in page

    from webapp.accounts.models import User

    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email="kim@example.org")).scalar_one()
        user.region = "uk"
        db.session.commit()
    shown, _ = _quokkas(client, can_take="1")
    assert shown == {"t-open", "t-uk", "t-unstated"}


def test_can_take_must_be_a_flag(client):
    response = client.get("/catalogue?can_take=maybe")
    assert response.status_code == 400
    assert "Only what I can take: use 1 or 0." in response.get_data(as_text=True)


def test_the_api_ranks_and_explains_like_the_page(client, lessons):
    body = client.get("/api/v1/resources?q=wombat+juggling&per_page=100").get_json()
    keys = [item["id"] for item in body["data"]]
    assert keys[0] == "t-both" and set(keys[1:3]) == {"t-juggling", "t-wombat"}
    assert body["meta"]["every_word"] == 1
    body = client.get("/api/v1/resources?q=wombta").get_json()
    assert body["meta"]["suggestion"] == "wombat" and body["meta"]["total"] == 2
    body = client.get("/api/v1/resources?q=%F0%9F%A6%84").get_json()
    assert body["meta"]["unsearchable"] is True


@pytest.mark.parametrize(
    "args, sentence",
    [
        (
            {"hours_min": "5", "hours_max": "2"},
            "Duration from: must not be more than “Duration to”.",
        ),
        ({"q": "x" * 201}, "Search text: use at most 200 characters."),
        ({"page": "0"}, "Page: must be between 1 and 10000."),
    ],
)
def test_the_page_names_the_field_a_problem_is_in(client, args, sentence):
    response = client.get("/catalogue", query_string=args)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert sentence in html
    assert "hours_min" not in html.split("That search could not be run")[1][:300]
    # The API keeps the parameter names (its callers write them).
    api = client.get("/api/v1/resources", query_string=args).get_json()
    assert api["error"]["message"].startswith(next(iter(args)) + ":")
