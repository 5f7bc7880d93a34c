"""The summary of a jurisdiction's year and the overview of its years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select, tuple_

from budget.analysis.documents import YearDocuments, select_documents
from budget.analysis.totals import DocumentTotals, document_totals
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.money import CENT


@dataclass(frozen=True)
class YearOverview:
    fiscal_year: int
    documents: YearDocuments
    totals: dict[int, DocumentTotals]

    def totals_of(self, document: BudgetDocument | None) -> DocumentTotals | None:
        return None if document is None else self.totals[document.id]


def jurisdiction_years(jurisdiction: Jurisdiction) -> list[YearOverview]:
    """Every fiscal year with documents, newest first, with each document's totals."""
    documents = db.session.scalars(
        select(BudgetDocument)
        .where(BudgetDocument.jurisdiction_id == jurisdiction.id)
        .order_by(BudgetDocument.fiscal_year.desc())
    ).all()
    totals = document_totals(d.id for d in documents)
    by_year: dict[int, list[BudgetDocument]] = defaultdict(list)
    for document in documents:
        by_year[document.fiscal_year].append(document)
    return [
        YearOverview(year, select_documents(tuple(docs)), totals) for year, docs in by_year.items()
    ]


def year_overview(
    jurisdiction: Jurisdiction, fiscal_year: int, exact: bool = False
) -> YearOverview | None:
    """The documents that count in a year and their totals (`exact`: tagged unrounded)."""
    documents = tuple(
        db.session.scalars(
            select(BudgetDocument).where(
                BudgetDocument.jurisdiction_id == jurisdiction.id,
                BudgetDocument.fiscal_year == fiscal_year,
            )
        )
    )
    if not documents:
        return None
    chosen = select_documents(documents)
    counted = {d.id for d in (chosen.adopted, chosen.in_force, chosen.executed) if d}
    return YearOverview(fiscal_year, chosen, document_totals(counted, exact=exact))


def documents_by_year(years: set[tuple[int, int]]) -> dict[tuple[int, int], YearDocuments]:
    """The documents that count for each (jurisdiction id, fiscal year): one query."""
    if not years:
        return {}
    grouped: dict[tuple[int, int], list[BudgetDocument]] = defaultdict(list)
    for document in db.session.scalars(
        select(BudgetDocument).where(
            tuple_(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year).in_(sorted(years))
        )
    ):
        grouped[(document.jurisdiction_id, document.fiscal_year)].append(document)
    return {key: select_documents(tuple(documents)) for key, documents in grouped.items()}


def per_head(amount: Decimal | None, people: int | None) -> Decimal | None:
    """An exact amount per person, rounded half-up to cents; None without people."""
    if amount is None or not people:
        return None
    return (amount / people).quantize(CENT, rounding=ROUND_HALF_UP)
