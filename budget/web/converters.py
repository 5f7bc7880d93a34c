"""URL converters: a number in an address that no database integer can hold is no address here.

Flask's `int` converter takes any length of digits; ids, years and pages past 2^31 then fail
deep in the database (PostgreSQL refuses them as integers). Out of range is a 404.
"""

from __future__ import annotations

from flask import request
from werkzeug.routing import IntegerConverter

LARGEST = 2**31 - 1


class BoundedInt(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(
            map,
            fixed_digits,
            -LARGEST - 1 if min is None else min,
            LARGEST if max is None else max,
            signed,
        )


def query_number(name: str, default: int | None, *, smallest: int, largest: int) -> int | None:
    """A whole number from the query string: ASCII digits (a minus sign where `smallest` is
    negative), within [smallest, largest]. `default` when absent; None when malformed or out of
    range, so that a view answers 400 or falls back, and no database sees a number it cannot
    hold."""
    text = request.args.get(name, "").strip()
    if not text:
        return default
    digits = text[1:] if text.startswith("-") and smallest < 0 else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 12:
        return None
    value = int(text)
    return value if smallest <= value <= largest else None


def page_number(name: str = "page", default: int = 1, largest: int = 10**6) -> int:
    """A page (or page size) of a listing: malformed or out-of-range values fall back or clamp."""
    value = query_number(name, default, smallest=-(10**12), largest=10**12)
    return default if value is None else min(max(value, 1), largest)
