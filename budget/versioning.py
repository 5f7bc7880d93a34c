"""The data version: a number that changes with every committed change, so that whatever is
derived from the data for reading (rendered public pages) knows when it is out of date.

Every transaction that flushed changes gives it a new random value just before it commits, in
the same transaction; a read compares the value it was made from with the current one. Random
rather than counted, so that a restored or emptied database never repeats an earlier value.
"""

from __future__ import annotations

import secrets

from sqlalchemy import BigInteger, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from budget.extensions import db
from budget.upserts import upsert


class DataVersion(db.Model):
    """One row: the version of the data (a new random value at each committed change)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def current_version() -> int:
    return db.session.scalar(select(func.coalesce(func.max(DataVersion.version), 0)))


@event.listens_for(Session, "before_commit")
def _count_the_change(session: Session) -> None:
    session.flush()
    if not session.info.get("flushed_changes"):
        return
    version = secrets.randbits(62)
    # One statement, so that the first changes of two transactions at once cannot both insert.
    upsert(session, DataVersion.__table__, [{"id": 1, "version": version}], ["id"])
    session.info["flushed_changes"] = False  # counted; the bump itself is no new change
