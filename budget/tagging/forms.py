from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from budget.tagging.services import typed_share
from budget.web.forms import Form


class TagForm(Form):
    measure = SelectField(_l("Measure"), choices=[], validate_choice=True)
    relevance = SelectField(
        _l("Relevance"),
        choices=[
            ("targeted", _l("Targeted: the line exists for Roma")),
            ("mainstream", _l("Mainstream: a share of it reaches Roma")),
        ],
    )
    share = StringField(
        _l("Roma share (mainstream: 15 %, 0,15 or 0.15)"), validators=[Optional(), Length(max=20)]
    )
    beneficiaries_total = StringField(
        _l("Beneficiaries, total"), validators=[Optional(), Length(max=12)]
    )
    beneficiaries_roma = StringField(_l("of them Roma"), validators=[Optional(), Length(max=12)])
    beneficiaries_roma_women = StringField(
        _l("of them Roma women"), validators=[Optional(), Length(max=12)]
    )
    justification = TextAreaField(
        _l("Justification and evidence"), validators=[Optional(), Length(max=5000)]
    )

    def tag_fields(self) -> dict:
        """The tag's fields as the tags format reads them (a share typed as people type it)."""
        fields = {
            name: getattr(self, name).data or ""
            for name in (
                "measure",
                "relevance",
                "share",
                "beneficiaries_total",
                "beneficiaries_roma",
                "beneficiaries_roma_women",
                "justification",
            )
        }
        fields["share"] = typed_share(fields["share"])
        return fields


class SuggestionForm(Form):
    decision = RadioField(
        _l("Decision"),
        choices=[("accept", _l("Accept as draft tags")), ("reject", _l("Reject"))],
        validators=[DataRequired()],
    )
