from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction


class ScoreResult(db.Model):
    """A stored score: which method (and file), when, from which data (fingerprint and values)."""

    __tablename__ = "score_results"
    __table_args__ = (
        UniqueConstraint("jurisdiction_id", "fiscal_year", "methodology"),
        Index("ix_score_results_ranking", "fiscal_year", "methodology", "index_tenths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    fiscal_year: Mapped[int]
    methodology: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    # the SHA-256 of the method file used: a row of another version of the file is not served
    method_fingerprint: Mapped[str | None] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    # the index x 10 (one decimal), for ordering in SQL; NULL when not scored
    index_tenths: Mapped[int | None]
    grade: Mapped[str | None] = mapped_column(String(1))

    jurisdiction: Mapped[Jurisdiction] = relationship()
