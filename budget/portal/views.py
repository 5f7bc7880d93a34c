"""Public pages: no sign-in."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from flask_login import current_user

from budget.auth.permissions import can_view_work, public
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.portal import services
from budget.portal.tables import FORMATS, DataTable, download

portal = Blueprint("portal", __name__)


def page_or_download(table: DataTable, template: str, **context):
    """The page, or with ?format=csv|xlsx the download of exactly the table it shows."""
    fmt = request.args.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            abort(400, description="format must be csv or xlsx")
        return download(table, fmt)
    return render_template(template, table=table, **context)


@portal.get("/")
@public
def index():
    return page_or_download(services.jurisdictions_table(), "portal/index.html")


@portal.get("/jurisdictions/<code>")
@public
def jurisdiction(code: str):
    found = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
    if found is None:
        abort(404)
    years, table = services.jurisdiction_page(found)
    return page_or_download(table, "portal/jurisdiction.html", jurisdiction=found, years=years,
                            kind=services.kind_label(found.kind),
                            can_work=can_view_work(current_user, found.id))
