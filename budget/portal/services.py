"""What the public pages show, as tables built from the analysis layer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from budget.analysis.summary import YearOverview, jurisdiction_years
from budget.budgets.models import BudgetDocument
from budget.classifications.profiles import COUNTRIES, profile
from budget.extensions import db
from budget.i18n import current_language, data_text, place_name
from budget.jurisdictions.models import Jurisdiction
from budget.labels import REGION_EN, economy_name
from budget.money import round_ratio
from budget.text import fold
from budget.web.tables import Column, DataTable

KIND_LABELS = {
    "national": lambda: _("National level"),
    "city": lambda: _("City"),
    "municipality": lambda: _("Municipality"),
    "city_municipality": lambda: _("City municipality"),
}
STAGE_LABELS = {
    "adopted": lambda: _("Adopted budget"),
    "revised": lambda: _("Rebalance"),
    "executed": lambda: _("Execution report"),
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, lambda: kind)()


def document_label(document: BudgetDocument) -> str:
    label = STAGE_LABELS[document.stage]()
    if document.stage == "revised":
        return f"{label} {document.revision}"
    return label


DIRECTORY_PAGE = 50
# Folding for names of the whole region: Serbian Latin and Cyrillic (budget.text.fold), and the
# letters of Albanian and Macedonian, so that "korce" finds Korçë and "shuto" Шуто Оризари.
_NAME_FOLD = str.maketrans({"ë": "e", "ç": "c", "ѓ": "gj", "ќ": "kj", "ѕ": "dz"})


def name_fold(text: str | None) -> str:
    return fold(text).translate(_NAME_FOLD)


@dataclass(frozen=True)
class Directory:
    """The directory of jurisdictions: those of `country` (every economy when empty) whose code
    or name holds `text`, shown DIRECTORY_PAGE at a time."""

    found: list[Jurisdiction]  # every jurisdiction of the filter, in the directory's order
    page: int
    pages: int
    country: str
    text: str
    economies: list[str]  # the economies that have jurisdictions, for the filter

    @property
    def total(self) -> int:
        return len(self.found)

    @property
    def active(self) -> bool:
        return bool(self.country or self.text)

    def page_table(self) -> DataTable:
        start = (self.page - 1) * DIRECTORY_PAGE
        return jurisdictions_table(self.found[start : start + DIRECTORY_PAGE], self._several)

    def download_table(self) -> DataTable:
        """Every jurisdiction of the filter, on all pages."""
        return jurisdictions_table(self.found, self._several)

    @property
    def _several(self) -> bool:
        return len({j.country for j in self.found}) > 1


def directory(country: str = "", text: str = "", page: int = 1) -> Directory:
    order = {code: i for i, code in enumerate(COUNTRIES)}
    query = select(Jurisdiction)
    if country:
        query = query.where(Jurisdiction.country == country)
    found = list(db.session.scalars(query))
    wanted = name_fold(text.strip())
    if wanted:
        found = [
            j
            for j in found
            if any(wanted in name_fold(v) for v in (j.code, j.name, j.name_en) if v)
        ]
    found.sort(key=lambda j: (order.get(j.country, len(order)), j.kind != "national", j.name))
    pages = max(1, -(-len(found) // DIRECTORY_PAGE))
    present = db.session.scalars(select(Jurisdiction.country).distinct()).all()
    return Directory(
        found=found,
        page=min(max(page, 1), pages),
        pages=pages,
        country=country,
        text=text.strip(),
        economies=sorted(present, key=lambda c: order.get(c, len(order))),
    )


def jurisdictions_table(jurisdictions: list[Jurisdiction], several: bool) -> DataTable:
    """The jurisdictions given, with their population and latest budget year (one query); the
    economy of each when `several` economies are listed."""
    ids = [j.id for j in jurisdictions]
    latest = dict(
        db.session.execute(
            select(BudgetDocument.jurisdiction_id, func.max(BudgetDocument.fiscal_year))
            .where(BudgetDocument.jurisdiction_id.in_(ids))
            .group_by(BudgetDocument.jurisdiction_id)
        ).all()
    )
    table = DataTable(
        name="jurisdictions",
        caption=_("Jurisdictions"),
        columns=[
            Column("code", _("Code"), "code"),
            Column("name", _("Name"), "link"),
            *([Column("economy", _("Economy"))] if several else []),
            Column("kind", _("Kind")),
            Column("region", _("Region")),
            Column("population", _("Population"), "number"),
            Column("roma_population", _("Roma population"), "number"),
            Column("roma_share", _("Roma share"), "percent"),
            Column("latest_year", _("Latest budget year"), "code"),
        ],
    )
    for j in jurisdictions:
        share = None
        if j.population and j.roma_population is not None:
            share = round_ratio(Decimal(j.roma_population) / j.population)
        table.rows.append(
            {
                "code": j.code,
                "name": (place_name(j), url_for("portal.jurisdiction", code=j.code)),
                "economy": economy_name(j.country),
                "kind": kind_label(j.kind),
                "region": region_label(j.region, j.country),
                "population": j.population,
                "roma_population": j.roma_population,
                "roma_share": share,
                "latest_year": latest.get(j.id),
            }
        )
    return table


def jurisdiction_count() -> tuple[int, int]:
    """(jurisdictions, economies) stored."""
    return tuple(
        db.session.execute(
            select(func.count(Jurisdiction.id), func.count(distinct(Jurisdiction.country)))
        ).one()
    )


def documents_table(jurisdiction: Jurisdiction, years: list[YearOverview]) -> DataTable:
    table = DataTable(
        name=f"{jurisdiction.code}-documents",
        caption=_("Budget documents of %(name)s", name=place_name(jurisdiction)),
        currency=jurisdiction.currency,
        columns=[
            Column("fiscal_year", _("Year"), "code"),
            Column("document", _("Document")),
            Column("as_of", _("As of"), "date"),
            Column("lines", _("Lines"), "number"),
            Column("total", _("Total"), "money"),
            Column("tagged", _("Roma-relevant (approved tags)"), "money"),
            Column("in_force", _("Counts as")),
        ],
    )
    for year in years:
        chosen = year.documents
        for document in chosen.all:
            roles = []
            if document is chosen.adopted:
                roles.append(_("adopted"))
            if document is chosen.in_force:
                roles.append(_("in force"))
            if document is chosen.executed:
                roles.append(_("latest execution"))
            totals = year.totals[document.id]
            table.rows.append(
                {
                    "fiscal_year": year.fiscal_year,
                    "document": document_label(document),
                    "as_of": document.as_of,
                    "lines": document.line_count,
                    "total": totals.total,
                    "tagged": totals.tagged,
                    "in_force": ", ".join(roles),
                }
            )
    return table


def jurisdiction_page(jurisdiction: Jurisdiction) -> tuple[list[YearOverview], DataTable]:
    years = jurisdiction_years(jurisdiction)
    return years, documents_table(jurisdiction, years)


def region_label(region: str | None, country: str | None = None) -> str:
    if region and current_language() == "en" and region in REGION_EN:
        return REGION_EN[region]
    return data_text(region, country)


def budget_years(country: str | None = None) -> list[int]:
    """The years with budget documents (of one economy's jurisdictions), newest first."""
    query = select(BudgetDocument.fiscal_year).distinct()
    if country is not None:
        query = query.join(Jurisdiction, Jurisdiction.id == BudgetDocument.jurisdiction_id).where(
            Jurisdiction.country == country
        )
    return list(db.session.scalars(query.order_by(BudgetDocument.fiscal_year.desc())))


def economies(fiscal_year: int | None = None) -> list[str]:
    """The economies with budgets (in a year), in the region's order."""
    query = select(Jurisdiction.country).distinct()
    query = query.join(BudgetDocument, BudgetDocument.jurisdiction_id == Jurisdiction.id)
    if fiscal_year is not None:
        query = query.where(BudgetDocument.fiscal_year == fiscal_year)
    found = set(db.session.scalars(query))
    return [c for c in COUNTRIES if c in found]


def country_currency(country: str) -> str:
    """An economy's currency: its profile's (every jurisdiction of it imports in that one)."""
    known = profile(country)
    return known.currency if known else ""


def main_year() -> int | None:
    """The year a visitor sees first: the latest in which most jurisdictions with budgets have
    data (not the newest year of one early importer); without such a year, the best covered."""
    counts = db.session.execute(
        select(BudgetDocument.fiscal_year, func.count(distinct(BudgetDocument.jurisdiction_id)))
        .group_by(BudgetDocument.fiscal_year)
        .order_by(BudgetDocument.fiscal_year.desc())
    ).all()
    if not counts:
        return None
    everyone = db.session.scalar(select(func.count(distinct(BudgetDocument.jurisdiction_id))))
    for year, count in counts:
        if 2 * count > everyone:
            return year
    return max(counts, key=lambda row: (row[1], row[0]))[0]


def years_of(jurisdiction_id: int) -> list[int]:
    """The fiscal years with budget documents of one jurisdiction, newest first."""
    return list(
        db.session.scalars(
            select(BudgetDocument.fiscal_year)
            .where(BudgetDocument.jurisdiction_id == jurisdiction_id)
            .distinct()
            .order_by(BudgetDocument.fiscal_year.desc())
        )
    )


DEMO_DOMAIN = "@demo.example"


def is_demo() -> bool:
    """Whether the data are the demo's (`seed demo` is the only thing that creates accounts of
    the demo domain): pages then say that the figures are estimates."""
    from sqlalchemy.exc import SQLAlchemyError

    from budget.auth.models import User

    try:
        return bool(
            db.session.scalar(select(User.id).where(User.email.like(f"%{DEMO_DOMAIN}")).limit(1))
        )
    except SQLAlchemyError:  # an error page while the database is away still renders
        return False
