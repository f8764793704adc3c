"""Small helpers shared by web tests."""

from __future__ import annotations

import re

from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow, current_framework


def profile_id(app, key: str) -> int:
    with app.app_context():
        row = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == key, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        return row.id


def skill_ids(app, framework: str = "direct") -> dict[str, int]:
    with app.app_context():
        return {s.key: s.id for s in current_framework(framework).skills}


def start_assessment(auth, app, profiles=("research-software-engineer",), all_skills=False):
    data = {"framework": "direct", "profile": [str(profile_id(app, k)) for k in profiles]}
    if all_skills:
        data["all_skills"] = "1"
    response = auth.post("/assess/start", data, token_url="/assess/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    match = re.search(r"/assess/(\d+)/page/1", response.headers["Location"])
    return int(match.group(1))


def page_skill_ids(client, assessment_id: int, number: int) -> list[int]:
    html = client.get(f"/assess/{assessment_id}/page/{number}").get_data(as_text=True)
    return sorted({int(x) for x in re.findall(r'name="level-(\d+)"', html)})


def page_count(client, assessment_id: int) -> int:
    html = client.get(f"/assess/{assessment_id}/page/1").get_data(as_text=True)
    return int(re.search(r"page 1 of (\d+)", html).group(1))


def answer_all(auth, client, assessment_id: int, level_for) -> None:
    """Answer every page; ``level_for(skill_id)`` gives the level (or 'na')."""
    for number in range(1, page_count(client, assessment_id) + 1):
        ids = page_skill_ids(client, assessment_id, number)
        data = {f"level-{i}": str(level_for(i)) for i in ids}
        data["action"] = "next"
        url = f"/assess/{assessment_id}/page/{number}"
        response = auth.post(url, data, token_url=url)
        assert response.status_code == 302


def submit(auth, assessment_id: int):
    url = f"/assess/{assessment_id}/review"
    return auth.post(f"/assess/{assessment_id}/submit", {}, token_url=url)
