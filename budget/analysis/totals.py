"""Document totals and tagged amounts, summed exactly in SQL.

Tagged amount of a document X: T_X = sum over approved tags t of share_t x a_X(key of t).
Tags attach to line keys, so the join is on (jurisdiction, year, program, activity, function,
economic, source) between the document's lines and the tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, select

from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.money import combine, exact_sum, from_minor, from_tagged
from budget.review.statuses import PUBLISHED
from budget.tagging.models import Tag


@dataclass(frozen=True)
class DocumentTotals:
    total: Decimal
    tagged: Decimal


def tag_join_condition():
    return and_(
        Tag.jurisdiction_id == BudgetDocument.jurisdiction_id,
        Tag.fiscal_year == BudgetDocument.fiscal_year,
        *(getattr(Tag, code) == getattr(BudgetLine, code) for code in KEY_CODES),
    )


def document_totals(
    document_ids: Iterable[int], statuses: tuple[str, ...] = PUBLISHED
) -> dict[int, DocumentTotals]:
    """Total and tagged amount of each document, two grouped queries in all."""
    ids = list(document_ids)
    if not ids:
        return {}
    totals = db.session.execute(
        select(BudgetLine.document_id, *exact_sum(BudgetLine.amount_minor, "total"))
        .where(BudgetLine.document_id.in_(ids))
        .group_by(BudgetLine.document_id)
    ).all()
    tagged = db.session.execute(
        select(
            BudgetLine.document_id,
            *exact_sum(BudgetLine.amount_minor, "tagged", weight=Tag.share_units),
        )
        .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
        .join(Tag, tag_join_condition())
        .where(BudgetLine.document_id.in_(ids), Tag.status.in_(statuses))
        .group_by(BudgetLine.document_id)
    ).all()
    tagged_by_document = {row.document_id: combine(row, "tagged") for row in tagged}
    result = {
        document_id: DocumentTotals(
            from_minor(0), from_tagged(tagged_by_document.get(document_id, 0))
        )
        for document_id in ids
    }
    for row in totals:
        result[row.document_id] = DocumentTotals(
            from_minor(combine(row, "total")),
            from_tagged(tagged_by_document.get(row.document_id, 0)),
        )
    return result
