"""The promotion pack: a printable page and a PDF, read back for what a panel needs."""

from __future__ import annotations

import io

from evidence_world import (
    MANAGER,
    MEMBER,
    endorse,
    first_skill,
    login,
    open_review,
    profile_row,
    team_with_member,
)
from pypdf import PdfReader

from webapp.core.orm import utcnow


def _profile_id(app) -> int:
    with app.app_context():
        return profile_row().id


def _world(app, client, auth):
    from evidence_world import completed_pathway

    ids = team_with_member(app, level=2)
    rid = open_review(app, auth, ids)
    sid, key, name = first_skill(app)
    login(auth, MANAGER)
    endorse(auth, rid, sid, 2, comment="Ran the code clinic")
    login(auth, MEMBER)
    url = f"/me/evidence/skills/{sid}"
    auth.post(url + "/notes", {"n-note": "Łukasz and I rewrote the pipeline"}, token_url=url)
    auth.post(
        url + "/links", {"l-url": "https://example.org/talk", "l-title": "My talk"}, token_url=url
    )
    auth.post(url + "/last-used", {"u-last_used": "2026-02-03"}, token_url=url)
    completed_pathway(app, ids["members"][MEMBER], key)
    return name


def test_pack_page_lists_levels_evidence_endorsements_and_completed_steps(app, client, auth):
    name = _world(app, client, auth)
    page = client.get(f"/me/promotion-pack?profile={_profile_id(app)}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    section = html.split(name, 1)[1].split("</section>", 1)[0]
    assert "2 Working" in section
    assert "Łukasz and I rewrote the pipeline" in section and "My talk" in section
    assert "3 Feb 2026" in section
    assert "Morgan Boss" in section and "Ran the code clinic" in section
    assert "Testing course 0" in section and utcnow().strftime("%-d %b %Y") in section
    # Skipped and unfinished steps are not listed as completed.
    assert "Testing course 2" not in html


def test_pack_pdf_reads_back_with_the_same_facts(app, client, auth):
    name = _world(app, client, auth)
    response = client.get(f"/me/promotion-pack.pdf?profile={_profile_id(app)}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "Promotion pack" in flat and name in flat
    assert "Łukasz and I rewrote the pipeline" in flat
    assert "https://example.org/talk" in flat
    assert "Ran the code clinic" in flat and "Morgan Boss" in flat
    assert "Testing course 0" in flat and "03 February 2026" in flat


def test_pack_for_an_unknown_profile_is_a_clear_400(app, client, auth):
    team_with_member(app)
    login(auth, MEMBER)
    assert client.get("/me/promotion-pack").status_code == 200
    for bad in ("abc", "99999999999", "0"):
        response = client.get(f"/me/promotion-pack?profile={bad}")
        assert response.status_code == 400
        assert "Choose one of the published role profiles" in response.get_data(as_text=True)
        assert client.get(f"/me/promotion-pack.pdf?profile={bad}").status_code == 400


def test_pack_offers_each_profile_once_at_its_latest_published_version(app, client, auth):
    """Two published versions of one profile (as a framework import can leave) are one
    choice, the newest; the older id is no longer a choice."""
    from version_helpers import add_profile_version

    from webapp.core.extensions import db

    team_with_member(app)
    with app.app_context():
        old = profile_row()
        newer = add_profile_version(old, bundled=old.bundled, checksum="newer")
        db.session.commit()
        old_id, new_id, name = old.id, newer.id, old.name
    login(auth, MEMBER)
    html = client.get("/me/promotion-pack").get_data(as_text=True)
    assert html.count(f">{name}</option>") == 1
    assert f'value="{new_id}"' in html and f'value="{old_id}"' not in html
    assert client.get(f"/me/promotion-pack?profile={new_id}").status_code == 200
    assert client.get(f"/me/promotion-pack?profile={old_id}").status_code == 400
