"""Exchange rates and exact conversion to the euro.

Every converted figure is the exact local figure divided by the year's annual average rate; it is
rounded half-up to cents only where it is shown or answered. Amounts of two currencies are never
added: a figure in euro is the sum of figures converted one currency at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from sqlalchemy import select, tuple_

from budget.currencies.models import RATE_SCALE, ExchangeRate
from budget.extensions import db

EURO = "EUR"
# Rates fixed by law need no file: the euro itself, and the convertible mark of Bosnia and
# Herzegovina, pegged by its currency board at 1.95583 per euro (the former DEM parity).
FIXED_RATES = {"EUR": Decimal("1"), "BAM": Decimal("1.95583")}
FIXED_SOURCES = {
    "EUR": "the euro",
    "BAM": "fixed by the Central Bank of Bosnia and Herzegovina (currency board)",
}


@dataclass(frozen=True)
class Rate:
    currency: str
    year: int
    per_eur: Decimal
    source: str | None
    fixed: bool = False

    def to_eur(self, amount: Decimal | None) -> Decimal | None:
        """The exact amount in euro (unrounded: round only when showing it)."""
        if amount is None:
            return None
        with localcontext() as context:
            context.prec = 40
            return amount / self.per_eur


class MissingRate(LookupError):
    def __init__(self, currency: str, year: int):
        super().__init__(f"No exchange rate of {currency} for {year}.")
        self.currency = currency
        self.year = year


def _stored(row: ExchangeRate) -> Rate:
    return Rate(row.currency, row.year, row.per_eur, row.source)


def _fixed(currency: str, year: int) -> Rate | None:
    if currency not in FIXED_RATES:
        return None
    return Rate(currency, year, FIXED_RATES[currency], FIXED_SOURCES[currency], fixed=True)


def rates(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Rate]:
    """The rate of each (currency, year) that has one (fixed or imported): one query."""
    wanted = sorted(set(pairs))
    found: dict[tuple[str, int], Rate] = {}
    for currency, year in wanted:
        fixed = _fixed(currency, year)
        if fixed is not None:
            found[(currency, year)] = fixed
    rest = [pair for pair in wanted if pair not in found]
    if rest:
        for row in db.session.scalars(
            select(ExchangeRate).where(tuple_(ExchangeRate.currency, ExchangeRate.year).in_(rest))
        ):
            found[(row.currency, row.year)] = _stored(row)
    return found


def rate(currency: str, year: int) -> Rate:
    """The rate of a currency in a year; MissingRate when none was imported."""
    found = rates([(currency, year)]).get((currency, year))
    if found is None:
        raise MissingRate(currency, year)
    return found


def all_rates() -> list[Rate]:
    """Every imported rate, by currency and year (for the rates page and open data)."""
    return [
        _stored(row)
        for row in db.session.scalars(
            select(ExchangeRate).order_by(ExchangeRate.currency, ExchangeRate.year)
        )
    ]


def micro(per_eur: Decimal) -> int:
    return int((per_eur * RATE_SCALE).to_integral_exact())


class UnknownCurrency(ValueError):
    """A requested currency that is neither the local one nor the euro."""


@dataclass(frozen=True)
class Conversion:
    """How the amounts of one answer are expressed: in the local currency (rate None) or in
    euro at a rate."""

    currency: str
    rate: Rate | None = None

    def amount(self, value: Decimal | None) -> Decimal | None:
        return value if self.rate is None else self.rate.to_eur(value)


def conversion(requested: str | None, local_currency: str, year: int) -> Conversion:
    """The conversion an answer asked for with ?currency=: none, the local currency or EUR.

    Raises UnknownCurrency for any other currency and MissingRate without a rate for the year.
    """
    wanted = (requested or "").strip().upper()
    if not wanted or wanted == local_currency:
        return Conversion(local_currency)
    if wanted != EURO:
        raise UnknownCurrency(
            f"currency is the local currency ({local_currency}) or {EURO}, not {requested!r}"
        )
    return Conversion(EURO, rate(local_currency, year))
