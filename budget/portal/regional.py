"""The region side by side: each economy's local budgets in euro, per resident and per Roma
resident, and the region as the sum of the economies' euro figures.

Amounts of two currencies are never added. Each economy's figure is first added up in its own
currency (the sum of its jurisdictions' published figures, as on its country page), then
divided by the year's rate and rounded to cents; the region is the sum of those rounded euro
figures, so that the economies' figures add up to the regional one to the cent. An economy
without a rate for the year is listed, named as such, and left out of the regional sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask import url_for
from sqlalchemy import select

from budget.analysis.stages import year_documents_by_jurisdiction
from budget.analysis.totals import document_totals
from budget.classifications.profiles import COUNTRIES, profile
from budget.currencies.services import Rate, rates
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.labels import economy_name
from budget.money import CENT

LOCAL_KINDS = ("municipality", "city", "city_municipality")
FIGURES = ("in_force_total", "in_force_tagged", "executed_tagged")


@dataclass
class Economy:
    country: str
    currency: str
    places: int = 0
    population: int = 0  # of the places with a known population
    roma_population: int = 0
    local: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(FIGURES, Decimal("0.00"))
    )
    rate: Rate | None = None

    @property
    def name(self) -> str:
        return economy_name(self.country)

    def euro(self, figure: str) -> Decimal | None:
        """The figure in euro, rounded half-up to cents (None without a rate)."""
        if self.rate is None:
            return None
        return self.rate.to_eur(self.local[figure]).quantize(CENT, rounding=ROUND_HALF_UP)

    def per_head(self, figure: str, people: int) -> Decimal | None:
        """Euro per person from the exact euro figure, rounded only at the end."""
        if self.rate is None or not people:
            return None
        exact = self.rate.to_eur(self.local[figure])
        return (exact / people).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def tagged_share(self) -> Decimal | None:
        total = self.local["in_force_total"]
        return self.local["in_force_tagged"] / total if total else None

    @property
    def execution_rate(self) -> Decimal | None:
        planned = self.local["in_force_tagged"]
        return self.local["executed_tagged"] / planned if planned else None


@dataclass
class Region:
    fiscal_year: int
    economies: list[Economy]

    @property
    def converted(self) -> list[Economy]:
        return [e for e in self.economies if e.rate is not None]

    @property
    def missing_rates(self) -> list[Economy]:
        return [e for e in self.economies if e.rate is None]

    def total(self, figure: str) -> Decimal:
        """The region: the sum of the economies' rounded euro figures."""
        return sum((e.euro(figure) for e in self.converted), Decimal("0.00"))

    @property
    def population(self) -> int:
        return sum(e.population for e in self.converted)

    @property
    def roma_population(self) -> int:
        return sum(e.roma_population for e in self.converted)


def region(fiscal_year: int) -> Region:
    """The local budgets (municipalities and cities) of every economy in a year: three queries
    (documents, their totals, the rates), whatever the number of places."""
    by_jurisdiction = year_documents_by_jurisdiction(fiscal_year)
    places = {
        j.id: j
        for j in db.session.scalars(
            select(Jurisdiction).where(
                Jurisdiction.id.in_(list(by_jurisdiction)), Jurisdiction.kind.in_(LOCAL_KINDS)
            )
        )
    }
    chosen = {jid: docs for jid, docs in by_jurisdiction.items() if jid in places}
    ids = {d.id for docs in chosen.values() for d in (docs.in_force, docs.executed) if d}
    totals = document_totals(ids)
    economies: dict[str, Economy] = {}
    for jid, docs in chosen.items():
        place = places[jid]
        known = profile(place.country)
        economy = economies.setdefault(
            place.country,
            Economy(place.country, known.currency if known else place.currency),
        )
        economy.places += 1
        if place.population:
            economy.population += place.population
        if place.roma_population:
            economy.roma_population += place.roma_population
        if docs.in_force:
            economy.local["in_force_total"] += totals[docs.in_force.id].total
            economy.local["in_force_tagged"] += totals[docs.in_force.id].tagged
        if docs.executed:
            economy.local["executed_tagged"] += totals[docs.executed.id].tagged
    found = rates((e.currency, fiscal_year) for e in economies.values())
    for economy in economies.values():
        economy.rate = found.get((economy.currency, fiscal_year))
    order = {c: i for i, c in enumerate(COUNTRIES)}
    return Region(fiscal_year, sorted(economies.values(), key=lambda e: order.get(e.country, 99)))


