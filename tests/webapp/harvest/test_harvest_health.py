"""Link checks counted in a row (items failing N times leave new pathways, with a warning),
items due for review, curators' edits locked through the edit page, and a real Bioschemas
example served as a page."""

from __future__ import annotations

import json

from catalogue_helpers import add_resources, edit_form_data, make_resource
from harvest_helpers import PROVIDER_KEY, add_source, course_page, harvest
from local_http import Answer, serve
from pathfinder_testing import needs_shared_data
from sqlalchemy import select

from webapp.catalogue.models import ResourceRow, resource_by_key
from webapp.core.extensions import db


def _check_links(app, keys: tuple[str, ...], times: int) -> None:
    """Run the scheduled link-check job ``times`` over these resources only."""
    from webapp.catalogue import cli as catalogue_cli
    from webapp.harvest.jobs import perform

    real = catalogue_cli.check_links

    def only_ours(**kwargs):
        return real(keys=keys, **kwargs)

    catalogue_cli.check_links = only_ours
    try:
        for _ in range(times):
            with app.app_context():
                perform("check-links")
    finally:
        catalogue_cli.check_links = real


def test_links_failing_n_checks_in_a_row_leave_new_pathways_and_show_a_warning(harvesting, client):
    app = harvesting
    with serve({"/ok": Answer(), "/gone": Answer(404, b"gone")}) as server:
        add_resources(
            app,
            make_resource("hv-link-ok", "Link fine", url=server.url + "/ok"),
            make_resource("hv-link-gone", "Link gone", url=server.url + "/gone"),
        )
        _check_links(app, ("hv-link-ok", "hv-link-gone"), 3)
        with app.app_context():
            assert resource_by_key("hv-link-gone").link_failures == 3
            assert resource_by_key("hv-link-ok").link_failures == 0
            from webapp.pathways.engine import active_catalogue

            keys = {r.id for r in active_catalogue()}
            assert "hv-link-ok" in keys and "hv-link-gone" not in keys
    page = client.get("/catalogue/resources/hv-link-gone").get_data(as_text=True)
    assert "data-link-warning" in page
    ok_page = client.get("/catalogue/resources/hv-link-ok").get_data(as_text=True)
    assert "data-link-warning" not in ok_page


def test_a_link_failing_n_times_leaves_the_engines_cached_index(harvesting, monkeypatch):
    """The index pathways are built from is cached per catalogue version: the failing
    checks must move that version on, or the cached index keeps offering the item."""
    app = harvesting
    monkeypatch.setitem(app.config, "HARVEST_LINK_FAILURES", 2)
    from webapp.pathways.engine import catalogue_index

    with serve({"/ok": Answer(), "/gone": Answer(404, b"gone")}) as server:
        add_resources(
            app,
            make_resource("hv-index-ok", "Index fine", url=server.url + "/ok"),
            make_resource("hv-index-gone", "Index gone", url=server.url + "/gone"),
        )
        with app.app_context():
            assert {"hv-index-ok", "hv-index-gone"} <= set(catalogue_index().position)
        _check_links(app, ("hv-index-ok", "hv-index-gone"), 1)
        with app.app_context():  # one failure: still offered
            assert "hv-index-gone" in catalogue_index().position
        _check_links(app, ("hv-index-ok", "hv-index-gone"), 1)
        with app.app_context():
            index = catalogue_index()
            assert "hv-index-gone" not in index.position
            assert "hv-index-ok" in index.position


def test_items_not_reviewed_for_two_years_are_flagged(harvesting):
    app = harvesting
    add_resources(
        app,
        make_resource("hv-old", "Old item", last_reviewed="2023-01-01"),
        make_resource("hv-fresh", "Fresh item", last_reviewed="2026-06-01"),
    )
    with app.app_context():
        from datetime import date

        from webapp.harvest.health import due_for_review

        _total, rows = due_for_review(date(2026, 12, 6), limit=10_000)
        keys = {r.key for r in rows}
        assert "hv-old" in keys and "hv-fresh" not in keys


def test_an_edit_on_the_resource_page_locks_the_field_against_harvests(harvesting, auth):
    app = harvesting
    auth.create_user("trainer@example.org", role="trainer")
    auth.login("trainer@example.org")
    with serve({}) as server:
        server.answers["/c"] = course_page("Editable course", url=server.url + "/c")
        with app.app_context():
            source = add_source(server.url + "/c", "page")
            key = harvest(source).outcomes[0].key
        data = edit_form_data(auth.client, key, provider=PROVIDER_KEY)
        data["description"] = "Curator's words."
        response = auth.client.post(f"/catalogue/resources/{key}/edit", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]
        server.answers["/c"] = course_page(
            "Editable course", url=server.url + "/c", description="Provider's words."
        )
        with app.app_context():
            # Only what the curator changed is locked: the boxes left as they were
            # (eligibility checked, duration estimated) stay open to the provider's feed.
            assert resource_by_key(key).curated_fields == ["description"]
            harvest(source)
            assert resource_by_key(key).description == "Curator's words."


def test_the_official_bioschemas_event_example_is_read_and_its_missing_url_reported(harvesting):
    example = needs_shared_data("bioschemas", "examples", "Event_0.1-DRAFT_example.json")
    doc = json.loads(example.read_text(encoding="utf-8"))
    html = f'<html><script type="application/ld+json">{json.dumps(doc)}</script></html>'
    app = harvesting
    with serve({"/event": Answer(body=html.encode())}) as server, app.app_context():
        report = harvest(add_source(server.url + "/event", "page"))
        assert report.status == "ok"
        [outcome] = report.outcomes
        assert outcome.outcome == "rejected" and "url" in outcome.reason
        assert (
            db.session.execute(select(ResourceRow).where(ResourceRow.title == doc["name"])).first()
            is None
        )
