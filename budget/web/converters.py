"""URL converters: a number in an address that no database integer can hold is no address here.

Flask's `int` converter takes any length of digits; ids, years and pages past 2^31 then fail
deep in the database (PostgreSQL refuses them as integers). Out of range is a 404.
"""

from __future__ import annotations

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
