"""Progress of indicators against the money of their measures (the measures API).

For a jurisdiction's year: every measure it may use (national, or its own action plan's) that
has an indicator, or that has an approved tag in that year; with the tagged amounts of the
adopted budget, the budget in force and the latest execution report, each indicator's progress
and expected progress, its status, and the signals where money and progress disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased

from budget.analysis.aggregate import stage_table
from budget.analysis.stages import (
    MAIN_STAGES,
    combined_stages,
    jurisdiction_stages,
    year_documents_by_jurisdiction,
)
from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue
from budget.measures.models import Measure, national_of
from budget.money import amount_str
from budget.review.statuses import APPROVED

FOUR = Decimal("0.0001")
ZERO = Decimal(0)


def ratio_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(FOUR, rounding=ROUND_HALF_UP))


@dataclass
class IndicatorProgress:
    indicator: Indicator
    actual: IndicatorValue | None
    progress: Decimal | None
    expected: Decimal | None
    status: str
    by_sex: dict[str, IndicatorValue] = field(default_factory=dict)  # the actual year's

    def json(self) -> dict:
        i = self.indicator
        return {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "baseline": {"year": i.baseline_year, "value": i.baseline_value},
            "target": {"year": i.target_year, "value": i.target_value},
            "actual": {"year": self.actual.year, "value": self.actual.value}
            if self.actual
            else None,
            "progress": ratio_str(self.progress),
            "expected": ratio_str(self.expected),
            "status": self.status,
        }


def indicator_progress(indicator: Indicator, values: list[IndicatorValue], year: int):
    """`actual`: the latest total value with baseline year < value year <= year; progress =
    (actual - baseline) / (target - baseline); expected = (year - baseline year) / (target year -
    baseline year) clamped to 0..1; both None without an actual; the status compares them
    unrounded."""
    totals = [v for v in values if v.sex == "" and indicator.baseline_year < v.year <= year]
    actual = max(totals, key=lambda v: v.year, default=None)
    if actual is None:
        return IndicatorProgress(indicator, None, None, None, "no_data")
    progress = (Decimal(actual.value) - indicator.baseline) / (
        indicator.target - indicator.baseline
    )
    expected = Decimal(year - indicator.baseline_year) / Decimal(
        indicator.target_year - indicator.baseline_year
    )
    expected = min(max(expected, ZERO), Decimal(1))
    if progress >= 1:
        status = "achieved"
    elif progress >= expected:
        status = "on_track"
    else:
        status = "off_track"
    by_sex = {v.sex: v for v in values if v.year == actual.year and v.sex}
    return IndicatorProgress(indicator, actual, progress, expected, status, by_sex)


@dataclass
class MeasureProgress:
    measure: Measure
    adopted: Decimal | None
    in_force: Decimal | None
    executed: Decimal | None
    indicators: list[IndicatorProgress]

    @property
    def signals(self) -> list[str]:
        found = []
        in_force = self.in_force or ZERO
        if in_force > 0 and not self.indicators:
            found.append("spending_without_indicator")
        if (self.executed or ZERO) > 0 and any(i.status == "off_track" for i in self.indicators):
            found.append("funded_off_track")
        if self.indicators and in_force == 0:
            found.append("no_funding")
        return found

    def json(self) -> dict:
        m = self.measure
        return {
            "code": m.code,
            "title": m.title,
            "area": m.area,
            "level": m.level,
            "tagged": {
                "adopted": amount_str(self.adopted),
                "in_force": amount_str(self.in_force),
                "executed": amount_str(self.executed),
            },
            "indicators": [i.json() for i in self.indicators],
            "signals": self.signals,
        }


def measures_progress(jurisdiction, overview, year: int) -> list[MeasureProgress]:
    """The measures of a jurisdiction's year with money and indicators: a fixed number of
    queries (the tagged amounts in one aggregation, the indicators and values in two)."""
    stages = [s for s in jurisdiction_stages(overview.documents) if s.name in MAIN_STAGES]
    usable = list(
        db.session.scalars(
            select(Measure)
            .where(national_of(jurisdiction.country) | (Measure.jurisdiction_id == jurisdiction.id))
            .order_by(Measure.code)
        )
    )
    return _progress(usable, stages, year)


def national_measures_progress(year: int, country: str = "RS") -> list[MeasureProgress]:
    """The national strategy's measures in a year over every jurisdiction: the money tagged to
    each measure and to the local measures that implement it (their `parent`), beside the
    national indicators. The same fixed number of queries, whatever the number of places."""
    stages = combined_stages(year_documents_by_jurisdiction(year, country=country))
    national = list(
        db.session.scalars(select(Measure).where(national_of(country)).order_by(Measure.code))
    )
    return _progress(national, stages, year, roll_up=implemented_by())


def implemented_by() -> dict[str, str]:
    """Local measure code -> the code of the national measure it implements."""
    parent = aliased(Measure)
    return dict(
        db.session.execute(
            select(Measure.code, parent.code)
            .join(parent, parent.id == Measure.parent_id)
            .where(Measure.level == "local")
        ).all()
    )


def _progress(
    usable: list[Measure], stages, year: int, roll_up: dict[str, str] | None = None
) -> list[MeasureProgress]:
    reconcile = roll_up is not None  # several jurisdictions: transfers counted once
    tagged: dict[str, dict[str, Decimal]] = {}
    for row in stage_table(stages, "measure", reconcile=reconcile):
        code = row.key[0]
        if not code:
            continue
        code = (roll_up or {}).get(code, code)
        into = tagged.setdefault(code, {})
        for stage, amounts in row.amounts.items():
            if amounts is not None:
                into[stage] = into.get(stage, ZERO) + amounts.tagged
    indicators = list(
        db.session.scalars(
            select(Indicator)
            .where(
                Indicator.measure_id.in_([m.id for m in usable]),
                Indicator.status == APPROVED,
            )
            .order_by(Indicator.code)
        )
    )
    values: dict[int, list[IndicatorValue]] = {}
    for value in db.session.scalars(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id.in_([i.id for i in indicators]),
            IndicatorValue.status == APPROVED,
        )
    ):
        values.setdefault(value.indicator_id, []).append(value)
    by_measure: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_measure.setdefault(indicator.measure_id, []).append(indicator)

    present = {s.name for s in stages if s.document_ids}

    def amount(amounts, stage: str) -> Decimal | None:
        """The approved tagged amount; 0.00 without tags; None where the stage has no document."""
        if stage not in present:
            return None
        found = amounts.get(stage) if amounts else None
        return found if found is not None else Decimal("0.00")

    result = []
    for measure in usable:
        amounts = tagged.get(measure.code)
        own = by_measure.get(measure.id, [])
        if not own and amounts is None:
            continue
        result.append(
            MeasureProgress(
                measure,
                amount(amounts, "adopted"),
                amount(amounts, "in_force"),
                amount(amounts, "executed"),
                [indicator_progress(i, values.get(i.id, []), year) for i in own],
            )
        )
    return result
