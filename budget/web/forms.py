"""The form base of every HTML form, and the form of a button that changes something."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import CombinedMultiDict


class Form(FlaskForm):
    """An HTML form: reads submitted form fields only, never a JSON body.

    (Flask-WTF would also read JSON, and a body like `42` or invalid JSON would then fail
    while the form is built, even while rendering an error page.)
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:
                if not _is_submitted():
                    return None
                if request.files:
                    return CombinedMultiDict((request.files, request.form))
                return request.form
            return formdata


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


def csrf_failed(form: FlaskForm) -> bool:
    """The form was refused for its CSRF token (a 400, not a form to show again)."""
    token = getattr(form, "csrf_token", None)
    return bool(token is not None and token.errors)
