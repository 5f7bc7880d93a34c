"""One transaction per request: committed once after the view, rolled back on any error, never
written by a read; savepoints that behave alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import func, select

from budget.extensions import csrf, db
from budget.jurisdictions.models import Jurisdiction
from budget.transactions import WriteDuringRead


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Jurisdiction))


def add(code: str) -> None:
    db.session.add(
        Jurisdiction(code=code, name=code, kind="municipality", country="RS", currency="RSD")
    )
    db.session.flush()


@pytest.fixture
def routes(app):
    """Views that write and then succeed, fail with an error page, or raise."""

    def write_then(outcome: str):
        add(f"RS-{outcome.upper()}")
        if outcome == "abort":
            abort(409)
        if outcome == "raise":
            raise RuntimeError("failed after writing")
        return "ok"

    app.add_url_rule("/test/<outcome>", "write_then", csrf.exempt(write_then), methods=["POST"])
    app.add_url_rule(
        "/test-read", "read_that_writes", lambda: add("RS-READ") or "read", methods=["GET"]
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error page, not a traceback
    return app


def test_a_request_commits_once_after_the_view(routes, client):
    assert client.post("/test/ok").status_code == 200
    db.session.rollback()  # what the request committed survives a rollback of this session
    assert count() == 1


@pytest.mark.parametrize("outcome, status", [("abort", 409), ("raise", 500)])
def test_a_failed_request_keeps_nothing(routes, client, outcome, status):
    assert client.post(f"/test/{outcome}").status_code == status
    db.session.rollback()
    assert count() == 0


def test_a_read_that_writes_is_refused(routes, client):
    routes.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(WriteDuringRead):
        client.get("/test-read")
    db.session.rollback()
    assert count() == 0


def test_a_released_savepoint_does_not_commit(app):
    """With the sqlite3 driver's own transaction handling, a SAVEPOINT opening a transaction was
    committed by its RELEASE; now the outer transaction decides on both engines."""
    savepoint = db.session.begin_nested()
    add("RS-INNER")
    savepoint.commit()
    db.session.rollback()
    assert count() == 0


def test_a_rolled_back_savepoint_keeps_the_outer_transaction(app):
    add("RS-OUTER")
    savepoint = db.session.begin_nested()
    add("RS-INNER")
    savepoint.rollback()
    assert count() == 1
    db.session.rollback()  # the outer transaction was never committed by the savepoint
    assert count() == 0
