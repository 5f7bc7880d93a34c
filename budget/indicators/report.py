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
    """The regional annual report of one economy: every jurisdiction of it, in its own currency
    and (where the year has a rate) in euro, by priority area and measure, with the
    institutional questions of the questionnaire."""
    from budget.currencies.services import EURO, MissingRate, rate

    cards = national_measure_cards(year, country=country)
    documents = year_documents_by_jurisdiction(year, country=country)
    try:
        found = rate(currency, year) if currency and currency != EURO else None
    except MissingRate:
        found = None
    extra = [_area_sheet(cards, currency, found), _questionnaire_sheet(documents, year)]
    return _book(cards, documents, year, economy_name(country), currency, True, found, extra)


def _count(value: int | None):
    """A count of people as the public sees it: "<5" below 5, else the number."""
    return small_count(value)


def _book(
    cards: list[MeasureCard],
    documents,
    year: int,
    scope: str,
    currency,
    national: bool,
    rate=None,
    extra_sheets=(),
):
    unit = f" ({currency})" if currency else ""
    euro = (lambda value: None if value is None else rate.to_eur(value)) if rate else None
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
        *(
            [
                {
                    "what": _("Exchange rate (units per EUR)"),
                    "value": f"{rate.per_eur} {currency} ({rate.year}; {rate.source or ''})",
                }
            ]
            if rate
            else []
        ),
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
            *(_euro_columns() if euro else []),
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
        execution = (
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
                **(
                    {
                        "planned_eur": euro(card.planned),
                        "in_force_eur": euro(m.in_force),
                        "executed_eur": euro(m.executed),
                    }
                    if euro
                    else {}
                ),
                "execution_rate": execution,
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
            *((table.caption, table) for table in extra_sheets),
        ]
    )


def _euro_columns() -> list[Column]:
    """Budget planned, in force and spent in euro (beside the local currency's)."""
    return [
        Column("planned_eur", _("Budget planned") + " (EUR)", "money"),
        Column("in_force_eur", _("In force") + " (EUR)", "money"),
        Column("executed_eur", _("Spent (executed)") + " (EUR)", "money"),
    ]


def _area_sheet(cards: list[MeasureCard], currency, rate) -> DataTable:
    """Per priority area: the measures' budget planned, in force and spent, and beneficiaries."""
    unit = f" ({currency})" if currency else ""
    table = DataTable(
        name="areas",
        caption=_("Priority areas"),
        columns=[
            Column("area", _("Area")),
            Column("measures", _("Measures"), "number"),
            Column("planned", _("Budget planned") + unit, "money"),
            Column("in_force", _("In force") + unit, "money"),
            Column("executed", _("Spent (executed)") + unit, "money"),
            *(_euro_columns() if rate else []),
            Column("roma", _("Beneficiaries: Roma")),
            Column("roma_women", _("Beneficiaries: Roma women")),
        ],
    )
    totals: dict[str, dict] = {}
    for card in cards:
        m = card.progress
        entry = totals.setdefault(
            m.measure.area,
            {
                "measures": 0,
                "planned": None,
                "in_force": None,
                "executed": None,
                "roma": None,
                "roma_women": None,
            },
        )
        entry["measures"] += 1
        for key, value in (
            ("planned", card.planned),
            ("in_force", m.in_force),
            ("executed", m.executed),
            ("roma", card.roma),
            ("roma_women", card.roma_women),
        ):
            if value is not None:
                entry[key] = (entry[key] or 0) + value
    for area in sorted(totals, key=lambda a: str(AREA.get(a, a))):
        entry = totals[area]
        row = {
            "area": str(AREA.get(area, area)),
            **entry,
            "roma": _count(entry["roma"]),
            "roma_women": _count(entry["roma_women"]),
        }
        if rate:
            for key in ("planned", "in_force", "executed"):
                value = entry[key]
                row[f"{key}_eur"] = None if value is None else rate.to_eur(value)
        table.rows.append(row)
    return table


def _questionnaire_sheet(documents, year: int) -> DataTable:
    """The institutional questions: each jurisdiction's approved answers of the year."""
    from budget.jurisdictions.models import Jurisdiction
    from budget.labels import ITEM
    from budget.plans.models import QUESTIONNAIRE_ITEMS, QuestionnaireAnswer

    table = DataTable(
        name="questionnaire",
        caption=_("Institutional questions"),
        columns=[
            Column("jurisdiction", _("Jurisdiction")),
            *(Column(item, str(ITEM[item])) for item in QUESTIONNAIRE_ITEMS),
        ],
    )
    ids = list(documents)
    answers: dict[int, dict[str, bool]] = {}
    for jid, item, answer in db.session.execute(
        select(
            QuestionnaireAnswer.jurisdiction_id,
            QuestionnaireAnswer.item,
            QuestionnaireAnswer.answer,
        ).where(
            QuestionnaireAnswer.jurisdiction_id.in_(ids),
            QuestionnaireAnswer.fiscal_year == year,
            QuestionnaireAnswer.status == APPROVED,
        )
    ):
        answers.setdefault(jid, {})[item] = answer
    places = db.session.scalars(select(Jurisdiction).where(Jurisdiction.id.in_(ids))).all()
    for place in sorted(places, key=lambda j: (j.kind != "national", place_name(j))):
        given = answers.get(place.id, {})
        table.rows.append(
            {
                "jurisdiction": place_name(place),
                **{
                    item: (_("yes") if given[item] else _("no"))
                    if item in given
                    else _("not answered")
                    for item in QUESTIONNAIRE_ITEMS
                },
            }
        )
    return table


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
