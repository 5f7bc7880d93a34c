"""Exact money: parsing, minor units, rounding and exact SQL sums.

Amounts live in the database as integer minor units (1/100 of the currency unit), so that SQL
sums are exact on SQLite (which has no decimal type) and PostgreSQL alike. Shares live as integer
ten-thousandths. A tagged amount is share x amount: an exact integer in millionths of the
currency unit, rounded half-up to cents only when shown or returned.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql import ColumnElement

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
MINOR_PER_UNIT = 100  # amounts: cents
SHARE_SCALE = 10_000  # shares: ten-thousandths (4 decimals)
TAGGED_SCALE = MINOR_PER_UNIT * SHARE_SCALE  # share x amount: millionths

# The largest amount a single budget line may carry: 15 integer digits. Far above any real
# budget line, and small enough that products with a share stay well inside 64 bits per row.
MAX_AMOUNT = Decimal("999999999999999.99")

AMOUNT_PATTERN = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
SHARE_PATTERN = re.compile(r"^[0-9]+(\.[0-9]{1,4})?$")


class InvalidAmount(ValueError):
    """The text is not an amount of the contract (dot separator, at most 2 decimals, >= 0)."""


def parse_amount(text: str) -> Decimal:
    """Parse a contract amount such as ``1234567.89``; raise InvalidAmount with the reason."""
    text = text.strip()
    if text.startswith("-"):
        raise InvalidAmount("negative amounts are not allowed")
    if not AMOUNT_PATTERN.match(text):
        if "," in text:
            raise InvalidAmount("use a dot as the decimal separator and no thousands separator")
        if re.match(r"^[0-9]+\.[0-9]{3,}$", text):
            raise InvalidAmount("at most 2 decimals are allowed")
        raise InvalidAmount("not a decimal number")
    value = Decimal(text)
    if value > MAX_AMOUNT:
        raise InvalidAmount(f"larger than the maximum {MAX_AMOUNT}")
    return value


def to_minor(amount: Decimal) -> int:
    """Decimal with at most 2 decimals -> integer cents (exact)."""
    return int(amount.scaleb(2).to_integral_exact())


def from_minor(minor: int | Decimal) -> Decimal:
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(CENT)


def from_tagged(millionths: int | Decimal) -> Decimal:
    """A share x amount sum (millionths) rounded half-up to cents, only at the very end."""
    return (Decimal(millionths) / TAGGED_SCALE).quantize(CENT, rounding=ROUND_HALF_UP)


def exact_tagged(millionths: int | Decimal) -> Decimal:
    """A share x amount sum (millionths) as an exact, unrounded Decimal."""
    return Decimal(millionths) / TAGGED_SCALE


def round_ratio(value: Decimal) -> Decimal:
    return value.quantize(RATIO, rounding=ROUND_HALF_UP)


def amount_str(value: Decimal | None) -> str | None:
    """JSON form of an amount: a string with exactly 2 decimals."""
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


# --- exact sums in SQL -------------------------------------------------------------------------
# SUM over 64-bit integers overflows on SQLite (an error) once national totals of many large
# lines pass 9.2e18 minor units. Each value is therefore split into a high and a low part; both
# partial sums stay far from the limit and Python recombines them exactly.
SPLIT = 10**9


def exact_sum(expr: ColumnElement[Any], label: str, weight: ColumnElement[Any] | None = None):
    """Two labelled SQL columns whose recombination (see `combine`) is SUM(weight * expr)."""
    high = expr // SPLIT
    low = expr % SPLIT
    if weight is not None:
        high, low = weight * high, weight * low
    return (
        func.coalesce(func.sum(high), 0).label(f"{label}_high"),
        func.coalesce(func.sum(low), 0).label(f"{label}_low"),
    )


def combine(row: Any, label: str) -> int:
    """Recombine the parts of `exact_sum` from a result row into one exact integer."""
    return int(getattr(row, f"{label}_high")) * SPLIT + int(getattr(row, f"{label}_low"))
