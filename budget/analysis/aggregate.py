"""The aggregation layer: every figure of pages, API, charts and downloads comes from here.

`sums(document_ids, group)` adds up the lines of any set of documents (one jurisdiction's
adopted budget, or every municipality's) by any grouping, in two SQL queries: the totals of the
lines, and the approved tags' weighted amounts (share x amount, exact in millionths).
`stage_table` puts the stages side by side: adopted, each rebalance, in force, executed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, func, literal, select, tuple_

from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.measures.models import Measure
from budget.money import combine, exact_sum, exact_tagged, from_minor, from_tagged
from budget.review.statuses import PUBLISHED
from budget.tagging.models import Tag

# The codes lines are grouped by: the five classifications and the budget user (`unit`).
CLASSIFICATIONS = ("program", "activity", "function", "economic", "source", "unit")
GROUPS = ("line", *CLASSIFICATIONS, "measure", "area")  # the groupings pages and the API offer
TAG_GROUPS = ("measure", "area", "tag")  # what tags weigh there: no total


@dataclass(frozen=True)
class Amounts:
    total: Decimal | None  # None for tag groupings (measure, area)
    tagged: Decimal


ZERO = Amounts(Decimal("0.00"), Decimal("0.00"))


def tag_join_condition():
    """A document's lines joined to the tags of their line keys (same jurisdiction and year)."""
    return and_(
        Tag.jurisdiction_id == BudgetDocument.jurisdiction_id,
        Tag.fiscal_year == BudgetDocument.fiscal_year,
        *(getattr(Tag, code) == getattr(BudgetLine, code) for code in KEY_CODES),
    )


def _group_columns(group: str) -> list:
    if group == "all":
        return []
    if group == "line":
        return [getattr(BudgetLine, code) for code in KEY_CODES]
    if group in CLASSIFICATIONS:
        return [getattr(BudgetLine, group)]
    if group == "measure":
        return [func.coalesce(Measure.code, literal(""))]
    if group == "area":
        return [func.coalesce(Measure.area, literal(""))]
    if group == "tag":  # each tag's own weighted amount (e.g. of submitted tags, for review)
        return [Tag.id]
    raise ValueError(f"unknown grouping {group!r}")


def sums(
    document_ids: Iterable[int],
    group: str,
    statuses: tuple[str, ...] = PUBLISHED,
    keys: list[tuple] | None = None,
    per_document: bool = False,
    exact: bool = False,
    tag_conditions: tuple = (),
    with_totals: bool = True,
) -> dict[tuple, Amounts]:
    """{group key: Amounts} over the lines of `document_ids` (all added together).

    `group` "all" adds everything up (key `()`). `keys` (with group "line") limits the sums to
    those line keys, e.g. one page of lines. `per_document` keeps documents apart: keys become
    (document id, *key). `exact` keeps tagged amounts unrounded (for scoring, which compares
    unrounded values); otherwise they are rounded half-up to cents. `tag_conditions` count only
    the tags that meet them; `with_totals=False` skips the line totals (total is None).
    """
    ids = list(document_ids)
    if not ids:
        return {}
    columns = ([BudgetLine.document_id] if per_document else []) + _group_columns(group)
    width = len(columns)
    conditions = [BudgetLine.document_id.in_(ids)]
    if keys is not None:
        if group != "line":
            raise ValueError("keys limit line sums only")
        if not keys:
            return {}
        conditions.append(tuple_(*_group_columns(group)).in_(keys))
    totals: dict[tuple, int] = {}
    if with_totals and group not in TAG_GROUPS:
        for row in db.session.execute(
            select(*columns, *exact_sum(BudgetLine.amount_minor, "total"))
            .where(*conditions)
            .group_by(*columns)
        ):
            totals[tuple(row[:width])] = combine(row, "total")
    tagged_query = (
        select(*columns, *exact_sum(BudgetLine.amount_minor, "tagged", weight=Tag.share_units))
        .select_from(BudgetLine)
        .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
        .join(Tag, tag_join_condition())
        .where(*conditions, Tag.status.in_(statuses), *tag_conditions)
        .group_by(*columns)
    )
    if group in TAG_GROUPS:
        tagged_query = tagged_query.outerjoin(Measure, Measure.id == Tag.measure_id)
    tagged = {
        tuple(row[:width]): combine(row, "tagged") for row in db.session.execute(tagged_query)
    }
    weighed = exact_tagged if exact else from_tagged
    if group in TAG_GROUPS or not with_totals:
        return {key: Amounts(None, weighed(value)) for key, value in tagged.items()}
    return {
        key: Amounts(from_minor(total), weighed(tagged.get(key, 0)))
        for key, total in totals.items()
    }


