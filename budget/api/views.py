"""The public JSON API, version 1: amounts as strings with 2 decimals."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, g, jsonify, request
from flask_babel import force_locale
from sqlalchemy import select

from budget.analysis.aggregate import stage_table
from budget.analysis.labels import key_labels
from budget.analysis.lines import LineFilter, line_stages
from budget.analysis.stages import MAIN_STAGES, jurisdiction_stages
from budget.analysis.summary import per_head, year_overview
from budget.api.openapi import API_GROUPS, openapi_document
from budget.auth.permissions import can_edit_jurisdiction, public, token_required
from budget.budgets.models import BudgetDocument
from budget.currencies.services import Conversion, MissingRate, UnknownCurrency, conversion
from budget.extensions import db
from budget.flags import services as flags
from budget.flags.models import Flag
from budget.importing.problems import ImportFailed
from budget.jurisdictions.models import Jurisdiction
from budget.money import amount_str
from budget.page_cache import cached_page
from budget.ratelimit import flag_limit
from budget.scoring import services as scoring
from budget.scoring.peers import peers
from budget.tagging.services import TagConflict, lock_tags_of, parse_tag, save_tag, tag_json
from budget.transactions import roll_back
from budget.uploads import services as uploads
from budget.web.converters import LARGEST, query_number
from budget.web.lookups import jurisdiction_or_404, year_or_404

api = Blueprint("api", __name__, url_prefix="/api/v1")


@api.get("/jurisdictions")
@public
def jurisdictions():
    rows = db.session.scalars(select(Jurisdiction).order_by(Jurisdiction.code))
    return jsonify(
        [
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
        ]
    )


def requested_conversion(local_currency: str, year: int) -> Conversion:
    """?currency=EUR: amounts in euro at the year's rate (422 without one); else local."""
    try:
        return conversion(request.args.get("currency"), local_currency, year)
    except UnknownCurrency as error:
        abort(400, description=f"{error}.")
    except MissingRate as error:
        abort(
            422,
            description=f"No exchange rate of {error.currency} for {error.year}: amounts "
            f"cannot be given in EUR until that rate is imported (import exchange-rates).",
        )


def rate_json(converted: Conversion) -> dict:
    """What a converted answer adds: the local currency and the rate used (nothing when the
    answer is in the local currency, so that it reads as before)."""
    rate = converted.rate
    if rate is None:
        return {}
    return {
        "local_currency": rate.currency,
        "exchange_rate": {
            "currency": rate.currency,
            "year": rate.year,
            "per_eur": str(rate.per_eur),
            "source": rate.source,
        },
    }


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/summary")
@public
def summary(code: str, year: int):
    """The adopted budget, the budget in force and the latest execution report: totals and
    approved tagged amounts, per resident; in the local currency or (?currency=EUR) in euro."""
    jurisdiction = jurisdiction_or_404(code)
    overview = year_overview(jurisdiction, year, exact=True)
    if overview is None:
        abort(404, description=f"No budget documents of {code} for fiscal year {year}.")
    converted = requested_conversion(jurisdiction.currency, year)
    money = converted.amount
    chosen = overview.documents

    def stage(document, **extra):
        if document is None:
            return None
        totals = overview.totals_of(document)
        return {
            "total": amount_str(money(totals.total)),
            "tagged": amount_str(money(totals.tagged)),
            **extra,
        }

    in_force = chosen.in_force
    in_force_totals = overview.totals_of(in_force)
    return jsonify(
        {
            "jurisdiction": jurisdiction.code,
            "fiscal_year": year,
            "currency": converted.currency,
            **rate_json(converted),
            "adopted": stage(chosen.adopted),
            "revised": stage(in_force, revision=in_force.revision if in_force else 0),
            "executed": stage(
                chosen.executed,
                as_of=chosen.executed.as_of.isoformat() if chosen.executed else None,
            ),
            "per_capita": {
                "total": amount_str(
                    per_head(
                        money(in_force_totals and in_force_totals.total), jurisdiction.population
                    )
                ),
                "tagged_per_roma_resident": amount_str(
                    per_head(
                        money(in_force_totals and in_force_totals.tagged),
                        jurisdiction.roma_population,
                    )
                ),
            },
        }
    )


