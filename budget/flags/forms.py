from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from budget.flags.services import TEXT_LIMIT
from budget.web.forms import Form


def category_choices():
    from budget.flags.labels import CATEGORY

    return list(CATEGORY.items())


class FlagForm(Form):
    jurisdiction = HiddenField()
    fiscal_year = HiddenField()
    target_type = HiddenField()
    target_key = HiddenField()
    category = SelectField(_l("What looks wrong"), choices=[], validators=[DataRequired()])
    text = TextAreaField(
        _l("Your question or finding (plain text)"),
        validators=[DataRequired(), Length(max=TEXT_LIMIT)],
        render_kw={"maxlength": TEXT_LIMIT, "rows": 6},
    )


class AnswerForm(Form):
    text = TextAreaField(
        _l("Answer (plain text)"),
        validators=[DataRequired(), Length(max=TEXT_LIMIT)],
        render_kw={"maxlength": TEXT_LIMIT, "rows": 4},
    )
    link = SelectField(_l("The change it led to"), choices=[], validate_choice=True)


class ModerationForm(Form):
    action = RadioField(
        _l("Action"),
        choices=[("hide", _l("Hide from the public")), ("restore", _l("Restore"))],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason (kept in the audit log)"),
        validators=[DataRequired(), Length(max=500)],
        render_kw={"maxlength": 500, "rows": 2},
    )
