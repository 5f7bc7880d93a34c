"""Indicators and their values entered on the web: by a jurisdiction's finance officers for its
action plan's measures, by admins for the national strategy's. Entered or changed, they are
drafts; submitted, a reviewer approves or returns them as tags; only approved ones are public.
Every change is in the audit log. The rules are those of `import indicators` and
`import indicator-values`, with the same messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from budget.audit.services import diff, record
from budget.extensions import db
from budget.indicators.importer import CODE, DECIMAL
from budget.indicators.models import SEXES, UNITS, Indicator, IndicatorValue
from budget.measures.models import Measure
from budget.review import workflow
from budget.review.statuses import DRAFT, SUBMITTABLE

YEARS = (1900, 2200)
INDICATOR_FIELDS = (
    "measure",
    "code",
    "name",
    "name_en",
    "unit",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "source",
)


def scope_measures(jurisdiction) -> list[Measure]:
    """The measures whose indicators a scope holds: a jurisdiction's own action plan, or (None)
    the national strategy."""
    query = (
        select(Measure).where(Measure.level == "national")
        if jurisdiction is None
        else select(Measure).where(
            Measure.level == "local", Measure.jurisdiction_id == jurisdiction.id
        )
    )
    return list(db.session.scalars(query.order_by(Measure.code)))


@dataclass
class ScopeIndicator:
    indicator: Indicator
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def drafts(self) -> int:
        """The indicator and its values that may be submitted."""
        items = [self.indicator, *self.values]
        return sum(item.status in SUBMITTABLE for item in items)


def scope_indicators(jurisdiction) -> list[ScopeIndicator]:
    """Every indicator of a scope with all its values, whatever their status (two queries)."""
    measure_ids = [m.id for m in scope_measures(jurisdiction)]
    rows = [
        ScopeIndicator(i)
        for i in db.session.scalars(
            select(Indicator).where(Indicator.measure_id.in_(measure_ids)).order_by(Indicator.code)
        )
    ]
    by_id = {row.indicator.id: row for row in rows}
    for value in db.session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.indicator_id.in_(list(by_id)))
        .order_by(IndicatorValue.year, IndicatorValue.sex)
    ):
        by_id[value.indicator_id].values.append(value)
    return rows


def _year(text: str, errors: dict, name: str) -> int | None:
    text = (text or "").strip()
    if not text:
        errors[name] = _("a value is required")
    elif not (text.isascii() and text.isdigit() and YEARS[0] <= int(text) <= YEARS[1]):
        errors[name] = _(
            "%(value)s is not a year from %(low)s to %(high)s",
            value=repr(text[:20]),
            low=YEARS[0],
            high=YEARS[1],
        )
    else:
        return int(text)
    return None


def _decimal(text: str, errors: dict, name: str) -> str | None:
    """A decimal as people type it: '71.5' or '71,5' (one separator); kept as text with a
    point, exactly as typed otherwise."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not text:
        errors[name] = _("a value is required")
    elif not DECIMAL.fullmatch(text):
        errors[name] = _(
            "%(value)s is not a decimal number with at most 4 decimals", value=repr(text[:40])
        )
    else:
        return text
    return None


def _text(text: str | None, limit: int, errors: dict, name: str, *, required: bool) -> str | None:
    text = (text or "").strip()
    if required and not text:
        errors[name] = _("a value is required")
    elif len(text) > limit:
        errors[name] = _("longer than %(count)s characters", count=limit)
    return text or None


