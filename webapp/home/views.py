"""Home and about pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from webapp.assess.models import open_assessment, submitted_assessments
from webapp.core.page_cache import cached_page, learner_parts
from webapp.core.security import public
from webapp.frameworks.models import current_frameworks, published_profiles

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def home():
    learners = learner_parts([current_user]) if current_user.is_authenticated else ()
    return cached_page("home", _home, depends=("frameworks",), learners=learners)


def _home() -> str:
    draft = latest = None
    if current_user.is_authenticated:
        draft = open_assessment(current_user.id)
        done = submitted_assessments(current_user.id)
        latest = done[-1] if done else None
    return render_template(
        "home/home.html",
        frameworks=current_frameworks(),
        profiles=published_profiles(),
        draft=draft,
        latest=latest,
    )


@bp.route("/about")
@public
def about():
    return render_template("home/about.html", frameworks=current_frameworks())
