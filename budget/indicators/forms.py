"""The forms of indicators and their values. Fields are text: the rules and their messages are
those of the import formats (budget.indicators.entry), so the web and a file agree."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from budget.labels import SEX, UNIT
from budget.web.forms import Form


class _Errors:
    def add_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            getattr(self, name).errors.append(message)


class IndicatorForm(_Errors, Form):
    measure = SelectField(_l("Measure"), choices=[], validate_choice=False)
    code = StringField(_l("Code"), validators=[Length(max=60)])
    name = TextAreaField(_l("Name (Serbian, Latin script)"), validators=[Length(max=500)])
    name_en = TextAreaField(_l("Name in English"), validators=[Optional(), Length(max=500)])
    unit = SelectField(
        _l("Unit"),
        choices=[("", _l("— choose a unit —")), *UNIT.items()],
        validate_choice=False,
    )
    baseline_year = StringField(_l("Baseline year"), validators=[Length(max=20)])
    baseline_value = StringField(_l("Baseline value"), validators=[Length(max=40)])
    target_year = StringField(_l("Target year"), validators=[Length(max=20)])
    target_value = StringField(_l("Target value"), validators=[Length(max=40)])
    source = StringField(_l("Source (who measures it)"), validators=[Optional(), Length(max=500)])

    def fill(self, indicator) -> None:
        self.measure.data = indicator.measure.code
        for name in ("code", "name", "unit", "baseline_value", "target_value"):
            getattr(self, name).data = getattr(indicator, name)
        self.name_en.data = indicator.name_en or ""
        self.source.data = indicator.source or ""
        self.baseline_year.data = str(indicator.baseline_year)
        self.target_year.data = str(indicator.target_year)


class ValueForm(_Errors, Form):
    year = StringField(_l("Year measured"), validators=[Length(max=20)])
    sex = SelectField(
        _l("Of whom"),
        choices=list(SEX.items()),
        validate_choice=False,
    )
    value = StringField(_l("Value"), validators=[Length(max=40)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=2000)])
