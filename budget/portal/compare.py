"""Comparing 2 to 5 jurisdictions of a year side by side: budgets, Roma-relevant amounts per
resident and per Roma resident, execution, the index and every dimension's grade.

A fixed number of queries whatever is chosen: the jurisdictions, their documents, the documents'
totals and the stored scores of the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from budget.analysis.summary import documents_by_year, per_head
from budget.analysis.totals import document_totals
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.i18n import place_name
from budget.jurisdictions.models import Jurisdiction
from budget.scoring import services as scoring
from budget.scoring import texts
from budget.web.tables import Column, DataTable

FEWEST, MOST = 2, 5


@dataclass
class Comparison:
    table: DataTable | None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the rates of a comparison in euro


def candidates(year: int) -> list[Jurisdiction]:
    """The jurisdictions of a scored kind with budgets in the year, by name."""
    kinds = scoring.method(scoring.DEFAULT_METHOD).scored_kinds
    with_budget = select(BudgetDocument.jurisdiction_id).where(BudgetDocument.fiscal_year == year)
    return list(
        db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.id.in_(with_budget), Jurisdiction.kind.in_(kinds))
            .order_by(Jurisdiction.name)
        )
    )


def compare(year: int, codes: list[str]) -> Comparison:
    chosen = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not FEWEST <= len(chosen) <= MOST:
        return Comparison(None, [_("Choose from 2 to 5 jurisdictions.")])
    places = {
        j.code: j
        for j in db.session.scalars(select(Jurisdiction).where(Jurisdiction.code.in_(chosen)))
    }
    unknown = [code for code in chosen if code not in places]
    documents = documents_by_year({(places[c].id, year) for c in chosen if c in places})
    missing = [c for c in chosen if c in places and (places[c].id, year) not in documents]
    errors = [_("Unknown jurisdiction %(code)s.", code=code[:40]) for code in unknown]
    errors += [
        _("%(place)s has no budget for %(year)s.", place=place_name(places[c]), year=year)
        for c in missing
    ]
    if errors:
        return Comparison(None, errors)

    totals = document_totals(
        d.id
        for docs in documents.values()
        for d in (docs.adopted, docs.in_force, docs.executed)
        if d
    )
    method = scoring.method(scoring.DEFAULT_METHOD)
    scores = {r["jurisdiction"]: r for r in scoring.ranking(year)}
    table = DataTable(
        name=f"compare-{year}-" + "-".join(chosen),
        caption=_("%(count)s jurisdictions compared, %(year)s", count=len(chosen), year=year),
        columns=[
            Column("jurisdiction", _("Jurisdiction"), "link"),
            Column("currency", _("Currency"), "code"),
            Column("in_force", _("Budget in force"), "money"),
            Column("tagged", _("Roma-relevant, in force"), "money"),
            Column("share", _("Roma-relevant share"), "ratio"),
            Column("per_resident", _("Budget per resident"), "money"),
            Column("per_roma_resident", _("Roma-relevant per Roma resident"), "money"),
            Column("execution", _("Execution rate, Roma-relevant"), "ratio"),
            Column("grade", _("Grade"), "grade"),
            Column("index", _("Index"), "measured"),
            *(
                Column(d.id, f"{d.id} · {texts.dimension_name(method, d)}", "grade")
                for d in method.dimensions
            ),
        ],
    )
    for code in chosen:
        place = places[code]
        docs = documents[(place.id, year)]
        in_force = totals.get(docs.in_force.id) if docs.in_force else None
        executed = totals.get(docs.executed.id) if docs.executed else None
        score = scores.get(code)
        table.rows.append(
            {
                "jurisdiction": (
                    place_name(place),
                    url_for("portal.year", code=code, year=year),
                ),
                "currency": place.currency,
                "in_force": in_force.total if in_force else None,
                "tagged": in_force.tagged if in_force else None,
                "share": in_force.tagged / in_force.total if in_force and in_force.total else None,
                "per_resident": per_head(in_force and in_force.total, place.population),
                "per_roma_resident": per_head(in_force and in_force.tagged, place.roma_population),
                "execution": (
                    executed.tagged / in_force.tagged
                    if executed and in_force and in_force.tagged
                    else None
                ),
                "grade": score["grade"] if score else None,
                "index": (score["index"] if score else None, "index"),
                **{
                    d.id: score["dimensions"][d.id]["grade"] if score else None
                    for d in method.dimensions
                },
            }
        )
    notes = _in_euro_across_economies(table, places, chosen, year)
    return Comparison(table, notes=notes)


MONEY = ("in_force", "tagged", "per_resident", "per_roma_resident")


def _in_euro_across_economies(table: DataTable, places, chosen, year: int) -> list[str]:
    """Jurisdictions of several currencies are compared in euro only (ratios as they are):
    each amount is its local figure divided by its own currency's rate of the year; without a
    rate, its amounts are left out and the note says so."""
    from budget.currencies.services import rates
    from budget.portal.regional import rate_text

    currencies = {places[code].currency for code in chosen}
    if len(currencies) < 2:
        return []
    found = rates((currency, year) for currency in currencies)
    for code, row in zip(chosen, table.rows, strict=True):
        rate = found.get((places[code].currency, year))
        for key in MONEY:
            value = row[key]
            row[key] = None if rate is None or value is None else rate.to_eur(value)
        row["currency"] = "EUR"
    table.currency = "EUR"
    notes = [_("Several currencies: the amounts are in euro at each year's annual average rate.")]
    for currency in sorted(currencies):
        notes.append(f"{currency}: {rate_text(found.get((currency, year)), currency, year)}")
    return notes
