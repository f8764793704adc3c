"""Teams' target profiles follow a role profile to its new version when a framework version
is imported (registered with the import as a profile follower by the app factory); a team
left on a superseded version (of a profile that was not carried) is listed for curation.
"""

from __future__ import annotations

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow
from webapp.teams.models import Team

__all__ = ["follow_profiles", "teams_on_superseded_profiles"]


def follow_profiles(moved: dict[int, RoleProfileRow]) -> list[str]:
    """Re-point teams whose target is a carried profile version to its new version; the
    caller commits. Returns report lines."""
    teams = (
        list(
            db.session.execute(
                select(Team).where(Team.profile_id.in_(list(moved))).order_by(Team.id)
            ).scalars()
        )
        if moved
        else []
    )
    lines = [f"team targets: {len(teams)} follow their profile to the new version"]
    for team in teams:
        old, new = team.profile, moved[team.profile_id]
        team.profile = new
        lines.append(f"  team “{team.name}”: target {old.key} v{old.version} → v{new.version}")
    db.session.flush()
    left = teams_on_superseded_profiles()
    lines += [
        f"  team “{team.name}”: target {team.profile.key} v{team.profile.version} is "
        "superseded; choose its current version"
        for team in left
    ]
    return lines


def teams_on_superseded_profiles() -> list[Team]:
    """Teams whose target profile version is superseded: the curation list."""
    return list(
        db.session.execute(
            select(Team)
            .join(RoleProfileRow, RoleProfileRow.id == Team.profile_id)
            .where(RoleProfileRow.status == "superseded")
            .order_by(Team.id)
        ).scalars()
    )
