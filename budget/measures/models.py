from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction

AREAS = (
    "education",
    "employment",
    "housing",
    "health",
    "social_protection",
    "civil_registration",
    "antidiscrimination",
    "other",
)
LEVELS = ("national", "local")


class Measure(db.Model):
    """A measure of the national Roma inclusion strategy or of a local action plan (LAP)."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(500))  # Serbian, Latin script
    title_en: Mapped[str | None] = mapped_column(String(500))
    area: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(10))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id"))
    # A national measure's economy (its strategy: RS, AL, ...); None where the file names none,
    # and then it serves every economy, as before the tracker held the region.
    country: Mapped[str | None] = mapped_column(String(2))

    jurisdiction: Mapped[Jurisdiction | None] = relationship()
    parent: Mapped[Measure | None] = relationship(remote_side=[id])


def national_of(country: str):
    """SQL condition: the national measures that a jurisdiction of `country` serves (its own
    economy's strategy, and national measures of no named economy)."""
    return (Measure.level == "national") & (
        Measure.country.is_(None) | (Measure.country == country)
    )


def serves(measure: Measure, jurisdiction: Jurisdiction) -> bool:
    """Whether a jurisdiction may link a budget line or a plan to the measure."""
    if measure.level == "local":
        return measure.jurisdiction_id == jurisdiction.id
    return measure.country is None or measure.country == jurisdiction.country
