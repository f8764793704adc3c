"""Evidence on ratings: notes, links (http/https only), files checked by content, the date
a skill was last used; only the owner adds, edits, removes and downloads."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from evidence_world import MEMBER, PASSWORD, PDF, PNG, first_skill, login, team_with_member
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.evidence.models import EvidenceItem, SkillUse


def count(app, model=EvidenceItem) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def member(app, auth):
    ids = team_with_member(app)
    login(auth, MEMBER)
    return ids


def upload(auth, sid, name, data, title=""):
    return auth.post(
        f"/me/evidence/skills/{sid}/files",
        {"f-file": (io.BytesIO(data), name), "f-title": title},
        token_url=f"/me/evidence/skills/{sid}",
        content_type="multipart/form-data",
    )


def test_note_and_link_are_added_shown_on_the_profile_edited_and_removed(app, client, auth, member):
    sid, key, name = first_skill(app)
    page = client.get(f"/me/evidence/skills/{sid}")
    assert page.status_code == 200 and name in page.get_data(as_text=True)
    url = f"/me/evidence/skills/{sid}"
    assert (
        auth.post(
            url + "/notes", {"n-note": "Wrote the lab's test suite"}, token_url=url
        ).status_code
        == 302
    )
    assert (
        auth.post(
            url + "/links",
            {"l-url": "https://github.com/example/repo", "l-title": "My repo"},
            token_url=url,
        ).status_code
        == 302
    )
    assert count(app) == 2
    profile = client.get("/me/").get_data(as_text=True)
    assert "2 items" in profile and f"/me/evidence/skills/{sid}" in profile
    with app.app_context():
        link = db.session.execute(
            select(EvidenceItem).where(EvidenceItem.kind == "link")
        ).scalar_one()
        link_id = link.id
    edit = f"/me/evidence/items/{link_id}/edit"
    response = auth.post(
        edit, {"title": "Renamed", "url": "ftp://example.org/x", "note": ""}, token_url=edit
    )
    assert response.status_code == 400 and "http" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(EvidenceItem, link_id).url == "https://github.com/example/repo"
    auth.post(
        edit, {"title": "Renamed", "url": "https://example.org/new", "note": ""}, token_url=edit
    )
    with app.app_context():
        assert db.session.get(EvidenceItem, link_id).title == "Renamed"
    auth.post(f"/me/evidence/items/{link_id}/delete", {}, token_url=url)
    assert count(app) == 1


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "https:///nohost",
        "http://user:pw@example.org/",
        "https://exa mple.org",
        "data:text/html,hi",
        "http://example.org:99999999/",
    ],
)
def test_links_other_than_http_or_https_are_refused_and_nothing_is_written(
    app, client, auth, member, address
):
    sid, _, _ = first_skill(app)
    url = f"/me/evidence/skills/{sid}"
    response = auth.post(url + "/links", {"l-url": address}, token_url=url)
    assert response.status_code == 400
    assert count(app) == 0


def test_files_are_checked_by_content_stored_outside_the_web_root_and_served_to_the_owner_only(
    app, client, auth, member
):
    sid, _, _ = first_skill(app)
    assert upload(auth, sid, "certificate.pdf", PDF, "Certificate").status_code == 302
    assert upload(auth, sid, "screenshot.png", PNG).status_code == 302
    assert upload(auth, sid, "notes.txt", "Retrospective – ünïcode".encode()).status_code == 302
    with app.app_context():
        items = db.session.execute(select(EvidenceItem).order_by(EvidenceItem.id)).scalars().all()
        assert [i.file_type for i in items] == ["application/pdf", "image/png", "text/plain"]
        stored = Path(app.config["EVIDENCE_DIR"]) / items[0].stored_name
        static = Path(app.static_folder).resolve()
        assert stored.read_bytes() == PDF and static not in stored.resolve().parents
        first = items[0].id
    response = client.get(f"/me/evidence/items/{first}/file")
    assert response.status_code == 200 and response.data == PDF
    assert "attachment" in response.headers["Content-Disposition"]
    # Someone else gets a 404, as for an item that does not exist.
    login(auth, "boss@example.org")
    assert client.get(f"/me/evidence/items/{first}/file").status_code == 404
    assert client.get(f"/me/evidence/items/{first}/edit").status_code == 404
    assert auth.post(f"/me/evidence/items/{first}/delete", {}, token_url="/me/").status_code == 404
    # Removing the item removes the file.
    login(auth, MEMBER)
    auth.post(f"/me/evidence/items/{first}/delete", {}, token_url=f"/me/evidence/skills/{sid}")
    assert not stored.exists()


@pytest.mark.parametrize(
    "name,data",
    [
        ("report.pdf", PNG),  # content is a PNG, name says PDF
        ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00binary"),  # an executable
        ("evil.exe", b"plain text"),
        ("page.html", b"<script>alert(1)</script>"),
        ("empty.txt", b""),
        ("big.txt", b"a" * (2 * 1024 * 1024 + 1)),
    ],
)
def test_files_of_other_types_or_too_large_are_refused_and_nothing_is_stored(
    app, client, auth, member, name, data
):
    sid, _, _ = first_skill(app)
    before = set(Path(app.config["EVIDENCE_DIR"]).iterdir())
    response = upload(auth, sid, name, data)
    assert response.status_code in (400, 413)
    assert count(app) == 0
    assert set(Path(app.config["EVIDENCE_DIR"]).iterdir()) == before


def test_last_used_date_is_kept_cleared_and_never_in_the_future(app, client, auth, member):
    sid, key, _ = first_skill(app)
    url = f"/me/evidence/skills/{sid}"
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert (
        auth.post(url + "/last-used", {"u-last_used": tomorrow}, token_url=url).status_code == 400
    )
    assert count(app, SkillUse) == 0
    assert (
        auth.post(url + "/last-used", {"u-last_used": "2026-03-01"}, token_url=url).status_code
        == 302
    )
    assert "last used 1 Mar 2026" in client.get("/me/").get_data(as_text=True)
    assert (
        auth.post(url + "/last-used", {"u-last_used": "not a date"}, token_url=url).status_code
        == 400
    )
    auth.post(url + "/last-used", {"u-last_used": ""}, token_url=url)
    assert count(app, SkillUse) == 0


def test_evidence_only_on_a_rated_skill(app, client, auth, member):
    with app.app_context():
        from evidence_world import target_skills

        from webapp.frameworks.models import current_framework

        rated = set(target_skills())
        other = next(s.id for s in current_framework("direct").skills if s.id not in rated)
    assert client.get(f"/me/evidence/skills/{other}").status_code == 404
    url = f"/me/evidence/skills/{other}"
    assert auth.post(url + "/notes", {"n-note": "x"}, token_url="/me/").status_code == 404
    assert count(app) == 0


def test_deleting_the_account_removes_the_evidence_and_its_files(app, client, auth, member):
    sid, _, _ = first_skill(app)
    upload(auth, sid, "certificate.pdf", PDF)
    with app.app_context():
        stored = (
            Path(app.config["EVIDENCE_DIR"])
            / db.session.execute(select(EvidenceItem.stored_name)).scalar_one()
        )
    assert stored.exists()
    response = auth.post(
        "/me/delete", {"confirm": "DELETE", "password": PASSWORD}, token_url="/me/account"
    )
    assert response.status_code == 302
    assert count(app) == 0 and not stored.exists()
