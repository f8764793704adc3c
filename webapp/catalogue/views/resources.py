"""A resource's page and the provider pages (anyone), and the IRIs of our JSON-LD."""

from __future__ import annotations

import json

from flask import redirect, render_template, url_for
from sqlalchemy import func, select

from catalogue.bioschemas import resource_jsonld
from webapp.catalogue.engine_objects import resource_from_row
from webapp.catalogue.forms import ProblemReportForm
from webapp.catalogue.labels import FORMAT_LABELS, KIND_LABELS, LANGUAGE_NAMES, SELECTION_LABELS
from webapp.catalogue.models import ProviderRow, ResourceRow, providers_with_counts
from webapp.catalogue.store import SkillIndex
from webapp.catalogue.views import bp
from webapp.catalogue.views.lookups import get_provider, get_resource, site_base
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.page_cache import cached_page
from webapp.core.security import public


def jsonld_script(doc: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` block (``<`` escaped)."""
    return json.dumps(doc, ensure_ascii=False, indent=1).replace("<", "\\u003c")


@bp.route("/catalogue/resources/<key>")
@public
def resource(key: str):
    # The lookup (and its 404) runs when the page is built: a page in the cache under the
    # current catalogue stamp proves the resource is there.
    return cached_page("resource", lambda: _resource(key), depends=("catalogue", "frameworks"))


def _resource(key: str) -> str:
    row = get_resource(key)
    skills = SkillIndex()
    doc = resource_jsonld(resource_from_row(row), base_url=site_base(), skill_names=skills.names)
    return render_template(
        "catalogue/resource.html",
        row=row,
        jsonld=jsonld_script(doc),
        report_form=ProblemReportForm(),
        archive_form=EmptyForm(),
        out_of_date=row.may_be_out_of_date(),
        kind_labels=KIND_LABELS,
        format_labels=FORMAT_LABELS,
        language_names=LANGUAGE_NAMES,
        selection_labels=SELECTION_LABELS,
    )


@bp.route("/resources/<key>")
@public
def resource_iri(key: str):
    """The ``@id`` of a resource in our JSON-LD dereferences to its page."""
    return redirect(url_for("catalogue.resource", key=key), code=303)


@bp.route("/providers/<key>")
@public
def provider_iri(key: str):
    return redirect(url_for("catalogue.provider", key=key), code=303)


@bp.route("/catalogue/providers")
@public
def providers():
    rows = providers_with_counts(func.lower(ProviderRow.name))
    return render_template("catalogue/providers.html", rows=rows)


@bp.route("/catalogue/providers/<key>")
@public
def provider(key: str):
    row = get_provider(key)
    resources = list(
        db.session.execute(
            select(ResourceRow)
            .where(ResourceRow.provider_id == row.id)
            .order_by(ResourceRow.status, func.lower(ResourceRow.title))
        ).scalars()
    )
    return render_template(
        "catalogue/provider.html", provider=row, resources=resources, kind_labels=KIND_LABELS
    )
