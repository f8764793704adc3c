"""Sign up (confirmed by e-mail), sign in and out, password change and reset; institutional
sign-in (OpenID Connect) is in :mod:`.institutional`.

With ``AUTH_MODE=oidc`` the password routes answer 404 (:data:`PASSWORD_ENDPOINTS`), not
only their links are hidden."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from webapp.accounts.credentials import (
    TOO_MANY_WRONG_PASSWORDS,
    check_credentials,
    current_password_problem,
)
from webapp.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    ResetForm,
    ResetRequestForm,
    SignupForm,
)
from webapp.accounts.identities import password_sign_in_allowed
from webapp.accounts.models import User, hash_password, user_by_email
from webapp.accounts.oidc import SIGNED_IN_WITH, configured_providers, logout_url
from webapp.accounts.resets import complete_reset, issue_reset, mail_reset_link, usable_reset
from webapp.accounts.signups import (
    complete_signup,
    send_new_confirmation,
    start_signup,
    usable_signup,
)
from webapp.accounts.validation import clean_display_name, normalised_email
from webapp.core import sessions, throttle
from webapp.core.extensions import db, limiter
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, public, safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: The routes of password accounts, refused when only institutional sign-in is used.
PASSWORD_ENDPOINTS = frozenset(
    {
        "auth.signup",
        "auth.signup_sent",
        "auth.confirm",
        "auth.resend_confirmation",
        "auth.change_password",
        "auth.reset_request",
        "auth.reset",
    }
)


@bp.before_request
def refuse_password_routes_without_passwords():
    password_route = request.endpoint in PASSWORD_ENDPOINTS or (
        request.endpoint == "auth.login" and request.method == "POST"
    )
    if password_route and not password_sign_in_allowed():
        abort(404)


@bp.app_context_processor
def sign_in_choices():
    """For every page: whether passwords are used, and the providers to sign in with."""
    return {
        "password_accounts": password_sign_in_allowed(),
        "oidc_providers": configured_providers(),
    }


def _limit(setting: str):
    """A Flask-Limiter limit (per client address) read from the config when it applies."""
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _too_many(template: str, form, message: str, **context):
    flash(message, "error")
    return render_template(template, form=form, **context), 429


ACCOUNT_LOCKED = (
    "Too many failed sign-in attempts for this account. Please wait and try again later, or "
    "reset your password."
)
NETWORK_LOCKED = (
    "Too many failed sign-in attempts from your network. Please wait and try again later."
)
MAILED_TOO_OFTEN = (
    "We have already sent several messages to this address in the last hour. Please look in "
    "your inbox (and spam folder), or try again later."
)


def _start_session(user: User) -> None:
    # A fresh session on every sign-in prevents session fixation.
    session.clear()
    login_user(user)
    session.permanent = True
    sessions.mark_signed_in()


@bp.route("/signup", methods=["GET", "POST"])
@_limit("SIGNUP_LIMIT")
@public
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if form.validate_on_submit():
        email = normalised_email(form.email.data)
        if not throttle.count("SIGNUP_EMAIL_LIMIT", email):
            return _too_many("accounts/signup.html", form, MAILED_TOO_OFTEN)
        # Hashed whether or not the address is taken, so both answers take as long.
        start_signup(email, clean_display_name(form.name.data), hash_password(form.password.data))
        session["signup_sent_to"] = email
        return redirect(url_for("auth.signup_sent"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/signup/sent")
@public
def signup_sent():
    return render_template("accounts/signup_sent.html", email=session.get("signup_sent_to"))


def _signup_link_refused():
    flash("That sign-up link is invalid or has expired. Please sign up again.", "error")
    return redirect(url_for("auth.signup"))


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token: str):
    # A GET only shows the button: mail scanners that open links must not use them up.
    pending = usable_signup(token)
    if pending is None:
        return _signup_link_refused()
    form = EmptyForm()
    if form.validate_on_submit():
        user = complete_signup(pending)
        if user is None:
            return _signup_link_refused()
        _start_session(user)
        flash("Welcome to Pathfinder! Start with a self-assessment.", "success")
        return redirect(url_for("assess.start"))
    return render_template("accounts/confirm.html", form=form, email=pending.email)


@bp.route("/signup/resend", methods=["POST"])
@_limit("SIGNUP_LIMIT")
@public
def resend_confirmation():
    form = EmptyForm()
    if form.validate_on_submit():
        # Only for the sign-up whose password was just given at sign-in (kept in the session).
        pending = session.pop("pending_signup", None)
        if isinstance(pending, list) and not throttle.count("SIGNUP_EMAIL_LIMIT", pending[1]):
            flash(MAILED_TOO_OFTEN, "error")
            return redirect(url_for("auth.login"))
        email = send_new_confirmation(pending[0]) if isinstance(pending, list) else None
        if email is None:
            flash("Sign in with your e-mail address and password to get a new link.", "info")
        else:
            flash(f"We sent a new link to {email}. The earlier one no longer works.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)
    email = normalised_email(form.email.data)
    if throttle.exceeded("LOGIN_FAILURE_LIMIT", email):
        # Counted for every address, with an account or not: this says nothing about which.
        return _too_many("accounts/login.html", form, ACCOUNT_LOCKED)
    found = check_credentials(email, form.password.data)
    if found.user is not None:
        # Even when this client address is over its limit: others behind it may have caused it.
        throttle.forget("LOGIN_FAILURE_LIMIT", email)
        _start_session(found.user)
        flash(f"Signed in as {found.user.name}.", "success")
        return redirect(safe_next(request.args.get("next")))
    if found.pending is not None:
        session["pending_signup"] = [found.pending.id, email]
        return render_template(
            "accounts/login.html", form=form, unconfirmed=email, resend_form=EmptyForm()
        ), 403
    throttle.count("LOGIN_FAILURE_LIMIT", email)
    if not throttle.count("LOGIN_ADDRESS_FAILURE_LIMIT", throttle.client_address()):
        return _too_many("accounts/login.html", form, NETWORK_LOCKED)
    flash("E-mail address or password is not right.", "error")
    return render_template("accounts/login.html", form=form), 401


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        # Session cookies are signed, not stored: a new token makes every copy of this
        # session's cookie (and any other signed-in device) worthless from now on.
        current_user.rotate_session_token()
        db.session.commit()
        # Signed in at a provider that can sign out too: end that session there as well.
        elsewhere = logout_url(session.get(SIGNED_IN_WITH))
        logout_user()
        session.clear()
        flash("You have signed out (on every device).", "info")
        if elsewhere:
            return redirect(elsewhere)
    return redirect(url_for("main.home"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    form = EmptyForm()
    if form.validate_on_submit():
        current_user.rotate_session_token()
        db.session.commit()
        # This session carries the new token; its clocks (sign-in time) go on as they were.
        login_user(current_user._get_current_object())
        flash("You have been signed out on every other device.", "info")
    return redirect(url_for("profile.account"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    form.account = (current_user.email, current_user.name)
    if form.validate_on_submit():
        problem = current_password_problem(current_user, form.current.data)
        if problem == TOO_MANY_WRONG_PASSWORDS:
            return _too_many("accounts/password.html", form, problem)
        if problem:
            form.current.errors.append(problem)
        else:
            current_user.set_password(form.password.data)
            db.session.commit()
            _start_session(current_user)
            flash("Password changed. Other sessions have been signed out.", "success")
            return redirect(url_for("profile.account"))
    return render_template("accounts/password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@_limit("RESET_LIMIT")
@public
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        email = normalised_email(form.email.data)
        if not throttle.count("RESET_EMAIL_LIMIT", email):
            return _too_many("accounts/reset_request.html", form, MAILED_TOO_OFTEN)
        user = user_by_email(email)
        if user is not None:
            token = issue_reset(user)
            db.session.commit()
            mail_reset_link(user, token)
        flash(
            "If an account exists for that address, we have sent a link to reset the password.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("accounts/reset_request.html", form=form)


def _reset_link_refused():
    flash("That reset link is invalid or has expired. Please ask for a new one.", "error")
    return redirect(url_for("auth.reset_request"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset(token: str):
    record = usable_reset(token)
    if record is None:
        return _reset_link_refused()
    user = db.session.get(User, record.user_id)
    form = ResetForm()
    form.account = (user.email, user.name)
    if form.validate_on_submit():
        # Hash first: the slow part stays outside the moment the link is used up.
        if not complete_reset(record, hash_password(form.password.data)):
            return _reset_link_refused()
        db.session.commit()
        # Only the mailbox's owner gets here: a lock from others' guessing ends now.
        throttle.forget("LOGIN_FAILURE_LIMIT", user.email)
        flash("Your password has been reset. Please sign in.", "success")
        return redirect(url_for("auth.login"))
    return render_template("accounts/reset.html", form=form)


# Last, since the route module imports ``bp``; importing it registers the routes.
from webapp.accounts.views import institutional  # noqa: E402,F401
