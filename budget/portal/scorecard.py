"""Tables of the scorecard and the ranking, built from the scoring service."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from budget.analysis.aggregate import ZERO, sums
from budget.analysis.summary import YearOverview
from budget.extensions import db
from budget.i18n import local_text, measured, place_name
from budget.jurisdictions.models import Jurisdiction
from budget.labels import ITEM
from budget.measures.models import Measure
from budget.money import from_minor
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.review.statuses import APPROVED
from budget.scoring import services as scoring
from budget.scoring import texts
from budget.web.tables import Column, DataTable

CONTEXT = {
    "tagged_share": lambda: _("Roma-relevant share of the budget in force"),
    "roma_population_share": lambda: _("Roma share of the population"),
    "equity_ratio": lambda: _(
        "Equity ratio: Roma-relevant spending per Roma resident against all spending per resident"
    ),
    "tagged_per_roma_resident": lambda: _("Roma-relevant amount per Roma resident"),
    "total_execution": lambda: _("Execution of the whole budget"),
}


def evidence_links(jurisdiction: Jurisdiction, year: int) -> dict[str, list[tuple[str, str]]]:
    """Where to see the data behind each dimension."""
    year_page = url_for("portal.year", code=jurisdiction.code, year=year)
    card = url_for("portal.scorecard", code=jurisdiction.code, year=year)
    by = lambda group: url_for("portal.breakdown", code=jurisdiction.code, year=year, group=group)
    return {
        "RRB-1": [
            (_("planned costs"), card + "#plans"),
            (_("tagged amounts by measure"), by("measure")),
        ],
        "RRB-2": [(_("tagged amounts by area"), by("area")), (_("by measure"), by("measure"))],
        "RRB-3": [
            (_("execution tracker"), year_page + "#execution-heading"),
            (_("lines"), by("line")),
        ],
        "RRB-4": [(_("rebalance monitor"), year_page + "#rebalance-heading")],
        "RRB-5": [(_("tagged lines"), by("line"))],
        "RRB-6": [(_("questionnaire answers"), card + "#answers")],
    }


def dimensions_table(jurisdiction: Jurisdiction, year: int, result: dict) -> DataTable:
    method = scoring.method(result["methodology"])
    table = DataTable(
        name=f"{jurisdiction.code}-{year}-score",
        caption=_("Dimensions of %(method)s", method=method.id),
        columns=[
            Column("id", _("Dimension"), "code"),
            Column("name", _("Name")),
            Column("grade", _("Grade"), "grade"),
            Column("value", _("Value"), "measured"),
            Column("details", _("Other values")),
            Column("formula", _("Formula")),
            Column("thresholds", _("Thresholds")),
            Column("reason", _("Not scored because")),
        ],
    )
    for dimension in method.dimensions:
        report = result["dimensions"][dimension.id]
        details = ", ".join(
            f"{texts.value_name(k)} = {measured((v, texts.unit(method, k)))}"
            for k, v in report.items()
            if k not in ("name", "grade", "value", "reason") and v is not None
        )
        table.rows.append(
            {
                "id": dimension.id,
                "name": texts.dimension_name(method, dimension),
                "grade": report["grade"],
                "value": (report["value"], texts.unit(method, dimension.value)),
                "details": details,
                "formula": texts.formula(method, dimension),
                "thresholds": texts.thresholds(method, dimension),
                "reason": texts.reason(report.get("reason")),
            }
        )
    return table


def context_table(jurisdiction: Jurisdiction, year: int, result: dict) -> DataTable:
    table = DataTable(
        name=f"{jurisdiction.code}-{year}-context",
        caption=_("Context indicators (not graded)"),
        columns=[
            Column("indicator", _("Indicator"), "code"),
            Column("label", _("Meaning")),
            Column("value", _("Value"), "measured"),
        ],
    )
    for key, label in CONTEXT.items():
        unit = f"amount {jurisdiction.currency}" if key == "tagged_per_roma_resident" else "percent"
        value = result["context"].get(key)
        table.rows.append({"indicator": key, "label": label(), "value": (value, unit)})
    return table


def trend_table(jurisdiction: Jurisdiction, methodology: str) -> DataTable:
    table = DataTable(
        name=f"{jurisdiction.code}-score-trend",
        caption=_("The index over the years"),
        columns=[
            Column("fiscal_year", _("Year"), "link"),
            Column("status", _("Status")),
            Column("grade", _("Grade"), "grade"),
            Column("index", _("Index"), "measured"),
        ],
    )
    for result in scoring.trend(jurisdiction, methodology):
        table.rows.append(
            {
                "fiscal_year": (
                    str(result["fiscal_year"]),
                    url_for("portal.scorecard", code=jurisdiction.code, year=result["fiscal_year"]),
                ),
                "status": status_label(result["status"]),
                "grade": result["grade"],
                "index": (result["index"], "index"),
            }
        )
    return table


def status_label(status: str) -> str:
    return _("scored") if status == "scored" else _("insufficient data")


def ranking_table(
    year: int,
    kind: str | None = None,
    methodology: str = scoring.DEFAULT_METHOD,
    country: str | None = None,
) -> DataTable:
    """The ranking of a year (of one economy: each is ranked among its own by default)."""
    results = scoring.ranking(year, methodology, kind=kind, country=country)
    codes = [r["jurisdiction"] for r in results]
    places = {
        j.code: j
        for j in db.session.scalars(select(Jurisdiction).where(Jurisdiction.code.in_(codes)))
    }
    table = DataTable(
        name=f"ranking-{year}" + (f"-{country}" if country else "") + (f"-{kind}" if kind else ""),
        caption=_("Roma responsive budgeting index %(year)s", year=year),
        columns=[
            Column("rank", _("Rank"), "number"),
            Column("jurisdiction", _("Jurisdiction"), "link"),
            Column("grade", _("Grade"), "grade"),
            Column("index", _("Index"), "measured"),
            Column("tagged_share", _("Roma-relevant share"), "measured"),
            Column("equity_ratio", _("Equity ratio"), "measured"),
        ],
    )
    for rank, result in enumerate(results, start=1):
        place = places[result["jurisdiction"]]
        table.rows.append(
            {
                "rank": rank if result["status"] == "scored" else None,
                "jurisdiction": (
                    place_name(place),
                    url_for("portal.scorecard", code=place.code, year=year),
                ),
                "grade": result["grade"],
                "index": (result["index"], "index"),
                "tagged_share": (result["context"]["tagged_share"], "percent"),
                "equity_ratio": (result["context"]["equity_ratio"], "percent"),
            }
        )
    return table


def plans_table(jurisdiction: Jurisdiction, overview: YearOverview) -> DataTable:
    """Each approved planned cost beside the Roma-relevant amount in force of its measure."""
    year = overview.fiscal_year
    table = DataTable(
        name=f"{jurisdiction.code}-{year}-plans",
        caption=_("Approved planned costs"),
        currency=jurisdiction.currency,
        columns=[
            Column("measure", _("Measure"), "code"),
            Column("title", _("Title")),
            Column("planned_cost", _("Planned cost"), "money"),
            Column("tagged", _("Roma-relevant in force"), "money"),
        ],
    )
    in_force = overview.documents.in_force
    tagged = sums([in_force.id], "measure") if in_force else {}
    for code, title, planned_minor in db.session.execute(
        select(Measure.code, Measure.title, func.sum(PlanCost.planned_cost_minor))
        .join(Measure)
        .where(
            PlanCost.jurisdiction_id == jurisdiction.id,
            PlanCost.fiscal_year == year,
            PlanCost.status == APPROVED,
        )
        .group_by(Measure.code, Measure.title)
        .order_by(Measure.code)
    ):
        table.rows.append(
            {
                "measure": code,
                "title": local_text(title),
                "planned_cost": from_minor(planned_minor),
                "tagged": tagged.get((code,), ZERO).tagged,
            }
        )
    return table


def answers_table(jurisdiction: Jurisdiction, year: int) -> DataTable:
    table = DataTable(
        name=f"{jurisdiction.code}-{year}-answers",
        caption=_("Approved questionnaire answers"),
        columns=[
            Column("item", _("Item"), "code"),
            Column("question", _("Question")),
            Column("answer", _("Answer")),
            Column("evidence", _("Evidence")),
        ],
    )
    for answer in db.session.scalars(
        select(QuestionnaireAnswer)
        .where(
            QuestionnaireAnswer.jurisdiction_id == jurisdiction.id,
            QuestionnaireAnswer.fiscal_year == year,
            QuestionnaireAnswer.status == APPROVED,
        )
        .order_by(QuestionnaireAnswer.item)
    ):
        table.rows.append(
            {
                "item": answer.item,
                "question": str(ITEM.get(answer.item, answer.item)),
                "answer": _("yes") if answer.answer else _("no"),
                "evidence": local_text(answer.evidence),
            }
        )
    return table


def peer_tables(jurisdiction: Jurisdiction, year: int, group, method_id: str):
    """The peer group side by side (grade of every dimension), and for each dimension where
    another member does better, the best of them: its grade and value, and links to what it did
    (its tagged measures, its evidence). Built from the group's stored results."""
    method = scoring.method(method_id)
    code = f"{jurisdiction.code}-{year}"
    places = {
        j.code: j
        for j in db.session.scalars(
            select(Jurisdiction).where(Jurisdiction.code.in_(group.members))
        )
    }
    members = DataTable(
        name=f"{code}-peers",
        caption=_("Similar jurisdictions in %(year)s, best first", year=year),
        columns=[
            Column("jurisdiction", _("Jurisdiction"), "link"),
            Column("grade", _("Grade"), "grade"),
            Column("index", _("Index"), "measured"),
            *(
                Column(d.id, f"{d.id} · {texts.dimension_name(method, d)}", "grade")
                for d in method.dimensions
            ),
        ],
    )
    for result in group.results:
        place = places[result["jurisdiction"]]
        members.rows.append(
            {
                "jurisdiction": (
                    place_name(place),
                    url_for("portal.scorecard", code=place.code, year=year),
                ),
                "grade": result["grade"],
                "index": (result["index"], "index"),
                **{d.id: result["dimensions"][d.id]["grade"] for d in method.dimensions},
            }
        )
    best = DataTable(
        name=f"{code}-best-peers",
        caption=_("Peers that do better, by dimension"),
        columns=[
            Column("dimension", _("Dimension")),
            Column("peer", _("Jurisdiction"), "link"),
            Column("grade", _("Grade"), "grade"),
            Column("value", _("Value"), "measured"),
            Column("own", _("Grade here"), "grade"),
        ],
    )
    own = group.own["dimensions"]
    links: dict[str, list[tuple[str, str]]] = {}
    for dimension in method.dimensions:
        graded = [
            r
            for r in group.results
            if r["jurisdiction"] != jurisdiction.code and r["dimensions"][dimension.id]["grade"]
        ]
        if not graded:
            continue
        leader = max(
            graded,
            key=lambda r: (method.points[r["dimensions"][dimension.id]["grade"]], r["index"] or 0),
        )
        report = leader["dimensions"][dimension.id]
        mine = own[dimension.id]["grade"]
        if mine is not None and method.points[report["grade"]] <= method.points[mine]:
            continue  # no peer does better here: nothing to learn from them in this dimension
        place = places[leader["jurisdiction"]]
        links[dimension.id] = evidence_links(place, year)[dimension.id]
        best.rows.append(
            {
                "dimension": f"{dimension.id} · {texts.dimension_name(method, dimension)}",
                "peer": (
                    place_name(place),
                    url_for("portal.scorecard", code=place.code, year=year),
                ),
                "grade": report["grade"],
                "value": (report["value"], texts.unit(method, dimension.value)),
                "own": own[dimension.id]["grade"],
                "dimension_id": dimension.id,
            }
        )
    return members, best, links
