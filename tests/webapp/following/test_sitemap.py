"""``/sitemap.xml`` lists the public catalogue pages with lastmod; an index past the limit."""

import xml.etree.ElementTree as ET

from following_helpers import add_event, run

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(client, url: str, tag: str = "url") -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    return {
        e.findtext("s:loc", namespaces=NS): e.findtext("s:lastmod", namespaces=NS)
        for e in root.findall(f"s:{tag}", NS)
    }


def test_the_sitemap_lists_resources_providers_frameworks_and_skills(client, app):
    add_event(app, "zanzibar-map", "Zanzibar mapping", run("2027-01-01"))
    locs = _locs(client, "/sitemap.xml")
    assert "http://localhost/catalogue/resources/zanzibar-map" in locs
    assert "http://localhost/catalogue/providers/test-provider" in locs
    assert "http://localhost/frameworks/direct" in locs
    assert any(u.startswith("http://localhost/frameworks/direct/skills/") for u in locs)
    lastmod = locs["http://localhost/catalogue/resources/zanzibar-map"]
    assert len(lastmod) == 10 and lastmod[4] == "-"
    for url in list(locs)[:3]:
        assert client.get(url.replace("http://localhost", "")).status_code == 200


def test_past_the_limit_the_sitemap_is_an_index_of_parts(client, app, monkeypatch):
    everything = _locs(client, "/sitemap.xml")
    monkeypatch.setitem(app.config, "SITEMAP_MAX_URLS", 100)
    parts = _locs(client, "/sitemap.xml", "sitemap")
    assert len(parts) == -(-len(everything) // 100)
    seen = {}
    for part in parts:
        seen.update(_locs(client, part.replace("http://localhost", "")))
    assert seen == everything
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
