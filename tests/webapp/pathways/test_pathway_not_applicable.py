"""A skill the learner rated "not applicable" is never planned."""

from __future__ import annotations

from helpers import answer_all, skill_ids, start_assessment, submit
from pathway_support import generate, only_pathway


def test_not_applicable_skill_is_not_planned(client, auth, app, small_catalogue):
    k1, k2, k3 = small_catalogue["skills"]
    ids = skill_ids(app)
    na_id = ids[k3.split(":", 1)[1]]
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: "na" if sid == na_id else 0)
    submit(auth, aid)
    assert generate(auth, app).status_code == 302
    with app.app_context():
        row = only_pathway(app)
        keys = {s.resource_key for s in row.steps}
        closed = {c["skill"] for s in row.steps for c in s.closes}
        gaps = {g["skill"] for g in row.result["gaps"]}
        uncovered = {u["skill"] for u in row.result["uncovered"]}
        assert "pw-d" not in keys  # the only resource teaching k3
        assert k3 not in closed | gaps | uncovered
        assert [n["skill"] for n in row.result["not_applicable"]] == [k3]
        pid = row.id
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "Not applicable to you" in html
