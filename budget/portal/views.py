"""Public pages: no sign-in."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from budget.analysis.aggregate import GROUPS
from budget.analysis.lines import ORDERS, LineFilter
from budget.analysis.summary import year_overview
from budget.auth.permissions import can_view_work, public
from budget.classifications.profiles import COUNTRIES, profile
from budget.flags import services as flag_services
from budget.indicators import pages as indicator_pages
from budget.indicators.progress import measures_progress
from budget.jurisdictions.models import Jurisdiction
from budget.labels import economy_name
from budget.page_cache import cached_page
from budget.portal import analysis, currency_switch, findings, services
from budget.portal import charts as chart_services
from budget.portal import compare as comparing
from budget.portal import scorecard as scorecards
from budget.scoring import services as scoring
from budget.scoring import texts
from budget.scoring.peers import peers
from budget.web.converters import page_number, query_number
from budget.web.lookups import jurisdiction_or_404, year_or_404
from budget.web.tables import page_or_download, page_query

portal = Blueprint("portal", __name__)


@portal.get("/")
@public
@cached_page
def index():
    """The overview: one economy's findings and ranking (?country=, Serbia first where it has
    budgets), links to every economy's page, and to the directory of jurisdictions."""
    years = services.budget_years()
    year = services.main_year()
    tables = {}
    country_findings = []
    economies = services.economies(year) if year is not None else []
    country = request.args.get("country", "").upper()
    if country not in economies:
        country = "RS" if "RS" in economies else (economies[0] if economies else None)
    if year is not None and country is not None:
        ranking = scorecards.ranking_table(year, country=country)
        tables[ranking.name] = ranking
        places = analysis.country_jurisdictions(year, country)
        if places is not None:
            country_findings = findings.national_findings(_local_rows(places), year)
    return page_or_download(
        tables,
        "portal/index.html",
        years=years,
        year=year,
        findings=country_findings,
        country=country,
        economies=economies,
        counts=services.jurisdiction_count(),
    )


def _local_rows(places) -> list[dict]:
    """The rows of the municipalities and cities (not the national level, not the total)."""
    return [
        row
        for row in places.rows
        if row.get("jurisdiction") is not None and row["jurisdiction"].kind != "national"
    ]


@portal.get("/jurisdictions")
@public
@cached_page
def jurisdictions():
    """The directory of every jurisdiction: filtered by economy and by a part of the code or
    name, 50 a page; the downloads hold every jurisdiction of the filter."""
    country = request.args.get("country", "").strip().upper()
    if country not in COUNTRIES:
        country = ""
    text = request.args.get("q", "")[:100]
    found = services.directory(country, text, page_number("page", 1, 10**6))
    table = found.download_table() if "format" in request.args else found.page_table()
    return page_or_download(
        table,
        "portal/jurisdictions.html",
        directory=found,
        query=page_query("country", "q"),
    )


@portal.get("/jurisdictions/<code>")
@public
@cached_page
def jurisdiction(code: str):
    found = jurisdiction_or_404(code)
    years, table = services.jurisdiction_page(found)
    return page_or_download(
        table,
        "portal/jurisdiction.html",
        jurisdiction=found,
        years=years,
        kind=services.kind_label(found.kind),
        can_work=can_view_work(current_user, found.id),
    )


@portal.get("/jurisdictions/<code>/years/<int:year>")
@public
@cached_page
def year(code: str, year: int):
    """A jurisdiction's year: areas, rebalances, execution, with charts and downloads."""
    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    choice = currency_switch.choose(jurisdiction.currency, year)
    result = analysis.year_analysis(jurisdiction, overview)
    result = dataclasses.replace(
        result,
        **{
            name: currency_switch.convert(getattr(result, name), choice)
            for name in (
                "areas",
                "rebalance",
                "execution",
                "measures",
                "never_executed",
                "over_executed",
            )
        },
    )
    score = group = None
    if jurisdiction.kind in scoring.method(scoring.DEFAULT_METHOD).scored_kinds:
        score = scoring.score(jurisdiction, year)
        group = peers(jurisdiction, year)
    tables = {
        t.name: t
        for t in (
            result.areas,
            result.rebalance,
            result.execution,
            result.measures,
            result.never_executed,
            result.over_executed,
        )
    }
    return page_or_download(
        tables,
        "portal/year.html",
        jurisdiction=jurisdiction,
        overview=overview,
        analysis=result,
        findings=[
            *findings.year_findings(jurisdiction, overview, result, score, group, choice),
            *indicator_pages.signal_findings(
                jurisdiction, year, measures_progress(jurisdiction, overview, year)
            ),
        ],
        years=services.years_of(jurisdiction.id),
        links=analysis.group_links(jurisdiction, year),
        can_work=can_view_work(current_user, jurisdiction.id),
        flags=flag_services.public_flags(jurisdiction.id, year),
        can_report=getattr(current_user, "role", None) in ("monitor", "admin", "reviewer"),
        **_currency_context(choice),
    )


