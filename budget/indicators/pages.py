"""The measures page: each measure's money beside its indicators, and the signals in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select

from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue
from budget.indicators.progress import (
    MeasureProgress,
    measures_progress,
    national_measures_progress,
)
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import from_minor
from budget.plans.models import PlanCost
from budget.portal.findings import Finding
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag

SMALL = 5  # counts of people below this are shown as "<5" in public: small numbers identify
STATUSES = ("off_track", "on_track", "achieved", "no_data")


def small_count(count: int | None) -> str | int | None:
    """A count of people as the public sees it: 1 to 4 as '<5'."""
    if count is not None and 0 < count < SMALL:
        return f"<{SMALL}"
    return count


def signal_text(signal: str) -> str:
    return {
        "spending_without_indicator": _("Money is spent, but no indicator shows what it achieves."),
        "funded_off_track": _("Money was spent, but an indicator is off track."),
        "no_funding": _("Progress is promised, but no approved tag funds this measure."),
    }[signal]


def status_text(status: str) -> str:
    return {
        "achieved": _("achieved"),
        "on_track": _("on track"),
        "off_track": _("off track"),
        "no_data": _("no data yet"),
    }[status]


@dataclass
class MeasureCard:
    progress: MeasureProgress
    planned: Decimal | None
    roma: int | None
    roma_women: int | None
    places: int = 0  # jurisdictions with an approved tag on the measure (national cards)

    @property
    def per_beneficiary(self) -> Decimal | None:
        """Tagged in force per Roma beneficiary, where beneficiaries are tagged."""
        if not self.roma or self.progress.in_force is None:
            return None
        return (self.progress.in_force / self.roma).quantize(Decimal("0.01"), ROUND_HALF_UP)


def measure_cards(jurisdiction, overview, year: int, area: str = "", status: str = ""):
    """The measure cards of a jurisdiction's year."""
    return _cards(measures_progress(jurisdiction, overview, year), year, area, status, jurisdiction)


def national_measure_cards(year: int, area: str = "", status: str = "", country: str = "RS"):
    """The national strategy's measures over every jurisdiction of an economy: each card adds
    up what was planned, tagged and reached under the measure and the local measures
    implementing it."""
    found = national_measures_progress(year, country)
    return _cards(found, year, area, status, None, country)


def _cards(
    found: list[MeasureProgress],
    year: int,
    area: str,
    status: str,
    jurisdiction,
    country: str | None = None,
):
    """Planned costs, Roma beneficiaries and (nationally) the number of places funding each
    measure: three grouped queries for all the cards."""
    ids = {m.measure.id: m.measure.id for m in found}
    if jurisdiction is None:  # local measures count for the national measure they implement
        ids.update(
            db.session.execute(
                select(Measure.id, Measure.parent_id).where(
                    Measure.level == "local", Measure.parent_id.in_(list(ids))
                )
            ).all()
        )
    owner = case(ids, value=PlanCost.measure_id) if ids else None

    def scoped(query, model):
        query = query.where(model.fiscal_year == year, model.status == APPROVED)
        query = query.where(model.measure_id.in_(list(ids)))
        if jurisdiction is not None:
            query = query.where(model.jurisdiction_id == jurisdiction.id)
        if country is not None:
            query = query.where(
                model.jurisdiction_id.in_(
                    select(Jurisdiction.id).where(Jurisdiction.country == country)
                )
            )
        return query

    planned, counts, places = {}, {}, {}
    if ids:
        planned = dict(
            db.session.execute(
                scoped(select(owner, func.sum(PlanCost.planned_cost_minor)), PlanCost).group_by(
                    owner
                )
            ).all()
        )
        tag_owner = case(ids, value=Tag.measure_id)
        for measure_id, roma, women, funded in db.session.execute(
            scoped(
                select(
                    tag_owner,
                    func.sum(Tag.beneficiaries_roma),
                    func.sum(Tag.beneficiaries_roma_women),
                    func.count(func.distinct(Tag.jurisdiction_id)),
                ),
                Tag,
            ).group_by(tag_owner)
        ):
            counts[measure_id] = (roma, women)
            places[measure_id] = int(funded)
    cards = []
    for progress in found:
        if area and progress.measure.area != area:
            continue
        if status and not any(i.status == status for i in progress.indicators):
            continue
        roma, women = counts.get(progress.measure.id, (None, None))
        minor = planned.get(progress.measure.id)
        cards.append(
            MeasureCard(
                progress,
                None if minor is None else from_minor(int(minor)),
                None if roma is None else int(roma),
                None if women is None else int(women),
                places.get(progress.measure.id, 0),
            )
        )
    return cards


def signal_findings(jurisdiction, year: int, found: list[MeasureProgress]) -> list[Finding]:
    """The year page's findings of money against progress."""
    counts = {s: 0 for s in ("funded_off_track", "no_funding", "spending_without_indicator")}
    for measure in found:
        for signal in measure.signals:
            counts[signal] += 1
    href = url_for("portal.measures", code=jurisdiction.code, year=year)
    findings = []
    if counts["funded_off_track"]:
        findings.append(
            Finding(
                "alert",
                ngettext(
                    "%(num)s measure spent money while an indicator is off track.",
                    "%(num)s measures spent money while an indicator is off track.",
                    counts["funded_off_track"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    if counts["no_funding"]:
        findings.append(
            Finding(
                "warning",
                ngettext(
                    "%(num)s measure promises progress without approved money.",
                    "%(num)s measures promise progress without approved money.",
                    counts["no_funding"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    if counts["spending_without_indicator"]:
        findings.append(
            Finding(
                "info",
                ngettext(
                    "%(num)s funded measure has no indicator to show what it achieves.",
                    "%(num)s funded measures have no indicator to show what they achieve.",
                    counts["spending_without_indicator"],
                ),
                href,
                _("Measures and indicators"),
            )
        )
    return findings


def public_indicator(code: str) -> Indicator | None:
    return db.session.scalar(
        select(Indicator).where(Indicator.code == code[:60], Indicator.status == APPROVED)
    )


def indicator_svg(indicator: Indicator, year: int) -> str:
    """The chart of an indicator up to a year: its approved values (total, women, men) beside
    the straight expected path from the baseline to the target."""
    from flask_babel import get_locale

    from budget.analysis import charts
    from budget.i18n import measure_title

    values = db.session.scalars(
        select(IndicatorValue)
        .where(
            IndicatorValue.indicator_id == indicator.id,
            IndicatorValue.status == APPROVED,
            IndicatorValue.year <= year,
        )
        .order_by(IndicatorValue.year)
    ).all()
    names = {"": _("measured"), "female": _("women"), "male": _("men")}
    series = [
        (names[sex], [(v.year, Decimal(v.value)) for v in values if v.sex == sex])
        for sex in ("", "female", "male")
    ]
    unit = {"percent": "%", "number": _("number"), "ratio": _("ratio")}[indicator.unit]
    return charts.indicator_path(
        measure_title(indicator.name, indicator.name_en),
        (indicator.baseline_year, indicator.baseline),
        (indicator.target_year, indicator.target),
        series,
        (_("expected path"), _("target")),
        charts.Axis(str(get_locale()), unit),
    )
