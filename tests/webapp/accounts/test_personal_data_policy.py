"""The export policy is decided for every table and column of the schema (nothing is
exported by accident, nothing personal is forgotten) and never exports a secret."""

from __future__ import annotations

from webapp.accounts.personal_data import NOT_PERSONAL, POLICY, SECRET_COLUMNS
from webapp.accounts.shared_now import SHARED_CHOICES
from webapp.core.extensions import db
from webapp.teams.models import SHARING


def test_every_table_is_personal_or_reference_data_exactly_once(app):
    decided = [p.table for p in POLICY]
    assert len(decided) == len(set(decided))
    assert not set(decided) & NOT_PERSONAL
    assert set(db.metadata.tables) == set(decided) | NOT_PERSONAL


def test_reference_tables_point_at_nobody(app):
    for name in NOT_PERSONAL:
        table = db.metadata.tables[name]
        assert not [fk for fk in table.foreign_keys if fk.column.table.name == "user"], name


def test_every_column_is_exported_or_withheld_on_purpose(app):
    for policy in POLICY:
        table = db.metadata.tables[policy.table]
        exported = {c for rule in policy.rules for c in rule.columns}
        assert exported | policy.withheld == set(table.columns.keys()), policy.table
        assert not exported & policy.withheld, policy.table
        assert not exported & SECRET_COLUMNS, policy.table
        key = {c.name for c in table.primary_key.columns}
        for rule in policy.rules:
            assert key <= set(rule.columns), f"{policy.table}: every rule exports the key"


def test_shared_choices_follow_the_teams_sharing_modes():
    assert set(SHARED_CHOICES) == set(SHARING) - {"nothing"}


def test_other_peoples_ids_go_out_only_under_shared_rules(app):
    for policy in POLICY:
        for rule in policy.rules:
            if {"learner_id", "member_id"} & set(rule.columns):
                assert rule.shared, policy.table
