"""Helpers for the fuzz tests and the authorisation matrix (import as ``fuzz_support``).

``db_fingerprint()`` hashes every table's rows in primary-key order, so a test can prove that
a rejected request or file changed nothing at all (not just the row counts).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from pathfinder_testing import csrf_from, plant_session
from sqlalchemy import select

from webapp.core.extensions import db

__all__ = [
    "ACTORS",
    "EXAMPLES",
    "FORM_EXAMPLES",
    "IMPORT_EXAMPLES",
    "build_world",
    "csrf_token",
    "db_fingerprint",
    "fingerprint_diff",
    "routes",
    "settings_for",
    "sign_in",
    "url_for_actor",
]

#: Generated examples per test: small in ``make test``, large in ``make fuzz``.
EXAMPLES = max(1, int(os.environ.get("PATHFINDER_FUZZ_EXAMPLES", "25") or 25))
#: Per form (there are dozens) and per importer: a share of EXAMPLES, capped so that
#: ``make fuzz`` (1000 for the API) stays within an hour; each can be set on its own.
FORM_EXAMPLES = int(
    os.environ.get("PATHFINDER_FUZZ_FORM_EXAMPLES") or max(3, min(EXAMPLES // 5, 100))
)
IMPORT_EXAMPLES = int(os.environ.get("PATHFINDER_FUZZ_IMPORT_EXAMPLES") or min(EXAMPLES, 300))


def db_fingerprint(exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Table name → (row count, SHA-256 of all rows in primary-key order).

    Call inside an app context. The session is expired first so the rows come from the
    database, not from the identity map.
    """
    db.session.expire_all()
    out: dict[str, tuple[int, str]] = {}
    for table in db.metadata.sorted_tables:
        if table.name in exclude:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        # Raw driver rows (no type conversion): several times faster, same information.
        sql = str(select(table).order_by(*order).compile(db.engine))
        rows = db.session.connection().exec_driver_sql(sql).fetchall()
        digest = hashlib.sha256("\n".join(repr(tuple(r)) for r in rows).encode())
        out[table.name] = (len(rows), digest.hexdigest())
    db.session.rollback()
    return out


def fingerprint_diff(before: dict, after: dict) -> list[str]:
    """Names of tables whose rows differ (with their row counts before → after)."""
    changed = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            b = before.get(name, (0, ""))[0]
            a = after.get(name, (0, ""))[0]
            changed.append(f"{name} ({b} → {a} rows)")
    return changed


