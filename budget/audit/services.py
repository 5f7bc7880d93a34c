"""Writing the audit trail: services call `record` with what they changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flask import has_request_context, request

from budget.audit.models import AuditEntry
from budget.extensions import db
from budget.line_keys import LineKey


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def diff(obj: Any, new_values: dict[str, Any], fields: Iterable[str] | None = None) -> dict:
    """Set attributes on `obj` and return {field: [old, new]} for those that changed."""
    changes = {}
    for field in fields or new_values:
        old, new = getattr(obj, field), new_values[field]
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes


def record(
    action: str,
    object_type: str,
    object_id: Any = None,
    *,
    actor=None,
    actor_label: str | None = None,
    changes: dict | None = None,
    jurisdiction_id: int | None = None,
    fiscal_year: int | None = None,
    subject: str | None = None,
    comment: str | None = None,
    line_key: dict | str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor=actor_label or getattr(actor, "email", None) or "anonymous",
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        jurisdiction_id=jurisdiction_id,
        fiscal_year=fiscal_year,
        changes={
            k: [_plain(v) for v in pair] if isinstance(pair, (list, tuple)) else _plain(pair)
            for k, pair in (changes or {}).items()
        },
        client=client_address(),
        subject=subject,
        comment=comment,
        line_key=_key_text(line_key),
    )
    db.session.add(entry)
    return entry


def _key_text(key: LineKey | dict | str | None) -> str | None:
    if isinstance(key, dict):
        key = LineKey.from_mapping(key)
    return key.text if isinstance(key, LineKey) else key


def client_address() -> str | None:
    return request.remote_addr if has_request_context() else None
