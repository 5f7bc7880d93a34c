"""Tables and chart data of the public analysis pages, built from the aggregation layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from budget.analysis import execution, rebalance
from budget.analysis.aggregate import GROUPS, StageRow, stage_table
from budget.analysis.labels import key_labels
from budget.analysis.lines import LineFilter, StageLinePage, line_stages
from budget.analysis.stages import (
    combined_stages,
    jurisdiction_stages,
    jurisdictions_by_id,
    year_documents_by_jurisdiction,
)
from budget.analysis.summary import YearOverview
from budget.analysis.totals import document_totals
from budget.budgets.models import KEY_CODES
from budget.i18n import current_language, data_text, place_name
from budget.i18n import number as format_number
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.web.tables import Column, DataTable

STAGE_NAMES = ("adopted", "in_force", "executed")
KEY_TITLES = {
    "unit": lambda: _("Budget user"),
    "program": lambda: _("Program"),
    "activity": lambda: _("Activity or project"),
    "function": lambda: _("Function"),
    "economic": lambda: _("Economic account"),
    "source": lambda: _("Funding source"),
}
GROUP_TITLES = {
    "line": lambda: _("Budget lines"),
    "program": lambda: _("Programs"),
    "activity": lambda: _("Program activities and projects"),
    "function": lambda: _("Functional classification"),
    "economic": lambda: _("Economic accounts"),
    "source": lambda: _("Funding sources"),
    "unit": lambda: _("Budget users"),
    "measure": lambda: _("Strategy and action plan measures"),
    "area": lambda: _("Strategy areas"),
}


def group_title(group: str) -> str:
    return GROUP_TITLES[group]()


def _stage_columns(with_total: bool, executed: bool = True) -> list[Column]:
    columns = []
    for name, title in (
        ("adopted", _("Adopted")),
        ("in_force", _("In force")),
        ("executed", _("Executed")),
    ):
        if name == "executed" and not executed:
            continue
        if with_total:
            columns.append(Column(f"{name}_total", _("%(stage)s, total", stage=title), "money"))
        columns.append(
            Column(f"{name}_tagged", _("%(stage)s, Roma-relevant", stage=title), "money")
        )
    columns += [
        Column("tagged_change", _("Change of Roma-relevant, adopted → in force"), "money"),
        Column("tagged_change_ratio", _("Change, %"), "ratio"),
        Column("execution_rate", _("Execution of Roma-relevant"), "ratio"),
    ]
    return columns


def _stage_values(row: StageRow) -> dict:
    values = {}
    for name in ("adopted", "in_force", "executed"):
        amounts = row.amounts.get(name)
        values[f"{name}_total"] = amounts.total if amounts else None
        values[f"{name}_tagged"] = amounts.tagged if amounts else None
    change, ratio = row.change()
    values.update(
        tagged_change=change, tagged_change_ratio=ratio, execution_rate=row.execution_rate()
    )
    return values


def breakdown_table(jurisdiction: Jurisdiction, overview: YearOverview, group: str) -> DataTable:
    stages = [
        s
        for s in jurisdiction_stages(overview.documents)
        if s.name in ("adopted", "in_force", "executed")
    ]
    rows = stage_table(stages, group)
    labels = key_labels(
        group,
        [r.key for r in rows],
        jurisdiction.country,
        overview.fiscal_year,
        english=current_language() == "en",
    )
    with_total = group not in ("measure", "area")
    key_columns = (
        _key_columns(any(dict(zip(KEY_CODES, r.key, strict=True))["unit"] for r in rows))
        if group == "line"
        else [Column("key", _("Code"), "code"), Column("label", _("Name"))]
    )
    table = DataTable(
        name=f"{jurisdiction.code}-{overview.fiscal_year}-{group}",
        caption=group_title(group),
        currency=jurisdiction.currency,
        columns=key_columns + _stage_columns(with_total),
    )
    for row in rows:
        keys = (
            dict(zip(KEY_CODES, row.key, strict=True))
            if group == "line"
            else {"key": row.key[0], "label": labels[row.key]}
        )
        table.rows.append({**keys, **_stage_values(row)})
    return table


LINE_PAGE_SIZE = 100


def _key_columns(with_unit: bool) -> list[Column]:
    """The line key's columns: the budget user first where the lines have one."""
    codes = [c for c in KEY_CODES if c != "unit"]
    return [
        Column(code, KEY_TITLES[code](), "code") for code in (["unit"] if with_unit else []) + codes
    ]


