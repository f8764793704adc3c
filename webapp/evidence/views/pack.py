"""The promotion pack: a printable page and the same as a PDF, for a chosen role profile."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.core.security import login_required
from webapp.evidence.forms import PackForm
from webapp.evidence.pack import promotion_pack
from webapp.evidence.pack_pdf import pack_pdf
from webapp.evidence.views import bp
from webapp.frameworks.models import published_profiles


def _chosen():
    profiles = published_profiles()
    form = PackForm(request.args)
    form.profile.choices = [SelectChoice(p.id, p.name) for p in profiles]
    chosen = None
    if "profile" in request.args:
        if form.validate():
            chosen = next((p for p in profiles if p.id == form.profile.data), None)
        if chosen is None:
            form.profile.errors = ["Choose one of the published role profiles."]
    return form, chosen


@bp.route("/me/promotion-pack")
@login_required
def pack():
    form, profile = _chosen()
    status = 400 if form.profile.errors else 200
    return render_template(
        "evidence/pack.html",
        form=form,
        pack=promotion_pack(current_user, profile) if profile else None,
    ), status


@bp.route("/me/promotion-pack.pdf")
@login_required
def pack_download():
    if "profile" not in request.args:
        return redirect(url_for("evidence.pack"))
    form, profile = _chosen()
    if profile is None:
        return render_template("evidence/pack.html", form=form, pack=None), 400
    body = pack_pdf(promotion_pack(current_user, profile))
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename=promotion-pack-{profile.key}.pdf",
            "Cache-Control": "private, no-store",
        },
    )
