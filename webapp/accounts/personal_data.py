"""What "Export my data" holds: exactly the person's own records and what others share with
them now, table by table — never a walk over foreign keys (:mod:`webapp.accounts.data_export`
reads them).

:data:`POLICY` names, for every table that can hold someone's personal data, which rows go
out (each :class:`Rule` is either *mine* — I own the row, or it is about me — or *shared with
me now* — someone else chose to let me see it and still does) and which columns of them.
Columns nobody gets are listed as ``withheld``; secrets (password hash, session token, token
hashes) are always withheld. :data:`NOT_PERSONAL` lists the reference tables, which hold
nobody's personal data. A test checks that every table of the schema is in exactly one of
the two and every column of a personal table is exported or withheld, so a new table or
column is left out until someone decides what it is.

People other than the requester appear only as far as they share with the requester now:
members who share bands or full detail with a team the requester manages (their name, and
the reviews and ratings of those members the requester takes part in), and learners who let
trainers suggest (the requester's suggestions for them). Their e-mail addresses never do.

Tables are read by name from the metadata because every feature imports ``accounts``;
importing them here would make a cycle. This module is where each feature's privacy policy
is written down; keep it beside the models when they change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Table, func, select

from webapp.accounts.shared_now import (
    consenting_learners,
    managed_teams,
    member_reviews,
    my_teams,
    reviews_shared_with,
    sharers_with,
    sharing_now,
    table,
)
from webapp.core.orm import utcnow

__all__ = [
    "Rule",
    "TablePolicy",
    "mine",
    "shared",
    "POLICY",
    "NOT_PERSONAL",
    "SECRET_COLUMNS",
]

#: Never exported, whatever the table.
SECRET_COLUMNS = frozenset({"password_hash", "session_token", "token_hash"})

#: Reference data: frameworks, role profiles and the catalogue as published. Role profiles
#: a person wrote are in :data:`POLICY` (``role_profile``) through their author.
NOT_PERSONAL = frozenset(
    {
        "framework",
        "framework_area",
        "skill",
        "provider",
        "resource",
        "resource_skill",
        "course_instance",
        # Harvesting (webapp.harvest): runs and what they read, listings, alerts, schedules.
        "harvest_run",
        "harvest_record",
        "harvest_listing",
        "harvest_alert",
        "scheduled_job",
        "cache_version",  # version stamps of cached data (webapp.core.caching)
    }
)


Where = Callable[[Table, int], ColumnElement[bool]]


@dataclass(frozen=True)
class Rule:
    """Rows of one table that go out to the requester, and which of their columns.

    ``rows(t, user_id)`` is the WHERE clause over table ``t``; ``shared`` says the rows are
    someone else's, shared with the requester now (otherwise they are the requester's own).
    """

    rows: Where
    columns: tuple[str, ...]
    shared: bool = False


@dataclass(frozen=True)
class TablePolicy:
    table: str
    rules: tuple[Rule, ...]
    #: Columns no rule exports, on purpose (secrets, other people's ids, bookkeeping).
    withheld: frozenset[str] = frozenset()


def _policy(table_name: str, *rules: Rule, withheld: str = "") -> TablePolicy:
    return TablePolicy(table_name, rules, frozenset(withheld.split()))


def mine(rows: str | Where, columns: str) -> Rule:
    """The requester's own rows: those whose column ``rows`` is the requester (or a clause)."""
    where = (lambda t, user_id: t.c[rows] == user_id) if isinstance(rows, str) else rows
    return Rule(where, tuple(columns.split()))


def shared(rows: Where, columns: str) -> Rule:
    """Someone else's rows that they share with the requester now."""
    return Rule(rows, tuple(columns.split()), shared=True)


def _parent_is_mine(fk: str, parent: str, owner: str) -> Where:
    def rows(t: Table, user_id: int) -> ColumnElement[bool]:
        p = table(parent)
        return t.c[fk].in_(select(p.c.id).where(p.c[owner] == user_id))

    return rows


def _in(column: str, ids: Callable[[int], Select]) -> Where:
    return lambda t, user_id: t.c[column].in_(ids(user_id))


def _exported_reviews(t: Table, user_id: int) -> ColumnElement[bool]:
    """Rows hanging off a review that is the requester's, or shared with them now."""
    return t.c.review_id.in_(member_reviews(user_id)) | t.c.review_id.in_(
        reviews_shared_with(user_id)
    )


