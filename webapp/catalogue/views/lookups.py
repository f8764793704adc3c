"""Lookups the catalogue's pages share: a resource or provider by key (404 when unknown)."""

from __future__ import annotations

from flask import abort, request

from webapp.catalogue.models import ProviderRow, ResourceRow, provider_by_key
from webapp.catalogue.store import resource_query
from webapp.core.extensions import db


def get_resource(key: str) -> ResourceRow:
    row = db.session.execute(resource_query().where(ResourceRow.key == key)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def get_provider(key: str) -> ProviderRow:
    row = provider_by_key(key)
    if row is None:
        abort(404)
    return row


def site_base() -> str:
    return request.url_root
