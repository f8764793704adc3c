"""The skill wheel names its sectors and can show only the competencies in the targets;
the pathway form tells the truth about where levels come from."""

from __future__ import annotations

import re
from types import SimpleNamespace

from helpers import answer_all, start_assessment, submit

from webapp.assess.models import Assessment
from webapp.core.extensions import db
from webapp.profile.wheel import LABEL_CHARS, short_label, wheel


def _areas(*names: str) -> list[dict]:
    return [
        {"area": SimpleNamespace(name=n), "mean": 2.0, "target": 3.0 if i % 2 else None}
        for i, n in enumerate(names)
    ]


def test_short_labels_cut_at_a_word_with_an_ellipsis():
    assert short_label("Teamwork") == "Teamwork"
    label = short_label("Verbal and written communication")
    assert label.endswith("…") and len(label) <= LABEL_CHARS
    assert "Verbal and written communication".startswith(label[:-1])


def test_every_sector_carries_its_name_readable_on_both_halves():
    names = [f"Competency {i}" for i in range(20)]
    result = wheel(_areas(*names))
    assert [s["name"] for s in result["sectors"]] == names
    assert all(s["label"] == s["name"] for s in result["sectors"])
    for s in result["sectors"]:
        # Labels never turn upside down: rotated within ±90° of horizontal.
        assert -90 <= s["rotate"] <= 90 or 270 <= s["rotate"] <= 450, s
        left = s["label_x"] < result["cx"] - 1
        assert s["anchor"] == ("end" if left else "start")
        assert 0 <= s["label_x"] <= result["size"] and 0 <= s["label_y"] <= result["size"]
    assert wheel(_areas("Only one"))["sectors"][0]["path"]  # a full disc for one competency


def _assess(auth, client, app, *, all_skills: bool) -> int:
    aid = start_assessment(auth, app, all_skills=all_skills)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)
    return aid


def _sector_names(html: str) -> list[str]:
    return re.findall(r'<a href="#wheel-row-\d+" class="wheel-sector" aria-label="([^:"]+):', html)


def test_wheel_can_show_only_competencies_in_my_targets(client, auth, app):
    auth.signup()
    aid = _assess(auth, client, app, all_skills=True)
    everything = client.get("/me/").get_data(as_text=True)
    with app.app_context():
        assessment = db.session.get(Assessment, aid)
        targeted = {t.skill.area.name for p in assessment.targets for t in p.targets}
        rated = {s.area.name for s in assessment.skill_rows()}
    assert set(_sector_names(everything)) == rated
    for name in rated:  # the name is on the wheel (whole or cut) and whole in the table
        assert f">{short_label(name)}</text>" in everything
        assert f"<td>{name}</td>" in everything
    only = client.get("/me/?framework=direct&wheel=targets").get_data(as_text=True)
    assert set(_sector_names(only)) == targeted and targeted < rated
    assert 'wheel=targets" aria-current="true">Only competencies in my targets' in only


def test_pathway_form_does_not_claim_levels_are_zero_after_an_assessment(client, auth, app):
    auth.signup()
    before = client.get("/pathway/").get_data(as_text=True)
    assert "until you have finished one, every skill starts at None" in before
    # An all-skills assessment has no targets, so the form preselects none: still assessed.
    aid = start_assessment(auth, app, profiles=(), all_skills=True)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)
    after = client.get("/pathway/").get_data(as_text=True)
    assert "every skill starts at None" not in after and "counts as level 0" not in after
    assert "Your current levels come from your self-assessment of DIRECT" in after