def lines_table(
    jurisdiction: Jurisdiction,
    overview: YearOverview,
    line_filter: LineFilter,
    order: str,
    page: int,
    per_page: int = LINE_PAGE_SIZE,
) -> tuple[DataTable, StageLinePage]:
    """One page of the year's budget lines (filtered, sorted) with their descriptions and each
    stage's total and Roma-relevant amount: the page and its downloads hold the same rows."""
    stages = [
        s
        for s in jurisdiction_stages(overview.documents)
        if s.name in ("adopted", "in_force", "executed")
    ]
    result = line_stages(
        jurisdiction.id,
        overview.fiscal_year,
        overview.documents,
        stages,
        line_filter,
        page,
        per_page,
        order=order,
    )
    table = DataTable(
        name=f"{jurisdiction.code}-{overview.fiscal_year}-lines-page-{result.page}",
        caption=_(
            "%(count)s budget lines · page %(page)s of %(pages)s",
            count=format_number(result.total),
            page=result.page,
            pages=result.pages,
        ),
        currency=jurisdiction.currency,
        columns=[
            *_key_columns(any(line.key_dict["unit"] for line in result.rows)),
            Column("description", _("Description")),
            *_stage_columns(True),
        ],
    )
    for line in result.rows:
        row = StageRow(line.key, {name: line.amounts.get(name) for name in STAGE_NAMES})
        table.rows.append(
            {
                **line.key_dict,
                "_flag": ("line", LineKey.from_mapping(line.key_dict).text),
                "description": data_text(line.description, jurisdiction.country),
                **_stage_values(row),
            }
        )
    return table, result


@dataclass
class YearAnalysis:
    areas: DataTable
    measures: DataTable
    rebalance: DataTable
    execution: DataTable
    never_executed: DataTable
    over_executed: DataTable
    steps: list
    area_rows: list[StageRow]
    report_names: list[str]