def stage_json(amounts, money=None) -> dict | None:
    """An Amounts as JSON; `money` converts each figure (exactly) before it is rounded."""
    if amounts is None:
        return None
    if money is None:
        return {"total": amount_str(amounts.total), "tagged": amount_str(amounts.tagged)}
    return {"total": amount_str(money(amounts.total)), "tagged": amount_str(money(amounts.tagged))}


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/aggregate")
@public
def aggregate(code: str, year: int):
    """Totals and approved tagged amounts by classification code, or tagged amounts by measure
    or area, for the adopted budget, the budget in force and the latest execution report."""
    group = request.args.get("group", "")
    if group not in API_GROUPS:
        abort(400, description=f"group must be one of: {', '.join(API_GROUPS)}.")
    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    converted = requested_conversion(jurisdiction.currency, year)
    as_of = None
    if request.args.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.args["as_of"])
        except ValueError:
            abort(400, description="as_of is a date: YYYY-MM-DD.")
        if not any(d.as_of == as_of for d in overview.documents.all):
            abort(404, description=f"No execution report of {code} as of {as_of.isoformat()}.")
    stages = [
        s for s in jurisdiction_stages(overview.documents, as_of=as_of) if s.name in MAIN_STAGES
    ]
    rows = stage_table(stages, group, exact=True)
    labels = key_labels(group, [r.key for r in rows], jurisdiction.country, year)
    money = converted.amount
    return jsonify(
        {
            "group": group,
            **({"currency": converted.currency} if converted.rate else {}),
            **rate_json(converted),
            "rows": [
                {
                    "key": row.key[0],
                    "label": labels[row.key],
                    "adopted": stage_json(row.amounts["adopted"], money),
                    "revised": stage_json(row.amounts["in_force"], money),
                    "executed": stage_json(row.amounts["executed"], money),
                }
                for row in rows
            ],
        }
    )


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/lines")
@public
def lines(code: str, year: int):
    """Budget lines with every stage's amount and approved tagged amount; filtered and paged."""
    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    page = query_number("page", 1, smallest=1, largest=LARGEST)
    per_page = query_number("per_page", 100, smallest=1, largest=1000)
    if page is None or per_page is None:
        abort(400, description="page is a whole number from 1; per_page is 1 to 1000.")
    line_filter = LineFilter.from_args(request.args)
    stages = jurisdiction_stages(overview.documents)
    result = line_stages(
        jurisdiction.id, year, overview.documents, stages, line_filter, page, per_page
    )
    return jsonify(
        {
            "jurisdiction": jurisdiction.code,
            "fiscal_year": year,
            "currency": jurisdiction.currency,
            "page": result.page,
            "per_page": per_page,
            "total": result.total,
            "pages": result.pages,
            "stages": [s.name.replace("in_force", "revised") for s in stages],
            "lines": [
                {
                    **row.key_dict,
                    "description": row.description,
                    "stages": {
                        s.name.replace("in_force", "revised"): stage_json(row.amounts.get(s.name))
                        for s in stages
                    },
                }
                for row in result.rows
            ],
        }
    )


def score_json(result: dict) -> dict:
    return {**result, "index": None if result["index"] is None else float(result["index"])}


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/score")
@public
@cached_page
def score(code: str, year: int):
    """The RRB index of a jurisdiction-year (?method=ID for another method version)."""
    jurisdiction = jurisdiction_or_404(code)
    try:
        result = scoring.score(
            jurisdiction, year, request.args.get("method", scoring.DEFAULT_METHOD)
        )
    except scoring.NotScorable as error:
        abort(404, description=str(error))
    if result is None:
        abort(404, description=f"No budget documents of {code} for fiscal year {year}.")
    return jsonify(score_json(result))


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/peers")
@public
@cached_page
def peer_group(code: str, year: int):
    """The jurisdictions a municipality is compared with: same country, kind and size class."""
    jurisdiction = jurisdiction_or_404(code)
    try:
        group = peers(jurisdiction, year, request.args.get("method", scoring.DEFAULT_METHOD))
    except scoring.NotScorable as error:
        abort(404, description=str(error))
    if group is None:
        abort(404, description=f"No budget documents of {code} for fiscal year {year}.")
    return jsonify(group.json())


