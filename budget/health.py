"""`GET /healthz`: whether the app can answer, for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from budget.auth.permissions import public
from budget.extensions import db

health = Blueprint("health", __name__)


@health.get("/healthz")
@public
def healthz():
    """200 when the database answers, 503 otherwise (the pool reconnects on the next call)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("health check: the database does not answer: %s", error)
        return jsonify(status="unavailable", error="the database does not answer"), 503
    return jsonify(status="ok")
