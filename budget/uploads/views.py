"""Uploading on the web: budget documents and the tagging sheet, each previewed before it is
written; the kept files and the documents' pages."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from budget.analysis.totals import document_totals
from budget.audit.models import AuditEntry
from budget.auth.permissions import can_edit_jurisdiction, can_view_work, jurisdiction_access
from budget.budgets.models import BudgetDocument
from budget.extensions import db
from budget.importing.problems import ImportFailed
from budget.money import SHARE_SCALE
from budget.portal.services import document_label
from budget.tagging.services import lock_tags_of
from budget.tagging.sheet import tagging_sheet
from budget.transactions import roll_back
from budget.uploads import services
from budget.uploads.forms import ConfirmForm, UploadForm
from budget.uploads.models import UploadedFile
from budget.web.lookups import year_or_404

uploads = Blueprint("uploads", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@uploads.app_template_global("document_name")
def document_name(document) -> str:
    """'Rebalance 2', 'Execution report as of 30 June 2025': any object with a document's
    stage, revision and as_of (a stored document or a preview of one)."""
    label = document_label(document)
    if document.stage == "executed" and document.as_of:
        return _("%(document)s as of %(date)s", document=label, date=format_date(document.as_of))
    return label


def _documents(jurisdiction) -> list[BudgetDocument]:
    """The stored documents, latest year first, each year in the order of the budget cycle."""
    order = {"adopted": 0, "revised": 1, "executed": 2}
    documents = db.session.scalars(
        select(BudgetDocument).where(BudgetDocument.jurisdiction_id == jurisdiction.id)
    ).all()
    return sorted(
        documents,
        key=lambda d: (-d.fiscal_year, order[d.stage], d.revision, d.as_of or dt.date.min),
    )


# --- budget documents -------------------------------------------------------------------------
def _budget_page(jurisdiction, failure: ImportFailed | None = None, status: int = 200):
    return render_template(
        "uploads/budget.html",
        jurisdiction=jurisdiction,
        form=UploadForm(formdata=None),
        failure=failure,
        documents=_documents(jurisdiction),
    ), status


@uploads.get("/work/<code>/upload")
@jurisdiction_access(can_edit_jurisdiction)
def budget_form(jurisdiction):
    return _budget_page(jurisdiction)


@uploads.post("/work/<code>/upload")
@jurisdiction_access(can_edit_jurisdiction)
def budget_preview(jurisdiction):
    if not UploadForm().validate_on_submit():
        abort(400)
    try:
        name, content = services.read_upload(request.files.get("file"))
        check = services.check_budget_upload(jurisdiction, name, content)
    except ImportFailed as failure:
        roll_back()
        return _budget_page(jurisdiction, failure, 422)
    upload = services.keep(jurisdiction, "budget", name, content, current_user)
    return _budget_preview_page(jurisdiction, upload, check)


def _budget_preview_page(jurisdiction, upload, check, status: int = 200):
    confirm = ConfirmForm(formdata=None, sha256=check.sha256, fingerprint=check.fingerprint)
    return render_template(
        "uploads/budget_preview.html",
        jurisdiction=jurisdiction,
        upload=upload,
        check=check,
        confirm=confirm,
    ), status


@uploads.post("/work/<code>/upload/<int:upload_id>/confirm")
@jurisdiction_access(can_edit_jurisdiction)
def budget_confirm(jurisdiction, upload_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    lock_tags_of(jurisdiction.id)  # one write of this jurisdiction's budget at a time
    try:
        upload = services.pending_upload(
            jurisdiction, upload_id, "budget", current_user, form.sha256.data
        )
    except services.UploadRefused as refusal:
        roll_back()
        flash(str(refusal), "error")
        return redirect(url_for("uploads.budget_form", code=jurisdiction.code))
    try:
        check = services.check_budget_upload(jurisdiction, upload.name, upload.content)
    except ImportFailed as failure:  # the rules' data changed since (e.g. the currency)
        roll_back()
        return _budget_page(jurisdiction, failure, 422)
    if check.fingerprint != form.fingerprint.data:
        flash(
            _(
                "The stored budget changed since your preview (another upload was written "
                "meanwhile). Nothing was written: read the new preview and confirm again."
            ),
            "error",
        )
        return _budget_preview_page(jurisdiction, upload, check, 409)
    result = services.write_budget_upload(check, upload, current_user)
    flash(
        ngettext(
            "%(num)s document written from %(file)s.",
            "%(num)s documents written from %(file)s.",
            len(result.documents),
            file=upload.name,
        )
    )
    first = min(result.document_ids)
    return redirect(url_for("uploads.document", code=jurisdiction.code, document_id=first))


@uploads.get("/work/<code>/documents/<int:document_id>")
@jurisdiction_access(can_view_work)
def document(jurisdiction, document_id: int):
    found = db.session.get(BudgetDocument, document_id)
    if found is None or found.jurisdiction_id != jurisdiction.id:
        abort(404)
    kept = db.session.get(UploadedFile, found.file_id) if found.file_id else None
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "budget_document", AuditEntry.object_id == str(found.id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(50)
    ).all()
    files = {
        f.id: f
        for f in db.session.scalars(
            select(UploadedFile).where(
                UploadedFile.id.in_(
                    [
                        value
                        for entry in history
                        for value in (entry.changes or {}).get("file_id", [])
                        if isinstance(value, int)
                    ]
                )
            )
        )
    }
    rows = []
    for entry in history:
        changes = entry.changes or {}
        new = {name: (changes.get(name) or [None, None])[1] for name in changes}
        total = new.get("total")
        rows.append(
            {
                "at": entry.at,
                "actor": entry.actor,
                "lines": new.get("line_count"),
                "total": Decimal(total) if isinstance(total, str) else None,
                "file": files.get(new.get("file_id")),
                "source_file": new.get("source_file"),
            }
        )
    return render_template(
        "uploads/document.html",
        jurisdiction=jurisdiction,
        document=found,
        totals=document_totals([found.id])[found.id],
        kept=kept,
        history=rows,
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    )


@uploads.get("/work/<code>/files/<int:file_id>")
@jurisdiction_access(can_view_work)
def download(jurisdiction, file_id: int):
    kept = db.session.get(UploadedFile, file_id)
    if kept is None or kept.jurisdiction_id != jurisdiction.id:
        abort(404)
    if kept.confirmed_at is None and kept.uploaded_by_id != current_user.id:
        abort(404)  # a staged file is its uploader's until it is written
    return send_file(
        io.BytesIO(kept.content),
        mimetype=XLSX if kept.suffix == ".xlsx" else "text/csv",
        as_attachment=True,
        download_name=kept.name,
        max_age=0,
    )


# --- the tagging sheet ------------------------------------------------------------------------
@uploads.get("/jurisdictions/<code>/years/<int:year>/tagging-sheet.xlsx")
@jurisdiction_access(can_view_work)
def sheet_download(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    return send_file(
        io.BytesIO(tagging_sheet(jurisdiction, year)),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"tagging-sheet-{jurisdiction.code}-{year}.xlsx",
        max_age=0,
    )


def _sheet_page(jurisdiction, year, failure=None, status=200):
    overview = year_or_404(jurisdiction, year)
    return render_template(
        "uploads/sheet.html",
        jurisdiction=jurisdiction,
        year=year,
        overview=overview,
        form=UploadForm(formdata=None),
        failure=failure,
        can_edit=can_edit_jurisdiction(current_user, jurisdiction.id),
    ), status


@uploads.get("/work/<code>/<int:year>/tagging-sheet")
@jurisdiction_access(can_view_work)
def sheet_form(jurisdiction, year: int):
    return _sheet_page(jurisdiction, year)


@uploads.post("/work/<code>/<int:year>/tagging-sheet")
@jurisdiction_access(can_edit_jurisdiction)
def sheet_preview(jurisdiction, year: int):
    year_or_404(jurisdiction, year)
    if not UploadForm().validate_on_submit():
        abort(400)
    try:
        name, content = services.read_upload(request.files.get("file"))
        check = services.check_tags_upload(jurisdiction, year, name, content, lenient=True)
    except ImportFailed as failure:
        roll_back()
        return _sheet_page(jurisdiction, year, failure, 422)
    upload = services.keep(jurisdiction, "tags", name, content, current_user, fiscal_year=year)
    return _sheet_preview_page(jurisdiction, year, upload, check)


def _sheet_preview_page(jurisdiction, year, upload, check, status=200):
    return render_template(
        "uploads/sheet_preview.html",
        jurisdiction=jurisdiction,
        year=year,
        upload=upload,
        check=check,
        shown=shown_value,
        field_label=tag_field_label,
        confirm=ConfirmForm(formdata=None, sha256=check.sha256, fingerprint=check.fingerprint),
    ), status


@uploads.post("/work/<code>/<int:year>/tagging-sheet/<int:upload_id>/confirm")
@jurisdiction_access(can_edit_jurisdiction)
def sheet_confirm(jurisdiction, year: int, upload_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        upload = services.pending_upload(
            jurisdiction, upload_id, "tags", current_user, form.sha256.data
        )
        if upload.fiscal_year != year:
            raise services.UploadRefused(_("This upload is of another year."))
    except services.UploadRefused as refusal:
        roll_back()
        flash(str(refusal), "error")
        return redirect(url_for("uploads.sheet_form", code=jurisdiction.code, year=year))
    try:
        check = services.check_tags_upload(
            jurisdiction, year, upload.name, upload.content, lenient=True
        )
    except ImportFailed as failure:
        roll_back()
        return _sheet_page(jurisdiction, year, failure, 422)
    if check.fingerprint != form.fingerprint.data:
        flash(
            _(
                "Tags of this year changed since your preview. Nothing was written: read the "
                "new preview and confirm again."
            ),
            "error",
        )
        return _sheet_preview_page(jurisdiction, year, upload, check, 409)
    result = services.write_tags_upload(check, upload, current_user)
    flash(
        _(
            "From %(file)s: %(created)s tags created, %(updated)s updated (as drafts).",
            file=upload.name,
            created=result.created,
            updated=result.updated,
        )
    )
    return redirect(url_for("work.workspace", code=jurisdiction.code, year=year))


def shown_value(name: str, value) -> str:
    """A tag column's stored value as the preview shows it."""
    from budget.i18n import number
    from budget.labels import RELEVANCE, STATUS
    from budget.measures.models import Measure

    if value is None or value == "":
        return "—"
    if name == "share_units":
        return number(value / SHARE_SCALE if isinstance(value, int) else value, 4)
    if name == "measure_id":
        measure = db.session.get(Measure, value)
        return measure.code if measure else str(value)
    if name == "relevance":
        return str(RELEVANCE.get(value, value))
    if name == "status":
        return str(STATUS.get(value, value))
    return str(value)


def tag_field_label(name: str) -> str:
    return {
        "measure_id": _("Measure"),
        "relevance": _("Relevance"),
        "share_units": _("Share"),
        "beneficiaries_total": _("Beneficiaries, total"),
        "beneficiaries_roma": _("of them Roma"),
        "beneficiaries_roma_women": _("of them Roma women"),
        "justification": _("Justification and evidence"),
        "status": _("status"),
    }.get(name, name)
