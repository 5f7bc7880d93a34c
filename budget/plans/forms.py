from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from budget.i18n import measure_title
from budget.plans import services as plans
from budget.web.forms import Form


class PlanForm(Form):
    measure = SelectField(
        _l("Measure"), choices=[], validate_choice=True, validators=[DataRequired()]
    )
    planned_cost = StringField(_l("Planned cost"), validators=[DataRequired(), Length(max=25)])


def measure_choices(jurisdiction) -> list[tuple[str, str]]:
    return [("", _("— not linked to a measure —"))] + [
        (m.code, f"{m.code} · {measure_title(m.title, m.title_en)}")
        for m in plans.measures_for(jurisdiction)
    ]
