"""Fixtures and factories for catalogue tests.

The catalogue tables are reference tables (kept between tests), so ``sandbox`` removes every
provider and resource a test adds, and :func:`add_resources` builds test resources through
the same store the app uses.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from recommender.model import Provider, Resource, SkillLink
from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.catalogue.store import SkillIndex, store_resource
from webapp.core.extensions import db

TEST_PROVIDER = Provider("test-provider", "Test Training Provider", "https://test.example/", "GB")


@pytest.fixture
def sandbox(app):
    """Delete the providers and resources a test adds (bundled rows are left alone)."""
    with app.app_context():
        max_resource = db.session.execute(select(func.max(ResourceRow.id))).scalar() or 0
        max_provider = db.session.execute(select(func.max(ProviderRow.id))).scalar() or 0
    yield
    with app.app_context():
        db.session.rollback()
        db.session.execute(delete(ResourceRow).where(ResourceRow.id > max_resource))
        db.session.execute(delete(ProviderRow).where(ProviderRow.id > max_provider))
        db.session.commit()


def make_resource(key: str, title: str, **fields) -> Resource:
    fields.setdefault("url", f"https://test.example/{key}")
    fields.setdefault("provider", TEST_PROVIDER)
    fields.setdefault("kind", "course")
    fields.setdefault("last_reviewed", "2026-11-01")
    # Test resources state that they are free unless a test says otherwise (cost=None: the
    # price is not stated).
    fields.setdefault("cost", 0.0)
    teaches = fields.pop("teaches", ())
    return Resource(
        id=key,
        title=title,
        teaches=tuple(SkillLink(k, v) for k, v in teaches),
        **fields,
    )


def add_resources(app, *resources: Resource) -> None:
    with app.app_context():
        skills = SkillIndex()
        providers: dict = {}
        for resource in resources:
            store_resource(resource, skills, providers=providers)
        db.session.commit()


def resource_count(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.execute(select(func.count(ResourceRow.id))).scalar_one(),
            db.session.execute(select(func.count(ProviderRow.id))).scalar_one(),
        )


def jsonld_course(name: str, **extra) -> dict:
    """A schema.org Course as a provider publishes it, teaching one DIRECT skill."""
    return {
        "@type": "Course",
        "name": name,
        "url": f"https://import.example/{name.lower().replace(' ', '-')}",
        "description": f"About {name}.",
        "provider": {"@type": "Organization", "name": "Import Test Org"},
        "timeRequired": "PT2H",
        "teaches": [
            {"@type": "DefinedTerm", "termCode": "direct:software-version-control", "name": "x"}
        ],
        **extra,
    }


def edit_form_data(client, key: str, provider: str = "test-provider") -> dict:
    """The resource edit form as its page fills it, ready to change and post back."""
    import re

    from pathfinder_testing import csrf_from

    html = client.get(f"/catalogue/resources/{key}/edit").get_data(as_text=True)
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        # As a browser does: a checkbox is sent only when it is ticked.
        if 'type="checkbox"' in tag and " checked" not in tag:
            continue
        named = re.search(r'name="([a-z_]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if named and value:
            fields[named.group(1)] = value.group(1)
    fields["csrf_token"] = csrf_from(html)
    for name in ("description", "outcomes", "institutions", "teaches", "requires"):
        match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S)
        fields[name] = match.group(1) if match else ""
    fields.update(kind="course", format="online-self-paced", status="active", difficulty="")
    fields["provider"] = provider
    return fields