def year_analysis(jurisdiction: Jurisdiction, overview: YearOverview) -> YearAnalysis:
    documents = overview.documents
    stages = jurisdiction_stages(documents)
    report_names = [s.name for s in stages if s.name.startswith("executed:")]
    wanted = {"adopted", "in_force", "executed", *report_names}
    chosen = [s for s in stages if s.name in wanted]
    area_rows = stage_table(chosen, "area")
    measure_rows = stage_table(chosen, "measure")
    code = f"{jurisdiction.code}-{overview.fiscal_year}"
    english = current_language() == "en"

    areas = DataTable(
        name=f"{code}-areas",
        caption=_("Roma-relevant amounts by strategy area"),
        currency=jurisdiction.currency,
        columns=[
            Column("key", _("Code"), "code"),
            Column("label", _("Area")),
            *_stage_columns(False),
        ],
    )
    area_labels = key_labels(
        "area", [r.key for r in area_rows], jurisdiction.country, overview.fiscal_year, english
    )
    for row in area_rows:
        areas.rows.append({"key": row.key[0], "label": area_labels[row.key], **_stage_values(row)})

    measures = _execution_table(
        f"{code}-execution",
        _("Execution through the year, by measure"),
        "measure",
        measure_rows,
        report_names,
        jurisdiction,
        overview.fiscal_year,
    )
    areas_execution = _execution_table(
        f"{code}-execution-areas",
        _("Execution through the year, by area"),
        "area",
        area_rows,
        report_names,
        jurisdiction,
        overview.fiscal_year,
    )

    steps = rebalance.rebalance_steps(documents)
    monitor = DataTable(
        name=f"{code}-rebalances",
        caption=_("Rebalances: changes of the Roma-relevant and the total budget"),
        currency=jurisdiction.currency,
        columns=[
            Column("step", _("Step")),
            Column("total_before", _("Total before"), "money"),
            Column("total_after", _("Total after"), "money"),
            Column("total_ratio", _("Total change"), "ratio"),
            Column("tagged_before", _("Roma-relevant before"), "money"),
            Column("tagged_after", _("Roma-relevant after"), "money"),
            Column("tagged_ratio", _("Roma-relevant change"), "ratio"),
            Column("gap", _("Difference, percentage points"), "points"),
            Column("lines_cut", _("Lines cut"), "number"),
            Column("lines_removed", _("Lines removed"), "number"),
            Column("lines_added", _("Lines added"), "number"),
            Column("disproportionate", _("Disproportionate cut"), "flag"),
        ],
    )
    for step in steps:
        before = (
            _("adopted")
            if step.before.stage == "adopted"
            else _("rebalance %(n)s", n=step.before.revision)
        )
        monitor.rows.append(
            {
                "step": before + " → " + _("rebalance %(n)s", n=step.after.revision),
                "total_before": step.before_amounts.total,
                "total_after": step.after_amounts.total,
                "total_ratio": step.total_ratio,
                "tagged_before": step.before_amounts.tagged,
                "tagged_after": step.after_amounts.tagged,
                "tagged_ratio": step.tagged_ratio,
                "gap": step.gap,
                "lines_cut": step.lines_cut,
                "lines_removed": step.lines_removed,
                "lines_added": step.lines_added,
                "disproportionate": step.disproportionate,
            }
        )

    lines = execution.tagged_lines(jurisdiction.id, overview.fiscal_year, documents)

    def line_table(name: str, caption: str, chosen_lines) -> DataTable:
        table = DataTable(
            name=f"{code}-{name}",
            caption=caption,
            currency=jurisdiction.currency,
            columns=[
                Column("line", _("Budget line"), "code"),
                Column("description", _("Description")),
                Column("in_force", _("In force"), "money"),
                Column("executed", _("Executed"), "money"),
                Column("rate", _("Execution rate"), "ratio"),
            ],
        )
        for line in chosen_lines:
            table.rows.append(
                {
                    "line": LineKey(*line.key).shown,
                    "_flag": ("line", LineKey(*line.key).text),  # what a monitor may flag here
                    "description": data_text(line.description, jurisdiction.country),
                    "in_force": line.in_force.total,
                    "executed": line.executed.total,
                    "rate": line.rate,
                }
            )
        return table

    return YearAnalysis(
        areas=areas,
        measures=measures,
        rebalance=monitor,
        execution=areas_execution,
        never_executed=line_table(
            "never-executed", _("Tagged lines never executed"), execution.never_executed(lines)
        ),
        over_executed=line_table(
            "over-executed",
            _("Tagged lines executed above the budget in force"),
            execution.over_executed(lines),
        ),
        steps=steps,
        area_rows=area_rows,
        report_names=report_names,
    )


