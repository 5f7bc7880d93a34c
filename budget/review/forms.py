from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from budget.web.forms import Form


class ReviewForm(Form):
    decision = RadioField(
        _l("Decision"),
        choices=[("approve", _l("Approve")), ("return", _l("Return with a comment"))],
        validators=[DataRequired()],
    )
    comment = TextAreaField(
        _l("Comment (required when returning; the author sees it)"),
        validators=[Optional(), Length(max=2000)],
    )
