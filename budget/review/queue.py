"""The reviewers' queue: submitted tags, plan costs and answers, grouped by jurisdiction-year;
submitted indicators and their values, grouped by scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from budget.analysis.aggregate import Amounts, sums, tag_join_condition
from budget.analysis.summary import documents_by_year
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import from_minor
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.review.statuses import SUBMITTED
from budget.tagging.models import Tag

NOTHING_TAGGED = Amounts(None, Decimal("0.00"))


@dataclass
class QueuedTag:
    tag: Tag
    description: str = ""
    in_force: Decimal | None = None  # the line's amount in the budget in force
    tagged: Decimal | None = None  # share x that amount, from the aggregation layer


@dataclass
class QueueGroup:
    jurisdiction: Jurisdiction
    fiscal_year: int
    tags: list[QueuedTag] = field(default_factory=list)
    plans: list[PlanCost] = field(default_factory=list)
    answers: list[QuestionnaireAnswer] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.tags) + len(self.plans) + len(self.answers)


def review_queue(jurisdiction_code: str = "") -> list[QueueGroup]:
    groups: dict[tuple[int, int], QueueGroup] = {}

    def group(item) -> QueueGroup:
        key = (item.jurisdiction_id, item.fiscal_year)
        if key not in groups:
            groups[key] = QueueGroup(item.jurisdiction, item.fiscal_year)
        return groups[key]

    for model in (Tag, PlanCost, QuestionnaireAnswer):
        query = select(model).where(model.status == SUBMITTED)
        if jurisdiction_code:
            query = query.join(Jurisdiction).where(Jurisdiction.code == jurisdiction_code)
        for item in db.session.scalars(query.order_by(model.id)):
            target = group(item)
            if model is Tag:
                target.tags.append(QueuedTag(item))
            elif model is PlanCost:
                target.plans.append(item)
            else:
                target.answers.append(item)

    _weigh_tags([queued for target in groups.values() for queued in target.tags])
    return sorted(groups.values(), key=lambda g: (g.jurisdiction.code, g.fiscal_year))


def _weigh_tags(queued: list[QueuedTag]) -> None:
    """Each submitted tag's line in the budget in force and its tagged amount: a fixed number
    of queries for the whole queue."""
    if not queued:
        return
    years = {(q.tag.jurisdiction_id, q.tag.fiscal_year) for q in queued}
    in_force = {
        key: docs.in_force for key, docs in documents_by_year(years).items() if docs.in_force
    }
    ids = [document.id for document in in_force.values()]
    tagged = sums(ids, "tag", statuses=(SUBMITTED,))
    lines = {
        row.id: (row.description, from_minor(row.amount_minor))
        for row in db.session.execute(
            select(Tag.id, BudgetLine.description, BudgetLine.amount_minor)
            .select_from(BudgetLine)
            .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
            .join(Tag, tag_join_condition())
            .where(BudgetDocument.id.in_(ids), Tag.id.in_([q.tag.id for q in queued]))
        )
    }
    for item in queued:
        if (item.tag.jurisdiction_id, item.tag.fiscal_year) not in in_force:
            continue
        item.description, item.in_force = lines.get(item.tag.id, ("", from_minor(0)))
        item.tagged = tagged.get((item.tag.id,), NOTHING_TAGGED).tagged


@dataclass
class IndicatorGroup:
    """Submitted indicators and values of one scope: a jurisdiction's action plan, or the
    national strategy (jurisdiction None)."""

    jurisdiction: Jurisdiction | None
    indicators: list[Indicator] = field(default_factory=list)
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.indicators) + len(self.values)


def indicator_queue(jurisdiction_code: str = "") -> list[IndicatorGroup]:
    """Submitted indicators and values by scope, the national strategy first (two queries, the
    measures and jurisdictions loaded with them)."""
    groups: dict[int | None, IndicatorGroup] = {}
    for model in (Indicator, IndicatorValue):
        query = select(model).where(model.status == SUBMITTED).order_by(model.id)
        measure = Indicator.measure
        if model is IndicatorValue:
            query = query.options(
                joinedload(IndicatorValue.indicator)
                .joinedload(Indicator.measure)
                .joinedload(Measure.jurisdiction)
            )
        else:
            query = query.options(joinedload(measure).joinedload(Measure.jurisdiction))
        if jurisdiction_code:
            if model is IndicatorValue:
                query = query.join(IndicatorValue.indicator)
            query = (
                query.join(Indicator.measure)
                .join(Jurisdiction, Jurisdiction.id == Measure.jurisdiction_id)
                .where(Jurisdiction.code == jurisdiction_code)
            )
        for item in db.session.scalars(query).unique():
            key = item.jurisdiction_id
            if key not in groups:
                groups[key] = IndicatorGroup(item.jurisdiction)
            target = groups[key]
            (target.indicators if model is Indicator else target.values).append(item)
    return sorted(groups.values(), key=lambda g: g.jurisdiction.code if g.jurisdiction else "")
