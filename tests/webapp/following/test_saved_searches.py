"""Saved searches: saved from the search page, listed, renamed, deleted; "my gaps"."""

from following_helpers import save, saved, signed_in
from helpers import answer_all, start_assessment, submit


def test_the_search_page_offers_to_save_the_search_it_shows(client, auth):
    page = client.get("/catalogue?q=python&kind=course").get_data(as_text=True)
    assert "Sign in</a> to save this search" in page
    signed_in(auth)
    page = client.get("/catalogue?q=python&kind=course").get_data(as_text=True)
    assert 'action="/following/searches"' in page
    assert 'value="q=python&amp;kind=course"' in page


def test_a_saved_search_keeps_its_facets_and_opens_the_search_again(client, auth, app):
    signed_in(auth)
    response = save(auth, "q=python&kind=course&format=online-self-paced&page=3&sort=title")
    assert response.status_code == 302
    (search,) = saved(app)
    assert search.name == "Python events"
    assert search.query == "q=python&kind=course&format=online-self-paced"
    page = client.get("/following/searches").get_data(as_text=True)
    assert 'href="/catalogue?q=python&amp;kind=course&amp;format=online-self-paced"' in page
    account = client.get("/me/account").get_data(as_text=True)
    assert 'href="/following/searches"' in account and 'href="/following/feeds"' in account


def test_a_bad_search_is_not_saved_and_says_why(client, auth, app):
    signed_in(auth)
    response = save(auth, "kind=spaceship")
    assert response.status_code == 302
    assert saved(app) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not saved" in page and "kind" in page
    save(auth, "q=python", name="")
    assert saved(app) == []


def test_rename_change_digest_and_delete(client, auth, app):
    signed_in(auth)
    save(auth, "q=shell")
    (search,) = saved(app)
    prefix = f"s{search.id}-"
    response = auth.post(
        f"/following/searches/{search.id}",
        {f"{prefix}name": "Shell lessons", f"{prefix}digest": "weekly"},
        token_url="/following/searches",
    )
    assert response.status_code == 302
    (search,) = saved(app)
    assert (search.name, search.digest) == ("Shell lessons", "weekly")
    bad = auth.post(
        f"/following/searches/{search.id}",
        {f"{prefix}name": "x", f"{prefix}digest": "hourly"},
        token_url="/following/searches",
    )
    assert bad.status_code == 400
    assert saved(app)[0].digest == "weekly"
    auth.post(f"/following/searches/{search.id}/delete", token_url="/following/searches")
    assert saved(app) == []


def test_someone_elses_saved_search_is_not_found(client, auth, app):
    signed_in(auth)
    save(auth, "q=shell")
    (search,) = saved(app)
    auth.logout()
    signed_in(auth, "eve@example.org")
    for url in (
        f"/following/searches/{search.id}",
        f"/following/searches/{search.id}/delete",
        f"/following/searches/{search.id}/feed",
    ):
        assert auth.post(url, token_url="/following/searches").status_code == 404
    assert "shell" not in client.get("/following/searches").get_data(as_text=True)
    assert len(saved(app)) == 1


def test_new_training_for_my_gaps_follows_the_latest_gaps(client, auth, app):
    signed_in(auth)
    response = auth.post("/following/searches/gaps", token_url="/following/searches")
    assert saved(app) == []
    assert "no gaps" in client.get(response.headers["Location"]).get_data(as_text=True)
    assessment = start_assessment(auth, app)
    answer_all(auth, client, assessment, lambda _skill: 1)
    submit(auth, assessment)
    auth.post("/following/searches/gaps", token_url="/following/searches")
    (search,) = saved(app)
    assert search.origin == "gaps"
    assert search.query.startswith("skill=direct%3A")
    results = client.get(f"/catalogue?{search.query}")
    assert results.status_code == 200
    auth.post("/following/searches/gaps", token_url="/following/searches")
    assert len(saved(app)) == 1  # brought up to date, not a second copy
