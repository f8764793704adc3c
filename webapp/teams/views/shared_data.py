"""What managers see of the data members share: one member's profile, the team heatmap
(HTML, JSON, CSV) and the k-anonymous aggregates (HTML, CSV).

Every page that shows a member's data records an access entry for each member it shows;
the aggregates are anonymous and record none.
"""

from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_login import current_user

from webapp.assess.levels import current_levels, history
from webapp.core import charts
from webapp.core.caching import cached
from webapp.core.orm import parse_id
from webapp.core.page_cache import cached_page
from webapp.core.security import login_required
from webapp.frameworks.models import current_framework, published_profiles
from webapp.teams.aggregates import TOO_FEW, gap_aggregates, k_threshold, training_demand
from webapp.teams.downloads import aggregates_csv, heatmap_csv
from webapp.teams.heatmap import LEGEND, SORTS, heatmap
from webapp.teams.models import Team
from webapp.teams.selection import select_skills
from webapp.teams.stamps import member_stamps, sharing_of, team_parts
from webapp.teams.trends import area_trend
from webapp.teams.views import bp
from webapp.teams.views.lookups import get_shared_member, get_team
from webapp.teams.views.responses import audited, csv_response


@bp.route("/<int:team_id>/members/<int:user_id>")
@login_required
def member(team_id: int, user_id: int):
    team = get_team(team_id, manage=True)
    m = get_shared_member(team, user_id)
    framework = (team.profile.framework if team.profile else None) or current_framework("direct")
    levels = current_levels(m.user_id, framework.key)
    rated = sorted(levels.values(), key=lambda s: s.skill.position)
    series = history(m.user_id, framework.key) if m.sharing == "full" else {}
    body = render_template(
        "teams/member.html",
        team=team,
        m=m,
        framework=framework,
        rated=rated,
        series=series,
        spark=charts.sparkline,
        targets=team.profile.target_levels() if team.profile else {},
    )
    return audited(body, team, [m], "profile")


# --- team views --------------------------------------------------------------------------------


def _selection(team: Team):
    profile_id = request.args.get("profile", type=parse_id)
    area_id = request.args.get("area", type=parse_id)
    framework_key = request.args.get("framework") or None
    if not (profile_id or area_id or framework_key) and team.profile is None:
        framework_key = "direct"
    selection = select_skills(team, profile_id, area_id, framework_key)
    if selection is None:
        abort(404)
    return selection


def _selection_args() -> dict:
    return {k: request.args[k] for k in ("profile", "area", "framework") if request.args.get(k)}


def _sort() -> str:
    sort = request.args.get("sort", "framework")
    return sort if sort in SORTS else "framework"


def _viewed(what: str, selection) -> str:
    """What the access log says was viewed: the view and the skills it covered."""
    if selection.area is not None:
        scope = f"area {selection.area.name}"
    elif selection.profile is not None and selection.title == selection.profile.name:
        scope = f"role profile {selection.title}"
    else:
        scope = f"framework {selection.framework.name}"
    return f"{what}: {scope}"[:64]


def _view_choices(team: Team) -> dict:
    framework = (team.profile.framework if team.profile else None) or current_framework("direct")
    return {
        "profiles": published_profiles(framework.id),
        "areas": [a for a in framework.areas if a.depth <= 1],
        "framework": framework,
    }


@bp.route("/<int:team_id>/heatmap")
@login_required
def team_heatmap(team_id: int):
    team = get_team(team_id, manage=True)
    # Keyed by the members' own data and their sharing consent (one small query), the team
    # row and the manager looking; the access records are written on every view.
    members = member_stamps(team)
    built = {}

    def render() -> str:
        hm = built["hm"] = heatmap(team, _selection(team), _sort())
        return render_template(
            "teams/heatmap.html",
            team=team,
            hm=hm,
            args=_selection_args(),
            legend=LEGEND,
            **_view_choices(team),
        )

    body = cached_page(
        "team-heatmap",
        render,
        depends=("frameworks", "teams"),
        parts=(team_parts(team), current_user.id, members),
    )
    # What the access records say was viewed (the selection's name) is cached with the page.
    what = cached(
        "heatmap-viewed",
        ("frameworks", "teams"),
        (team_parts(team), request.query_string),
        lambda: _viewed("team heatmap", built["hm"].selection if built else _selection(team)),
    )
    shown = built["hm"].sharing_members if built else sharing_of(members)
    return audited(body, team, shown, what)


@bp.route("/<int:team_id>/heatmap.json")
@login_required
def heatmap_json(team_id: int):
    team = get_team(team_id, manage=True)
    hm = heatmap(team, _selection(team), _sort())
    body = jsonify({"team": team.name, **hm.as_dict()})
    return audited(body, team, hm.sharing_members, _viewed("team heatmap (JSON)", hm.selection))


@bp.route("/<int:team_id>/heatmap.csv")
@login_required
def heatmap_download(team_id: int):
    team = get_team(team_id, manage=True)
    hm = heatmap(team, _selection(team), _sort())
    body = csv_response(heatmap_csv(hm), f"team-{team.id}-heatmap.csv")
    return audited(body, team, hm.sharing_members, _viewed("team heatmap (CSV)", hm.selection))


def _aggregates(team: Team):
    selection = _selection(team)
    k = k_threshold()
    gaps, group = gap_aggregates(team, selection, k)
    trend = area_trend(team, selection.framework, k)
    demand = training_demand(team, k)
    return selection, k, gaps, group, trend, demand


@bp.route("/<int:team_id>/aggregates")
@login_required
def aggregates(team_id: int):
    team = get_team(team_id, manage=True)
    selection, k, gaps, group, trend, demand = _aggregates(team)
    return render_template(
        "teams/aggregates.html",
        team=team,
        selection=selection,
        k=k,
        gaps=gaps,
        group=group,
        trend=trend,
        demand=demand,
        too_few=TOO_FEW,
        args=_selection_args(),
        **_view_choices(team),
    )


@bp.route("/<int:team_id>/aggregates.csv")
@login_required
def aggregates_download(team_id: int):
    team = get_team(team_id, manage=True)
    part = request.args.get("part", "gaps")
    if part not in ("gaps", "trend", "demand"):
        abort(404)
    _, _, gaps, _, trend, demand = _aggregates(team)
    return csv_response(aggregates_csv(gaps, trend, demand, part), f"team-{team.id}-{part}.csv")
