from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db

KINDS = ("national", "city", "municipality", "city_municipality")


class Jurisdiction(db.Model):
    """A level of government with its own budget: the national level, a city, a municipality."""

    __tablename__ = "jurisdictions"
    __table_args__ = (
        CheckConstraint("population >= 0", name="population_non_negative"),
        CheckConstraint(
            "roma_population >= 0 AND (population IS NULL OR roma_population <= population)",
            name="roma_population_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    population: Mapped[int | None]
    roma_population: Mapped[int | None]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"))

    parent: Mapped[Jurisdiction | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Jurisdiction {self.code}>"
