"""The change log of a jurisdiction-year (or of one line of it), as a table and download."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from budget.audit.models import AuditEntry
from budget.web.tables import Column, DataTable


def _shown(value) -> str:
    return "—" if value is None else str(value)


def _changes_text(changes: dict) -> str:
    parts = []
    for field, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{field}: {_shown(value[0])} → {_shown(value[1])}")
        else:
            parts.append(f"{field}: {value}")
    return "; ".join(parts)


def history_table(jurisdiction, fiscal_year: int, line_key: str | None = None) -> DataTable:
    query = select(AuditEntry).where(
        AuditEntry.jurisdiction_id == jurisdiction.id, AuditEntry.fiscal_year == fiscal_year
    )
    if line_key is not None:
        query = query.where(AuditEntry.line_key == line_key)
    entries = db_session().scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    table = DataTable(
        name=f"{jurisdiction.code}-{fiscal_year}-history" + ("-line" if line_key else ""),
        caption=_("Changes"),
        columns=[
            Column("at", _("When"), "datetime"),
            Column("actor", _("Who")),
            Column("action", _("What")),
            Column("object", _("Object")),
            Column("line_key", _("Budget line"), "code"),
            Column("changes", _("Old → new")),
            Column("comment", _("Comment")),
        ],
    )
    for entry in entries:
        table.rows.append(
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "object": f"{entry.object_type} {entry.object_id or ''}".strip(),
                "line_key": entry.line_key or "",
                "changes": _changes_text(entry.changes),
                "comment": entry.comment or "",
            }
        )
    return table


def db_session():
    from budget.extensions import db

    return db.session