def _execution_table(
    name: str,
    caption: str,
    group: str,
    rows: list[StageRow],
    report_names: list[str],
    jurisdiction: Jurisdiction,
    fiscal_year: int,
) -> DataTable:
    """Each execution report's Roma-relevant amount and rate against the budget in force."""
    report_columns = []
    for report in report_names:
        date = format_date(dt.date.fromisoformat(report.split(":", 1)[1]))
        report_columns += [
            Column(f"{report}_tagged", _("Executed by %(date)s", date=date), "money"),
            Column(f"{report}_rate", _("Rate by %(date)s", date=date), "ratio"),
        ]
    table = DataTable(
        name=name,
        caption=caption,
        currency=jurisdiction.currency,
        columns=[
            Column("key", _("Code"), "code"),
            Column("label", _("Name")),
            Column("in_force_tagged", _("In force, Roma-relevant"), "money"),
            *report_columns,
        ],
    )
    labels = key_labels(
        group, [r.key for r in rows], jurisdiction.country, fiscal_year, current_language() == "en"
    )
    for row in rows:
        values = {
            "key": row.key[0],
            "_flag": ("measure", row.key[0]) if group == "measure" and row.key[0] else None,
            "label": labels[row.key],
            "in_force_tagged": row.amounts["in_force"].tagged
            if row.amounts.get("in_force")
            else None,
        }
        for report, rate in zip(
            report_names, execution.report_rates(row, report_names), strict=True
        ):
            values[f"{report}_tagged"] = (
                row.amounts[report].tagged if row.amounts.get(report) else None
            )
            values[f"{report}_rate"] = rate
        table.rows.append(values)
    return table


# --- national view -----------------------------------------------------------------------------
def country_tables(
    fiscal_year: int, country: str
) -> tuple[DataTable, DataTable, DataTable, list[StageRow]] | None:
    """One economy's year: by area, by measure and by jurisdiction, each total the sum of the
    jurisdictions' published figures, in the economy's one currency."""
    by_jurisdiction = year_documents_by_jurisdiction(fiscal_year, country=country)
    if not by_jurisdiction:
        return None
    places = jurisdictions_by_id(by_jurisdiction)
    currency = country_currency(country, places.values())
    stages = combined_stages(by_jurisdiction)
    english = current_language() == "en"

    def stage_group_table(group: str, caption: str) -> tuple[DataTable, list[StageRow]]:
        rows = stage_table(stages, group, reconcile=True)
        labels = key_labels(group, [r.key for r in rows], country, fiscal_year, english)
        table = DataTable(
            name=f"{country}-{fiscal_year}-{group}",
            caption=caption,
            currency=currency,
            columns=[
                Column("key", _("Code"), "code"),
                Column("label", _("Name")),
                *_stage_columns(False),
            ],
        )
        for row in rows:
            table.rows.append({"key": row.key[0], "label": labels[row.key], **_stage_values(row)})
        return table, rows

    areas, area_rows = stage_group_table(
        "area", _("Roma-relevant amounts by strategy area, all jurisdictions of the economy")
    )
    measures, _rows = stage_group_table(
        "measure", _("Roma-relevant amounts by measure, all jurisdictions of the economy")
    )
    table = _jurisdictions_table(fiscal_year, country, by_jurisdiction, places, currency)
    return areas, measures, table, area_rows


def country_jurisdictions(fiscal_year: int, country: str) -> DataTable | None:
    """Only the jurisdictions table of `country_tables` (what the overview's findings read),
    without the economy's area and measure tables."""
    by_jurisdiction = year_documents_by_jurisdiction(fiscal_year, country=country)
    if not by_jurisdiction:
        return None
    places = jurisdictions_by_id(by_jurisdiction)
    currency = country_currency(country, places.values())
    return _jurisdictions_table(fiscal_year, country, by_jurisdiction, places, currency)


