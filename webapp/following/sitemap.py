"""``/sitemap.xml``: the public catalogue pages for search engines (sitemaps.org 0.9).

Listed: every active resource's page, every provider's page, every current framework and
each of its skills' pages, each with ``lastmod`` from the data (a resource's or provider's
last change, a framework version's import). Past ``SITEMAP_MAX_URLS`` (the protocol allows
50,000 per file) ``/sitemap.xml`` becomes a sitemap index of numbered parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from flask import current_app
from sqlalchemy import select

from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.core.extensions import db
from webapp.core.mail import site_url
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = ["pages", "sitemap_parts", "urlset", "sitemap_index"]

_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def pages() -> Iterator[tuple[str, datetime | None]]:
    """(address, last change) of every public catalogue page, in a stable order."""
    for key, changed in db.session.execute(
        select(ResourceRow.key, ResourceRow.updated_at)
        .where(ResourceRow.status == "active")
        .order_by(ResourceRow.key)
    ):
        yield site_url("catalogue.resource", key=key), changed
    for key, changed in db.session.execute(
        select(ProviderRow.key, ProviderRow.updated_at).order_by(ProviderRow.key)
    ):
        yield site_url("catalogue.provider", key=key), changed
    frameworks = db.session.execute(
        select(FrameworkVersion.id, FrameworkVersion.key, FrameworkVersion.imported_at)
        .where(FrameworkVersion.is_current.is_(True))
        .order_by(FrameworkVersion.key)
    ).all()
    for framework_id, key, imported in frameworks:
        yield site_url("frameworks.show", key=key), imported
        for (skill_key,) in db.session.execute(
            select(SkillRow.key)
            .where(SkillRow.framework_id == framework_id)
            .order_by(SkillRow.position, SkillRow.id)
        ):
            yield site_url("catalogue.skill", key=key, skill_key=skill_key), imported


def sitemap_parts() -> list[list[tuple[str, datetime | None]]]:
    """The pages cut into parts of at most ``SITEMAP_MAX_URLS``."""
    size = current_app.config.get("SITEMAP_MAX_URLS", 50_000)
    everything = list(pages())
    return [everything[i : i + size] for i in range(0, len(everything), size)] or [[]]


def _lastmod(changed: datetime | None) -> str:
    return f"<lastmod>{changed.date().isoformat()}</lastmod>" if changed else ""


def urlset(part: list[tuple[str, datetime | None]]) -> str:
    entries = "".join(
        f"<url><loc>{escape(url)}</loc>{_lastmod(changed)}</url>\n" for url, changed in part
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n{entries}</urlset>\n'


def sitemap_index(parts: list[list[tuple[str, datetime | None]]]) -> str:
    entries = "".join(
        f"<sitemap><loc>{escape(site_url('following.sitemap_part', number=n))}</loc>"
        f"{_lastmod(max((c for _, c in part if c), default=None))}</sitemap>\n"
        for n, part in enumerate(parts, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n'
        f"{entries}</sitemapindex>\n"
    )
