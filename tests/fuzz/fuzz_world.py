"""A world of real objects for the fuzz tests and the authorisation matrix.

:func:`build_world` makes, with the app's own services, one object for every URL argument
(an assessment, a pathway, teams, a review, curation items, ...) owned by the "learner";
:func:`url_for_actor` fills a route's arguments from it and :func:`sign_in` gives a client
for each kind of user in :data:`ACTORS`. Import these through ``fuzz_support``.
"""

from __future__ import annotations

from pathfinder_testing import csrf_from, plant_session

from webapp.core.extensions import db

__all__ = ["ACTORS", "build_world", "csrf_token", "routes", "sign_in", "url_for_actor"]

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
    from webapp.core.orm import utcnow
    from webapp.curation.adjustments import add_adjustment, set_consent
    from webapp.curation.models import TagSuggestion
    from webapp.curation.pathway_templates import create_template
    from webapp.curation.role_profiles import create_profile
    from webapp.frameworks.models import (
        CrosswalkMapping,
        FrameworkVersion,
        RoleProfileRow,
        current_framework,
    )
    from webapp.pathways.generation import create_pathway
    from webapp.pathways.inputs import PathwayRequest
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
        done.submitted_at = done.created_at = utcnow()
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

        set_consent(owner, True)
        resource = (
            db.session.execute(
                select(ResourceRow).where(ResourceRow.status != "archived").order_by(ResourceRow.id)
            )
            .scalars()
            .first()
        )
        provider = db.session.get(ProviderRow, resource.provider_id)
        adjustment = add_adjustment(users["trainer"], owner, resource.key, "pin", "Good for you")
        trainer_profile = create_profile(
            users["trainer"], framework, "Matrix profile", "", {next(iter(targets)): 2}
        )
        template = create_template(users["trainer"], profile.key, "Matrix template")
        suggestion = TagSuggestion(resource_key=resource.key, skill_key=framework.skills[0].key)
        mapping = CrosswalkMapping(
            source_key=framework.skills[0].key, target_key=framework.skills[1].key, score=0.5
        )
        db.session.add_all([suggestion, mapping])
        db.session.flush()
        harvest = _harvest_objects(owner, provider, resource)
        following = _following_objects(owner, pathway)
        fw_row = db.session.get(FrameworkVersion, framework.id)
        evidence = _evidence_objects(owner, users["manager_shared"], shared, review, targets)
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
            **harvest,
            **following,
            "profile_id": trainer_profile.id,
            "template_id": template.id,
            "framework_id": fw_row.id,
            "fmt": "yaml",
            "rated_skill": next(iter(targets)),
            "skill_id": next(iter(targets)),
            **evidence,
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


def _harvest_objects(owner, provider, resource) -> dict:
    """A source the owner registered (pending), a run of it, an alert, a near-duplicate."""
    from sqlalchemy import select

    from webapp.catalogue.models import ResourceRow
    from webapp.harvest.models import DuplicatePair, HarvestAlert, HarvestRun, HarvestSource

    source = HarvestSource(
        provider_id=provider.id,
        url="https://matrix.example/sitemap.xml",
        method="bioschemas-sitemap",
        registered_by_id=owner.id,
    )
    db.session.add(source)
    db.session.flush()
    run = HarvestRun(source_id=source.id, status="failed", error="matrix")
    db.session.add(run)
    db.session.flush()
    alert = HarvestAlert(source_id=source.id, run_id=run.id, kind="failed", message="matrix")
    other = (
        db.session.execute(
            select(ResourceRow.id).where(ResourceRow.id != resource.id).order_by(ResourceRow.id)
        )
        .scalars()
        .first()
    )
    pair = DuplicatePair(resource_id=resource.id, other_id=other, reason="matrix")
    db.session.add_all([alert, pair])
    db.session.flush()
    return {"source_id": source.id, "run_id": run.id, "alert_id": alert.id, "pair_id": pair.id}


def _following_objects(owner, pathway) -> dict:
    """The owner's saved search (its unsubscribe link) and a calendar feed of a pathway."""
    from webapp.following.digests import unsubscribe_token
    from webapp.following.models import CalendarFeed, SavedSearch

    search = SavedSearch(user_id=owner.id, name="Matrix search", query="q=shell", digest="daily")
    feed = CalendarFeed(user_id=owner.id, name="Matrix feed", pathway_id=pathway.id)
    db.session.add_all([search, feed])
    db.session.flush()
    return {
        "search_id": search.id,
        "feed_id": feed.id,
        "unsubscribe_token": unsubscribe_token(search),
        "feed_token": feed.token,
    }
def _evidence_objects(owner, manager, team, review, targets) -> dict:
    """An evidence file of the owner's, an endorsement of their rating in the review, and a
    badge issued for it."""
    from webapp.evidence import files
    from webapp.evidence.badges import issue_for_endorsement
    from webapp.evidence.endorsements import endorse
    from webapp.evidence.models import EvidenceItem
    from webapp.frameworks.models import SkillRow
    from webapp.teams.levels import latest_levels

    skill = db.session.get(SkillRow, next(iter(targets)))
    item = EvidenceItem(
        user_id=owner.id,
        skill_id=skill.id,
        kind="file",
        file_name="matrix.txt",
        file_type="text/plain",
        file_size=6,
        stored_name=files.store(b"matrix"),
    )
    db.session.add(item)
    state = latest_levels([owner.id], [skill.id])[(owner.id, skill.id)]
    endorsement = endorse(
        member_id=owner.id,
        skill=skill,
        level=state.level,
        rated_at=state.rated_at,
        endorser=manager,
        team_id=team.id,
        team_name=team.name,
        review_id=review.id,
        comment="",
    )
    badge = issue_for_endorsement(owner, endorsement)
    db.session.flush()
    return {"item_id": item.id, "endorsement_id": endorsement.id, "badge_id": badge.id}


#: Which object a route's ``key`` (or other string) argument names.
ARGUMENTS = {
    "following.unsubscribe": {"token": "unsubscribe_token"},
    "following.calendar": {"token": "feed_token"},
    "assess.bring_back": {"skill_id": "rated_skill"},
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
    # No provider is configured here (tests/webapp/accounts/test_oidc_*.py run real ones).
    "auth.oidc_start": {"provider": "not-configured"},
    "auth.oidc_link": {"provider": "not-configured"},
    "auth.oidc_callback": {"provider": "not-configured"},
    "auth.unlink": {"identity_id": 1},
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
