"""Learner data stamps: two counters on each person's user row, bumped whenever their data changes.

``user.data_version`` changes with anything that belongs to a person: their user row itself
(name, role, eligibility details), and every row that points at them, directly (a column
with a foreign key to ``user.id``: ratings, assessments, pathways, evidence, team
memberships and their sharing consent, saved searches, registered harvest sources…) or
through one parent row that does (a pathway's steps, through ``pathway.user_id``).
``user.seen_version`` changes when someone records that they viewed the person's data
(``team_access_record``): the person's own profile says who looked last, but a manager's
heatmap of the team must not change each time it is opened.

The counters are bumped by the ORM flush that makes the change, in its transaction, so a
page cached under a person's stamps is unreachable as soon as the change commits, in
every process. The user row is loaded on every signed-in request anyway (Flask-Login), so
the viewer's own stamps cost no query. Writes that bypass the ORM call :func:`bump_learners`.
"""

from __future__ import annotations

from sqlalchemy import Table, event, inspect, update
from sqlalchemy.orm import Session

from webapp.core.extensions import db

__all__ = ["SEEN_TABLES", "bump_learners", "install_learner_stamps"]

#: Tables whose rows only say that somebody looked: they bump ``seen_version``.
SEEN_TABLES = frozenset({"team_access_record"})
#: Columns never worth a new version: the stamps themselves.
_STAMP_COLUMNS = frozenset({"data_version", "seen_version"})


def _user_table() -> Table:
    return db.metadata.tables["user"]


def _user_columns(table: Table) -> list:
    users = _user_table()
    return [c for c in table.columns if any(fk.column.table is users for fk in c.foreign_keys)]


def _parent_links(table: Table) -> list[tuple]:
    """(column here, parent table, parent's key column) for parents that point at a user."""
    users = _user_table()
    links = []
    for column in table.columns:
        for fk in column.foreign_keys:
            parent = fk.column.table
            if parent is not users and _user_columns(parent):
                links.append((column, parent, fk.column))
    return links


def _values(obj, column_key: str, state) -> set:
    """The column's value now and, for a changed row, before."""
    found = {getattr(obj, column_key, None)}
    attr = state.attrs.get(column_key)
    if attr is not None:
        found.update(attr.history.deleted or ())
    return {v for v in found if v is not None}


def _changed(session: Session, obj) -> bool:
    state = inspect(obj)
    if obj in session.new or obj in session.deleted:
        return True
    for attr in state.attrs:
        if attr.key not in _STAMP_COLUMNS and attr.history.has_changes():
            return True
    return False


def _collect(session: Session) -> dict:
    """{"data"/"seen": user ids, "parents": {(table, key column): ids}} of a flush."""
    pending = {"data": set(), "seen": set(), "parents": {}}
    users = _user_table()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__table__", None)
        if table is None or not _changed(session, obj):
            continue
        state = inspect(obj)
        if table is users:
            if obj.id is not None:
                pending["data"].add(obj.id)
            continue
        which = "seen" if table.name in SEEN_TABLES else "data"
        direct = _user_columns(table)
        for column in direct:
            if which == "seen" and column.name != "subject_id":
                continue
            pending[which].update(_values(obj, _attr_key(obj, column), state))
        if direct:
            continue
        for column, parent, key in _parent_links(table):
            ids = _values(obj, _attr_key(obj, column), state)
            pending["parents"].setdefault((parent.name, key.name), set()).update(ids)
    return pending


def _attr_key(obj, column) -> str:
    prop = inspect(type(obj)).get_property_by_column(column)
    return prop.key


def bump_learners(connection, user_ids, which: str = "data") -> None:
    """Add one to these people's ``data_version`` (or ``seen_version``), in the caller's
    transaction: for writes that bypass the ORM."""
    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return
    users = _user_table()
    column = users.c.seen_version if which == "seen" else users.c.data_version
    for start in range(0, len(ids), 500):
        connection.execute(
            update(users)
            .where(users.c.id.in_(ids[start : start + 500]))
            .values({column: column + 1})
        )


def _bump_parents(connection, parents: dict) -> None:
    for (parent_name, key_name), ids in parents.items():
        if not ids:
            continue
        parent = db.metadata.tables[parent_name]
        for column in _user_columns(parent):
            owners = (
                parent.select()
                .with_only_columns(column)
                .where(parent.c[key_name].in_(sorted(ids)))
                .scalar_subquery()
            )
            users = _user_table()
            connection.execute(
                update(users)
                .where(users.c.id.in_(owners))
                .values(data_version=users.c.data_version + 1)
            )


def install_learner_stamps() -> None:
    """Bump the learner stamps of the people an ORM flush writes about, in its transaction."""
    if getattr(install_learner_stamps, "installed", False):
        return

    @event.listens_for(Session, "after_flush")
    def _bump_after(session, flush_context):
        # After the flush the new rows have their keys and foreign keys, while the
        # session's new/dirty/deleted lists and the attributes' history are still the
        # flush's: both what a row points at now and what it pointed at before are known.
        pending = _collect(session)
        connection = session.connection()
        bump_learners(connection, pending["data"], "data")
        bump_learners(connection, pending["seen"], "seen")
        _bump_parents(connection, pending["parents"])

    install_learner_stamps.installed = True
