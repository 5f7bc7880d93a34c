"""The reviewers' queue: submitted tags, plan costs and answers, grouped by jurisdiction-year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, select

from budget.analysis.summary import year_overview
from budget.budgets.models import KEY_CODES, BudgetLine
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.money import SHARE_SCALE, from_minor
from budget.plans.models import PlanCost, QuestionnaireAnswer
from budget.tagging.models import Tag


@dataclass
class QueuedTag:
    tag: Tag
    description: str
    in_force: Decimal | None

    @property
    def tagged(self) -> Decimal | None:
        if self.in_force is None:
            return None
        return (self.in_force * self.tag.share_units / SHARE_SCALE).quantize(Decimal("0.01"))


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
        query = select(model).where(model.status == "submitted")
        if jurisdiction_code:
            query = query.join(Jurisdiction).where(Jurisdiction.code == jurisdiction_code)
        for item in db.session.scalars(query.order_by(model.id)):
            target = group(item)
            if model is Tag:
                target.tags.append(QueuedTag(item, "", None))
            elif model is PlanCost:
                target.plans.append(item)
            else:
                target.answers.append(item)

    for target in groups.values():
        if not target.tags:
            continue
        overview = year_overview(target.jurisdiction, target.fiscal_year)
        in_force = overview.documents.in_force if overview else None
        if in_force is None:
            continue
        found = {
            row.id: (row.description, from_minor(row.amount_minor))
            for row in db.session.execute(
                select(Tag.id, BudgetLine.description, BudgetLine.amount_minor)
                .join(
                    BudgetLine,
                    and_(
                        BudgetLine.document_id == in_force.id,
                        *(getattr(BudgetLine, c) == getattr(Tag, c) for c in KEY_CODES),
                    ),
                )
                .where(Tag.id.in_([q.tag.id for q in target.tags]))
            )
        }
        for queued in target.tags:
            queued.description, queued.in_force = found.get(queued.tag.id, ("", from_minor(0)))
    return sorted(groups.values(), key=lambda g: (g.jurisdiction.code, g.fiscal_year))