def check_indicator(indicator: Indicator | None, data: dict, jurisdiction):
    """The values to store from a form's data, or the errors by field."""
    errors: dict[str, str] = {}
    measures = {m.code: m for m in scope_measures(jurisdiction)}
    measure = measures.get(data.get("measure") or "")
    if measure is None:
        errors["measure"] = (
            _("Choose a measure of the national strategy.")
            if jurisdiction is None
            else _("Choose a measure of this jurisdiction's action plan.")
        )
    code = (data.get("code") or "").strip()
    if not CODE.fullmatch(code):
        errors["code"] = (
            _("a value is required")
            if not code
            else _(
                "%(value)s is not %(what)s",
                value=repr(code[:60]),
                what=_("a code (letters, digits, '.', '-', '_')"),
            )
        )
    else:
        other = db.session.scalar(select(Indicator).where(Indicator.code == code))
        if other is not None and other is not indicator:
            errors["code"] = _("Another indicator has the code %(code)s.", code=code)
    values = {
        "name": _text(data.get("name"), 500, errors, "name", required=True),
        "name_en": _text(data.get("name_en"), 500, errors, "name_en", required=False),
        "source": _text(data.get("source"), 500, errors, "source", required=False),
        "baseline_year": _year(data.get("baseline_year"), errors, "baseline_year"),
        "target_year": _year(data.get("target_year"), errors, "target_year"),
        "baseline_value": _decimal(data.get("baseline_value"), errors, "baseline_value"),
        "target_value": _decimal(data.get("target_value"), errors, "target_value"),
    }
    unit = data.get("unit") or ""
    if unit not in UNITS:
        errors["unit"] = _("Choose a unit.")
    if (
        values["baseline_year"] is not None
        and values["target_year"] is not None
        and values["target_year"] <= values["baseline_year"]
    ):
        errors["target_year"] = _("must be after the baseline year")
    if (
        values["baseline_value"] is not None
        and values["target_value"] is not None
        and Decimal(values["baseline_value"]) == Decimal(values["target_value"])
    ):
        errors["target_value"] = _("must differ from the baseline value")
    if errors:
        return None, errors
    return {"code": code, "measure_id": measure.id, "unit": unit, **values}, {}


def save_indicator(indicator: Indicator | None, data: dict, jurisdiction, actor):
    """Create or change an indicator as a draft; (indicator, {}) or (None, errors)."""
    values, errors = check_indicator(indicator, data, jurisdiction)
    if errors:
        return None, errors
    jurisdiction_id = jurisdiction.id if jurisdiction else None
    if indicator is None:
        indicator = Indicator(**values, status=DRAFT)
        db.session.add(indicator)
        db.session.flush()
        changes = {k: [None, v] for k, v in values.items() if v is not None}
        action = "indicator.created"
    else:
        changes = diff(indicator, values)
        if not changes:
            return indicator, {}
        changes.update(diff(indicator, {"status": DRAFT}))
        action = "indicator.updated"
    record(
        action,
        "indicator",
        indicator.id,
        actor=actor,
        changes=changes,
        jurisdiction_id=jurisdiction_id,
        comment=indicator.code,
    )
    return indicator, {}


def save_value(indicator: Indicator, data: dict, actor):
    """A measured value of an indicator (year, sex, value, source) as a draft: a value of the
    same year and sex is replaced. (value, {}) or (None, errors)."""
    errors: dict[str, str] = {}
    year = _year(data.get("year"), errors, "year")
    value = _decimal(data.get("value"), errors, "value")
    sex = data.get("sex") or ""
    if sex not in SEXES:
        errors["sex"] = _("Choose total, women or men.")
    source = _text(data.get("source"), 2000, errors, "source", required=False)
    if errors:
        return None, errors
    found = db.session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id,
            IndicatorValue.year == year,
            IndicatorValue.sex == sex,
        )
    )
    if found is None:
        found = IndicatorValue(
            indicator_id=indicator.id, year=year, sex=sex, value=value, source=source, status=DRAFT
        )
        found.indicator = indicator
        db.session.add(found)
        db.session.flush()
        changes = {"year": [None, year], "sex": [None, sex], "value": [None, value]}
        if source:
            changes["source"] = [None, source]
        action = "indicator_value.created"
    else:
        changes = diff(found, {"value": value, "source": source})
        if not changes:
            return found, {}
        changes.update(diff(found, {"status": DRAFT}))
        action = "indicator_value.updated"
    record(
        action,
        "indicator_value",
        found.id,
        actor=actor,
        changes=changes,
        jurisdiction_id=indicator.jurisdiction_id,
        fiscal_year=year,
        comment=indicator.code,
    )
    return found, {}


def delete_value(value: IndicatorValue, actor) -> None:
    record(
        "indicator_value.deleted",
        "indicator_value",
        value.id,
        actor=actor,
        changes={
            "year": [value.year, None],
            "sex": [value.sex, None],
            "value": [value.value, None],
            "status": [value.status, None],
        },
        jurisdiction_id=value.jurisdiction_id,
        fiscal_year=value.year,
        comment=value.indicator.code,
    )
    db.session.delete(value)


def submit_scope(jurisdiction, actor) -> int:
    """Submit every draft or returned indicator and value of a scope; returns how many."""
    items = [
        item for row in scope_indicators(jurisdiction) for item in (row.indicator, *row.values)
    ]
    return workflow.submit(items, actor)
