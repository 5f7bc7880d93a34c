"""Tables shown on pages and offered as CSV and XLSX downloads, built once from the same rows.

A download holds exactly what the table shows, with machine-readable values (ISO dates, amounts
with a dot and two decimals) rather than the page's locale formatting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import Response

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | link | money | number | percent | date | code


@dataclass
class DataTable:
    name: str  # file name stem of downloads
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    currency: str | None = None

    def value(self, row: dict, column: Column) -> Any:
        value = row.get(column.key)
        return value[0] if column.kind == "link" and isinstance(value, tuple) else value

    def records(self) -> list[list[Any]]:
        return [[self.value(row, c) for c in self.columns] for row in self.rows]


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def download(table: DataTable, fmt: str) -> Response:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.key for c in table.columns])
        writer.writerows([[_plain(v) for v in record] for record in table.records()])
        body = "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read UTF-8
        mimetype = "text/csv; charset=utf-8"
    else:
        body = _xlsx(table)
        mimetype = XLSX_TYPE
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response


def _xlsx(table: DataTable) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append([c.key for c in table.columns])
    for record in table.records():
        cells = []
        for column, value in zip(table.columns, record, strict=False):
            if isinstance(value, Decimal) and column.kind == "money":
                cells.append(value)  # a number cell; 2 decimals are exact at 15 digits
            else:
                cells.append("" if value is None else value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
