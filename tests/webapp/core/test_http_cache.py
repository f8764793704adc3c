"""HTTP caching (webapp.core.http_cache): validators on anonymous pages and dumps, never on
personal pages; fingerprinted static files."""

from __future__ import annotations

import re

from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401


def test_anonymous_public_page_has_validators_and_answers_304(client):
    first = client.get("/frameworks/direct")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first.headers["Vary"]
    etag = first.headers["ETag"]
    again = client.get("/frameworks/direct", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/frameworks/direct", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_signed_in_pages_are_never_stored(client, auth):
    auth.signup()
    response = client.get("/frameworks/direct")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert client.get("/me/").headers["Cache-Control"] == "no-store"


def test_catalogue_dump_etag_follows_the_catalogue(app, client, sandbox):  # noqa: F811
    first = client.get("/catalogue.csv")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    unchanged = client.get("/catalogue.csv", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert client.get("/catalogue.csv", headers={"If-Modified-Since": modified}).status_code == 304
    add_resources(app, make_resource("etag-probe", "A resource added after the download"))
    changed = client.get("/catalogue.csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "A resource added after the download" in changed.get_data(as_text=True)
    jsonld = client.get("/catalogue.jsonld")
    assert (
        client.get(
            "/catalogue.jsonld", headers={"If-None-Match": jsonld.headers["ETag"]}
        ).status_code
        == 304
    )


def test_static_urls_are_fingerprinted_and_long_lived(client):
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'href="(/static/pathfinder\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = client.get("/static/pathfinder.css?v=000000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")
