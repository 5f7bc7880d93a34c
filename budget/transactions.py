"""One transaction per request, committed in one place; the same transactions on every engine.

Views and services only `flush()`. After the view has returned, `commit_or_roll_back` commits
the request's work once; a request that failed (an exception, an error page) has been rolled
back by the error handlers before that, so nothing half-written is kept. A GET, HEAD or OPTIONS
request never writes: its transaction is rolled back, and in testing a flush of changes during
one is an error, so a read that starts writing is caught by the tests.

SQLite: Python's sqlite3 driver starts transactions itself, lazily and not before every
statement, and SAVEPOINT does not work with it (a RELEASE can commit on its own). SQLAlchemy
documents the cure: turn the driver's own handling off and emit BEGIN when SQLAlchemy begins a
transaction, so that SQLite and PostgreSQL run the same transactions and savepoints.
"""

from __future__ import annotations

import sqlite3

from flask import Flask, Response, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from budget.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteDuringRead(RuntimeError):
    """A GET request flushed changes to the database."""


def roll_back() -> None:
    """Forget the request's work (an error page, a failed form)."""
    db.session.rollback()


def _pending(session: Session) -> bool:
    return bool(session.new or session.dirty or session.deleted)


def start_request() -> None:
    session = db.session()
    session.info["flushed_changes"] = False
    session.info["pending_before_request"] = _pending(session)


def commit_or_roll_back(response: Response) -> Response:
    session = db.session()
    if request.method in READ_METHODS:
        wrote = session.info.pop("flushed_changes", False) or (
            _pending(session) and not session.info.get("pending_before_request")
        )
        if wrote:
            session.rollback()
            message = f"{request.method} {request.path} tried to write to the database"
            if current_app.testing:
                raise WriteDuringRead(message)
            current_app.logger.error(message)
        # Otherwise the read-only transaction ends when the session is removed with the app
        # context.
        return response
    session.commit()
    return response


def init_app(app: Flask) -> None:
    app.before_request(start_request)
    app.after_request(commit_or_roll_back)

    @app.teardown_request
    def roll_back_unfinished(exc):  # whatever was not committed is not kept
        if exc is not None:
            db.session.rollback()


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info["flushed_changes"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_changes(state) -> None:
    """INSERT, UPDATE and DELETE statements run through the session change data as a flush does."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["flushed_changes"] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_flushed_changes(session: Session) -> None:
    session.info.pop("flushed_changes", None)


@event.listens_for(Engine, "connect")
def _sqlite_connection(dbapi_connection, _record) -> None:
    """Foreign keys on, WAL so that readers do not block an import, and BEGIN by SQLAlchemy."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.isolation_level = None  # the driver no longer begins on its own


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """A request that writes takes SQLite's write lock when it begins (BEGIN IMMEDIATE), so that
    concurrent writers queue instead of reading the same rows and deciding on stale data (the
    shares of a line key, the status of a reviewed item); reads never wait."""
    if connection.dialect.name == "sqlite":
        writing = has_request_context() and request.method not in READ_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
