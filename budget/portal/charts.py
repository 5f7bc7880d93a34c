"""The data behind each public chart, drawn by budget.analysis.charts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from budget.analysis import charts
from budget.analysis.aggregate import StageRow
from budget.analysis.labels import key_labels
from budget.analysis.summary import YearOverview, jurisdiction_years
from budget.i18n import current_language, place_name
from budget.jurisdictions.models import Jurisdiction
from budget.portal import analysis


def money_axis(currency: str) -> charts.Axis:
    return charts.Axis(str(get_locale()), _("millions of %(currency)s", currency=currency))


def percent_axis() -> charts.Axis:
    return charts.Axis(str(get_locale()), "")


def area_chart(title: str, rows: list[StageRow], currency: str) -> str:
    labels = key_labels("area", [r.key for r in rows], "RS", 0, current_language() == "en")
    series = []
    for name, label in (
        ("adopted", _("Adopted")),
        ("in_force", _("In force")),
        ("executed", _("Executed")),
    ):
        series.append(
            (label, [r.amounts[name].tagged if r.amounts.get(name) else Decimal(0) for r in rows])
        )
    return charts.grouped_bars(title, [labels[r.key] for r in rows], series, money_axis(currency))


def year_chart(jurisdiction: Jurisdiction, overview: YearOverview, name: str) -> str | None:
    result = analysis.year_analysis(jurisdiction, overview)
    place = place_name(jurisdiction)
    if name == "areas":
        return area_chart(
            _(
                "%(place)s %(year)s: Roma-relevant amounts by area",
                place=place,
                year=overview.fiscal_year,
            ),
            result.area_rows,
            jurisdiction.currency,
        )
    if name == "rebalance":
        documents = overview.documents
        if documents.adopted is None:
            return None
        start = overview.totals_of(documents.adopted).tagged
        steps = [(_("Rebalance %(n)s", n=s.after.revision), s.tagged_change) for s in result.steps]
        return charts.waterfall(
            _(
                "%(place)s %(year)s: Roma-relevant budget through rebalances",
                place=place,
                year=overview.fiscal_year,
            ),
            (_("Adopted"), start),
            steps,
            _("In force"),
            money_axis(jurisdiction.currency),
        )
    if name == "execution":
        totals = {r.key: r for r in result.area_rows}
        reports = result.report_names
        if not reports:
            return None
        in_force = sum(
            (r.amounts["in_force"].tagged for r in totals.values() if r.amounts.get("in_force")),
            Decimal(0),
        )
        executed = [
            sum((r.amounts[n].tagged for r in totals.values() if r.amounts.get(n)), Decimal(0))
            for n in reports
        ]
        rates = [e / in_force if in_force else None for e in executed]
        return charts.lines(
            _(
                "%(place)s %(year)s: execution of the Roma-relevant budget in force",
                place=place,
                year=overview.fiscal_year,
            ),
            [format_date(dt.date.fromisoformat(n.split(":", 1)[1])) for n in reports],
            [(_("Execution rate"), rates)],
            percent=True,
            axis=percent_axis(),
        )
    return None


def tagged_share_chart(jurisdiction: Jurisdiction) -> str:
    years = sorted(jurisdiction_years(jurisdiction), key=lambda y: y.fiscal_year)
    shares = []
    for year in years:
        totals = year.totals_of(year.documents.in_force)
        shares.append(totals.tagged / totals.total if totals and totals.total else None)
    return charts.lines(
        _("%(place)s: Roma-relevant share of the budget in force", place=place_name(jurisdiction)),
        [str(y.fiscal_year) for y in years],
        [(_("Share"), shares)],
        percent=True,
        axis=percent_axis(),
    )
