"""The change log of a jurisdiction-year, as a page and downloads."""

from __future__ import annotations

from flask import Blueprint

from budget.audit.history import history_table
from budget.auth.permissions import can_read_history, jurisdiction_access
from budget.web.tables import page_or_download

audit = Blueprint("audit", __name__)


@audit.get("/work/<code>/<int:year>/history")
@jurisdiction_access(can_read_history)
def history(jurisdiction, year: int):
    table = history_table(jurisdiction, year)
    return page_or_download(table, "audit/history.html", jurisdiction=jurisdiction, year=year)
