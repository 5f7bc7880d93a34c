"""Uploads of budget documents and tagging sheets: checked by the import services, previewed,
then written on confirmation, the file kept beside what it wrote.

A web upload is staged (kept unconfirmed, nothing of it in the budget) while the officer reads
its preview; the confirmation carries the file's hash and the preview's fingerprint, and is
refused when either no longer matches, so what is written is what was previewed. The API
checks and writes in one request (`dry_run` only checks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import delete, select

from budget.audit.services import record
from budget.budgets.importer import BudgetImportResult, CheckedBudget, check_budget, write_budget
from budget.budgets.preview import DocumentPreview, fingerprint, preview_budget
from budget.extensions import db
from budget.importing.problems import ImportFailed, Problem
from budget.jurisdictions.models import Jurisdiction
from budget.tagging.importer import CheckedTags, TagImportResult, check_tags, write_tags
from budget.time import utcnow
from budget.uploads.models import UploadedFile

PENDING_HOURS = 24  # an unconfirmed upload is forgotten after a day
SUFFIXES = (".csv", ".xlsx")


class UploadRefused(Exception):
    """The upload cannot be confirmed (changed since its preview, already written, gone)."""


def file_problem(name: str, message: str) -> ImportFailed:
    return ImportFailed([Problem(0, "", message, name)])


def clean_name(name: str | None) -> str:
    """The file's own name, without any folder a browser or client sends with it."""
    name = (name or "").replace("\\", "/").split("/")[-1].replace("\x00", "").strip()
    return name[-200:] if name else ""


def read_upload(storage) -> tuple[str, bytes]:
    """A werkzeug FileStorage -> (name, bytes); ImportFailed for no file or another type."""
    name = clean_name(getattr(storage, "filename", None))
    if storage is None or not name:
        raise file_problem("", _("choose a .csv or .xlsx file to upload"))
    if Path(name).suffix.lower() not in SUFFIXES:
        raise file_problem(name, _("unsupported file type: use .csv or .xlsx"))
    content = storage.read()
    if not content:
        raise file_problem(name, _("the file is empty: a header row is required"))
    return name, content


@contextmanager
def as_file(name: str, content: bytes) -> Iterator[Path]:
    """The upload as a file of its own name (import problems name the file), removed after."""
    with tempfile.TemporaryDirectory(prefix="rrb-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        yield path


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- budget documents -------------------------------------------------------------------------
@dataclass
class BudgetCheck:
    name: str
    sha256: str
    checked: CheckedBudget
    previews: list[DocumentPreview]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sha256, self.previews)


def check_budget_upload(jurisdiction: Jurisdiction, name: str, content: bytes) -> BudgetCheck:
    """Every rule of `import budget`, rows of this jurisdiction only, and the preview."""
    with as_file(name, content) as path:
        checked = check_budget(path, jurisdiction=jurisdiction)
    return BudgetCheck(name, sha256(content), checked, preview_budget(checked))


def write_budget_upload(check: BudgetCheck, upload: UploadedFile, actor) -> BudgetImportResult:
    """Write a checked budget upload, its documents linked to the kept file."""
    upload.confirmed_at = utcnow()
    db.session.flush()
    result = write_budget(check.checked, actor.email, file_id=upload.id)
    years = {year for _jurisdiction, year in result.years}
    record(
        "file.uploaded",
        "uploaded_file",
        upload.id,
        actor=actor,
        jurisdiction_id=upload.jurisdiction_id,
        fiscal_year=years.pop() if len(years) == 1 else None,
        changes={"name": [None, upload.name], "sha256": [None, upload.sha256]},
        comment="; ".join(result.documents),
    )
    from budget.importing.cli import suggest_for_new_budgets

    suggest_for_new_budgets(result)
    return result


# --- tagging sheets ---------------------------------------------------------------------------
@dataclass
class TagsCheck:
    name: str
    sha256: str
    checked: CheckedTags

    @property
    def fingerprint(self) -> str:
        parts = [self.sha256]
        for entry in self.checked.rows:
            stored = entry.stored
            parts.append(f"{entry.row}:{stored.id}@{stored.version}" if stored else f"{entry.row}:")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def check_tags_upload(
    jurisdiction: Jurisdiction, year: int, name: str, content: bytes, *, lenient: bool
) -> TagsCheck:
    with as_file(name, content) as path:
        checked = check_tags(path, only=(jurisdiction, year), lenient_shares=lenient)
    return TagsCheck(name, sha256(content), checked)


def write_tags_upload(check: TagsCheck, upload: UploadedFile, actor) -> TagImportResult:
    upload.confirmed_at = utcnow()
    db.session.flush()
    result = write_tags(check.checked, actor.email)
    record(
        "file.uploaded",
        "uploaded_file",
        upload.id,
        actor=actor,
        jurisdiction_id=upload.jurisdiction_id,
        fiscal_year=upload.fiscal_year,
        changes={"name": [None, upload.name], "sha256": [None, upload.sha256]},
        comment=f"{result.created} tags created, {result.updated} updated",
    )
    return result


# --- keeping the files ------------------------------------------------------------------------
def keep(
    jurisdiction: Jurisdiction,
    kind: str,
    name: str,
    content: bytes,
    actor,
    *,
    fiscal_year: int | None = None,
) -> UploadedFile:
    """Store the file as sent (unconfirmed until it is written)."""
    db.session.execute(
        delete(UploadedFile).where(
            UploadedFile.confirmed_at.is_(None),
            UploadedFile.uploaded_at < utcnow() - dt.timedelta(hours=PENDING_HOURS),
        )
    )
    upload = UploadedFile(
        jurisdiction_id=jurisdiction.id,
        kind=kind,
        fiscal_year=fiscal_year,
        name=name,
        size=len(content),
        sha256=sha256(content),
        content=content,
        uploaded_by_id=actor.id,
        uploaded_by=actor.email,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def pending_upload(
    jurisdiction: Jurisdiction, upload_id: int, kind: str, actor, sha: str
) -> UploadedFile:
    """The staged upload a confirmation names: the same person's, not yet written, same bytes."""
    upload = db.session.scalar(
        select(UploadedFile)
        .where(
            UploadedFile.id == upload_id,
            UploadedFile.jurisdiction_id == jurisdiction.id,
            UploadedFile.kind == kind,
        )
        .with_for_update()
    )
    if upload is None or upload.uploaded_by_id != actor.id:
        raise UploadRefused(
            _("This upload is not known (or no longer kept): upload the file again.")
        )
    if upload.confirmed_at is not None:
        raise UploadRefused(_("This file has already been written."))
    if sha != upload.sha256 or sha256(upload.content) != upload.sha256:
        raise UploadRefused(
            _("The file changed since its preview: nothing was written. Upload it again.")
        )
    return upload
