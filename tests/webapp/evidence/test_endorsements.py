"""Endorsements in a review, and a member's evidence as their managers may see it."""

from __future__ import annotations

import io

from evidence_world import (
    MANAGER,
    MEMBER,
    PDF,
    endorse,
    first_skill,
    login,
    open_review,
    team_with_member,
)
from sqlalchemy import select

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.evidence.models import Endorsement, EvidenceItem
from webapp.teams.models import AccessRecord, TeamMembership


def endorsements(app) -> list[Endorsement]:
    with app.app_context():
        rows = db.session.execute(select(Endorsement).order_by(Endorsement.id)).scalars().all()
        db.session.expunge_all()
        return rows


def set_sharing(app, uid, sharing, share_evidence=False):
    with app.app_context():
        m = db.session.execute(
            select(TeamMembership).where(TeamMembership.user_id == uid)
        ).scalar_one()
        m.sharing, m.share_evidence = sharing, share_evidence
        db.session.commit()


def test_manager_endorses_a_rating_kept_beside_it_and_the_member_sees_it(app, client, auth):
    ids = team_with_member(app, level=2)
    rid = open_review(app, auth, ids)
    sid, _, name = first_skill(app)
    with app.app_context():
        ratings_before = db.session.execute(select(Rating.id, Rating.level)).all()
    login(auth, MANAGER)
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "Endorse this rating" in page
    assert endorse(auth, rid, sid, 2).status_code == 302
    [row] = endorsements(app)
    uid = ids["members"][MEMBER]
    assert (row.user_id, row.skill_id, row.level, row.endorser_id) == (
        uid,
        sid,
        2,
        ids["manager"],
    )
    assert row.comment == "Led the migration to CI" and row.rating_id is not None
    assert row.endorser_name == "Morgan Boss" and row.team_name == "Platform Team"
    with app.app_context():
        # The rating itself is untouched: no row changed, none added.
        assert db.session.execute(select(Rating.id, Rating.level)).all() == ratings_before
    # The same rating twice in one review is one endorsement.
    assert endorse(auth, rid, sid, 2).status_code == 302
    assert len(endorsements(app)) == 1
    login(auth, MEMBER)
    review_page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "endorsed by Morgan Boss" in review_page and "Endorse this rating" not in review_page
    mine = client.get(f"/me/evidence/skills/{sid}").get_data(as_text=True)
    assert "Morgan Boss" in mine and "Led the migration to CI" in mine
    assert "endorsed" in client.get("/me/").get_data(as_text=True)


def test_endorsing_the_wrong_level_or_without_full_sharing_is_refused(app, client, auth):
    ids = team_with_member(app, sharing="full", level=2)
    rid = open_review(app, auth, ids)
    sid, _, _ = first_skill(app)
    login(auth, MANAGER)
    assert endorse(auth, rid, sid, 3).status_code == 302  # the member's level is 2
    assert endorse(auth, rid, "99999999999", 2).status_code == 302
    assert endorsements(app) == []
    set_sharing(app, ids["members"][MEMBER], "bands")
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "Endorse this rating" not in page
    assert endorse(auth, rid, sid, 2).status_code == 302
    assert endorsements(app) == []
    # A member cannot endorse themselves.
    set_sharing(app, ids["members"][MEMBER], "full")
    login(auth, MEMBER)
    endorse(auth, rid, sid, 2)
    assert endorsements(app) == []


def test_endorsement_stays_with_the_member_when_sharing_ends_and_only_they_remove_it(
    app, client, auth
):
    ids = team_with_member(app, level=2)
    rid = open_review(app, auth, ids)
    sid, _, _ = first_skill(app)
    login(auth, MANAGER)
    endorse(auth, rid, sid, 2)
    [row] = endorsements(app)
    set_sharing(app, ids["members"][MEMBER], "nothing")
    # The manager no longer sees the review (nor the endorsement in it)...
    assert client.get(f"/teams/reviews/{rid}").status_code == 404
    # ... and cannot remove what is now the member's.
    response = auth.post(f"/me/evidence/endorsements/{row.id}/remove", {}, token_url="/me/")
    assert response.status_code == 404
    assert len(endorsements(app)) == 1
    login(auth, MEMBER)
    assert "Morgan Boss" in client.get(f"/me/evidence/skills/{sid}").get_data(as_text=True)
    auth.post(
        f"/me/evidence/endorsements/{row.id}/remove", {}, token_url=f"/me/evidence/skills/{sid}"
    )
    assert endorsements(app) == []


def _add_file(app, auth, sid):
    url = f"/me/evidence/skills/{sid}"
    auth.post(
        url + "/files",
        {"f-file": (io.BytesIO(PDF), "certificate.pdf")},
        token_url=url,
        content_type="multipart/form-data",
    )
    auth.post(url + "/notes", {"n-note": "PRIVATE-NOTE-TEXT"}, token_url=url)
    with app.app_context():
        return db.session.execute(
            select(EvidenceItem.id).where(EvidenceItem.kind == "file")
        ).scalar_one()


def _file_views(app) -> int:
    with app.app_context():
        return len(
            db.session.execute(
                select(AccessRecord).where(AccessRecord.what == "evidence file")
            ).all()
        )


def test_managers_see_evidence_only_where_the_member_shares_it_and_file_views_are_recorded(
    app, client, auth
):
    ids = team_with_member(app, sharing="full", share_evidence=False)
    rid = open_review(app, auth, ids)
    sid, _, _ = first_skill(app)
    login(auth, MEMBER)
    item = _add_file(app, auth, sid)
    assert client.get(f"/teams/reviews/{rid}/evidence/{item}").status_code == 200
    login(auth, MANAGER)
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "PRIVATE-NOTE-TEXT" not in page and "certificate.pdf" not in page
    assert client.get(f"/teams/reviews/{rid}/evidence/{item}").status_code == 404
    assert _file_views(app) == 0
    set_sharing(app, ids["members"][MEMBER], "full", share_evidence=True)
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "PRIVATE-NOTE-TEXT" in page and f"/teams/reviews/{rid}/evidence/{item}" in page
    response = client.get(f"/teams/reviews/{rid}/evidence/{item}")
    assert response.status_code == 200 and response.data == PDF
    assert _file_views(app) == 1
    # The member's own evidence page is still theirs alone.
    assert client.get(f"/me/evidence/items/{item}/file").status_code == 404
    login(auth, MEMBER)
    assert "evidence file" in client.get("/teams/viewed").get_data(as_text=True)
