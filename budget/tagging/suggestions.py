"""Suggested tags for a year's budget: last year's approved tags and keyword rules.

Suggestions are proposals a person accepts (a draft tag) or rejects; nothing is approved by
itself, and a line already tagged or a suggestion already decided is not proposed again.
Keyword rules are data (keyword_rules.csv): regular expressions on the description folded by
`budget.text.fold`, so one rule matches Serbian Latin and Cyrillic, with or without diacritics.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select

from budget.audit.services import record
from budget.auth.models import utcnow
from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import SHARE_SCALE
from budget.tagging.models import Suggestion, Tag
from budget.tagging.services import TagInput, save_tag

RULES_FILE = Path(__file__).with_name("keyword_rules.csv")


@dataclass(frozen=True)
class KeywordRule:
    pattern: re.Pattern
    measure_code: str
    reason: str


@lru_cache(maxsize=1)
def keyword_rules() -> tuple[KeywordRule, ...]:
    with RULES_FILE.open(encoding="utf-8") as handle:
        return tuple(
            KeywordRule(re.compile(row["pattern"]), row["measure"], row["reason"])
            for row in csv.DictReader(handle)
        )


def _key(obj) -> tuple[str, ...]:
    return tuple(getattr(obj, code) for code in KEY_CODES)


def generate_suggestions(jurisdiction: Jurisdiction, fiscal_year: int) -> int:
    """Create open suggestions for the year; returns how many are new."""
    key_columns = [getattr(BudgetLine, code) for code in KEY_CODES]
    lines = db.session.execute(
        select(*key_columns, func.max(BudgetLine.search_text).label("text"))
        .join(BudgetDocument, BudgetDocument.id == BudgetLine.document_id)
        .where(
            BudgetDocument.jurisdiction_id == jurisdiction.id,
            BudgetDocument.fiscal_year == fiscal_year,
        )
        .group_by(*key_columns)
    ).all()
    if not lines:
        return 0
    texts = {tuple(row[:5]): row.text for row in lines}
    tags = db.session.scalars(
        select(Tag).where(Tag.jurisdiction_id == jurisdiction.id, Tag.fiscal_year == fiscal_year)
    ).all()
    tagged_keys = {_key(t) for t in tags}
    tagged = {(_key(t), t.measure_id) for t in tags}
    earlier = db.session.scalars(
        select(Suggestion).where(
            Suggestion.jurisdiction_id == jurisdiction.id, Suggestion.fiscal_year == fiscal_year
        )
    ).all()
    suggested_keys = {_key(s) for s in earlier}
    suggested = {(_key(s), s.measure_id) for s in earlier}
    created = 0

    last_year = db.session.scalars(
        select(Tag).where(
            Tag.jurisdiction_id == jurisdiction.id,
            Tag.fiscal_year == fiscal_year - 1,
            Tag.status == "approved",
        )
    ).all()
    for tag in last_year:
        key = _key(tag)
        if key not in texts or (key, tag.measure_id) in tagged | suggested:
            continue
        db.session.add(
            Suggestion(
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
                **dict(zip(KEY_CODES, key, strict=False)),
                measure_id=tag.measure_id,
                relevance=tag.relevance,
                share_units=tag.share_units,
                beneficiaries_total=tag.beneficiaries_total,
                beneficiaries_roma=tag.beneficiaries_roma,
                beneficiaries_roma_women=tag.beneficiaries_roma_women,
                origin="carry_over",
                reason=f"approved in {fiscal_year - 1} on the same budget line",
            )
        )
        suggested_keys.add(key)
        suggested.add((key, tag.measure_id))
        created += 1

    measures = {
        m.code: m.id for m in db.session.scalars(select(Measure).where(Measure.level == "national"))
    }
    for key, text in texts.items():
        if key in tagged_keys or key in suggested_keys or not text:
            continue
        rule = next((r for r in keyword_rules() if r.pattern.search(text)), None)
        if rule is None:
            continue
        db.session.add(
            Suggestion(
                jurisdiction_id=jurisdiction.id,
                fiscal_year=fiscal_year,
                **dict(zip(KEY_CODES, key, strict=False)),
                measure_id=measures.get(rule.measure_code),
                relevance="targeted",
                share_units=SHARE_SCALE,
                origin="keyword",
                reason=f"the description {rule.reason}",
            )
        )
        suggested_keys.add(key)
        created += 1
    db.session.flush()
    return created


def accept(suggestion: Suggestion, actor) -> dict[str, str]:
    """The suggestion becomes a draft tag; returns errors (e.g. shares above 1) instead."""
    if suggestion.state != "open":
        return {"suggestion": "already decided"}
    tag_input = TagInput(
        key=suggestion.key,
        measure=suggestion.measure,
        relevance=suggestion.relevance,
        share_units=suggestion.share_units,
        beneficiaries_total=suggestion.beneficiaries_total,
        beneficiaries_roma=suggestion.beneficiaries_roma,
        beneficiaries_roma_women=suggestion.beneficiaries_roma_women,
        justification=f"Suggested: {suggestion.reason}",
    )
    _tag, _created, errors = save_tag(
        suggestion.jurisdiction, suggestion.fiscal_year, tag_input, actor
    )
    if errors:
        return errors
    _decide(suggestion, "accepted", actor)
    return {}


def reject(suggestion: Suggestion, actor) -> None:
    if suggestion.state == "open":
        _decide(suggestion, "rejected", actor)


def _decide(suggestion: Suggestion, state: str, actor) -> None:
    suggestion.state = state
    suggestion.decided_by_id = actor.id
    suggestion.decided_at = utcnow()
    record(
        f"suggestion.{state}",
        "suggestion",
        suggestion.id,
        actor=actor,
        changes={"state": ["open", state]},
        jurisdiction_id=suggestion.jurisdiction_id,
        fiscal_year=suggestion.fiscal_year,
        line_key=suggestion.key,
        comment=suggestion.reason,
    )


def open_suggestions(jurisdiction_id: int, fiscal_year: int) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(
                Suggestion.jurisdiction_id == jurisdiction_id,
                Suggestion.fiscal_year == fiscal_year,
                Suggestion.state == "open",
            )
            .order_by(*(getattr(Suggestion, c) for c in KEY_CODES))
        )
    )
