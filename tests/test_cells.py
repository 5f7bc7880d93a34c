"""The cells of the pages' tables (budget/web/cells.py): each kind of column as people read it
in each language, text escaped, text of another language tagged with its `lang`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budget.i18n import ForeignText
from budget.web.cells import cell, cells
from budget.web.tables import Column, DataTable


@pytest.mark.parametrize(
    "language, kind, value, shown",
    [
        ("en", "money", Decimal("1234567.005"), "1,234,567.01"),  # half-up to the cent
        ("sr-Latn", "money", Decimal("1234567.005"), "1.234.567,01"),
        ("sq", "money", Decimal("1234.5"), "1\u00a0234,50"),
        ("mk", "money", Decimal("1234.5"), "1.234,50"),
        ("en", "money", None, "–"),
        ("en", "number", 1234, "1,234"),
        ("en", "number", None, "–"),
        ("en", "ratio", Decimal("0.12345"), "12.3%"),
        ("sr-Latn", "percent", Decimal("0.12345"), "12,35%"),
        ("en", "points", Decimal("-0.0625"), "-6.3 pp"),
        ("en", "points", None, "–"),
        ("en", "days", Decimal("2.5"), "2.5 days"),
        ("en", "grade", "B", '<span class="grade-badge grade-B">B</span>'),
        ("en", "grade", None, "–"),
        ("en", "flag", True, '<span class="badge returned">yes</span>'),
        ("en", "flag", False, "no"),
        ("en", "flag", None, "–"),
        ("en", "measured", (Decimal("71.55"), "index"), "71.6"),
        ("en", "date", dt.date(2025, 12, 31), "Dec 31, 2025"),
        ("en", "date", None, ""),
        ("en", "text", None, ""),
        ("en", "code", "0901-P1", "0901-P1"),
    ],
)
def test_each_kind_of_column_reads_as_people_read_it(app, language, kind, value, shown):
    with app.test_request_context(f"/?lang={language}"):
        assert str(cell(Column("x", "X", kind), {"x": value})) == shown


def test_text_and_links_are_escaped_and_foreign_text_is_tagged(app):
    hostile = '<script>alert("x")</script>'
    with app.test_request_context("/?lang=sr-Latn"):
        assert str(cell(Column("x", "X"), {"x": hostile})) == (
            "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
        )
        link = cell(Column("x", "X", "link"), {"x": (hostile, '/a?b=1&c="2"')})
        assert str(link) == (
            '<a href="/a?b=1&amp;c=&#34;2&#34;">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a>'
        )
        albanian = cell(Column("x", "X", "link"), {"x": (ForeignText("Korçë <1>", "sq"), "/k")})
        assert str(albanian) == '<a href="/k"><span lang="sq">Korçë &lt;1&gt;</span></a>'
        assert str(cell(Column("x", "X", "link"), {"x": None})) == ""


def test_a_row_is_its_cells_in_column_order(app):
    table = DataTable(
        name="t",
        caption="T",
        columns=[Column("name", "Name"), Column("amount", "Amount", "money")],
    )
    with app.test_request_context("/?lang=en"):
        html = str(cells(table, {"amount": Decimal("5"), "name": "A & B"}))
    assert html == '<td class="text">A &amp; B</td><td class="money">5.00</td>'
