from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from budget.budgets.models import KEY_CODES
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.measures.models import Measure
from budget.money import SHARE_SCALE
from budget.review.models import Reviewed

RELEVANCES = ("targeted", "mainstream")


class LineKeyColumns:
    """The codes of a line key below (jurisdiction, fiscal year); an empty code is ''."""

    program: Mapped[str] = mapped_column(String(40), default="")
    activity: Mapped[str] = mapped_column(String(40), default="")
    function: Mapped[str] = mapped_column(String(40), default="")
    economic: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")

    @property
    def key(self) -> dict[str, str]:
        return {code: getattr(self, code) for code in KEY_CODES}

    @property
    def line_key(self) -> LineKey:
        return LineKey.of(self)


class TagValues:
    """What a tag says of its line: the measure, targeted or mainstream, the Roma share and the
    beneficiary counts behind it (shared by tags and the suggestions that propose them)."""

    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))
    relevance: Mapped[str] = mapped_column(String(10))
    # Share in ten-thousandths: 10000 for a targeted line.
    share_units: Mapped[int]
    beneficiaries_total: Mapped[int | None]
    beneficiaries_roma: Mapped[int | None]
    beneficiaries_roma_women: Mapped[int | None]

    @declared_attr
    def measure(cls) -> Mapped[Measure | None]:
        return relationship(Measure)

    @property
    def share(self) -> Decimal:
        """The Roma share, exact (1 for a targeted line)."""
        return Decimal(self.share_units) / SHARE_SCALE


class Tag(LineKeyColumns, TagValues, Reviewed, db.Model):
    """A line key's link to Roma inclusion: targeted, or mainstream with a Roma share.

    Tags attach to a line key (jurisdiction, fiscal year, program, activity, function, economic,
    source), not to a document, so one tag weighs the line in the adopted budget, every
    rebalance and every execution report of that year.
    """

    __tablename__ = "tags"
    __table_args__ = (
        CheckConstraint("share_units > 0 AND share_units <= 10000", name="share_range"),
        CheckConstraint("relevance IN ('targeted', 'mainstream')", name="relevance_known"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'returned')", name="status_known"
        ),
        Index("ix_tags_line_key", "jurisdiction_id", "fiscal_year", *KEY_CODES),
        Index("ix_tags_status", "status"),
        # (line key, measure) is unique; NULLs are distinct, so "no measure" has its own index.
        Index(
            "uq_tags_key_measure",
            "jurisdiction_id",
            "fiscal_year",
            *KEY_CODES,
            "measure_id",
            unique=True,
            sqlite_where=text("measure_id IS NOT NULL"),
            postgresql_where=text("measure_id IS NOT NULL"),
        ),
        Index(
            "uq_tags_key_without_measure",
            "jurisdiction_id",
            "fiscal_year",
            *KEY_CODES,
            unique=True,
            sqlite_where=text("measure_id IS NULL"),
            postgresql_where=text("measure_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    justification: Mapped[str | None] = mapped_column(Text)
    # Besides the review's status, comment and time: who approved or returned it.
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # Counts every change (edit, submission, decision): a form or API call that read version n
    # may save only while the tag is still at n, so nobody overwrites a change they never saw.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    jurisdiction: Mapped[Jurisdiction] = relationship()

    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class Suggestion(LineKeyColumns, TagValues, db.Model):
    """A proposed tag, from last year's approved tag on the same line key or a keyword rule.

    A person accepts it (it becomes a draft tag) or rejects it; it is never approved by itself,
    and a rejected suggestion is not proposed again.
    """

    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'accepted', 'rejected')", name="state_known"),
        CheckConstraint("origin IN ('carry_over', 'keyword')", name="origin_known"),
        Index("ix_suggestions_year", "jurisdiction_id", "fiscal_year", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    origin: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(10), default="open")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    jurisdiction: Mapped[Jurisdiction] = relationship()
