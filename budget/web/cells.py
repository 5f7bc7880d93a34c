"""The cells of a data table as HTML, written in Python: a page's tables hold thousands of cells
(every municipality of an economy, every line of a budget), and a template macro per cell cost
more than the rest of the page. Each kind of column reads as the template filters would write it:
money, numbers, percentages and dates in the reader's language, text of another language tagged
with its `lang`, everything else escaped."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup, escape

from budget.i18n import in_language, measured, money, number, percent

DASH = "–"


def _text(value) -> Markup:
    return escape(in_language(value)) if value is not None else Markup("")


def _link(value) -> Markup:
    if isinstance(value, str):
        return escape(in_language(value))
    if value:
        return Markup('<a href="%s">%s</a>') % (value[1], in_language(value[0]))
    return Markup("")


def _grade(value) -> Markup:
    if value:
        return Markup('<span class="grade-badge grade-%s">%s</span>') % (value, value)
    return Markup(DASH)


def _flag(value) -> Markup:
    if value:
        return Markup('<span class="badge returned">%s</span>') % _("yes")
    return escape(_("no")) if value is False else Markup(DASH)


def _points(value) -> str:
    if value is None:
        return DASH
    return number(Decimal(value) * 100, 1) + " " + _("pp")


KINDS = {
    "link": _link,
    "money": money,
    "days": lambda v: _("%(days)s days", days=number(v, 1)) if v is not None else DASH,
    "number": lambda v: number(v) if v is not None else DASH,
    "percent": lambda v: percent(v, 2),
    "grade": _grade,
    "ratio": lambda v: percent(v, 1),
    "measured": measured,
    "points": _points,
    "flag": _flag,
    "date": lambda v: format_date(v) if v else "",
    "datetime": lambda v: format_datetime(v, "short") if v else "",
}


def cell(column, row: dict) -> Markup:
    """One cell's content, escaped."""
    return escape(KINDS.get(column.kind, _text)(row.get(column.key)))


def cells(table, row: dict) -> Markup:
    """A row's `<td>` cells, in the table's column order."""
    return Markup("").join(
        Markup('<td class="%s">%s</td>') % (column.kind, cell(column, row))
        for column in table.columns
    )
