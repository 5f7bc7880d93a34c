"""What a checked budget file would change, before anything is written.

Per document of the file: what it is, whether it replaces a stored document of the same identity
(jurisdiction, year, stage, revision, as_of), and against that document the line keys added,
removed and with another amount, the totals before and after, and the Roma-relevant (tagged)
lines among them, so that a finance officer sees a cut to a Roma line before confirming it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import select, tuple_

from budget.budgets.importer import IDENTITY, CheckedBudget
from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.line_keys import LineKey
from budget.money import amount_str, from_minor
from budget.tagging.models import Tag

SHOWN_LINES = 200  # Roma-relevant lines listed per document (all are counted)


@dataclass
class LineChange:
    key: LineKey
    description: str
    before: Decimal | None  # None: the line is new
    after: Decimal | None  # None: the line is removed
    tags: list[Tag]

    @property
    def difference(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


@dataclass
class DocumentPreview:
    jurisdiction: str
    fiscal_year: int
    stage: str
    revision: int
    as_of: dt.date | None
    lines: int
    total: Decimal
    stored: BudgetDocument | None = None
    # A new rebalance is compared with the budget in force before it (the rebalance before, or
    # the adopted budget), so that its cuts to Roma lines show before it is written.
    baseline: BudgetDocument | None = None
    added: int = 0
    removed: int = 0
    changed: int = 0
    total_before: Decimal | None = None
    roma_lines: list[LineChange] = field(default_factory=list)
    roma_count: int = 0  # tagged lines added, removed or changed

    @property
    def replaces(self) -> bool:
        return self.stored is not None

    @property
    def compared_with(self) -> BudgetDocument | None:
        return self.stored or self.baseline

    def json(self) -> dict:
        changes = None
        if self.stored is not None:
            changes = {
                "added": self.added,
                "removed": self.removed,
                "changed": self.changed,
                "total_before": amount_str(self.total_before),
                "total_after": amount_str(self.total),
            }
        return {
            "fiscal_year": self.fiscal_year,
            "stage": self.stage,
            "revision": self.revision,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "lines": self.lines,
            "total": amount_str(self.total),
            "replaces": self.replaces,
            "changes": changes,
        }


def preview_budget(checked: CheckedBudget) -> list[DocumentPreview]:
    frame = checked.frame
    codes = dict(db.session.execute(select(Jurisdiction.id, Jurisdiction.code)).all())
    groups = frame.groupby(list(IDENTITY), sort=True)
    years = sorted({(int(jid), int(year)) for jid, year, *_rest in groups.groups})
    stored = {
        (d.jurisdiction_id, d.fiscal_year, d.stage, d.revision, d.as_of): d
        for d in db.session.scalars(
            select(BudgetDocument).where(
                tuple_(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year).in_(years)
            )
        )
    }
    tags: dict[tuple[int, int, LineKey], list[Tag]] = {}
    for tag in db.session.scalars(
        select(Tag).where(tuple_(Tag.jurisdiction_id, Tag.fiscal_year).in_(years)).order_by(Tag.id)
    ):
        tags.setdefault((tag.jurisdiction_id, tag.fiscal_year, tag.line_key), []).append(tag)

    previews = []
    for (jurisdiction_id, year, stage, revision, as_of), lines in groups:
        as_of_date = dt.date.fromisoformat(as_of) if as_of else None
        identity = (int(jurisdiction_id), int(year), stage, int(revision), as_of_date)
        preview = DocumentPreview(
            jurisdiction=codes[identity[0]],
            fiscal_year=identity[1],
            stage=stage,
            revision=identity[3],
            as_of=as_of_date,
            lines=len(lines),
            total=from_minor(int(lines["amount_minor"].sum())),
            stored=stored.get(identity),
        )
        if preview.stored is None and stage == "revised":
            preview.baseline = _in_force_before(stored.values(), identity)
        year_tags = {key: found for (j, y, key), found in tags.items() if (j, y) == identity[:2]}
        _compare(preview, lines, year_tags)
        previews.append(preview)
    return previews


def _in_force_before(documents, identity) -> BudgetDocument | None:
    """The stored budget in force before rebalance n: the highest rebalance below n, else the
    adopted budget, of the same jurisdiction and year."""
    jurisdiction_id, year, _stage, revision, _as_of = identity
    candidates = [
        d
        for d in documents
        if (d.jurisdiction_id, d.fiscal_year) == (jurisdiction_id, year)
        and (d.stage == "adopted" or (d.stage == "revised" and d.revision < revision))
    ]
    return max(candidates, key=lambda d: d.revision, default=None)


def _compare(preview: DocumentPreview, lines: pd.DataFrame, year_tags: dict) -> None:
    new = lines[[*KEY_CODES, "description", "amount_minor"]]
    old_document = preview.compared_with
    if old_document is None:
        old = pd.DataFrame(columns=[*KEY_CODES, "description", "amount_minor"])
    else:
        old = pd.DataFrame(
            db.session.execute(
                select(
                    *(getattr(BudgetLine, code) for code in KEY_CODES),
                    BudgetLine.description,
                    BudgetLine.amount_minor,
                ).where(BudgetLine.document_id == old_document.id)
            ).all(),
            columns=[*KEY_CODES, "description", "amount_minor"],
        )
        preview.total_before = from_minor(sum(int(a) for a in old["amount_minor"]))
    merged = old.merge(new, on=list(KEY_CODES), how="outer", suffixes=("_old", "_new"))
    before_present = merged["amount_minor_old"].notna()
    after_present = merged["amount_minor_new"].notna()
    if old_document is not None:
        preview.added = int((after_present & ~before_present).sum())
        preview.removed = int((before_present & ~after_present).sum())
        both = before_present & after_present
        preview.changed = int(
            (both & (merged["amount_minor_old"] != merged["amount_minor_new"])).sum()
        )
    for row in merged.itertuples(index=False):
        key = LineKey(*(getattr(row, code) for code in KEY_CODES))
        found = year_tags.get(key)
        if not found:
            continue
        before = None if pd.isna(row.amount_minor_old) else from_minor(int(row.amount_minor_old))
        after = None if pd.isna(row.amount_minor_new) else from_minor(int(row.amount_minor_new))
        if old_document is not None and before == after:
            continue  # an unchanged Roma line is not news
        preview.roma_count += 1
        if len(preview.roma_lines) < SHOWN_LINES:
            texts = (row.description_new, row.description_old)
            description = next((t for t in texts if isinstance(t, str) and t), "")
            preview.roma_lines.append(LineChange(key, description, before, after, found))
    preview.roma_lines.sort(key=lambda change: (change.difference, change.key.text))


def fingerprint(content_sha256: str, previews: list[DocumentPreview]) -> str:
    """What a preview was made from: the file's bytes and the stored documents it compared
    with. A confirmation whose fingerprint differs would write something not previewed."""
    parts = [content_sha256]
    for p in previews:
        stored = p.compared_with
        parts.append(
            f"{p.jurisdiction}/{p.fiscal_year}/{p.stage}/{p.revision}/{p.as_of}:"
            + (f"{stored.id}@{stored.imported_at.isoformat()}" if stored else "new")
        )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
