"""Flags on the web: the form beside what is flagged, answers, moderation, the monitor's page,
the public feeds and the shadow report."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from budget.auth.permissions import ADMIN, MONITOR, REVIEWER, public, roles_required, signed_in
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.flags import services
from budget.flags.forms import AnswerForm, FlagForm, ModerationForm, category_choices
from budget.flags.labels import TARGET
from budget.flags.models import OPEN, Flag
from budget.i18n import current_language
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.ratelimit import flag_limit
from budget.transactions import roll_back
from budget.web.forms import ActionForm, csrf_failed
from budget.web.lookups import jurisdiction_or_404

flags_views = Blueprint("flags", __name__)


def can_flag(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in (MONITOR, ADMIN)


@flags_views.app_template_global("flag_links")
def flag_links(code: str, year: int):
    """For the signed-in monitor or admin: a function (target type, key) -> the address of the
    flag form for it; None for everyone else (the pages then show no flag controls)."""
    if not can_flag(current_user):
        return None

    def link(target_type: str, key: str = "") -> str:
        return url_for("flags.new", jurisdiction=code, year=year, type=target_type, key=key or None)

    return link


def target_label(flag_or_type, key: str | None = None) -> str:
    """What a flag is about, in words: 'budget line 0901 · 472', 'measure M-1', …"""
    kind = flag_or_type if isinstance(flag_or_type, str) else flag_or_type.target_type
    key = key if key is not None else flag_or_type.target_key
    if kind == "line":
        parsed = LineKey.parse(key)
        return f"{TARGET['line']} {parsed.shown if parsed else key}"
    if kind == "year":
        return str(TARGET["year"])
    return f"{TARGET[kind]} {key}"


@flags_views.app_context_processor
def flag_words():
    from budget.flags.labels import AUTHOR_KIND, STATUS, category_label

    return {
        "flag_target": target_label,
        "flag_category": category_label,
        "flag_status": lambda code: str(STATUS.get(code, code)),
        "flag_author_kind": lambda code: str(AUTHOR_KIND.get(code, code)),
        "flag_shown": services.shown_text,
    }


# --- opening ----------------------------------------------------------------------------------
def _form(submitted: bool = False) -> FlagForm:
    form = FlagForm() if submitted else FlagForm(formdata=None)
    form.category.choices = category_choices()
    return form


def _flag_page(form: FlagForm, jurisdiction, status: int = 200):
    return render_template(
        "flags/new.html",
        form=form,
        jurisdiction=jurisdiction,
        year=form.fiscal_year.data,
        target=target_label(form.target_type.data or "year", form.target_key.data or ""),
    ), status


@flags_views.get("/flags/new")
@roles_required(MONITOR, ADMIN)
def new():
    jurisdiction = jurisdiction_or_404(request.args.get("jurisdiction", "")[:40])
    form = _form()
    form.jurisdiction.data = jurisdiction.code
    form.fiscal_year.data = request.args.get("year", "")[:4]
    kind = request.args.get("type", "year")
    form.target_type.data = kind if kind in TARGET else "year"
    form.target_key.data = request.args.get("key", "")[:220]
    form.category.data = request.args.get("category", "")
    return _flag_page(form, jurisdiction)


@flags_views.post("/flags/new")
@roles_required(MONITOR, ADMIN)
@flag_limit
def create():
    form = _form(submitted=True)
    jurisdiction = jurisdiction_or_404(
        form.jurisdiction.data[:40] if form.jurisdiction.data else ""
    )
    if not form.validate_on_submit():
        if csrf_failed(form):
            abort(400)
        roll_back()
        return _flag_page(form, jurisdiction, 422)
    try:
        data = services.parse_flag(_body(form))
    except services.FlagError as error:
        roll_back()  # a refused flag does not count against the limit
        for name, message in error.errors.items():
            field = getattr(form, name, None)
            if name in ("text", "category"):
                field.errors = [*field.errors, message]
            else:
                form.form_errors.append(message)
        return _flag_page(form, jurisdiction, 422)
    flag = services.open_flag(data, current_user)
    flash(_("Thank you: your flag is public, and the jurisdiction has been asked to answer."))
    return redirect(
        url_for(
            "portal.year", code=jurisdiction.code, year=flag.fiscal_year, _anchor=f"flag-{flag.id}"
        )
    )


def _body(form: FlagForm) -> dict:
    kind = form.target_type.data or "year"
    key = form.target_key.data or ""
    target: dict = {"type": kind}
    if kind == "line":
        parsed = LineKey.parse(key)
        target["key"] = parsed.as_dict() if parsed else {}
    elif kind == "measure":
        target["code"] = key
    elif kind == "dimension":
        target["id"] = key
    year = form.fiscal_year.data or ""
    return {
        "jurisdiction": form.jurisdiction.data,
        "fiscal_year": int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
        "target": target,
        "category": form.category.data,
        "text": form.text.data,
    }


# --- answering --------------------------------------------------------------------------------
def answerable(user):
    """The flags a person may answer, open first: an officer's jurisdiction's, or all."""
    query = select(Flag).where(Flag.hidden_at.is_(None))
    if user.role not in (ADMIN, REVIEWER):
        query = query.where(Flag.jurisdiction_id == user.jurisdiction_id)
    return list(
        db.session.scalars(query.order_by(Flag.status != OPEN, Flag.created_at.desc()).limit(200))
    )


def _answer_form(flag: Flag, submitted: bool = False) -> AnswerForm:
    form = (
        AnswerForm(prefix=f"f{flag.id}")
        if submitted
        else AnswerForm(formdata=None, prefix=f"f{flag.id}")
    )
    documents = db.session.scalars(
        select(BudgetDocument)
        .where(
            BudgetDocument.jurisdiction_id == flag.jurisdiction_id,
            BudgetDocument.fiscal_year == flag.fiscal_year,
        )
        .order_by(BudgetDocument.id)
    ).all()
    from budget.portal.services import document_label
    from budget.tagging.models import Tag

    choices = [("", _("— none —"))]
    choices += [(f"document:{d.id}", f"{document_label(d)} ({d.source_file})") for d in documents]
    if flag.target_type == "line":
        key = LineKey.parse(flag.target_key)
        if key:
            for tag in db.session.scalars(
                select(Tag).where(
                    Tag.jurisdiction_id == flag.jurisdiction_id,
                    Tag.fiscal_year == flag.fiscal_year,
                    *(getattr(Tag, c) == v for c, v in key.as_dict().items()),
                )
            ):
                choices.append(
                    (
                        f"tag:{tag.id}",
                        _("tag %(measure)s", measure=tag.measure.code if tag.measure else "—"),
                    )
                )
    form.link.choices = choices
    return form


@flags_views.get("/work/flags")
@signed_in
def to_answer():
    if current_user.role not in ("finance", ADMIN, REVIEWER):
        abort(403)
    found = answerable(current_user)
    return render_template(
        "flags/answer.html",
        flags=found,
        forms={f.id: _answer_form(f) for f in found},
    )


@flags_views.post("/work/flags/<int:flag_id>/answer")
@signed_in
def answer(flag_id: int):
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        abort(404)
    if not services.can_answer(current_user, flag):
        abort(403)
    form = _answer_form(flag, submitted=True)
    problems = None
    if form.validate_on_submit():
        kind, _sep, ident = (form.link.data or "").partition(":")
        link = {"type": kind, "id": int(ident)} if ident.isdigit() else None
        try:
            services.answer_flag(flag, form.text.data, current_user, link)
        except services.FlagError as error:
            problems = error.errors
        else:
            flash(_("Your answer is public beside the flag; its author has been told."))
            return redirect(url_for("flags.to_answer", _anchor=f"flag-{flag.id}"))
    elif csrf_failed(form):
        abort(400)
    roll_back()
    for name, message in (problems or {}).items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
    found = answerable(current_user)
    forms = {f.id: _answer_form(f) for f in found}
    forms[flag.id] = form
    return render_template("flags/answer.html", flags=found, forms=forms), 422


# --- moderation -------------------------------------------------------------------------------
@flags_views.get("/admin/flags")
@roles_required(ADMIN)
def moderation():
    shown = request.args.get("show", "")
    query = select(Flag)
    if shown == "hidden":
        query = query.where(Flag.hidden_at.is_not(None))
    found = db.session.scalars(query.order_by(Flag.created_at.desc()).limit(500)).all()
    return render_template(
        "flags/moderation.html",
        flags=found,
        shown=shown,
        forms={f.id: ModerationForm(formdata=None, prefix=f"m{f.id}") for f in found},
    )


@flags_views.post("/admin/flags/<int:flag_id>")
@roles_required(ADMIN)
def moderate(flag_id: int):
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        abort(404)
    form = ModerationForm(prefix=f"m{flag.id}")
    if not form.validate_on_submit():
        if csrf_failed(form):
            abort(400)
        flash(_("Choose hide or restore and give the reason."), "error")
        roll_back()
        return redirect(url_for("flags.moderation", _anchor=f"flag-{flag.id}"))
    services.moderate(flag, form.action.data, form.reason.data, current_user)
    flash(_("The flag is hidden.") if flag.hidden else _("The flag is public again."))
    return redirect(url_for("flags.moderation", _anchor=f"flag-{flag.id}"))


# --- the monitor's page -----------------------------------------------------------------------
def monitor_page():
    from budget.notices import services as notices

    mine = db.session.scalars(
        select(Flag).where(Flag.author_id == current_user.id).order_by(Flag.created_at.desc())
    ).all()
    return render_template(
        "flags/mine.html",
        flags=mine,
        unread=notices.unread(current_user),
        notice_text=notices.notice_text,
        action_form=ActionForm(),
    )


# --- feeds ------------------------------------------------------------------------------------
def _feed(title: str, link: str, found: list[Flag], feed_id: str) -> Response:
    from feedgen.feed import FeedGenerator

    from budget.time import as_utc

    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=link, rel="alternate")
    feed.link(href=request.url, rel="self")
    feed.language(current_language())  # the language of its titles
    feed.updated(
        max((as_utc(f.answered_at or f.created_at) for f in found), default=None) or _epoch()
    )
    for flag in reversed(found):
        entry = feed.add_entry()
        page = url_for(
            "portal.year",
            code=flag.jurisdiction.code,
            year=flag.fiscal_year,
            _external=True,
            _anchor=f"flag-{flag.id}",
        )
        entry.id(page)
        entry.link(href=page)
        what = f"{services_category(flag)} · {target_label(flag)}"
        entry.title(f"{flag.jurisdiction.code} {flag.fiscal_year}: {what}")
        entry.author({"name": flag.author_name})
        entry.published(as_utc(flag.created_at))
        entry.updated(as_utc(flag.answered_at or flag.created_at))
        text = flag.text
        if flag.answer_text:
            text += "\n\n" + _("Answer: %(text)s", text=flag.answer_text)
        entry.content(text, type="text")
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def services_category(flag: Flag) -> str:
    from budget.flags.labels import category_label

    return category_label(flag.category)


def _epoch():
    import datetime as dt

    return dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@flags_views.get("/jurisdictions/<code>/flags.atom")
@public
def jurisdiction_feed(code: str):
    jurisdiction = jurisdiction_or_404(code)
    found = services.public_flags(jurisdiction.id)[:100]
    from budget.i18n import place_name

    return _feed(
        _("Flags and answers: %(place)s", place=place_name(jurisdiction)),
        url_for("portal.jurisdiction", code=jurisdiction.code, _external=True),
        found,
        url_for("flags.jurisdiction_feed", code=jurisdiction.code, _external=True),
    )


@flags_views.get("/countries/<country>/flags.atom")
@public
def country_feed(country: str):
    country = country.upper()[:2]
    ids = db.session.scalars(select(Jurisdiction.id).where(Jurisdiction.country == country)).all()
    if not ids:
        abort(404)
    found = db.session.scalars(
        select(Flag)
        .where(Flag.jurisdiction_id.in_(ids), Flag.hidden_at.is_(None))
        .order_by(Flag.created_at.desc())
        .limit(200)
    ).all()
    return _feed(
        _("Flags and answers: %(country)s", country=country),
        url_for("portal.index", _external=True),
        list(found),
        url_for("flags.country_feed", country=country, _external=True),
    )


# --- the shadow report ------------------------------------------------------------------------
@flags_views.get("/jurisdictions/<code>/years/<int:year>/shadow-report.xlsx")
@roles_required(MONITOR, ADMIN, REVIEWER)
def shadow_report(code: str, year: int):
    from budget.flags.report import shadow_report as build

    jurisdiction = jurisdiction_or_404(code)
    content = build(jurisdiction, year)
    return send_file(
        io.BytesIO(content),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"shadow-report-{jurisdiction.code}-{year}.xlsx",
        max_age=0,
    )
