"""Sign-up, sign-in, password change and reset forms; each form owns its validation.

The rules themselves (what makes an address, a name or a password acceptable) live in
:mod:`webapp.accounts.validation`, shared with ``flask users``.
"""

from __future__ import annotations

from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from webapp.accounts.validation import (
    EMAIL_MAX,
    NAME_MAX,
    PASSWORD_MAX,
    AccountRuleError,
    check_new_password,
    clean_display_name,
    normalised_email,
)
from webapp.core.forms import Form

__all__ = [
    "SignupForm",
    "LoginForm",
    "PasswordChangeForm",
    "ResetRequestForm",
    "ResetForm",
    "NameForm",
    "DeleteAccountForm",
]


def _rule(check):
    """A WTForms validator applying one of the account rules to the field's text."""

    def validator(form, field):
        try:
            check(field.data or "")
        except AccountRuleError as exc:
            raise ValidationError(str(exc)) from None

    return validator


def _email_field() -> EmailField:
    return EmailField(
        "E-mail address",
        validators=[DataRequired(), Length(max=EMAIL_MAX), _rule(normalised_email)],
    )


def _name_field() -> StringField:
    return StringField(
        "Your name",
        validators=[
            DataRequired("Enter your name."),
            Length(max=NAME_MAX),
            _rule(clean_display_name),
        ],
    )


def _new_password_fields(label: str) -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(label, validators=[DataRequired(), Length(max=PASSWORD_MAX)]),
        PasswordField(
            "Repeat new password" if "New" in label else "Repeat password",
            validators=[EqualTo("password", message="Passwords differ.")],
        ),
    )


class _NewPasswordForm(Form):
    """A form choosing a password; ``account`` (e-mail, name) says whose, so that a password
    made of the person's own details is refused."""

    account: tuple[str, str] = ("", "")

    def validate_password(self, field):
        email, name = self.account
        try:
            check_new_password(field.data or "", email=email, name=name)
        except AccountRuleError as exc:
            raise ValidationError(str(exc)) from None


class SignupForm(_NewPasswordForm):
    name = _name_field()
    email = _email_field()
    password, confirm = _new_password_fields("Password (at least 10 characters)")

    def validate_password(self, field):
        self.account = (self.email.data or "", self.name.data or "")
        super().validate_password(field)


class LoginForm(Form):
    email = _email_field()
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)])


class PasswordChangeForm(_NewPasswordForm):
    current = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=PASSWORD_MAX)]
    )
    password, confirm = _new_password_fields("New password (at least 10 characters)")


class ResetRequestForm(Form):
    email = _email_field()


class ResetForm(_NewPasswordForm):
    password, confirm = _new_password_fields("New password (at least 10 characters)")


class NameForm(Form):
    name = _name_field()


class DeleteAccountForm(Form):
    confirm = StringField("Type DELETE to confirm", validators=[Length(max=20)])
    password = PasswordField("Your current password", validators=[Length(max=PASSWORD_MAX)])
