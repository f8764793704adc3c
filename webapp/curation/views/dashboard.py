"""The trainer's workbench home: their profiles and templates, the bundled profiles, the
frameworks, the queues' sizes and the learners who allow suggestions."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from webapp.core.forms import EmptyForm
from webapp.core.security import role_required
from webapp.curation.adjustments import consenting_learners
from webapp.curation.pathway_templates import trainer_templates
from webapp.curation.queues import queue_counts
from webapp.curation.role_profiles import trainer_profiles
from webapp.curation.views import bp
from webapp.frameworks.models import current_frameworks, published_profiles


@bp.route("/")
@role_required("trainer")
def index():
    return render_template(
        "curation/index.html",
        profiles=trainer_profiles(current_user),
        templates=trainer_templates(current_user),
        bundled=[p for p in published_profiles() if p.bundled],
        frameworks=current_frameworks(),
        counts=queue_counts(),
        learners=consenting_learners(),
        form=EmptyForm(),
    )
