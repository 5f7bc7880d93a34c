"""The rebalance monitor: how each rebalance changed the Roma-relevant and the total budget.

A step is flagged as a disproportionate cut when the tagged amount's relative change is worse
than the total budget's by more than 5 percentage points (the 2020 pattern: rebalances that cut
dedicated Roma budgets first).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import case, func, select

from budget.analysis.aggregate import Amounts, grand_total
from budget.analysis.documents import YearDocuments
from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db

DISPROPORTION = Decimal("0.05")


@dataclass
class RebalanceStep:
    before: BudgetDocument
    after: BudgetDocument
    before_amounts: Amounts
    after_amounts: Amounts
    lines_cut: int = 0
    lines_removed: int = 0
    lines_added: int = 0

    @staticmethod
    def _ratio(before: Decimal, after: Decimal) -> Decimal | None:
        return (after - before) / before if before else None

    @property
    def total_change(self) -> Decimal:
        return self.after_amounts.total - self.before_amounts.total

    @property
    def tagged_change(self) -> Decimal:
        return self.after_amounts.tagged - self.before_amounts.tagged

    @property
    def total_ratio(self) -> Decimal | None:
        return self._ratio(self.before_amounts.total, self.after_amounts.total)

    @property
    def tagged_ratio(self) -> Decimal | None:
        return self._ratio(self.before_amounts.tagged, self.after_amounts.tagged)

    @property
    def gap(self) -> Decimal | None:
        """Tagged change minus total change, in ratio points (negative: tagged fared worse)."""
        if self.tagged_ratio is None or self.total_ratio is None:
            return None
        return self.tagged_ratio - self.total_ratio

    @property
    def disproportionate(self) -> bool:
        return self.gap is not None and self.gap < -DISPROPORTION


def disproportionate(before: Amounts, after: Amounts) -> bool:
    step = RebalanceStep(None, None, before, after)  # type: ignore[arg-type]
    return step.disproportionate


def rebalance_steps(documents: YearDocuments) -> list[RebalanceStep]:
    """adopted -> revision 1 -> revision 2 ...: one step per rebalance."""
    chain = [documents.adopted] if documents.adopted else []
    chain += sorted((d for d in documents.all if d.stage == "revised"), key=lambda d: d.revision)
    steps = []
    for before, after in pairwise(chain):
        step = RebalanceStep(before, after, grand_total([before.id]), grand_total([after.id]))
        _count_line_changes(step)
        steps.append(step)
    return steps


def _count_line_changes(step: RebalanceStep) -> None:
    """Lines cut, removed and added between the two documents, counted in one SQL query."""
    key = [getattr(BudgetLine, code) for code in KEY_CODES]
    before = func.max(case((BudgetLine.document_id == step.before.id, BudgetLine.amount_minor)))
    after = func.max(case((BudgetLine.document_id == step.after.id, BudgetLine.amount_minor)))
    per_key = (
        select(*key, before.label("before"), after.label("after"))
        .where(BudgetLine.document_id.in_([step.before.id, step.after.id]))
        .group_by(*key)
        .subquery()
    )
    row = db.session.execute(
        select(
            func.coalesce(func.sum(case((per_key.c.after.is_(None), 1), else_=0)), 0),
            func.coalesce(func.sum(case((per_key.c.before.is_(None), 1), else_=0)), 0),
            func.coalesce(
                func.sum(
                    case(
                        (
                            (per_key.c.before.is_not(None))
                            & (per_key.c.after.is_not(None))
                            & (per_key.c.after < per_key.c.before),
                            1,
                        ),
                        else_=0,
                    )
                ),
                0,
            ),
        )
    ).one()
    step.lines_removed, step.lines_added, step.lines_cut = (int(v) for v in row)
