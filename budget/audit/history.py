"""The change log of a jurisdiction-year (or of one line of it), as a table and download."""

from __future__ import annotations

from flask import url_for
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
    entries = list(db_session().scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))
    files = _files(entries)
    table = DataTable(
        name=f"{jurisdiction.code}-{fiscal_year}-history" + ("-line" if line_key else ""),
        caption=_("Changes"),
        columns=[
            Column("at", _("When"), "datetime"),
            Column("actor", _("Who")),
            Column("action", _("What")),
            Column("object", _("Object"), "link"),
            Column("line_key", _("Budget line"), "code"),
            Column("changes", _("Old → new")),
            Column("comment", _("Comment")),
            Column("file", _("File"), "link"),
        ],
    )
    for entry in entries:
        table.rows.append(
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "object": _object(jurisdiction, entry),
                "line_key": entry.line_key or "",
                "changes": _changes_text(entry.changes),
                "comment": entry.comment or "",
                "file": _file_link(jurisdiction, entry, files),
            }
        )
    return table


def _object(jurisdiction, entry: AuditEntry):
    """The changed object; a budget document links to its page."""
    text = f"{entry.object_type} {entry.object_id or ''}".strip()
    if entry.object_type == "budget_document" and entry.object_id:
        return (
            text,
            url_for("uploads.document", code=jurisdiction.code, document_id=int(entry.object_id)),
        )
    return text


def _file_id(entry: AuditEntry) -> int | None:
    if entry.object_type == "uploaded_file" and entry.object_id:
        return int(entry.object_id)
    pair = (entry.changes or {}).get("file_id")
    if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int):
        return pair[1]
    return None


def _files(entries: list[AuditEntry]) -> dict[int, str]:
    from budget.uploads.models import UploadedFile

    ids = {i for i in map(_file_id, entries) if i is not None}
    if not ids:
        return {}
    rows = db_session().execute(
        select(UploadedFile.id, UploadedFile.name).where(UploadedFile.id.in_(ids))
    )
    return {file_id: name for file_id, name in rows}


def _file_link(jurisdiction, entry: AuditEntry, files: dict[int, str]):
    """The uploaded file an entry came from, as a download link ('' when none is kept)."""
    file_id = _file_id(entry)
    if file_id not in files:
        return ""
    return (files[file_id], url_for("uploads.download", code=jurisdiction.code, file_id=file_id))


def db_session():
    from budget.extensions import db

    return db.session