def _currency_context(choice: currency_switch.CurrencyChoice) -> dict:
    """What a page with the currency switch needs: the choice, its links, how to show money."""
    return {
        "currency_choice": choice,
        "currency_links": currency_switch.switch_links(choice),
        "shown_currency": choice.shown,
        "in_shown_currency": (choice.rate.to_eur if choice.converted else (lambda value: value)),
    }


@portal.get("/jurisdictions/<code>/years/<int:year>/by/<group>")
@public
@cached_page
def breakdown(code: str, year: int, group: str):
    if group not in GROUPS:
        abort(404)
    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    if group == "line":
        return _lines(jurisdiction, overview)
    choice = currency_switch.choose(jurisdiction.currency, year)
    table = currency_switch.convert(analysis.breakdown_table(jurisdiction, overview, group), choice)
    return page_or_download(
        table,
        "portal/breakdown.html",
        jurisdiction=jurisdiction,
        year=year,
        group=group,
        title=analysis.group_title(group),
        links=analysis.group_links(jurisdiction, year),
        **_currency_context(choice),
    )


def _lines(jurisdiction: Jurisdiction, overview):
    """The year's budget lines: searched, sorted and paged like the lines API."""
    line_filter = LineFilter.from_args(request.args)
    order = request.args.get("sort", "key")
    if order not in ORDERS:
        order = "key"
    table, page = analysis.lines_table(
        jurisdiction,
        overview,
        line_filter,
        order,
        page_number("page", 1, 10**6),
        page_number("per_page", analysis.LINE_PAGE_SIZE, 1000),
    )
    query = page_query("program", "economic", "q", "tagged", "sort", "per_page")
    return page_or_download(
        table,
        "portal/lines.html",
        jurisdiction=jurisdiction,
        year=overview.fiscal_year,
        group="line",
        title=analysis.group_title("line"),
        links=analysis.group_links(jurisdiction, overview.fiscal_year),
        page=page,
        line_filter=line_filter,
        order=order,
        query=query,
    )


@portal.app_context_processor
def demo_notice():
    return {"demo_data": services.is_demo}


@portal.get("/methodology")
@public
@cached_page
def methodology():
    """What is counted, how tags weigh lines, the index method, the data sources."""
    method = scoring.method(scoring.DEFAULT_METHOD)
    return render_template(
        "portal/methodology.html",
        method=method,
        title=texts.title(method),
        dimensions=[
            {
                "id": d.id,
                "name": texts.dimension_name(method, d),
                "formula": texts.formula(method, d),
                "thresholds": texts.thresholds(method, d),
            }
            for d in method.dimensions
        ],
        points=method.points,
        min_scored=method.min_scored_dimensions,
    )


@portal.get("/compare")
@public
@cached_page
def compare():
    """2 to 5 jurisdictions of a year side by side (?year=&j=CODE&j=CODE…)."""
    years = services.budget_years()
    year = query_number("year", services.main_year(), smallest=1900, largest=2200)
    if not years or year not in years:
        year = services.main_year()
    chosen = request.args.getlist("j")[:20]
    result = comparing.compare(year, chosen) if chosen and year else None
    tables = {result.table.name: result.table} if result and result.table else {}
    return page_or_download(
        tables,
        "portal/compare.html",
        year=year,
        years=years,
        chosen=chosen,
        candidates=comparing.candidates(year) if year else [],
        result=result,
        most=comparing.MOST,
    )


def country_or_404(country: str) -> str:
    """One of the six economies (the code in capitals); 404 for any other."""
    if country not in COUNTRIES:
        abort(404)
    return country


@portal.get("/countries/<country>/years/<int:year>")
@public
@cached_page
def country(country: str, year: int):
    """One economy's year: its national level and every municipality, reconciled, in its own
    currency (no page adds amounts of two economies)."""
    country = country_or_404(country)
    result = analysis.country_tables(year, country)
    if result is None:
        abort(404)
    choice = currency_switch.choose(result[2].currency, year)
    areas, measures, places = (currency_switch.convert(t, choice) for t in result[:3])
    from budget.flags.tables import responsiveness_table

    answers = responsiveness_table(year, country)
    tables = {t.name: t for t in (places, areas, measures, answers)}
    return page_or_download(
        tables,
        "portal/national.html",
        country=country,
        economy=profile(country),
        currency=result[2].currency,
        **_currency_context(choice),
        year=year,
        answers=answers,
        areas=areas,
        measures=measures,
        places=places,
        findings=findings.national_findings(_local_rows(places), year),
        years=services.budget_years(country),
        economies=services.economies(year),
    )