@api.get("/scores")
@public
@cached_page
def scores():
    """The scores of every jurisdiction of a scored kind in a year, best index first, those with
    insufficient data last."""
    year = query_number("year", None, smallest=-LARGEST - 1, largest=LARGEST)
    if year is None:
        abort(400, description="year is required, a whole number, e.g. ?year=2024")
    currency = (request.args.get("currency") or "").strip().upper() or None
    if currency not in (None, "EUR"):
        abort(400, description="currency is EUR (or absent: each jurisdiction's own currency).")
    country = (request.args.get("country") or "").strip().upper() or None
    try:
        results = scoring.ranking(
            year,
            request.args.get("method", scoring.DEFAULT_METHOD),
            country=country,
            currency=currency,
        )
    except scoring.NotScorable as error:
        abort(404, description=str(error))
    except MissingRate as error:
        abort(
            422,
            description=f"No exchange rate of {error.currency} for {error.year}: the ranking "
            "cannot be given in EUR until that rate is imported (import exchange-rates).",
        )
    return jsonify([score_json(r) for r in results])


@api.get("/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())


def unprocessable(errors: dict[str, str]):
    return jsonify(
        error="Unprocessable Entity",
        message="The body has invalid fields.",
        status=422,
        errors=errors,
    ), 422


@api.post("/jurisdictions/<code>/years/<int(signed=True):year>/tags")
@token_required
def write_tag(code: str, year: int):
    """Create the tag of (line key, measure), or update it; either way it becomes a draft."""
    jurisdiction = jurisdiction_or_404(code)
    if not can_edit_jurisdiction(g.api_user, jurisdiction.id):
        abort(403, description=f"This token may not write tags of {code}.")
    has_budget = db.session.scalar(
        select(BudgetDocument.id)
        .where(
            BudgetDocument.jurisdiction_id == jurisdiction.id, BudgetDocument.fiscal_year == year
        )
        .limit(1)
    )
    if has_budget is None:
        abort(404, description=f"No budget documents of {code} for fiscal year {year}.")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the JSON parser goes
        return unprocessable({"body": "must be a JSON object with the tag's fields"})
    version = body.pop("version", None) if isinstance(body, dict) else None
    if version is not None and (
        isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= LARGEST
    ):
        return unprocessable({"version": "must be the whole number read with the tag (0: none)"})
    with force_locale("en"):  # the API's messages are English, as its field names
        tag_input, errors = parse_tag(body, jurisdiction)
        if errors:
            return unprocessable(errors)
        try:
            tag, created, errors = save_tag(
                jurisdiction, year, tag_input, actor=g.api_user, expected_version=version
            )
        except TagConflict as conflict:
            return jsonify(
                error="Conflict",
                message=f"The tag changed since version {version} was read: nothing was saved. "
                "Compare with the current tag and send again with its version.",
                status=409,
                current=tag_json(conflict.current) if conflict.current else None,
            ), 409
        if errors:
            return unprocessable(errors)
    return jsonify(tag_json(tag)), 201 if created else 200


def import_problems(failure: ImportFailed):
    """422 for a file that breaks its format: how many problems, and each with row and column."""
    return jsonify(
        error="Unprocessable Entity",
        message=f"The file has {failure.total} problems; nothing was written.",
        status=422,
        error_count=failure.total,
        errors=[problem.json() for problem in failure.problems],
    ), 422


def _writable(code: str):
    jurisdiction = jurisdiction_or_404(code)
    if not can_edit_jurisdiction(g.api_user, jurisdiction.id):
        abort(403, description=f"This token may not write the budget of {code}.")
    return jurisdiction


@api.post("/jurisdictions/<code>/documents")
@token_required
def upload_documents(code: str):
    """Budget documents from a CSV or XLSX file in the budget format, all or nothing;
    `?dry_run=1` checks and compares with the stored documents without writing."""
    jurisdiction = _writable(code)
    dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
    if not dry_run:
        lock_tags_of(jurisdiction.id)  # one write of a jurisdiction's budget at a time
    with force_locale("en"):
        try:
            name, content = uploads.read_upload(request.files.get("file"))
            check = uploads.check_budget_upload(jurisdiction, name, content)
        except ImportFailed as failure:
            return import_problems(failure)
        documents = [preview.json() for preview in check.previews]
        if dry_run:
            return jsonify(dry_run=True, documents=documents), 200
        upload = uploads.keep(jurisdiction, "budget", name, content, g.api_user)
        uploads.write_budget_upload(check, upload, g.api_user)
    return jsonify(dry_run=False, documents=documents), 201


@api.post("/jurisdictions/<code>/years/<int(signed=True):year>/tags/file")
@token_required
def upload_tags(code: str, year: int):
    """Tags of one jurisdiction and year from a file in the tags format (or the tagging sheet),
    all or nothing; what is written becomes a draft, a row equal to its tag changes nothing."""
    jurisdiction = _writable(code)
    year_or_404(jurisdiction, year)
    with force_locale("en"):
        try:
            name, content = uploads.read_upload(request.files.get("file"))
            check = uploads.check_tags_upload(jurisdiction, year, name, content, lenient=False)
        except ImportFailed as failure:
            return import_problems(failure)
        upload = uploads.keep(jurisdiction, "tags", name, content, g.api_user, fiscal_year=year)
        result = uploads.write_tags_upload(check, upload, g.api_user)
    return jsonify(created=result.created, updated=result.updated), 200


@api.post("/flags")
@token_required
@flag_limit
def create_flag():
    """A monitor (or an admin) flags a line, a measure, a score dimension or a whole year."""
    if g.api_user.role not in ("monitor", "admin"):
        abort(403, description="Only monitors and admins open flags.")
    with force_locale("en"):
        body = request.get_json(silent=True)
        try:
            data = flags.parse_flag(body)
        except flags.FlagError as error:
            roll_back()  # a refused flag does not count against the limit
            return unprocessable(error.errors)
        flag = flags.open_flag(data, g.api_user, _written_in(body))
    return jsonify(flags.flag_json(flag)), 201


def _written_in(body) -> str:
    """An API text's language: `language` (sr-Latn, sr-Cyrl, en, sq, mk) where given, else
    Serbian Latin."""
    from budget.i18n import LANGUAGES

    language = body.get("language") if isinstance(body, dict) else None
    return language if language in LANGUAGES else "sr-Latn"


def _flag_or_404(flag_id: int) -> Flag:
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        abort(404, description=f"No flag {flag_id}.")
    return flag


@api.post("/flags/<int:flag_id>/answer")
@token_required
def answer_flag(flag_id: int):
    """The answer of the flag's jurisdiction (its finance officer), a reviewer or an admin."""
    flag = _flag_or_404(flag_id)
    if not flags.can_answer(g.api_user, flag):
        abort(
            403,
            description="Only the jurisdiction's finance officers, reviewers and admins answer.",
        )
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    with force_locale("en"):
        try:
            flags.answer_flag(
                flag, body.get("text"), g.api_user, body.get("link"), _written_in(body)
            )
        except flags.FlagError as error:
            roll_back()
            return unprocessable(error.errors)
    return jsonify(flags.flag_json(flag)), 200


@api.post("/flags/<int:flag_id>/moderate")
@token_required
def moderate_flag(flag_id: int):
    """An admin hides a flag from the public lists, or restores it, with a reason."""
    if g.api_user.role != "admin":
        abort(403, description="Only admins moderate flags.")
    flag = _flag_or_404(flag_id)
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    with force_locale("en"):
        try:
            flags.moderate(flag, body.get("action"), body.get("reason"), g.api_user)
        except flags.FlagError as error:
            roll_back()
            return unprocessable(error.errors)
    return jsonify({**flags.flag_json(flag), "hidden": flag.hidden}), 200


@api.get("/jurisdictions/<code>/flags")
@public
def jurisdiction_flags(code: str):
    """The public flags of a jurisdiction with their answers (hidden ones left out)."""
    jurisdiction = jurisdiction_or_404(code)
    year = query_number("year", None, smallest=1900, largest=2200)
    if request.args.get("year") and year is None:
        abort(400, description="year is a whole number, e.g. ?year=2025")
    status = request.args.get("status") or None
    if status not in (None, "open", "answered"):
        abort(400, description="status is open or answered")
    return jsonify([flags.flag_json(f) for f in flags.public_flags(jurisdiction.id, year, status)])


@api.get("/jurisdictions/<code>/years/<int(signed=True):year>/measures")
@public
@cached_page
def measures(code: str, year: int):
    """The measures of a jurisdiction's year with their tagged money and indicators' progress."""
    from budget.indicators.progress import measures_progress

    jurisdiction = jurisdiction_or_404(code)
    overview = year_or_404(jurisdiction, year)
    return jsonify([m.json() for m in measures_progress(jurisdiction, overview, year)])