def _shared_review_ratings(t: Table, user_id: int) -> ColumnElement[bool]:
    links = table("team_review_rating")
    ratings = select(links.c.rating_id).where(links.c.review_id.in_(reviews_shared_with(user_id)))
    return t.c.id.in_(ratings)


def _my_address(user_id: int):
    user = table("user")
    return select(func.lower(user.c.email)).where(user.c.id == user_id).scalar_subquery()


def _open_to_my_address(t: Table, user_id: int) -> ColumnElement[bool]:
    return (
        (func.lower(t.c.email) == _my_address(user_id))
        & t.c.used_at.is_(None)
        & t.c.withdrawn_at.is_(None)
        & (t.c.expires_at > utcnow())
    )


# --- the policy, table by table -----------------------------------------------------------------

_REVIEW = "id team_id profile_id status agenda closing_comment created_at opened_at closed_at"
_ADJUSTMENT = "id resource_key action note status created_at undone_at"
_AT = "created_at updated_at"

POLICY: tuple[TablePolicy, ...] = (
    _policy(
        "user",
        mine(
            "id",
            "id email name role created_at email_verified_at contract_type institution region "
            "career_stage",
        ),
        # The names a manager sees on the team page, while those members share.
        shared(_in("id", sharers_with), "id name"),
        # data_version, seen_version: cache stamps (counters), nothing about the person.
        withheld="password_hash session_token data_version seen_version",
    ),
    _policy(
        "password_reset", mine("user_id", "id created_at used_at"), withheld="token_hash user_id"
    ),
    # The institutional identities I sign in with (deleted with the account).
    _policy("identity", mine("user_id", "id issuer subject email linked_at"), withheld="user_id"),
    # Belongs to no account: a sign-up is deleted when it makes the account, and none is
    # kept for an address that has one (tests/webapp/accounts/test_signup_traces.py).
    _policy("pending_signup", withheld="id email name password_hash token_hash created_at used_at"),
    _policy(
        "assessment",
        mine("user_id", "id framework_id all_skills status created_at submitted_at last_page"),
        withheld="user_id",
    ),
    _policy(
        "assessment_target",
        mine(_parent_is_mine("assessment_id", "assessment", "user_id"), "assessment_id profile_id"),
    ),
    _policy(
        "rating",
        # Self ratings, and the ratings managers recorded about me in reviews.
        mine(
            "user_id",
            "id assessment_id skill_id level confidence evidence source comment created_at",
        ),
        # Manager ratings in the reviews of members who share with my team now.
        shared(_shared_review_ratings, "id skill_id level source comment created_at"),
        # Who wrote a manager rating is said by the review; other people's ids stay here.
        withheld="user_id author_id",
    ),
    _policy(
        "pathway",
        mine(
            "user_id",
            "id title targets target_levels constraints eligibility current_levels excluded "
            "recommended result created_at updated_at generated_at",
        ),
        withheld="user_id version_id",
    ),
    _policy(
        "pathway_step",
        mine(
            _parent_is_mine("pathway_id", "pathway", "user_id"),
            "id pathway_id resource_key snapshot position stage track status pinned closes why "
            "depends_on alternatives recommended_for status_changed_at",
        ),
    ),
    _policy("trainer_consent", mine("user_id", "user_id allowed updated_at")),
    # My opt-in to the anonymous "people like me" benchmarks, while it lasts.
    _policy(
        "benchmark_consent",
        mine("user_id", "user_id career_stage institution_type family_key step_key created_at"),
    ),
    _policy(
        "role_family",
        mine("created_by_id", "id key version name framework_key document status created_at"),
        withheld="created_by_id bundled checksum",
    ),
    _policy(
        "trainer_adjustment",
        mine("learner_id", _ADJUSTMENT),
        # My suggestions for learners who still let trainers suggest.
        shared(
            lambda t, u: (t.c.trainer_id == u) & t.c.learner_id.in_(consenting_learners()),
            "learner_id " + _ADJUSTMENT,
        ),
        withheld="trainer_id",
    ),
    _policy(
        "resource_problem_report",
        mine("user_id", "id resource_id category message status created_at"),
        withheld="user_id",
    ),
    _policy(
        "role_profile",
        mine(
            "created_by_id",
            "id key version name description provenance source_url licence framework_id "
            "status created_at",
        ),
        withheld="created_by_id bundled checksum version_id",
    ),
    _policy(
        "role_profile_target",
        mine(
            _parent_is_mine("profile_id", "role_profile", "created_by_id"),
            "id profile_id skill_id level",
        ),
    ),
    _policy(
        "pathway_template",
        mine("created_by_id", "id key version name description profile_key status created_at"),
        withheld="created_by_id version_id",
    ),
    _policy(
        "pathway_template_item",
        mine(
            _parent_is_mine("template_id", "pathway_template", "created_by_id"),
            "id template_id resource_key position note",
        ),
    ),
    _policy(
        "crosswalk_mapping",
        mine(
            "decided_by_id",
            "id source_key target_key score relation status curator note decided_at created_at",
        ),
        withheld="decided_by_id",
    ),
    # Following the catalogue (webapp.following): my saved searches and calendar feeds (a
    # feed's token is a secret address, like a password: not exported).
    _policy(
        "saved_search",
        mine("user_id", "id name query origin digest created_at digest_checked_at"),
        withheld="user_id",
    ),
    _policy(
        "calendar_feed",
        mine("user_id", "id name query pathway_id created_at"),
        withheld="user_id token",
    ),
    # The harvest sources I registered (as a provider's contact, or as a trainer).
    _policy(
        "harvest_source",
        mine(
            "registered_by_id",
            "id provider_id url method schedule state created_at next_run_at last_run_at "
            "last_success_at failure_streak etag last_modified",
        ),
        withheld="registered_by_id approved_by_id",
    ),
    _policy(
        "harvest_duplicate",
        mine("decided_by_id", "id resource_id other_id reason status created_at"),
        withheld="decided_by_id",
    ),
    _policy(
        "tag_suggestion",
        mine(
            "decided_by_id",
            "id resource_key skill_key score rank status level decided_at created_at",
        ),
        withheld="decided_by_id",
    ),
    _policy(
        "team",
        mine(_in("id", my_teams), "id name description profile_id created_at"),
        withheld="created_by_id",
    ),
    _policy(
        "team_membership",
        mine(
            "user_id",
            "id team_id user_id role sharing share_evidence joined_at sharing_changed_at",
        ),
        shared(
            lambda t, u: sharing_now(t) & t.c.team_id.in_(managed_teams(u)),
            "id team_id user_id sharing share_evidence",
        ),
    ),
    _policy(
        "team_invitation",
        # Invitations I sent: when, and what became of them; never to whom.
        mine("created_by_id", "id team_id created_at expires_at used_at withdrawn_at"),
        mine("used_by_id", "id team_id used_at"),
        mine(_open_to_my_address, "id team_id email created_at expires_at"),
        withheld="token_hash created_by_id used_by_id",
    ),
    _policy(
        "team_access_record",
        # Who looked at my data: my record, with the viewer's name as it was copied then.
        mine("subject_id", "id viewer_name team_id team_name what sharing created_at"),
        withheld="subject_id viewer_id",
    ),
    _policy(
        "team_review",
        mine("member_id", _REVIEW),
        shared(_in("id", reviews_shared_with), "member_id " + _REVIEW),
        withheld="manager_id proposed_by_id",
    ),
    _policy(
        "team_review_action",
        mine(
            _exported_reviews,
            "id review_id text resource_key status created_at decided_at pathway_note",
        ),
        withheld="proposed_by_id",
    ),
    _policy("team_review_rating", mine(_exported_reviews, "review_id rating_id")),
    # Evidence for a promotion case (webapp.evidence), all mine: files go out by name and
    # type, never by stored name; endorsements of my ratings with the endorser's name.
    _policy(
        "evidence_item",
        mine("user_id", "id skill_id kind title note url file_name file_type file_size " + _AT),
        withheld="user_id stored_name",
    ),
    _policy(
        "evidence_skill_use",
        mine("user_id", "id skill_id last_used updated_at"),
        withheld="user_id",
    ),
    _policy(
        "evidence_endorsement",
        mine(
            "user_id",
            "id skill_id rating_id level rated_at endorser_name team_id team_name "
            "review_id comment created_at",
        ),
        withheld="user_id endorser_id",
    ),
    _policy(
        "evidence_badge",
        mine("user_id", "id kind pathway_id endorsement_id credential_id name token issued_at"),
        withheld="user_id",
    ),
)
