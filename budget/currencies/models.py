"""Annual average exchange rates: units of a currency per 1 EUR, kept exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from budget.extensions import db
from budget.time import utcnow

# per_eur is stored as integer millionths (at most 6 decimals in the format), so that the rate
# read back is the exact decimal imported, on SQLite and PostgreSQL alike.
RATE_SCALE = 1_000_000


class ExchangeRate(db.Model):
    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "year"),
        CheckConstraint("per_eur_micro > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    year: Mapped[int]
    per_eur_micro: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(String(500))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(200))

    @property
    def per_eur(self) -> Decimal:
        return Decimal(self.per_eur_micro) / RATE_SCALE  # exact: 117180000 -> 117.18
