from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from budget.auth.models import ROLES
from budget.web.forms import Form


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class PasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=8, max=200)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


def role_choices():
    labels = {
        "admin": _l("Administrator"),
        "finance": _l("Finance officer"),
        "reviewer": _l("Reviewer (ministry)"),
        "monitor": _l("Monitor (civil society)"),
    }
    return [(role, labels[role]) for role in ROLES]


class UserForm(Form):
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])
    jurisdiction = SelectField(
        _l("Jurisdiction (finance officers only)"), choices=[], validate_choice=True
    )
    active = BooleanField(_l("Active"), default=True)
    organisation = StringField(
        _l("Organisation (monitors)"), validators=[Optional(), Length(max=200)]
    )
    organisation_kind = SelectField(
        _l("Kind of organisation"),
        choices=[
            ("cso", _l("Civil-society organisation")),
            ("council", _l("Council for interethnic relations")),
        ],
        default="cso",
    )


class NewUserForm(UserForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Initial password"), validators=[DataRequired(), Length(min=8, max=200)]
    )


class ShowAsForm(Form):
    show_as = RadioField(
        _l("How your flags name you"),
        choices=[
            ("organisation", _l("With my organisation's name")),
            (
                "anonymous",
                _l("Only as a civil-society organisation (or council), without its name"),
            ),
        ],
        validators=[DataRequired()],
    )
