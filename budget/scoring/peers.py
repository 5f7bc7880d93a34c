"""Peers: the scored jurisdictions a municipality is compared with.

The group is the jurisdictions of the same country, kind and size class (by population) that the
ranking lists in that year, the jurisdiction itself included; with fewer than 3 members it widens
to the same country and kind. Two queries whatever the number of jurisdictions: the ranking of
the country and kind, and their populations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.scoring import services as scoring

MIN_MEMBERS = 3
# (name, lower bound inclusive, upper bound exclusive)
SIZE_CLASSES = (
    ("lt20k", 0, 20_000),
    ("20k-50k", 20_000, 50_000),
    ("50k-100k", 50_000, 100_000),
    ("ge100k", 100_000, None),
)


def size_class(population: int | None) -> str | None:
    if population is None:
        return None
    for name, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return name
    return None


def median(values: list[Decimal]) -> Decimal | None:
    """The median (the mean of the middle two for an even count), rounded half-up to 1 decimal."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Peers:
    country: str
    kind: str
    size_class: str | None
    widened: bool
    results: list[dict]  # the members' score objects, in ranking order
    own: dict

    @property
    def members(self) -> list[str]:
        return [result["jurisdiction"] for result in self.results]

    @property
    def indexes(self) -> list[Decimal]:
        return [r["index"] for r in self.results if r["index"] is not None]

    @property
    def scored(self) -> int:
        return len(self.indexes)

    @property
    def higher(self) -> int:
        """Members with a strictly greater index (all scored members when its own is missing)."""
        own = self.own["index"]
        return sum(1 for index in self.indexes if own is None or index > own)

    @property
    def median_index(self) -> Decimal | None:
        return median(self.indexes)

    def json(self) -> dict:
        return {
            "group": {"country": self.country, "kind": self.kind, "size_class": self.size_class},
            "widened": self.widened,
            "members": self.members,
            "scored": self.scored,
            "higher": self.higher,
            "median_index": None if self.median_index is None else str(self.median_index),
        }


def peers(
    jurisdiction: Jurisdiction, fiscal_year: int, methodology: str = scoring.DEFAULT_METHOD
) -> Peers | None:
    """The peer group of a jurisdiction-year; None when it has no budgets that year.
    Raises scoring.NotScorable for a kind the method does not score."""
    if jurisdiction.kind not in scoring.method(methodology).scored_kinds:
        raise scoring.NotScorable(
            f"{jurisdiction.kind} jurisdictions are not scored by {methodology}"
        )
    ranked = scoring.ranking(
        fiscal_year, methodology, country=jurisdiction.country, kind=jurisdiction.kind
    )
    own = next((r for r in ranked if r["jurisdiction"] == jurisdiction.code), None)
    if own is None:
        return None
    populations = dict(
        db.session.execute(
            select(Jurisdiction.code, Jurisdiction.population).where(
                Jurisdiction.country == jurisdiction.country,
                Jurisdiction.kind == jurisdiction.kind,
            )
        ).all()
    )
    own_class = size_class(jurisdiction.population)
    same_class = [
        r
        for r in ranked
        if own_class is not None and size_class(populations.get(r["jurisdiction"])) == own_class
    ]
    widened = len(same_class) < MIN_MEMBERS
    return Peers(
        jurisdiction.country,
        jurisdiction.kind,
        own_class,
        widened,
        ranked if widened else same_class,
        own,
    )
