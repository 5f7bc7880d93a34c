"""Open data: the page that explains the API and the downloads, and the yearly Fiscal Data
Package (datapackage.json and its CSV resources)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, stream_with_context, url_for

from budget.auth.permissions import public
from budget.opendata import services
from budget.portal.services import budget_years

opendata = Blueprint("opendata", __name__, url_prefix="/open-data")


def _year_or_404(year: int) -> None:
    if not services.has_year(year):
        abort(404, description=f"No budget documents for fiscal year {year}.")


@opendata.get("")
@public
def index():
    return render_template("opendata/index.html", years=budget_years())


@opendata.get("/<int:year>/datapackage.json")
@public
def datapackage(year: int):
    _year_or_404(year)
    return jsonify(services.descriptor(year, url_for("opendata.index", _external=True)))


def _csv(rows, name: str) -> Response:
    return Response(
        stream_with_context(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@opendata.get(f"/<int:year>/{services.LINES}.csv")
@public
def budget_lines(year: int):
    _year_or_404(year)
    return _csv(services.line_rows(year), f"{services.LINES}-{year}.csv")


@opendata.get(f"/<int:year>/{services.TAGS}.csv")
@public
def approved_tags(year: int):
    _year_or_404(year)
    return _csv(services.tag_rows(year), f"{services.TAGS}-{year}.csv")
