"""Browse frameworks, their skills and the role profiles (no account needed)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from webapp.core.caching import cached_html
from webapp.core.extensions import db
from webapp.core.page_cache import cached_page
from webapp.core.security import public
from webapp.frameworks.browse import area_tree, framework_or_404
from webapp.frameworks.models import (
    FrameworkVersion,
    RoleProfileRow,
    current_frameworks,
    published_profiles,
)

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")


@bp.route("/")
@public
def index():
    return render_template("frameworks/index.html", frameworks=current_frameworks())


@bp.route("/<key>")
@public
def show(key: str):
    # A page in the cache under the current frameworks stamp proves the framework exists:
    # the 404 check runs when the page is built.
    return cached_page("framework", lambda: _show(key), depends=("frameworks",))


def _show(key: str) -> str:
    framework = framework_or_404(key)
    versions = db.session.execute(
        select(FrameworkVersion).where(FrameworkVersion.key == key).order_by(FrameworkVersion.id)
    ).scalars()

    def tree():
        nodes = area_tree(framework)
        return render_template("frameworks/_tree.html", nodes=nodes, open=True, framework=framework)

    return render_template(
        "frameworks/show.html",
        framework=framework,
        tree_html=cached_html("framework-tree-html", ("frameworks",), (framework.id,), tree),
        versions=list(versions),
        profiles=published_profiles(framework.id),
    )


@bp.route("/profiles/<key>")
@public
def profile(key: str):
    rows = [p for p in published_profiles() if p.key == key]
    if not rows:
        abort(404)
    profile = rows[0]
    targets = sorted(profile.targets, key=lambda t: (t.skill.position, t.skill.name))
    return render_template("frameworks/profile.html", profile=profile, targets=targets)


@bp.route("/profiles")
@public
def profiles():
    return render_template("frameworks/profiles.html", profiles=published_profiles())


def profile_by_id(profile_id: int) -> RoleProfileRow:
    row = db.session.get(RoleProfileRow, profile_id)
    if row is None:
        abort(404)
    return row