def _jurisdictions_table(
    fiscal_year: int, country: str, by_jurisdiction, places, currency: str
) -> DataTable:
    """Each jurisdiction's totals and Roma-relevant amounts, then the economy's sum."""
    all_ids = {
        d.id
        for docs in by_jurisdiction.values()
        for d in (docs.adopted, docs.in_force, docs.executed)
        if d
    }
    totals = document_totals(all_ids)
    table = DataTable(
        name=f"{country}-{fiscal_year}-jurisdictions",
        caption=_("Jurisdictions"),
        currency=currency,
        columns=[
            Column("code", _("Code"), "code"),
            Column("name", _("Name"), "link"),
            Column("adopted_total", _("Adopted, total"), "money"),
            Column("adopted_tagged", _("Adopted, Roma-relevant"), "money"),
            Column("in_force_total", _("In force, total"), "money"),
            Column("in_force_tagged", _("In force, Roma-relevant"), "money"),
            Column("executed_tagged", _("Executed, Roma-relevant"), "money"),
            Column("execution_rate", _("Execution rate, Roma-relevant"), "ratio"),
            Column("tagged_ratio", _("Roma-relevant change"), "ratio"),
            Column("total_ratio", _("Total change"), "ratio"),
            Column("disproportionate", _("Disproportionate cut"), "flag"),
        ],
    )
    sums_row = {
        k: Decimal("0.00")
        for k in (
            "adopted_total",
            "adopted_tagged",
            "in_force_total",
            "in_force_tagged",
            "executed_tagged",
        )
    }
    for jurisdiction_id, docs in sorted(
        by_jurisdiction.items(),
        key=lambda item: (places[item[0]].kind != "national", places[item[0]].name),
    ):
        place = places[jurisdiction_id]
        adopted = totals[docs.adopted.id] if docs.adopted else None
        in_force = totals[docs.in_force.id] if docs.in_force else None
        executed = totals[docs.executed.id] if docs.executed else None
        step = (
            rebalance.RebalanceStep(None, None, adopted, in_force) if adopted and in_force else None
        )  # type: ignore[arg-type]
        row = {
            "code": place.code,
            "name": (place_name(place), url_for("portal.year", code=place.code, year=fiscal_year)),
            "adopted_total": adopted.total if adopted else None,
            "adopted_tagged": adopted.tagged if adopted else None,
            "in_force_total": in_force.total if in_force else None,
            "in_force_tagged": in_force.tagged if in_force else None,
            "executed_tagged": executed.tagged if executed else None,
            "execution_rate": (
                executed.tagged / in_force.tagged
                if executed and in_force and in_force.tagged
                else None
            ),
            "tagged_ratio": step.tagged_ratio if step else None,
            "total_ratio": step.total_ratio if step else None,
            "disproportionate": step.disproportionate if step else None,
            "jurisdiction": place,  # for the findings; not a column
        }
        for key in sums_row:
            sums_row[key] += row[key] or Decimal("0.00")
        table.rows.append(row)
    from budget.analysis.aggregate import Amounts

    overall = rebalance.RebalanceStep(
        None,
        None,
        Amounts(sums_row["adopted_total"], sums_row["adopted_tagged"]),  # type: ignore[arg-type]
        Amounts(sums_row["in_force_total"], sums_row["in_force_tagged"]),
    )
    table.rows.append(
        {
            "code": "",
            "name": (
                _("All jurisdictions"),
                url_for("portal.country", country=country, year=fiscal_year),
            ),
            **sums_row,
            "execution_rate": (
                sums_row["executed_tagged"] / sums_row["in_force_tagged"]
                if sums_row["in_force_tagged"]
                else None
            ),
            "tagged_ratio": overall.tagged_ratio,
            "total_ratio": overall.total_ratio,
            "disproportionate": overall.disproportionate,
        }
    )
    return table


def country_currency(country: str, places) -> str:
    """The one currency of an economy's jurisdictions (its profile's, where it has one)."""
    from budget.classifications.profiles import profile

    found = {place.currency for place in places}
    if len(found) > 1:
        # An economy has one currency; jurisdictions that disagree are a data error, and adding
        # their amounts would mix currencies: refuse rather than show a wrong total.
        raise ValueError(f"jurisdictions of {country} have several currencies: {sorted(found)}")
    if found:
        return found.pop()
    known = profile(country)
    return known.currency if known else ""


def group_links(jurisdiction: Jurisdiction, fiscal_year: int) -> list[tuple[str, str]]:
    return [
        (
            group_title(g),
            url_for("portal.breakdown", code=jurisdiction.code, year=fiscal_year, group=g),
        )
        for g in GROUPS
    ]
