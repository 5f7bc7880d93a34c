"""The work area: a jurisdiction's budget lines and tags for its finance officers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from budget.analysis.lines import LineFilter, year_lines
from budget.analysis.totals import document_totals
from budget.audit.history import history_table
from budget.auth.permissions import (
    ADMIN,
    FINANCE,
    REVIEWER,
    can_edit_jurisdiction,
    can_view_work,
    jurisdiction_access,
    signed_in,
)
from budget.budgets.models import BudgetDocument, BudgetLine
from budget.extensions import db
from budget.line_keys import LineKey
from budget.money import from_minor
from budget.notices import services as notices
from budget.plans import services as plans
from budget.plans.forms import measure_choices
from budget.review import workflow
from budget.review.statuses import RETURNED, STATUSES
from budget.tagging import suggestions as suggest
from budget.tagging.forms import SuggestionForm, TagForm
from budget.tagging.models import Suggestion, Tag
from budget.tagging.services import (
    TagConflict,
    bulk_tag,
    delete_tag,
    tag_summary,
    year_tags,
)
from budget.web.converters import page_number
from budget.web.forms import ActionForm, csrf_failed
from budget.web.lookups import year_or_404
from budget.web.tables import page_query

work = Blueprint("work", __name__)


def _back(default: str) -> str:
    target = request.form.get("back", "")
    return target if target.startswith("/work/") and not target.startswith("//") else default


@work.get("/work")
@signed_in
def start():
    """Where a signed-in user's work is: an officer's notices and budget years, or the review
    queue."""
    if current_user.role == FINANCE and current_user.jurisdiction_id:
        jurisdiction = current_user.jurisdiction
        years = db.session.execute(
            select(BudgetDocument.fiscal_year, func.count())
            .where(BudgetDocument.jurisdiction_id == jurisdiction.id)
            .group_by(BudgetDocument.fiscal_year)
            .order_by(BudgetDocument.fiscal_year.desc())
        ).all()
        statuses = {
            (year, status): count
            for year, status, count in db.session.execute(
                select(Tag.fiscal_year, Tag.status, func.count())
                .where(Tag.jurisdiction_id == jurisdiction.id)
                .group_by(Tag.fiscal_year, Tag.status)
            )
        }
        from budget.flags.models import Flag

        open_flags = db.session.scalar(
            select(func.count())
            .select_from(Flag)
            .where(
                Flag.jurisdiction_id == jurisdiction.id,
                Flag.status == "open",
                Flag.hidden_at.is_(None),
            )
        )
        return render_template(
            "work/start.html",
            open_flags=open_flags,
            jurisdiction=jurisdiction,
            years=years,
            statuses=statuses,
            unread=notices.unread(current_user),
            earlier=notices.recent_read(current_user),
            notice_text=notices.notice_text,
            action_form=ActionForm(),
        )
    if current_user.role in (REVIEWER, ADMIN):
        return redirect(url_for("review.queue"))
    from budget.flags.views import monitor_page

    return monitor_page()


@work.post("/work/notices/read")
@signed_in
def read_notices():
    if not ActionForm().validate_on_submit():
        abort(400)
    notices.mark_read(current_user)
    return redirect(url_for("work.start"))


@work.get("/work/<code>/<int:year>")
@jurisdiction_access(can_view_work)
def workspace(jurisdiction, year: int):
    return _workspace_page(jurisdiction, year)


def _tag_form(jurisdiction, submitted: bool = False) -> TagForm:
    form = TagForm() if submitted else TagForm(formdata=None)
    form.measure.choices = measure_choices(jurisdiction)
    return form


def _workspace_page(
    jurisdiction,
    year: int,
    form: TagForm | None = None,
    selected: list[str] | None = None,
    line_errors: dict[str, list[str]] | None = None,
    conflicts: list | None = None,
    status: int = 200,
):
    """The work page; after a failed save, with the form as sent, its lines still ticked and
    each problem beside its field or line."""
    overview = year_or_404(jurisdiction, year)
    line_filter = LineFilter.from_args(request.args)
    page = year_lines(
        jurisdiction.id,
        year,
        overview.documents,
        line_filter,
        page=page_number(),
    )
    chosen = overview.documents
    counted = [d.id for d in (chosen.adopted, chosen.in_force, chosen.executed) if d]
    with_drafts = document_totals(counted, statuses=STATUSES)
    status_counts = dict(
        db.session.execute(
            select(Tag.status, func.count())
            .where(Tag.jurisdiction_id == jurisdiction.id, Tag.fiscal_year == year)
            .group_by(Tag.status)
        ).all()
    )
    returned = [t for t in year_tags(jurisdiction.id, year) if t.status == RETURNED]
    query = page_query("program", "economic", "q", "tagged")
    return render_template(
        "work/workspace.html",
        jurisdiction=jurisdiction,
        year=year,
        overview=overview,
        with_drafts=with_drafts,
        page=page,
        line_filter=line_filter,
        form=form or _tag_form(jurisdiction),
        selected=set(selected or ()),
        line_errors=line_errors or {},
        conflicts=conflicts or [],
        tag_summary=tag_summary,
        status_counts=status_counts,
        returned=returned,
        suggestions=suggest.open_suggestions(jurisdiction.id, year),
        suggestion_reason=suggest.reason_text,
        suggestion_form=SuggestionForm(formdata=None),
        action_form=ActionForm(),
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
        query=query,
        page_args={**query, "page": page.page} if page.page > 1 else query,
    ), status


def _seen(values: list[str]) -> dict[int, int]:
    """The tags the page showed, as `id:version` values of its hidden `seen` fields."""
    seen = {}
    for value in values[:5000]:
        ident, _sep, version = value.partition(":")
        digits = ident.isascii() and ident.isdigit() and version.isascii() and version.isdigit()
        if digits and len(ident) < 12 and len(version) < 12:
            seen[int(ident)] = int(version)
    return seen


def _save(jurisdiction, year: int, form: TagForm, keys: list[dict[str, str]]):
    """Save the form's tag on the lines; the problems go onto the form's fields and lines."""
    result = bulk_tag(
        jurisdiction,
        year,
        keys,
        form.tag_fields(),
        current_user,
        # Our pages say which tags they showed (`versions` marks such a form); a form without
        # the mark (a script of the old form) keeps the old rule, the last write wins.
        seen=_seen(request.form.getlist("seen")) if request.form.get("versions") else None,
    )
    for name, messages in result.field_errors.items():
        target = getattr(form, name, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, *messages]
        else:
            form.form_errors.extend(f"{name}: {m}" for m in messages)
    if result.saved:
        flash(
            ngettext(
                "%(num)s line tagged (as a draft).",
                "%(num)s lines tagged (as drafts).",
                result.saved,
            )
        )
    return result


@work.post("/work/<code>/<int:year>/tags")
@jurisdiction_access(can_edit_jurisdiction)
def save_tags(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    form = _tag_form(jurisdiction, submitted=True)
    selected = request.form.getlist("line")[:5000]
    keys = [key.as_dict() for key in map(LineKey.parse, selected) if key]
    if not form.validate_on_submit():
        if csrf_failed(form):
            abort(400)
        return _workspace_page(jurisdiction, year, form, selected, status=422)
    if not keys:
        form.form_errors.append(_("Select at least one budget line to tag."))
        return _workspace_page(jurisdiction, year, form, selected, status=422)
    result = _save(jurisdiction, year, form, keys)
    if result.failed:
        failed = (
            [k for k in selected if k in result.line_errors] if result.line_errors else selected
        )
        return _workspace_page(
            jurisdiction,
            year,
            form,
            failed,
            result.line_errors,
            status=422 if not result.saved else 200,
        )
    return redirect(
        url_for(
            "work.workspace",
            code=jurisdiction.code,
            year=year,
            **page_query("program", "economic", "q", "tagged", "page"),
        )
    )


def _own_tag(jurisdiction, year: int, tag_id: int) -> Tag:
    tag = db.session.get(Tag, tag_id)
    if tag is None or tag.jurisdiction_id != jurisdiction.id or tag.fiscal_year != year:
        abort(404)
    return tag


@work.post("/work/<code>/<int:year>/tags/<int:tag_id>/delete")
@jurisdiction_access(can_edit_jurisdiction)
def remove_tag(jurisdiction, year: int, tag_id: int):
    tag = _own_tag(jurisdiction, year, tag_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    delete_tag(tag, current_user)
    flash(_("The tag was removed."))
    return redirect(_back(url_for("work.workspace", code=jurisdiction.code, year=year)))


@work.post("/work/<code>/<int:year>/submit")
@jurisdiction_access(can_edit_jurisdiction)
def submit_year(jurisdiction, year: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    items = [
        *year_tags(jurisdiction.id, year),
        *plans.year_plan(jurisdiction.id, year),
        *plans.year_answers(jurisdiction.id, year).values(),
    ]
    count = workflow.submit(items, current_user)
    flash(
        _("%(count)s items submitted for review.", count=count)
        if count
        else _("There was nothing new to submit.")
    )
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


@work.post("/work/<code>/<int:year>/suggestions")
@jurisdiction_access(can_edit_jurisdiction)
def decide_suggestions(jurisdiction, year: int):
    form = SuggestionForm()
    if not form.validate_on_submit():
        abort(400)
    chosen = _suggestions(jurisdiction, year, request.form.getlist("suggestion"))
    done, conflicts = 0, []
    for suggestion in chosen:
        if form.decision.data == "accept":
            try:
                errors = suggest.accept(suggestion, current_user)
            except suggest.NeedsChoice as choice:
                conflicts.append(choice)
                continue
            except TagConflict:
                errors = {"tag": _("the line's tag changed meanwhile: try again")}
            if errors:
                flash(
                    _(
                        "Not accepted: %(problem)s",
                        problem=f"{LineKey.of(suggestion).shown}: {'; '.join(errors.values())}",
                    ),
                    "error",
                )
                continue
        else:
            suggest.reject(suggestion, current_user)
        done += 1
    if done:
        flash(ngettext("%(num)s suggestion decided.", "%(num)s suggestions decided.", done))
    if conflicts:
        return _workspace_page(jurisdiction, year, conflicts=conflicts)
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


def _suggestions(jurisdiction, year: int, values: list[str]) -> list[Suggestion]:
    ids = [int(i) for i in values[:5000] if i.isascii() and i.isdigit() and len(i) < 12]
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(
                Suggestion.id.in_(ids),
                Suggestion.jurisdiction_id == jurisdiction.id,
                Suggestion.fiscal_year == year,
            )
            .order_by(Suggestion.id)
        )
    )


@work.post("/work/<code>/<int:year>/suggestions/resolve")
@jurisdiction_access(can_edit_jurisdiction)
def resolve_suggestions(jurisdiction, year: int):
    """For a suggestion whose line and measure already have a tag: keep the tag (the suggestion
    is rejected) or take the suggestion over the tag at the version the page showed."""
    if not ActionForm().validate_on_submit():
        abort(400)
    chosen = _suggestions(jurisdiction, year, request.form.getlist("suggestion"))
    kept = replaced = 0
    for suggestion in chosen:
        choice = request.form.get(f"choice-{suggestion.id}", "")
        if choice == "keep":
            suggest.reject(suggestion, current_user)
            kept += 1
            continue
        action, _sep, version = choice.partition(":")
        if (
            action != "replace"
            or not (version.isascii() and version.isdigit())
            or len(version) > 11
        ):
            continue
        try:
            errors = suggest.accept(suggestion, current_user, replace_version=int(version))
        except TagConflict:
            errors = {"tag": _("the tag changed since the page showed it: nothing was replaced")}
        if errors:
            flash(f"{LineKey.of(suggestion).shown}: {'; '.join(errors.values())}", "error")
        else:
            replaced += 1
    flash(
        _(
            "%(kept)s tags kept, %(replaced)s replaced by the suggestion.",
            kept=kept,
            replaced=replaced,
        )
    )
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


@work.post("/work/<code>/<int:year>/suggestions/generate")
@jurisdiction_access(can_edit_jurisdiction)
def generate(jurisdiction, year: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    year_or_404(jurisdiction, year)
    count = suggest.generate_suggestions(jurisdiction, year)
    flash(_("%(count)s new suggestions.", count=count))
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


def _line_key_or_404() -> LineKey:
    line_key = LineKey.parse(request.args.get("key", "")[:300])
    if line_key is None:
        abort(404)
    return line_key


@work.get("/work/<code>/<int:year>/line")
@jurisdiction_access(can_view_work)
def line(jurisdiction, year: int):
    return _line_page(jurisdiction, year, _line_key_or_404())


@work.post("/work/<code>/<int:year>/line")
@jurisdiction_access(can_edit_jurisdiction)
def save_line(jurisdiction, year: int):
    """Save the tag of one line; after a problem, the line's page again with the form as sent."""
    line_key = _line_key_or_404()
    year_or_404(jurisdiction, year)
    form = _tag_form(jurisdiction, submitted=True)
    if not form.validate_on_submit():
        if csrf_failed(form):
            abort(400)
        return _line_page(jurisdiction, year, line_key, form, status=422)
    result = _save(jurisdiction, year, form, [line_key.as_dict()])
    if result.failed:
        for messages in result.line_errors.values():
            form.form_errors.extend(messages)
        return _line_page(jurisdiction, year, line_key, form, status=422)
    return redirect(url_for("work.line", code=jurisdiction.code, year=year, key=line_key.text))


def _line_page(jurisdiction, year: int, line_key: LineKey, form=None, status: int = 200):
    key = line_key.as_dict()
    overview = year_or_404(jurisdiction, year)
    amounts = {
        document_id: from_minor(minor)
        for document_id, minor in db.session.execute(
            select(BudgetLine.document_id, BudgetLine.amount_minor).where(
                BudgetLine.document_id.in_([d.id for d in overview.documents.all]),
                *(getattr(BudgetLine, c) == v for c, v in key.items()),
            )
        )
    }
    description = db.session.scalar(
        select(BudgetLine.description)
        .where(
            BudgetLine.document_id.in_([d.id for d in overview.documents.all]),
            *(getattr(BudgetLine, c) == v for c, v in key.items()),
        )
        .limit(1)
    )
    tags = [t for t in year_tags(jurisdiction.id, year) if t.key == key]
    history = history_table(jurisdiction, year, line_key=line_key.text)
    return render_template(
        "work/line.html",
        jurisdiction=jurisdiction,
        year=year,
        key=key,
        description=description,
        key_text=line_key.text,
        overview=overview,
        amounts=amounts,
        tags=tags,
        form=form or _tag_form(jurisdiction),
        action_form=ActionForm(),
        history=history,
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    ), status