@portal.get("/region")
@public
def region_latest():
    """The region in the year most jurisdictions have data for."""
    year = services.main_year()
    if year is None:
        abort(404)
    return redirect(url_for("portal.region", year=year))


@portal.get("/region/years/<int:year>")
@public
@cached_page
def region(year: int):
    """The economies side by side: local budgets in euro, per resident, per Roma resident."""
    from budget.portal import regional

    if year not in services.budget_years():
        abort(404)
    found = regional.region(year)
    table = regional.region_table(found)
    return page_or_download(
        table,
        "portal/region.html",
        year=year,
        region=found,
        findings=regional.region_findings(found),
        rate_text=regional.rate_text,
        years=services.budget_years(),
    )


# The national pages were Serbia's before the tracker held the region: their addresses stay.
@portal.get("/national/<int:year>")
@public
def national(year: int):
    return _moved("portal.country", year=year)


@portal.get("/national/<int:year>/measures")
@public
def national_measures(year: int):
    return _moved("portal.country_measures", year=year)


@portal.get("/national/<int:year>/charts/areas.svg")
@public
def national_chart(year: int):
    return _moved("portal.country_chart", year=year)


@portal.get("/national/<int:year>/annual-report.xlsx")
@public
def national_annual_report(year: int):
    return _moved("portal.country_annual_report", year=year)


@portal.get("/national/<int:year>/indicators/<indicator>.svg")
@public
def national_indicator_chart(year: int, indicator: str):
    return _moved("portal.country_indicator_chart", year=year, indicator=indicator)


def _moved(endpoint: str, **values):
    """A permanent redirect to Serbia's country page, with the query string kept."""
    target = url_for(endpoint, country="RS", **values)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code=301)


# --- charts ------------------------------------------------------------------------------------
def svg_response(svg: str):
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@portal.get("/jurisdictions/<code>/years/<int:year>/charts/<name>.svg")
@public
@cached_page
def year_chart(code: str, year: int, name: str):
    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    svg = chart_services.year_chart(jurisdiction, overview, name)
    if svg is None:
        abort(404)
    return svg_response(svg)


@portal.get("/jurisdictions/<code>/charts/tagged-share.svg")
@public
@cached_page
def tagged_share_chart(code: str):
    jurisdiction = jurisdiction_or_404(code)
    return svg_response(chart_services.tagged_share_chart(jurisdiction))


@portal.get("/countries/<country>/years/<int:year>/charts/areas.svg")
@public
@cached_page
def country_chart(country: str, year: int):
    country = country_or_404(country)
    result = analysis.country_tables(year, country)
    if result is None:
        abort(404)
    name = economy_name(country)
    return svg_response(chart_services.area_chart(name, result[3], result[2].currency))


@portal.get("/jurisdictions/<code>/years/<int:year>/score")
@public
@cached_page
def scorecard(code: str, year: int):
    """The RRB index of a jurisdiction-year: each dimension with its formula, thresholds, data."""
    jurisdiction = jurisdiction_or_404(code)
    methodology = request.args.get("method", scoring.DEFAULT_METHOD)
    try:
        result = scoring.score(jurisdiction, year, methodology)
    except scoring.NotScorable as error:
        abort(404, description=str(error))
    if result is None:
        abort(404)
    overview = year_overview(jurisdiction, year)
    group = peers(jurisdiction, year, methodology)
    members, best, best_links = scorecards.peer_tables(jurisdiction, year, group, methodology)
    dimensions = scorecards.dimensions_table(jurisdiction, year, result)
    context = scorecards.context_table(jurisdiction, year, result)
    trend = scorecards.trend_table(jurisdiction, methodology)
    plans_costs = scorecards.plans_table(jurisdiction, overview)
    answers = scorecards.answers_table(jurisdiction, year)
    tables = {t.name: t for t in (dimensions, context, trend, members, best, plans_costs, answers)}
    return page_or_download(
        tables,
        "portal/scorecard.html",
        jurisdiction=jurisdiction,
        year=year,
        result=result,
        dimensions=dimensions,
        context=context,
        trend=trend,
        members=members,
        best=best,
        best_links=best_links,
        plans_costs=plans_costs,
        answers=answers,
        group=group,
        peer_findings=findings.score_findings(jurisdiction, year, result, group),
        years=services.years_of(jurisdiction.id),
        computed_at=dt.datetime.fromisoformat(result["computed_at"]),
        links=scorecards.evidence_links(jurisdiction, year),
        responsiveness=flag_services.responsiveness(year, jurisdiction.id).get(jurisdiction.id),
        names=list(tables),
        methods=sorted(scoring.methods()),
    )


