"""The pathway page explains every dependency in words and shows the parallel track."""

from __future__ import annotations

import re

from pathway_support import action, make_pathway, step_of

from recommender.model import Resource, SkillLink
from webapp.core.extensions import db
from webapp.core.templating import LEVEL_NAMES
from webapp.pathways.models import PathwayRow


def page(client, pid) -> str:
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    return re.sub(r"\s+", " ", html)


def test_requires_link_is_explained_with_skill_name_level_name_and_step_number(
    client, auth, app, small_catalogue
):
    pid = make_pathway(client, auth, app)
    k1 = small_catalogue["skills"][0]
    need = next(lk for lk in small_catalogue["resources"][2].requires)  # pw-c requires k1
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        name = row.result["skill_names"][k1]
        (record,) = row.result["dependencies"]["pw-c"]
        assert record["on"] == "pw-a" and record["kind"] == "requires"
    html = page(client, pid)
    sentence = f"Needs {name} at {LEVEL_NAMES[need.level]}, which step 1 brings."
    assert sentence in html
    assert "Comes after:" in html and "1. Course A" in html
    assert "direct:" not in html.split("Comes after:", 1)[1].split("</ul>", 1)[0]


def test_after_a_swap_the_dependency_points_to_the_new_step(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    assert action(auth, pid, f"/steps/{sid}/swap", {"alternative": "pw-b"}).status_code == 302
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        assert step_of(app, "pw-c").depends_on == ["pw-b"]
        assert row.result["dependencies"]["pw-c"][0]["on"] == "pw-b"
    html = page(client, pid)
    assert "1. Course B, in person</a>: Needs" in html


def test_parallel_track_is_shown_alongside_the_courses_with_its_reasons(
    client, auth, app, small_catalogue, monkeypatch
):
    k3 = small_catalogue["skills"][2]
    unstated = Resource(
        "pw-f",
        "Community F",
        "community",
        format="blended",
        cost=0,
        teaches=(SkillLink(k3, 4, from_level=0),),
    )
    from webapp.pathways import engine

    # Mentoring D would take the same gap to its target first, leaving F nothing to
    # raise (every offer alongside raises a gap it is chosen for): F is the only offer.
    resources = [*(r for r in small_catalogue["resources"] if r.id != "pw-d"), unstated]
    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    pid = make_pathway(client, auth, app)
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        parallel = {s.resource_key: s for s in row.parallel_steps}
        assert set(parallel) == {"pw-f"} and parallel["pw-f"].closes
        hours = row.totals()["hours"]
        assert row.totals()["hours_not_counted"] == 1
        assert hours == sum(s.snapshot["hours"] or 0 for s in row.steps if s.resource_key != "pw-f")
    html = page(client, pid)
    track = html.split('id="parallel-title"', 1)[1]
    assert "Alongside your courses" in html
    assert "Community F" in track
    assert "Chosen alongside your courses for" in track
    assert "does not count against your hours budget" in track
    assert "not counting 1 mentoring or community offer alongside" in html


def test_a_sequence_dependency_says_whose_sequence_and_which_lesson():
    from webapp.pathways.dependencies import _sentence

    record = {"on": "x", "kind": "sequence", "skill": "", "level": 2, "reason": "dc-genomics"}
    text = _sentence(record, "step 2")
    assert text == (
        "Comes after step 2: their provider publishes both in one sequence"
        " (dc-genomics), with step 2 as lesson 2."
    )


def test_the_page_states_the_order_to_take_the_main_steps_in(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        n_main = len(row.main_steps)
    assert n_main > 1
    html = page(client, pid)
    order = ", ".join(str(i) for i in range(1, n_main + 1))
    assert f'<p class="hint" id="pw-order">In this order: {order}.' in html
