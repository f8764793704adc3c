"""Form pieces shared by every feature: a CSRF-only button and a de-duplicating choice."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField

__all__ = ["DistinctSelectMultipleField", "EmptyForm"]


class DistinctSelectMultipleField(SelectMultipleField):
    """A multiple choice whose value sent twice counts once (``?a=1&a=1`` is ``[1]``)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = list(dict.fromkeys(self.data))


class EmptyForm(FlaskForm):
    """A POST-only button: carries the CSRF token and nothing else."""