@portal.get("/jurisdictions/<code>/years/<int:year>/measures")
@public
@cached_page
def measures(code: str, year: int):
    """Each measure's money beside its indicators: baseline, values, target, expected path."""
    from budget.measures.models import AREAS

    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    area = request.args.get("area", "")
    area = area if area in AREAS else ""
    status = request.args.get("status", "")
    status = status if status in indicator_pages.STATUSES else ""
    cards = indicator_pages.measure_cards(jurisdiction, overview, year, area, status)
    return render_template(
        "portal/measures.html",
        **_currency_context(currency_switch.choose(jurisdiction.currency, year)),
        jurisdiction=jurisdiction,
        currency=jurisdiction.currency,
        year=year,
        cards=cards,
        area=area,
        status=status,
        areas=AREAS,
        statuses=indicator_pages.STATUSES,
        status_text=indicator_pages.status_text,
        signal_text=indicator_pages.signal_text,
        small_count=indicator_pages.small_count,
        years=services.years_of(jurisdiction.id),
    )


@portal.get("/countries/<country>/years/<int:year>/measures")
@public
@cached_page
def country_measures(country: str, year: int):
    """The national strategy's measures over every jurisdiction of one economy, beside the
    national indicators; filterable as a jurisdiction's measures page."""
    from budget.measures.models import AREAS

    country = country_or_404(country)
    if year not in services.budget_years(country):
        abort(404)
    area = request.args.get("area", "")
    area = area if area in AREAS else ""
    status = request.args.get("status", "")
    status = status if status in indicator_pages.STATUSES else ""
    return render_template(
        "portal/measures.html",
        jurisdiction=None,
        country=country,
        economy=profile(country),
        currency=services.country_currency(country),
        **_currency_context(currency_switch.choose(services.country_currency(country), year)),
        year=year,
        cards=indicator_pages.national_measure_cards(year, area, status, country=country),
        area=area,
        status=status,
        areas=AREAS,
        statuses=indicator_pages.STATUSES,
        status_text=indicator_pages.status_text,
        signal_text=indicator_pages.signal_text,
        small_count=indicator_pages.small_count,
        years=services.budget_years(country),
    )


@portal.get("/jurisdictions/<code>/years/<int:year>/annual-report.xlsx")
@public
def annual_report(code: str, year: int):
    """The annual report of the regional reporting tool for a jurisdiction-year (XLSX)."""
    from budget.indicators.report import jurisdiction_report

    jurisdiction = jurisdiction_or_404(code)
    return xlsx_response(
        jurisdiction_report(jurisdiction, year), f"annual-report-{jurisdiction.code}-{year}.xlsx"
    )


@portal.get("/countries/<country>/years/<int:year>/annual-report.xlsx")
@public
def country_annual_report(country: str, year: int):
    """The annual report over every jurisdiction of one economy in a year (XLSX)."""
    from budget.indicators.report import national_report

    country = country_or_404(country)
    if year not in services.budget_years(country):
        abort(404)
    return xlsx_response(
        national_report(year, services.country_currency(country), country),
        f"annual-report-{country}-{year}.xlsx",
    )


def xlsx_response(content: bytes, name: str):
    import io

    from flask import send_file

    return send_file(
        io.BytesIO(content),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
        max_age=0,
    )


@portal.get("/jurisdictions/<code>/years/<int:year>/indicators/<indicator>.svg")
@public
@cached_page
def indicator_chart(code: str, year: int, indicator: str):
    jurisdiction = jurisdiction_or_404(code)
    found = indicator_pages.public_indicator(indicator)
    if found is None or (
        found.measure.level == "local" and found.measure.jurisdiction_id != jurisdiction.id
    ):
        abort(404)
    return svg_response(indicator_pages.indicator_svg(found, year))


@portal.get("/countries/<country>/years/<int:year>/indicators/<indicator>.svg")
@public
@cached_page
def country_indicator_chart(country: str, year: int, indicator: str):
    country_or_404(country)
    found = indicator_pages.public_indicator(indicator)
    if found is None or found.measure.level != "national":
        abort(404)
    return svg_response(indicator_pages.indicator_svg(found, year))
