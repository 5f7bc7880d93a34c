from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import KEY_CODES as LINE_KEY_CODES

STAGES = ("adopted", "revised", "executed")
# The parts of a line key besides (jurisdiction, fiscal year); an empty code is ''.
KEY_CODES = LINE_KEY_CODES


class BudgetDocument(db.Model):
    """One budget document: the adopted decision, a rebalance, or an execution report.

    Identified by (jurisdiction, fiscal year, stage, revision, as_of): `revision` is the n-th
    rebalance (0 for other stages), `as_of` the date of an execution report (NULL otherwise).
    """

    __tablename__ = "budget_documents"
    __table_args__ = (
        CheckConstraint("stage IN ('adopted', 'revised', 'executed')", name="stage_known"),
        CheckConstraint(
            "(stage = 'revised' AND revision >= 1) OR (stage <> 'revised' AND revision = 0)",
            name="revision_matches_stage",
        ),
        CheckConstraint("(stage = 'executed') = (as_of IS NOT NULL)", name="as_of_matches_stage"),
        # NULLs are distinct in unique constraints, so the identity needs two partial indexes.
        Index(
            "uq_budget_documents_identity",
            "jurisdiction_id",
            "fiscal_year",
            "stage",
            "revision",
            unique=True,
            sqlite_where=text("as_of IS NULL"),
            postgresql_where=text("as_of IS NULL"),
        ),
        Index(
            "uq_budget_documents_identity_as_of",
            "jurisdiction_id",
            "fiscal_year",
            "stage",
            "as_of",
            unique=True,
            sqlite_where=text("as_of IS NOT NULL"),
            postgresql_where=text("as_of IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    stage: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int] = mapped_column(default=0)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(200))
    line_count: Mapped[int] = mapped_column(default=0)
    # The uploaded file the document was written from (empty for command-line imports)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploaded_files.id", ondelete="SET NULL")
    )

    jurisdiction: Mapped[Jurisdiction] = relationship()


class BudgetLine(db.Model):
    """One appropriation (or its execution) of a document, at its line key."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0", name="amount_non_negative"),
        # One line per key and document; also the path for joining tags to lines.
        Index("uq_budget_lines_key", "document_id", *KEY_CODES, unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("budget_documents.id", ondelete="CASCADE"))
    program: Mapped[str] = mapped_column(String(40), default="")
    activity: Mapped[str] = mapped_column(String(40), default="")
    function: Mapped[str] = mapped_column(String(40), default="")
    economic: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(40), default="")
    # The budget user (razdeo/glava, budget organisation, spending unit); '' in most files.
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")
    description: Mapped[str] = mapped_column(String(1000), default="")
    # The description folded for search (see budget.text.fold)
    search_text: Mapped[str] = mapped_column(String(1000), default="")
    # Exact amount in minor units (cents); see budget.money.
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    # The row of the imported file this line came from, for traceability of every figure.
    source_row: Mapped[int | None]