def grand_total(document_ids: Iterable[int], statuses: tuple[str, ...] = PUBLISHED) -> Amounts:
    """Everything in these documents added up: total and tagged amount."""
    return sums(document_ids, "all", statuses=statuses).get((), ZERO)


# --- stages side by side -----------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """A column of a stage table: a label and the documents added together in it."""

    name: str  # adopted | revision:N | in_force | executed | executed:YYYY-MM-DD
    document_ids: tuple[int, ...]


@dataclass
class StageRow:
    key: tuple
    amounts: dict[str, Amounts | None] = field(default_factory=dict)

    def change(self, before: str = "adopted", after: str = "in_force", tagged: bool = True):
        """(absolute, ratio) change between two stages; ratio None when it starts at 0."""
        first, second = self.amounts.get(before), self.amounts.get(after)
        if first is None or second is None:
            return None, None
        a = first.tagged if tagged else first.total
        b = second.tagged if tagged else second.total
        if a is None or b is None:
            return None, None
        return b - a, ((b - a) / a if a else None)

    def execution_rate(self, tagged: bool = True) -> Decimal | None:
        planned, spent = self.amounts.get("in_force"), self.amounts.get("executed")
        if planned is None or spent is None:
            return None
        a = planned.tagged if tagged else planned.total
        b = spent.tagged if tagged else spent.total
        return (b / a) if a else None


def reconciled_sums(document_ids: Iterable[int], group: str) -> dict[tuple, Amounts]:
    """Like `sums` over many jurisdictions' documents, but each document's figure is rounded to
    cents first and the rounded figures are added: the combined figure then equals exactly the
    sum of the published per-jurisdiction figures."""
    combined: dict[tuple, list] = {}
    for (_document, *key), amounts in sums(document_ids, group, per_document=True).items():
        total, tagged = combined.setdefault(tuple(key), [None, Decimal("0.00")])
        if amounts.total is not None:
            total = (total or Decimal("0.00")) + amounts.total
        combined[tuple(key)] = [total, tagged + amounts.tagged]
    return {key: Amounts(total, tagged) for key, (total, tagged) in combined.items()}


def stage_table(
    stages: list[Stage], group: str, reconcile: bool = False, exact: bool = False
) -> list[StageRow]:
    """One row per key with any amount in any stage; a stage without documents is None.

    `reconcile` for stages that add up several jurisdictions (see `reconciled_sums`); `exact`
    keeps tagged amounts unrounded (to convert them before rounding), for one jurisdiction.
    """
    if reconcile and exact:
        raise ValueError("reconciled sums are rounded per document")

    def add_up(document_ids):
        if reconcile:
            return reconciled_sums(document_ids, group)
        return sums(document_ids, group, exact=exact)

    per_stage = {
        stage.name: add_up(stage.document_ids) if stage.document_ids else None for stage in stages
    }
    keys = sorted({key for result in per_stage.values() if result for key in result})
    rows = []
    for key in keys:
        row = StageRow(key)
        for stage in stages:
            result = per_stage[stage.name]
            if result is None:
                row.amounts[stage.name] = None
            else:
                default = Amounts(None, Decimal("0.00")) if group in TAG_GROUPS else ZERO
                row.amounts[stage.name] = result.get(key, default)
        rows.append(row)
    return rows
