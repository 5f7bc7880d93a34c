"""Strategy and action-plan indicators (baseline, target, measured values) beside the money of
their measures. Values are kept as the decimal text imported ("71.5"), the API answers them so,
and every computation reads them as exact Decimals."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.measures.models import Measure
from budget.review.models import Reviewed

UNITS = ("percent", "number", "ratio")
SEXES = ("", "female", "male")


class Indicator(Reviewed, db.Model):
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("unit IN ('percent', 'number', 'ratio')", name="unit_known"),
        CheckConstraint("target_year > baseline_year", name="target_after_baseline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))  # Serbian, Latin script
    name_en: Mapped[str | None] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(10))
    baseline_year: Mapped[int]
    baseline_value: Mapped[str] = mapped_column(String(40))
    target_year: Mapped[int]
    target_value: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(500))

    measure: Mapped[Measure] = relationship()

    # Where it stands in the review, as the workflow reads every reviewed item: the jurisdiction
    # of a local measure (None for a national one); an indicator has no fiscal year of its own.
    @property
    def jurisdiction_id(self) -> int | None:
        return self.measure.jurisdiction_id

    @property
    def jurisdiction(self):
        return self.measure.jurisdiction

    fiscal_year = None

    @property
    def baseline(self) -> Decimal:
        return Decimal(self.baseline_value)

    @property
    def target(self) -> Decimal:
        return Decimal(self.target_value)


class IndicatorValue(Reviewed, db.Model):
    __tablename__ = "indicator_values"
    __table_args__ = (
        CheckConstraint("sex IN ('', 'female', 'male')", name="sex_known"),
        Index("uq_indicator_values", "indicator_id", "year", "sex", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int]
    sex: Mapped[str] = mapped_column(String(6), default="")
    value: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(Text)

    indicator: Mapped[Indicator] = relationship()

    @property
    def jurisdiction_id(self) -> int | None:
        return self.indicator.jurisdiction_id

    @property
    def jurisdiction(self):
        return self.indicator.jurisdiction

    @property
    def fiscal_year(self) -> int:
        return self.year
