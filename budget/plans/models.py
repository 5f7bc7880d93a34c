from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import from_minor
from budget.review.models import Reviewed

QUESTIONNAIRE_ITEMS = (
    "lap_in_force",
    "roma_coordinator",
    "consultation_held",
    "budget_published",
    "interethnic_council_consulted",
)


class PlanCost(Reviewed, db.Model):
    """The planned cost of one measure in a jurisdiction's costed action plan for a year."""

    __tablename__ = "plan_costs"
    __table_args__ = (
        UniqueConstraint("jurisdiction_id", "fiscal_year", "measure_id"),
        CheckConstraint("planned_cost_minor > 0", name="cost_positive"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'returned')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"))
    planned_cost_minor: Mapped[int] = mapped_column(BigInteger)

    @property
    def planned_cost(self) -> Decimal:
        return from_minor(self.planned_cost_minor)

    jurisdiction: Mapped[Jurisdiction] = relationship()
    measure: Mapped[Measure] = relationship()


class QuestionnaireAnswer(Reviewed, db.Model):
    """A yes/no answer on participation and transparency, with the evidence for it."""

    __tablename__ = "questionnaire_answers"
    __table_args__ = (
        UniqueConstraint("jurisdiction_id", "fiscal_year", "item"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'returned')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    item: Mapped[str] = mapped_column(String(40))
    answer: Mapped[bool]
    evidence: Mapped[str | None] = mapped_column(Text)

    jurisdiction: Mapped[Jurisdiction] = relationship()
