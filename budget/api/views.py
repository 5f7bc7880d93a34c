"""The public JSON API, version 1: amounts as strings with 2 decimals."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify
from sqlalchemy import select

from budget.analysis.summary import year_overview
from budget.api.openapi import openapi_document
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.money import amount_str

api = Blueprint("api", __name__, url_prefix="/api/v1")


def jurisdiction_or_404(code: str) -> Jurisdiction:
    jurisdiction = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
    if jurisdiction is None:
        abort(404, description=f"Unknown jurisdiction {code!r}.")
    return jurisdiction


@api.get("/jurisdictions")
def jurisdictions():
    rows = db.session.scalars(select(Jurisdiction).order_by(Jurisdiction.code))
    return jsonify([
        {
            "code": j.code,
            "name": j.name,
            "name_en": j.name_en,
            "kind": j.kind,
            "country": j.country,
            "currency": j.currency,
            "population": j.population,
            "roma_population": j.roma_population,
            "parent": j.parent.code if j.parent else None,
        }
        for j in rows
    ])


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/summary")
def summary(code: str, year: int):
    jurisdiction = jurisdiction_or_404(code)
    overview = year_overview(jurisdiction, year)
    if overview is None:
        abort(404, description=f"No budget documents of {code} for fiscal year {year}.")
    chosen = overview.documents

    def stage(document, **extra):
        if document is None:
            return None
        totals = overview.totals_of(document)
        return {"total": amount_str(totals.total), "tagged": amount_str(totals.tagged), **extra}

    in_force = chosen.in_force
    return jsonify({
        "jurisdiction": jurisdiction.code,
        "fiscal_year": year,
        "currency": jurisdiction.currency,
        "adopted": stage(chosen.adopted),
        "revised": stage(in_force, revision=in_force.revision if in_force else 0),
        "executed": stage(
            chosen.executed, as_of=chosen.executed.as_of.isoformat() if chosen.executed else None
        ),
    })


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
