"""Tables shown on pages and offered as CSV and XLSX downloads, built once from the same rows.

A download holds exactly what the table shows, with machine-readable values (ISO dates, amounts
with a dot and two decimals) rather than the page's locale formatting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import Response, abort, render_template, request, url_for

from budget.money import CENT, round_ratio
from budget.time import as_utc

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    # text | link | money | number | percent | ratio | points | grade | flag | date | code | days
    # | measured: a (value, unit) pair, the value as it is downloaded, shown by its unit
    kind: str = "text"


@dataclass
class DataTable:
    name: str  # file name stem of downloads
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    currency: str | None = None

    def value(self, row: dict, column: Column) -> Any:
        value = row.get(column.key)
        if column.kind in ("link", "measured") and isinstance(value, tuple):
            return value[0]
        return value

    def records(self) -> list[list[Any]]:
        """The rows as downloads hold them (see `exported`)."""
        return [[exported(self.value(row, c), c.kind) for c in self.columns] for row in self.rows]


RATIO_KINDS = ("ratio", "percent", "points")
# Numbers a spreadsheet holds exactly: IEEE doubles keep 15 significant digits.
EXACT_IN_A_SPREADSHEET = Decimal("1E13")


def exported(value: Any, kind: str) -> Any:
    """A value as downloads hold it: amounts with 2 decimals and ratios with 4, both rounded
    half-up as in the API (pages and downloads show the same figures); moments in UTC without
    a zone (a spreadsheet holds none, and both engines then give the same cell)."""
    if isinstance(value, dt.datetime):
        return as_utc(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        if kind == "money":
            return value.quantize(CENT, rounding=ROUND_HALF_UP)
        if kind in RATIO_KINDS:
            return round_ratio(value)
    return value


# A text cell beginning with one of these is taken for a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")  # a signed number is no formula: kept as it is


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
        return "'" + value
    return value


def page_query(*allowed: str) -> dict[str, str | list[str]]:
    """The query of this page, for its own links (pages, downloads): never url_for's options
    (`_external`, `_scheme`, ...) nor the address's own parts (`code`, `year`), which a crafted
    link could otherwise set; with `allowed`, only those keys. A key given several times keeps
    every value (?j=A&j=B)."""
    taken = set(request.view_args or {})
    query: dict[str, str | list[str]] = {}
    for key, values in request.args.lists():
        if not key.startswith("_") and key not in taken and (not allowed or key in allowed):
            query[key] = values if len(values) > 1 else values[0]
    return query


def download_url(fmt: str, table_name: str | None = None) -> str:
    """The address of this page's download: the same filters and page, in `fmt`."""
    arguments = {**page_query(), **(request.view_args or {}), "format": fmt}
    if table_name:
        arguments["table"] = table_name
    return url_for(request.endpoint, **arguments)


def download(table: DataTable, fmt: str) -> Response:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.key for c in table.columns])
        writer.writerows([[csv_cell(v) for v in record] for record in table.records()])
        body = "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read UTF-8
        mimetype = "text/csv; charset=utf-8"
    else:
        body = _xlsx(table)
        mimetype = XLSX_TYPE
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response


def _text_cell(sheet, text: str):
    """A cell that holds text as text: openpyxl would store "=..." as a live formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.value = text
    cell.data_type = "s"
    return cell


def _xlsx(table: DataTable) -> bytes:
    return xlsx_book([(table.name, table)])


def xlsx_book(sheets: list[tuple[str, DataTable]]) -> bytes:
    """A workbook of one sheet per (title, table), each headed by the columns' titles."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, table in sheets:
        _xlsx_sheet(workbook, title, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_sheet(workbook, title: str, table: DataTable) -> None:
    sheet = workbook.create_sheet(title=_sheet_title(title))
    # A spreadsheet is read by people: the headers the page shows, in its language. (CSV files
    # are read by programs too: their headers are the columns' keys, the same in every language.)
    sheet.append([_text_cell(sheet, str(c.title)) for c in table.columns])
    for record in table.records():
        cells = []
        for value in record:
            if isinstance(value, Decimal) and abs(value) < EXACT_IN_A_SPREADSHEET:
                cells.append(value)  # a number cell, exact at 15 significant digits
            elif isinstance(value, Decimal):
                cells.append(_text_cell(sheet, str(value)))  # larger: text, no digit lost
            elif isinstance(value, str):
                cells.append(_text_cell(sheet, value))
            else:
                cells.append("" if value is None else value)
        sheet.append(cells)


def _sheet_title(title: str) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"


def page_or_download(table: DataTable | dict[str, DataTable], template: str, **context):
    """The page, or with ?format=csv|xlsx the download of exactly a table it shows.

    A page with several tables names them: ?table=NAME&format=csv.
    """
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            abort(400, description="format must be csv or xlsx")
        if isinstance(table, dict):
            chosen = table.get(request.args.get("table", ""))
            if chosen is None:
                abort(404, description="no such table on this page")
            return download(chosen, fmt)
        return download(table, fmt)
    if isinstance(table, dict):
        return render_template(template, tables=table, **context)
    return render_template(template, table=table, **context)
