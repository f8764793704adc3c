"""Problem reports: a signed-in user reports, a trainer sees and closes the report."""

from __future__ import annotations

from webapp.catalogue.models import ProblemReport, ResourceRow
from webapp.core.extensions import db


def a_resource_key(app) -> str:
    with app.app_context():
        return (
            db.session.execute(
                db.select(ResourceRow.key)
                .where(ResourceRow.status == "active")
                .order_by(ResourceRow.key)
            )
            .scalars()
            .first()
        )


def test_trainer_sees_and_closes_reports_and_learners_cannot(client, auth, app):
    key = a_resource_key(app)
    auth.signup()
    page = f"/catalogue/resources/{key}"
    sent = auth.post(
        f"{page}/report",
        {"category": "broken-link", "message": "The link gives 404"},
        token_url=page,
    )
    assert sent.status_code in (302, 303)
    assert client.get("/catalogue/reports").status_code == 403
    auth.logout()
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    html = client.get("/catalogue/reports").get_data(as_text=True)
    assert "The link gives 404" in html and "1 open" in html
    assert "Ada" not in html  # reporters are not shown
    with app.app_context():
        report_id = db.session.execute(db.select(ProblemReport.id)).scalar_one()
    no_token = client.post("/catalogue/reports", data={"report_id": str(report_id)})
    assert no_token.status_code == 400
    closed = auth.post(
        "/catalogue/reports", {"report_id": str(report_id)}, token_url="/catalogue/reports"
    )
    assert closed.status_code == 302
    with app.app_context():
        assert db.session.get(ProblemReport, report_id).status == "closed"
    missing = auth.post(
        "/catalogue/reports", {"report_id": "999999"}, token_url="/catalogue/reports"
    )
    assert missing.status_code == 404