def settings_for(examples: int | None = None, **kwargs):
    """hypothesis settings for web tests: no deadline (first requests warm caches), no
    database of examples written into the repository, fixtures reused across examples."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples or EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **kwargs,
    )


# --------------------------------------------------------------- a world of real objects

ACTORS = ("anonymous", "learner", "other", "manager_none", "manager_shared", "trainer", "admin")
EMAILS = {
    "learner": "owner@example.org",
    "other": "other@example.org",
    "manager_none": "manager-none@example.org",
    "manager_shared": "manager-shared@example.org",
    "trainer": "trainer@example.org",
    "admin": "admin@example.org",
}
ROLES = {
    "learner": "learner",
    "other": "learner",
    "manager_none": "manager",
    "manager_shared": "manager",
    "trainer": "trainer",
    "admin": "admin",
}
PASSWORD = "correct horse battery"


# --------------------------------------------------------------------------- the objects


def build_world(app) -> dict:
    """Real objects for every URL argument, made with the app's own services."""
    from sqlalchemy import select

    from webapp.accounts.models import PasswordReset, User
    from webapp.assess.models import Assessment, Rating
    from webapp.catalogue.models import ProviderRow, ResourceRow
    from webapp.curation import editing as curation
    from webapp.curation.models import TagSuggestion
    from webapp.frameworks.models import (
        CrosswalkMapping,
        FrameworkVersion,
        RoleProfileRow,
        current_framework,
    )
    from webapp.pathways.planning import PathwayRequest, create_pathway
    from webapp.teams import membership as teams
    from webapp.teams import reviews as teams_reviews
    from webapp.teams.models import TeamMembership

    with app.test_request_context():
        users = {}
        hashed = None
        for actor, email in EMAILS.items():
            user = User(email=email, name=actor.replace("_", " ").title(), role=ROLES[actor])
            if hashed is None:  # one argon2 hash (slow by design) serves every account
                user.set_password(PASSWORD)
                hashed = user.password_hash
            user.password_hash = hashed
            db.session.add(user)
            users[actor] = user
        db.session.flush()
        owner = users["learner"]

        framework = current_framework("direct")
        profile = db.session.execute(
            select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            )
        ).scalar_one()
        targets = profile.target_levels()

        # A submitted assessment (for profile, team and review pages) and a draft one.
        done = Assessment(user_id=owner.id, framework_id=framework.id, status="submitted")
        done.targets = [profile]
        done.submitted_at = done.created_at = curation.utcnow()
        db.session.add(done)
        db.session.flush()
        for skill_id in list(targets)[:8]:
            db.session.add(
                Rating(
                    user_id=owner.id,
                    assessment_id=done.id,
                    skill_id=skill_id,
                    level=1,
                    source="self",
                    author_id=owner.id,
                )
            )
        draft = Assessment(user_id=owner.id, framework_id=framework.id, status="draft")
        draft.targets = [profile]
        db.session.add(draft)

        pathway = create_pathway(owner, PathwayRequest(profiles=(profile,)))
        db.session.flush()
        assert pathway.steps, "the bundled catalogue gave the owner's pathway no steps"

        shared = teams.create_team(users["manager_shared"], "Shared team", "", profile.id)
        hidden = teams.create_team(users["manager_none"], "Private team", "", profile.id)
        db.session.flush()
        db.session.add(
            TeamMembership(team_id=shared.id, user_id=owner.id, role="member", sharing="full")
        )
        db.session.add(
            TeamMembership(team_id=hidden.id, user_id=owner.id, role="member", sharing="nothing")
        )
        db.session.flush()
        invite_shared, link = teams.invite(shared, users["manager_shared"])
        invite_hidden, _ = teams.invite(hidden, users["manager_none"])
        token = link.rsplit("/", 1)[-1]

        review = teams_reviews.propose(shared, users["manager_shared"], owner.id, None, "Agenda")
        db.session.flush()
        teams_reviews.respond(review, owner, "member", True)
        action = teams_reviews.propose_action(review, owner, "Read a book", "")
        db.session.flush()

        curation.set_consent(owner, True)
        resource = (
            db.session.execute(
                select(ResourceRow).where(ResourceRow.status != "archived").order_by(ResourceRow.id)
            )
            .scalars()
            .first()
        )
        provider = db.session.get(ProviderRow, resource.provider_id)
        adjustment = curation.add_adjustment(
            users["trainer"], owner, resource.key, "pin", "Good for you"
        )
        trainer_profile = curation.create_profile(
            users["trainer"], framework, "Matrix profile", "", {next(iter(targets)): 2}
        )
        template = curation.create_template(users["trainer"], profile.key, "Matrix template")
        suggestion = TagSuggestion(resource_key=resource.key, skill_key=framework.skills[0].key)
        mapping = CrosswalkMapping(
            source_key=framework.skills[0].key, target_key=framework.skills[1].key, score=0.5
        )
        db.session.add_all([suggestion, mapping])
        db.session.flush()
        fw_row = db.session.get(FrameworkVersion, framework.id)
        db.session.commit()
        assert PasswordReset  # reset tokens are random; an unknown one is used below

        base = {
            "assessment_id": draft.id,
            "number": 1,
            "pathway_id": pathway.id,
            "step_id": pathway.steps[0].id,
            "team_id": shared.id,
            "invitation_id": invite_shared.id,
            "user_id": owner.id,
            "review_id": review.id,
            "action_id": action.id,
            "adjustment_id": adjustment.id,
            "mapping_id": mapping.id,
            "suggestion_id": suggestion.id,
            "profile_id": trainer_profile.id,
            "template_id": template.id,
            "framework_id": fw_row.id,
            "fmt": "yaml",
            "rated_skill": next(iter(targets)),
            "token": token,
            "filename": "pathfinder.css",
            # ``key`` depends on the route: see KEYS.
            "framework_key": framework.key,
            "skill_key": framework.skills[0].key,
            "resource_key": resource.key,
            "provider_key": provider.key,
            "profile_key": profile.key,
        }
        return {
            "base": base,
            # The manager who is shown nothing opens *their own* team, where the owner is a
            # member sharing nothing: every member page must refuse.
            "overrides": {
                "manager_none": {"team_id": hidden.id, "invitation_id": invite_hidden.id}
            },
            "users": {actor: u.id for actor, u in users.items()},
        }


