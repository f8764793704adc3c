"""Form pieces shared by every feature: the base form (errors in our words), a CSRF-only
button and a de-duplicating choice."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField

from webapp.core.form_errors import in_our_words

__all__ = ["DistinctSelectMultipleField", "EmptyForm", "Form"]


class Form(FlaskForm):
    """The base of every form: after validation each error is a sentence in our words
    (:func:`webapp.core.form_errors.in_our_words`), never a library's message."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        for field in self:
            if isinstance(field.errors, list):
                field.errors[:] = [
                    in_our_words(e) if isinstance(e, str) else e for e in field.errors
                ]
        self.form_errors[:] = [in_our_words(e) for e in self.form_errors]
        return valid


class DistinctSelectMultipleField(SelectMultipleField):
    """A multiple choice whose value sent twice counts once (``?a=1&a=1`` is ``[1]``)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = list(dict.fromkeys(self.data))


class EmptyForm(Form):
    """A POST-only button: carries the CSRF token and nothing else."""
