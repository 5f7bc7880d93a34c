"""The execution tracker: how much of the Roma-relevant budget in force was spent, when."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, select

from budget.analysis.aggregate import Amounts, StageRow, sums
from budget.analysis.documents import YearDocuments
from budget.budgets.models import KEY_CODES, BudgetLine
from budget.extensions import db
from budget.review.statuses import APPROVED
from budget.tagging.models import Tag


@dataclass
class TaggedLine:
    key: tuple
    description: str
    in_force: Amounts
    executed: Amounts

    @property
    def rate(self) -> Decimal | None:
        return self.executed.total / self.in_force.total if self.in_force.total else None


def approved_keys(jurisdiction_id: int, fiscal_year: int) -> list[tuple]:
    return sorted(
        {
            tuple(row)
            for row in db.session.execute(
                select(*(getattr(Tag, c) for c in KEY_CODES)).where(
                    Tag.jurisdiction_id == jurisdiction_id,
                    Tag.fiscal_year == fiscal_year,
                    Tag.status == APPROVED,
                )
            )
        }
    )


def tagged_lines(
    jurisdiction_id: int, fiscal_year: int, documents: YearDocuments
) -> list[TaggedLine]:
    """Lines with approved tags: the budget in force against the latest execution report."""
    keys = approved_keys(jurisdiction_id, fiscal_year)
    if not keys or documents.in_force is None:
        return []
    in_force = sums([documents.in_force.id], "line", keys=keys)
    executed = sums([documents.executed.id], "line", keys=keys) if documents.executed else {}
    # The descriptions of the tagged lines only (a year may have hundreds of thousands of lines).
    descriptions = dict(
        (tuple(row[: len(KEY_CODES)]), row.description)
        for row in db.session.execute(
            select(*(getattr(BudgetLine, c) for c in KEY_CODES), BudgetLine.description)
            .join(Tag, and_(*(getattr(Tag, c) == getattr(BudgetLine, c) for c in KEY_CODES)))
            .where(
                BudgetLine.document_id == documents.in_force.id,
                Tag.jurisdiction_id == jurisdiction_id,
                Tag.fiscal_year == fiscal_year,
                Tag.status == APPROVED,
            )
            .distinct()
        )
    )
    zero = Amounts(Decimal("0.00"), Decimal("0.00"))
    return [
        TaggedLine(key, descriptions.get(key, ""), in_force.get(key, zero), executed.get(key, zero))
        for key in keys
        if key in in_force
    ]


def never_executed(lines: list[TaggedLine]) -> list[TaggedLine]:
    return [line for line in lines if line.in_force.total > 0 and line.executed.total == 0]


def over_executed(lines: list[TaggedLine]) -> list[TaggedLine]:
    return [line for line in lines if line.executed.total > line.in_force.total]


def report_rates(row: StageRow, report_stages: list[str]) -> list[Decimal | None]:
    """Tagged execution rate of each execution report against the budget in force."""
    planned = row.amounts.get("in_force")
    rates = []
    for name in report_stages:
        spent = row.amounts.get(name)
        if planned is None or spent is None or not planned.tagged:
            rates.append(None)
        else:
            rates.append(spent.tagged / planned.tagged)
    return rates
