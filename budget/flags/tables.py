"""Responsiveness to civil society as a table: who answers its flags, and how fast."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from budget.extensions import db
from budget.flags.services import responsiveness
from budget.i18n import place_name
from budget.jurisdictions.models import Jurisdiction
from budget.web.tables import Column, DataTable


def responsiveness_table(year: int, country: str | None = None) -> DataTable:
    """Jurisdictions (of one economy) with flags in `year`, the most responsive first: the
    larger share answered, then the shorter median wait."""
    found = responsiveness(year)
    query = select(Jurisdiction).where(Jurisdiction.id.in_(list(found)))
    if country is not None:
        query = query.where(Jurisdiction.country == country)
    places = {j.id: j for j in db.session.scalars(query)}
    found = {jid: entry for jid, entry in found.items() if jid in places}
    table = DataTable(
        name=f"responsiveness-{year}" + (f"-{country}" if country else ""),
        caption=_("Answers to civil society, %(year)s", year=year),
        columns=[
            Column("jurisdiction", _("Jurisdiction"), "link"),
            Column("flags", _("Flags"), "number"),
            Column("answered", _("Answered"), "number"),
            Column("open", _("Waiting"), "number"),
            Column("answered_share", _("Share answered"), "ratio"),
            Column("median_days", _("Median time to answer"), "days"),
        ],
    )
    ranked = sorted(
        found.values(),
        key=lambda r: (
            -(r.answered_share or 0),
            r.median_days if r.median_days is not None else float("inf"),
            places[r.jurisdiction_id].code,
        ),
    )
    for entry in ranked:
        place = places[entry.jurisdiction_id]
        table.rows.append(
            {
                "jurisdiction": (
                    place_name(place),
                    url_for("portal.year", code=place.code, year=year, _anchor="flags"),
                ),
                "flags": entry.total,
                "answered": entry.answered,
                "open": entry.open,
                "answered_share": Decimal(entry.answered) / Decimal(entry.total),
                "median_days": None
                if entry.median_days is None
                else Decimal(str(entry.median_days)).quantize(Decimal("0.1"), ROUND_HALF_UP),
            }
        )
    return table
