"""The annual report on Roma inclusion measures, as the Regional Cooperation Council's reporting
tool asks governments for it: per measure the activities, the budget planned and spent, the
beneficiaries (Roma, Roma women) and the progress of its indicators. Built from approved,
line-level data, per jurisdiction-year or nationally (every jurisdiction, local measures counted
under the national measure they implement). Counts under 5 people are written "<5"."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from budget.analysis.aggregate import sums, tag_join_condition
from budget.analysis.stages import year_documents_by_jurisdiction
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.i18n import decimal_text, measure_title, percent, place_name
from budget.indicators.pages import (
    MeasureCard,
    measure_cards,
    national_measure_cards,
    signal_text,
    small_count,
    status_text,
)
from budget.indicators.progress import implemented_by
from budget.labels import AREA, RELEVANCE, SEX, UNIT, economy_name
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag
from budget.time import utcnow
from budget.web.lookups import year_or_404
from budget.web.tables import Column, DataTable, xlsx_book


def jurisdiction_report(jurisdiction, year: int) -> bytes:
    overview = year_or_404(jurisdiction, year)
    cards = measure_cards(jurisdiction, overview, year)
    documents = {jurisdiction.id: overview.documents}
    return _book(cards, documents, year, place_name(jurisdiction), jurisdiction.currency, False)


def national_report(year: int, currency: str | None, country: str = "RS") -> bytes:
    """The report over every jurisdiction of one economy (its own currency)."""
    cards = national_measure_cards(year, country=country)
    documents = year_documents_by_jurisdiction(year, country=country)
    return _book(cards, documents, year, economy_name(country), currency, True)


def _count(value: int | None):
    """A count of people as the public sees it: "<5" below 5, else the number."""
    return small_count(value)


def _book(cards: list[MeasureCard], documents, year: int, scope: str, currency, national: bool):
    unit = f" ({currency})" if currency else ""
    activities = activity_rows(cards, documents, year, national)
    per_measure: dict[str, int] = {}
    for row in activities.rows:
        per_measure[row["measure"]] = per_measure.get(row["measure"], 0) + 1

    about = DataTable(
        name="about",
        caption=_("About this report"),
        columns=[Column("what", _("Report field")), Column("value", _("Value"))],
    )
    about.rows = [
        {"what": _("Report"), "value": _("Annual report on the Roma inclusion measures")},
        {"what": _("Scope"), "value": scope},
        {"what": _("Year"), "value": year},
        {"what": _("Currency"), "value": currency or ""},
        {
            "what": _("Data"),
            "value": _(
                "Approved tags, costed plans and indicators only. Counts under 5 people are "
                "written <5: small numbers identify people."
            ),
        },
        {"what": _("Generated (UTC)"), "value": utcnow()},
    ]

    measures = DataTable(
        name="measures",
        caption=_("Measures"),
        columns=[
            Column("area", _("Area")),
            Column("measure", _("Measure"), "code"),
            Column("title", _("Title")),
            Column("activities", _("Activities (tagged budget lines)"), "number"),
            Column("planned", _("Budget planned") + unit, "money"),
            Column("adopted", _("Adopted") + unit, "money"),
            Column("in_force", _("In force") + unit, "money"),
            Column("executed", _("Spent (executed)") + unit, "money"),
            Column("execution_rate", _("Execution rate"), "ratio"),
            Column("roma", _("Beneficiaries: Roma")),
            Column("roma_women", _("Beneficiaries: Roma women")),
            *([Column("places", _("Jurisdictions funding it"), "number")] if national else []),
            Column("indicators", _("Indicator progress")),
            Column("signals", _("Signals")),
        ],
    )
    indicators = DataTable(
        name="indicators",
        caption=_("Indicators"),
        columns=[
            Column("measure", _("Measure"), "code"),
            Column("code", _("Indicator"), "code"),
            Column("name", _("Name")),
            Column("unit", _("Unit")),
            Column("baseline_year", _("Baseline year"), "number"),
            Column("baseline", _("Baseline value")),
            Column("target_year", _("Target year"), "number"),
            Column("target", _("Target value")),
            Column("actual_year", _("Year measured"), "number"),
            Column("actual", _("Value")),
            Column("female", SEX["female"]),
            Column("male", SEX["male"]),
            Column("progress", _("Progress"), "ratio"),
            Column("expected", _("Expected progress"), "ratio"),
            Column("status", _("Status")),
            Column("source", _("Source")),
        ],
    )
    for card in cards:
        m = card.progress
        code = m.measure.code
        rate = (
            m.executed / m.in_force
            if m.executed is not None and m.in_force is not None and m.in_force > 0
            else None
        )
        measures.rows.append(
            {
                "area": str(AREA.get(m.measure.area, m.measure.area)),
                "measure": code,
                "title": measure_title(m.measure.title, m.measure.title_en),
                "activities": per_measure.get(code, 0),
                "planned": card.planned,
                "adopted": m.adopted,
                "in_force": m.in_force,
                "executed": m.executed,
                "execution_rate": rate,
                "roma": _count(card.roma),
                "roma_women": _count(card.roma_women),
                "places": card.places,
                "indicators": "; ".join(_progress_text(p) for p in m.indicators),
                "signals": " ".join(signal_text(s) for s in m.signals),
            }
        )
        for p in m.indicators:
            i = p.indicator
            indicators.rows.append(
                {
                    "measure": code,
                    "code": i.code,
                    "name": measure_title(i.name, i.name_en),
                    "unit": str(UNIT.get(i.unit, i.unit)),
                    "baseline_year": i.baseline_year,
                    "baseline": i.baseline,
                    "target_year": i.target_year,
                    "target": i.target,
                    "actual_year": p.actual.year if p.actual else None,
                    "actual": Decimal(p.actual.value) if p.actual else None,
                    "female": Decimal(p.by_sex["female"].value) if "female" in p.by_sex else None,
                    "male": Decimal(p.by_sex["male"].value) if "male" in p.by_sex else None,
                    "progress": p.progress,
                    "expected": p.expected,
                    "status": status_text(p.status),
                    "source": i.source or "",
                }
            )
    return xlsx_book(
        [
            (_("About this report"), about),
            (_("Measures"), measures),
            (_("Activities"), activities),
            (_("Indicators"), indicators),
        ]
    )


def _progress_text(p) -> str:
    if p.actual is None:
        return _("%(code)s: no value measured yet", code=p.indicator.code)
    return _(
        "%(code)s: %(value)s in %(year)s, %(progress)s of the way (%(expected)s expected), "
        "%(status)s",
        code=p.indicator.code,
        value=decimal_text(p.actual.value),
        year=p.actual.year,
        progress=percent(p.progress, 0),
        expected=percent(p.expected, 0),
        status=status_text(p.status),
    )


def activity_rows(cards: list[MeasureCard], documents, year: int, national: bool) -> DataTable:
    """The approved tags of the measures reported (nationally: of the national measures and
    the local ones implementing them), with each line's tagged amount in force and executed
    (two aggregations for all the lines) and its description in the budget in force."""
    table = DataTable(
        name="activities",
        caption=_("Activities"),
        columns=[
            *([Column("jurisdiction", _("Jurisdiction"))] if national else []),
            Column("measure", _("Measure"), "code"),
            *([Column("local_measure", _("Local measure"), "code")] if national else []),
            Column("program", _("Program"), "code"),
            Column("activity", _("Activity"), "code"),
            Column("economic", _("Economic classification"), "code"),
            Column("description", _("Description")),
            Column("relevance", _("Relevance")),
            Column("share", _("Share"), "ratio"),
            Column("in_force", _("In force, Roma-relevant"), "money"),
            Column("executed", _("Executed, Roma-relevant"), "money"),
            Column("roma", _("Beneficiaries: Roma")),
            Column("roma_women", _("Beneficiaries: Roma women")),
        ],
    )
    reported = {card.progress.measure.code for card in cards}
    parents = implemented_by() if national else {}
    in_force = [d.in_force.id for d in documents.values() if d.in_force]
    executed = [d.executed.id for d in documents.values() if d.executed]
    tags = [
        tag
        for tag in db.session.scalars(
            select(Tag)
            .where(
                Tag.fiscal_year == year,
                Tag.status == APPROVED,
                Tag.jurisdiction_id.in_(list(documents)),
                Tag.measure_id.is_not(None),
            )
            .options(joinedload(Tag.measure), joinedload(Tag.jurisdiction))
        )
        if parents.get(tag.measure.code, tag.measure.code) in reported
    ]
    if not tags:
        return table
    ids = [tag.id for tag in tags]
    force_sums = sums(in_force, "tag", with_totals=False) if in_force else {}
    executed_sums = sums(executed, "tag", with_totals=False) if executed else {}
    descriptions = dict(
        db.session.execute(
            select(Tag.id, BudgetLine.description)
            .select_from(BudgetLine)
            .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
            .join(Tag, tag_join_condition())
            .where(BudgetDocument.id.in_(in_force), Tag.id.in_(ids))
        ).all()
    )

    def tagged(found, tag_id):
        amounts = found.get((tag_id,))
        return amounts.tagged if amounts is not None else (Decimal("0.00") if found else None)

    for tag in sorted(
        tags,
        key=lambda t: (
            parents.get(t.measure.code, t.measure.code),
            t.jurisdiction.code,
            t.program or "",
            t.activity or "",
            t.economic,
        ),
    ):
        code = tag.measure.code
        table.rows.append(
            {
                "jurisdiction": place_name(tag.jurisdiction),
                "measure": parents.get(code, code),
                "local_measure": code if code in parents else "",
                "program": tag.program or "",
                "activity": tag.activity or "",
                "economic": tag.economic,
                "description": descriptions.get(tag.id, ""),
                "relevance": str(RELEVANCE.get(tag.relevance, tag.relevance)),
                "share": tag.share,
                "in_force": tagged(force_sums, tag.id) if in_force else None,
                "executed": tagged(executed_sums, tag.id) if executed else None,
                "roma": _count(tag.beneficiaries_roma),
                "roma_women": _count(tag.beneficiaries_roma_women),
            }
        )
    return table
