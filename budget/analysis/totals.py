"""Document totals and tagged amounts, summed exactly in SQL.

Tagged amount of a document X: T_X = sum over approved tags t of share_t x a_X(key of t).
Tags attach to line keys, so the join is on (jurisdiction, year, program, activity, function,
economic, source) between the document's lines and the tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from budget.analysis.aggregate import sums
from budget.money import from_minor
from budget.review.statuses import PUBLISHED


@dataclass(frozen=True)
class DocumentTotals:
    total: Decimal
    tagged: Decimal


def document_totals(
    document_ids: Iterable[int], statuses: tuple[str, ...] = PUBLISHED, exact: bool = False
) -> dict[int, DocumentTotals]:
    """Total and tagged amount of each document (0.00 for a document without lines): the
    aggregation layer's sums, kept per document (`exact`: tagged amounts unrounded)."""
    ids = list(document_ids)
    found = sums(ids, "all", statuses=statuses, per_document=True, exact=exact)
    empty = DocumentTotals(from_minor(0), from_minor(0))
    return {
        document_id: DocumentTotals(found[(document_id,)].total, found[(document_id,)].tagged)
        if (document_id,) in found
        else empty
        for document_id in ids
    }