def region_table(found: Region):
    """The economies side by side in euro, the region last; downloads hold the same rows."""
    from flask_babel import gettext as _

    from budget.web.tables import Column, DataTable

    table = DataTable(
        name=f"region-{found.fiscal_year}",
        caption=_("Local budgets of the region in euro, %(year)s", year=found.fiscal_year),
        currency="EUR",
        columns=[
            Column("economy", _("Economy"), "link"),
            Column("places", _("Municipalities and cities"), "number"),
            Column("in_force_total", _("In force, total"), "money"),
            Column("in_force_tagged", _("In force, Roma-relevant"), "money"),
            Column("executed_tagged", _("Executed, Roma-relevant"), "money"),
            Column("tagged_share", _("Roma-relevant share"), "ratio"),
            Column("execution_rate", _("Execution of Roma-relevant"), "ratio"),
            Column("per_resident", _("In force per resident"), "money"),
            Column("per_roma_resident", _("Roma-relevant per Roma resident"), "money"),
        ],
    )
    for economy in found.economies:
        table.rows.append(
            {
                "economy": (
                    economy.name,
                    url_for("portal.country", country=economy.country, year=found.fiscal_year),
                ),
                "places": economy.places,
                **{figure: economy.euro(figure) for figure in FIGURES},
                "tagged_share": economy.tagged_share,
                "execution_rate": economy.execution_rate,
                "per_resident": economy.per_head("in_force_total", economy.population),
                "per_roma_resident": economy.per_head("in_force_tagged", economy.roma_population),
            }
        )
    if found.converted:
        in_force = found.total("in_force_total")
        tagged = found.total("in_force_tagged")
        executed = found.total("executed_tagged")
        table.rows.append(
            {
                "economy": _("Region"),
                "places": sum(e.places for e in found.converted),
                "in_force_total": in_force,
                "in_force_tagged": tagged,
                "executed_tagged": executed,
                "tagged_share": tagged / in_force if in_force else None,
                "execution_rate": executed / tagged if tagged else None,
                "per_resident": _per(in_force, found.population),
                "per_roma_resident": _per(tagged, found.roma_population),
            }
        )
    return table


def _per(amount: Decimal, people: int) -> Decimal | None:
    return (amount / people).quantize(CENT, rounding=ROUND_HALF_UP) if people else None


def rate_text(rate: Rate | None, currency: str, year: int) -> str:
    """The rate as printed beside a converted figure: '117.18 RSD (2024, National Bank…)'."""
    from flask_babel import gettext as _

    if currency == "EUR":
        return _("EUR: no conversion")
    if rate is None:
        return _("no rate for %(currency)s in %(year)s", currency=currency, year=year)
    from budget.i18n import decimal_text, local_text

    source = local_text(rate.source) if rate.source else None
    if rate.fixed and currency == "BAM":
        source = _("fixed by the Central Bank of Bosnia and Herzegovina (currency board)")
    if source:
        return _(
            "%(rate)s %(currency)s (%(year)s; %(source)s)",
            rate=decimal_text(str(rate.per_eur)),
            currency=currency,
            year=rate.year,
            source=source,
        )
    return _(
        "%(rate)s %(currency)s (%(year)s)",
        rate=decimal_text(str(rate.per_eur)),
        currency=currency,
        year=year,
    )


def region_findings(found: Region) -> list:
    """The region in a few plain sentences: what is in force for Roma, per Roma resident
    where it is highest and lowest, and which economies have no rate yet."""
    from flask_babel import gettext as _
    from flask_babel import ngettext

    from budget.i18n import money, percent
    from budget.portal.findings import ALERT, GOOD, INFO, Finding

    findings = []
    converted = found.converted
    if converted:
        in_force = found.total("in_force_total")
        tagged = found.total("in_force_tagged")
        findings.append(
            Finding(
                INFO,
                ngettext(
                    "In %(year)s the local budgets of %(num)d economy had %(tagged)s in force "
                    "for Roma inclusion: %(share)s of %(total)s.",
                    "In %(year)s the local budgets of %(num)d economies had %(tagged)s in force "
                    "for Roma inclusion: %(share)s of %(total)s.",
                    len(converted),
                    year=found.fiscal_year,
                    tagged=money(tagged, "EUR"),
                    share=percent(tagged / in_force if in_force else None),
                    total=money(in_force, "EUR"),
                ),
            )
        )
        per_roma = [
            (e.per_head("in_force_tagged", e.roma_population), e)
            for e in converted
            if e.roma_population
        ]
        if len(per_roma) > 1:
            per_roma.sort(key=lambda pair: pair[0])
            (low, lowest), (high, highest) = per_roma[0], per_roma[-1]
            findings.append(
                Finding(
                    GOOD if high else INFO,
                    _(
                        "Per Roma resident, %(high_name)s had the most in force (%(high)s) and "
                        "%(low_name)s the least (%(low)s).",
                        high_name=highest.name,
                        high=money(high, "EUR"),
                        low_name=lowest.name,
                        low=money(low, "EUR"),
                    ),
                )
            )
    for economy in found.missing_rates:
        findings.append(
            Finding(
                ALERT,
                _(
                    "No exchange rate of %(currency)s for %(year)s: %(name)s is left out of the "
                    "regional figures until the rate is imported.",
                    currency=economy.currency,
                    year=found.fiscal_year,
                    name=economy.name,
                ),
            )
        )
    return findings
