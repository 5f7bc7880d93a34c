"""INSERT ... ON CONFLICT DO UPDATE on both engines: concurrent writers of one row do not
collide (the later one's values win)."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert(session: Session, table: Table, rows: list[dict], keys: list[str]) -> None:
    """Insert `rows` (dicts of the same columns) or update the row of the same `keys`."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(rows)
    updated = {name: statement.excluded[name] for name in rows[0] if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updated))
