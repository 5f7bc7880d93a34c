"""Error pages: JSON under /api/, a friendly page elsewhere; never a bare traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from budget.transactions import roll_back


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        roll_back()  # an error page keeps nothing of the request's work
        if wants_json():
            return jsonify(
                error=error.name, message=error.description, status=error.code
            ), error.code
        return (
            render_template("errors/error.html", code=error.code, title=error_title(error.code)),
            error.code,
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        return http_error(InternalServerError())


def error_title(code: int | None) -> str:
    titles = {
        400: _("The request could not be understood."),
        403: _("You do not have permission to see this page."),
        404: _("Page not found."),
        405: _("This address does not accept that kind of request."),
        413: _("The uploaded file is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    return titles.get(code or 500, _("Something went wrong on our side. Please try again later."))
