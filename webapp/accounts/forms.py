"""Sign-up, sign-in, password change and reset forms; each form owns its validation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.accounts.models import user_by_email

__all__ = ["SignupForm", "LoginForm", "PasswordChangeForm", "ResetRequestForm", "ResetForm"]

PASSWORD_RULES = [DataRequired(), Length(min=10, max=200, message="Use 10 to 200 characters.")]


class SignupForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password (at least 10 characters)", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat password", validators=[EqualTo("password", message="Passwords differ.")]
    )

    def validate_email(self, field):
        if user_by_email(field.data):
            raise ValidationError("An account with this e-mail address already exists.")


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password (at least 10 characters)", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat new password", validators=[EqualTo("password", message="Passwords differ.")]
    )


class ResetRequestForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Email(), Length(max=254)])


class ResetForm(FlaskForm):
    password = PasswordField("New password (at least 10 characters)", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Repeat new password", validators=[EqualTo("password", message="Passwords differ.")]
    )
