"""Institutional sign-in: start at a provider, come back, sign in or link; unlink.

The provider's answer arrives at one callback per provider. What it is for — signing in, or
linking to the account signed in when it started — travels with the ``state`` in the
session (:func:`webapp.accounts.oidc.start`), so an answer cannot be turned from one into
the other. Every refusal is a message and changes nothing.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from webapp.accounts.identities import link_identity, sign_in_with, unlink_identity
from webapp.accounts.models import Identity
from webapp.accounts.oidc import (
    SignInRefused,
    finish,
    pending_purpose,
    provider_named,
    remember_sign_in,
    start,
)
from webapp.accounts.views import _start_session, bp
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, public, safe_next


def _provider(name: str):
    provider = provider_named(name)
    if provider is None:
        abort(404)
    return provider


def _go_to_provider(provider, purpose: str, back: str, **details):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        return redirect(start(provider, purpose, **details))
    except SignInRefused as exc:
        flash(str(exc), "error")
        return redirect(back)


@bp.route("/oidc/<provider>/start", methods=["POST"])
@public
def oidc_start(provider: str):
    chosen = _provider(provider)
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    target = safe_next(request.args.get("next"))
    return _go_to_provider(chosen, "signin", url_for("auth.login"), next=target)


@bp.route("/oidc/<provider>/link", methods=["POST"])
@login_required
def oidc_link(provider: str):
    chosen = _provider(provider)
    return _go_to_provider(chosen, "link", url_for("profile.account"), user_id=current_user.id)


def _refuse(message: str, back: str):
    db.session.rollback()
    flash(message, "error")
    return redirect(back)


@bp.route("/oidc/<provider>/callback")
@public
def oidc_callback(provider: str):
    chosen = _provider(provider)
    asked = pending_purpose(chosen) or {}
    linking = asked.get("purpose") == "link"
    back = url_for("profile.account" if linking else "auth.login")
    try:
        found = finish(chosen)
    except SignInRefused as exc:
        return _refuse(str(exc), back)
    if linking:
        if not current_user.is_authenticated or current_user.id != asked.get("user_id"):
            return _refuse("Sign in to the account you were linking, then try again.", back)
        problem = link_identity(current_user, found)
        if problem:
            return _refuse(problem, back)
        db.session.commit()
        flash(f"{chosen.display_name} is linked: you can sign in with it now.", "success")
        return redirect(back)
    outcome = sign_in_with(found)
    if outcome.refused:
        return _refuse(outcome.refused, back)
    db.session.commit()
    _start_session(outcome.user)
    remember_sign_in(found)
    if outcome.created:
        flash(f"Welcome to Pathfinder, {outcome.user.name}! Your account is made.", "success")
        return redirect(url_for("assess.start"))
    if outcome.linked:
        flash(f"{chosen.display_name} is now linked to your account.", "success")
    flash(f"Signed in as {outcome.user.name} with {chosen.display_name}.", "success")
    return redirect(safe_next(asked.get("next")))


@bp.route("/identities/<int:identity_id>/unlink", methods=["POST"])
@login_required
def unlink(identity_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    identity = db.session.get(Identity, identity_id)
    if identity is None or not identity.can_manage(current_user):
        abort(404)  # another person's identity: as if it did not exist
    problem = unlink_identity(current_user, identity)
    if problem:
        return _refuse(problem, url_for("profile.account"))
    db.session.commit()
    flash("That identity is unlinked: it no longer signs in to your account.", "success")
    return redirect(url_for("profile.account"))
