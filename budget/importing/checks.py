"""Vectorised checks of one chunk of an import file.

Each check looks at a whole column at once, records a problem for every failing row (named by
file, row and column) and returns the parsed values, so that even a million-row budget file is
validated in a few passes rather than a Python loop per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from flask_babel import gettext as _

from budget.importing.problems import Problems
from budget.importing.tables import ROW
from budget.money import MAX_AMOUNT, InvalidAmount, parse_amount

CODE_PATTERN = r"[A-Za-z0-9._\-/]{1,40}"
# The budget user (the administrative part of a line key): razdeo/glava `4.01`, `ORG-12`.
UNIT_PATTERN = r"[A-Za-z0-9.\-/]{1,40}"
JURISDICTION_CODE_PATTERN = r"[A-Za-z0-9_\-]{1,40}"
# ASCII digits only: Arabic-Indic or full-width digits are not numbers of the formats.
INTEGER_PATTERN = r"[0-9]{1,15}"
AMOUNT_PATTERN = r"[0-9]{1,15}(?:\.[0-9]{1,2})?"
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


class FrameChecks:
    def __init__(self, frame: pd.DataFrame, problems: Problems):
        self.frame = frame
        self.problems = problems

    def _report(self, mask: pd.Series, column: str, message) -> None:
        if mask.any():
            rows = self.frame.loc[mask, ROW]
            if callable(message):
                values = self.frame.loc[mask, column].tolist()
                self.problems.add_rows(rows, column, lambda i: message(values[i]))
            else:
                self.problems.add_rows(rows, column, message)

    def present(self, column: str) -> pd.Series:
        return self.frame[column] != ""

    def required(self, column: str) -> pd.Series:
        """Rows where the column has a value; a problem for every other row."""
        present = self.present(column)
        self._report(~present, column, _("a value is required"))
        return present

    def forbidden(self, column: str, mask: pd.Series, message: str) -> None:
        self._report(mask & self.present(column), column, message)

    def one_of(self, column: str, allowed: tuple[str, ...], required: bool = True) -> pd.Series:
        values = self.frame[column]
        present = self.required(column) if required else self.present(column)
        bad = present & ~values.isin(allowed)
        self._report(
            bad,
            column,
            lambda v: _(
                "%(value)s is not one of: %(allowed)s", value=repr(v), allowed=", ".join(allowed)
            ),
        )
        return present & ~bad

    def matches(self, column: str, pattern: str, what: str, required: bool = True) -> pd.Series:
        present = self.required(column) if required else self.present(column)
        bad = present & ~self.frame[column].str.fullmatch(pattern)
        self._report(
            bad, column, lambda v: _("%(value)s is not %(what)s", value=_shown(v), what=what)
        )
        return present & ~bad

    def integer(
        self, column: str, *, required: bool = True, minimum: int = 0, maximum: int | None = None
    ) -> pd.Series:
        """Parsed integers (Int64, <NA> where missing or invalid)."""
        present = self.required(column) if required else self.present(column)
        values = self.frame[column]
        codes, distinct = pd.factorize(values)
        if len(distinct) * 20 < len(values):
            # Few distinct values (years, revisions): parse each once and spread the result.
            numbers = _parse_integers(pd.Series(distinct, dtype="str"))
            parsed = pd.Series(numbers.array.take(codes, allow_fill=True), index=values.index)
        else:
            parsed = _parse_integers(values)
        ok = present & parsed.notna()
        negative = present & ~ok & values.str.fullmatch(r"-[0-9]+")
        self._report(negative, column, _("must not be negative"))
        self._report(
            present & ~ok & ~negative,
            column,
            lambda v: _("%(value)s is not a whole number", value=_shown(v)),
        )
        low = (ok & (parsed < minimum)).fillna(False)
        self._report(low, column, _("must be at least %(smallest)s", smallest=minimum))
        high = (ok & (parsed > maximum)).fillna(False) if maximum is not None else low & False
        self._report(high, column, _("must be at most %(largest)s", largest=maximum))
        return parsed.where(ok & ~low & ~high)

    def amount_minor(self, column: str) -> pd.Series:
        """Amounts (>= 0, dot separator, <= 2 decimals) as exact integer minor units."""
        present = self.required(column)
        values = self.frame[column]
        ok = present & values.str.fullmatch(AMOUNT_PATTERN)
        bad = present & ~ok
        self._report(bad, column, _amount_message)
        # Exact minor units without floats: the digits without the dot, scaled by 10 for each
        # missing decimal (12.5 -> 125 x 10; 12 -> 12 x 100).
        text = values.where(ok, "0")
        dot = text.str.find(".").to_numpy(dtype="int64")
        length = text.str.len().to_numpy(dtype="int64")
        decimals = np.where(dot >= 0, length - dot - 1, 0)
        digits = text.str.replace(".", "", regex=False).astype("int64").to_numpy()
        minor = digits * np.power(10, 2 - decimals)
        too_large = ok & (minor > int(MAX_AMOUNT * 100))
        self._report(
            too_large, column, _("larger than the maximum %(largest)s", largest=MAX_AMOUNT)
        )
        result = pd.Series(minor, index=values.index, dtype="int64")
        return result.where(ok & ~too_large, -1)

    def iso_date(self, column: str, mask: pd.Series) -> pd.Series:
        """ISO dates (YYYY-MM-DD) where `mask`; NaT elsewhere or where invalid."""
        values = self.frame[column]
        wanted = mask & self.present(column)
        shaped = wanted & values.str.fullmatch(DATE_PATTERN)
        parsed = pd.to_datetime(values.where(shaped, None), format="%Y-%m-%d", errors="coerce")
        bad = wanted & parsed.isna()
        self._report(
            bad,
            column,
            lambda v: _("%(value)s is not a date in the form YYYY-MM-DD", value=_shown(v)),
        )
        return parsed


def _parse_integers(values: pd.Series) -> pd.Series:
    """Whole numbers of at most 15 digits (exact in any numeric type) as Int64; <NA> otherwise."""
    digits = values.where(values.str.fullmatch(INTEGER_PATTERN))
    return pd.to_numeric(digits, errors="coerce").astype("Int64")


def _amount_message(text: str) -> str:
    try:
        parse_amount(text)
    except InvalidAmount as error:
        return f"{_shown(text)}: {_amount_reason(error)}"
    return _("%(value)s is not a valid amount", value=_shown(text))


def _shown(value: str) -> str:
    value = value if len(value) <= 40 else value[:37] + "..."
    return repr(value)


def first_rows(rows: np.ndarray | pd.Series, limit: int = 5) -> str:
    """A short list of row numbers for messages: 'rows 4, 9, 12 and 3 more'."""
    numbers = [str(int(r)) for r in list(rows)[:limit]]
    more = len(rows) - len(numbers)
    return ", ".join(numbers) + (f" and {more} more" if more > 0 else "")


def _amount_reason(error: Exception) -> str:
    """The reason of `money.parse_amount` (English, as the API says it) in the reader's language."""
    reasons = {
        "negative amounts are not allowed": _("negative amounts are not allowed"),
        "use a dot as the decimal separator and no thousands separator": _(
            "use a dot as the decimal separator and no thousands separator"
        ),
        "at most 2 decimals are allowed": _("at most 2 decimals are allowed"),
        "not a decimal number": _("not a decimal number"),
        f"larger than the maximum {MAX_AMOUNT}": _(
            "larger than the maximum %(largest)s", largest=MAX_AMOUNT
        ),
    }
    return reasons.get(str(error), str(error))