#: Which object a route's ``key`` (or other string) argument names.
ARGUMENTS = {
    "api.skills": {"key": "framework_key"},
    "api.resource": {"key": "resource_key"},
    "frameworks.show": {"key": "framework_key"},
    "catalogue.skill": {"key": "framework_key"},
    "frameworks.profile": {"key": "profile_key"},
    "coverage.show": {"key": "framework_key"},
    "coverage.export_csv": {"key": "framework_key"},
    "catalogue.resource": {"key": "resource_key"},
    "catalogue.resource_iri": {"key": "resource_key"},
    "catalogue.edit_resource": {"key": "resource_key"},
    "catalogue.archive_resource": {"key": "resource_key"},
    "catalogue.report": {"key": "resource_key"},
    "catalogue.provider": {"key": "provider_key"},
    "catalogue.provider_iri": {"key": "provider_key"},
    "catalogue.edit_provider": {"key": "provider_key"},
}

#: Fixed values for arguments that are not objects of the world.
LITERALS = {
    "auth.reset": {"token": "not-a-reset-token"},
    "auth.confirm": {"token": "not-a-sign-up-token"},
}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            yield rule


def url_for_actor(rule, world: dict, actor: str) -> str:
    values = dict(world["base"])
    values.update(world["overrides"].get(actor, {}))
    for arg, name in ARGUMENTS.get(rule.endpoint, {}).items():
        values[arg] = values[name]
    values.update(LITERALS.get(rule.endpoint, {}))
    missing = [
        a
        for a in rule.arguments
        if a not in values or a == "key" and "key" not in ARGUMENTS.get(rule.endpoint, {})
    ]
    assert not missing, f"{rule.endpoint}: say in ARGUMENTS which object {missing} names"
    return rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]


def sign_in(app, world: dict, actor: str):
    """A client for ``actor``. Signing in through the form is tested in test_auth.py; here
    the session is set as Flask-Login would (argon2 verification is slow by design)."""
    from webapp.accounts.models import User

    client = app.test_client()
    if actor != "anonymous":
        with app.app_context():
            session_id = db.session.get(User, world["users"][actor]).get_id()
        plant_session(client, session_id)
    return client


def csrf_token(client) -> str:
    html = client.get("/").get_data(as_text=True)
    if 'name="csrf_token"' not in html:  # signed out: the home page has no form
        html = client.get("/auth/login").get_data(as_text=True)
    return csrf_from(html)


# --------------------------------------------------------------------------- HTML forms


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = dataclass_field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    fields: dict[str, Field]

    def signature(self) -> tuple:
        return (self.action, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, a.get("action") or self.page_url))
                self._form = Form(action.path + (f"?{action.query}" if action.query else ""), {})
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                field = self._form.fields.setdefault(name, Field(name, "submit"))
                field.options.append(a.get("value", ""))
                return
            field = self._form.fields.setdefault(name, Field(name, kind, value=a.get("value", "")))
            if kind in ("checkbox", "radio"):
                field.options.append(a.get("value", "on"))
        elif tag == "select":
            self._select = self._form.fields.setdefault(name, Field(name, "select"))
        elif tag == "textarea":
            self._form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[Form]:
    """The POST forms of a page with their fields (submit buttons kept as choices)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


# --------------------------------------------------------------------------- strategies

#: Inputs people (and attackers) actually send.
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999999",
    "3.5",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202e\ufeff",
    "😀" * 50,
    "x" * 5000,
    "%s%n{0}",
    "javascript:alert(1)",
    "//evil.example/",
    "[]",
    "{}",
]


def value_strategy(field: Field):
    from hypothesis import strategies as st

    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
    numbers = st.one_of(
        st.integers(-(10**12), 10**12).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )
    choices = [st.sampled_from(NASTY), text, numbers]
    if field.options:
        choices = [st.sampled_from(field.options)] * 3 + choices
    if field.value:
        choices.append(st.just(field.value))
    return st.one_of(choices)


def form_data_strategy(form: Form, keep: frozenset[str] = frozenset({"csrf_token"})):
    """A dict of field → value (or a list for repeated fields); fields may be left out,
    repeated, or joined by an unknown field."""
    from hypothesis import strategies as st

    entries = {}
    for name, field in form.fields.items():
        if name in keep:
            continue
        single = value_strategy(field)
        entries[name] = st.one_of(single, st.none(), st.lists(single, min_size=2, max_size=3))
    base = st.fixed_dictionaries(entries)
    extra = st.dictionaries(
        st.sampled_from(["unknown", "id", "user_id", "role"]), st.text(max_size=5), max_size=1
    )
    return st.tuples(base, extra).map(
        lambda pair: {k: v for k, v in {**pair[0], **pair[1]}.items() if v is not None}
    )
