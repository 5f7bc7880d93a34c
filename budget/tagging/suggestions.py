"""Suggested tags for a year's budget: last year's approved tags and keyword rules.

Suggestions are proposals a person accepts (a draft tag) or rejects; nothing is approved by
itself, and a line already tagged or a suggestion already decided is not proposed again.
Keyword rules are data (keyword_rules.csv): regular expressions on the description folded by
`budget.text.fold`, so one rule matches Serbian Latin and Cyrillic, with or without diacritics.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import insert, select, tuple_

from budget.audit.services import record
from budget.budgets.models import KEY_CODES, BudgetDocument, BudgetLine
from budget.extensions import db
from budget.i18n import current_language, local_text
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure
from budget.money import SHARE_SCALE
from budget.review.statuses import APPROVED
from budget.tagging.models import Suggestion, Tag
from budget.tagging.services import TagInput, key_filter, save_tag
from budget.time import utcnow

RULES_FILE = Path(__file__).with_name("keyword_rules.csv")


@dataclass(frozen=True)
class KeywordRule:
    pattern: re.Pattern
    measure_code: str
    reason: str  # English, as stored with the suggestion
    reason_sr: str = ""  # Serbian, Latin script

    def localized(self) -> str:
        if current_language() == "en" or not self.reason_sr:
            return self.reason
        return local_text(self.reason_sr)


@lru_cache(maxsize=1)
def keyword_rules() -> tuple[KeywordRule, ...]:
    """The rules, read from their file once per process."""
    with RULES_FILE.open(encoding="utf-8") as handle:
        return tuple(
            KeywordRule(
                re.compile(row["pattern"]), row["measure"], row["reason"], row.get("reason_sr", "")
            )
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def _any_rule() -> re.Pattern:
    """All rules in one pattern: most descriptions match none, and one search tells."""
    return re.compile("|".join(f"(?:{rule.pattern.pattern})" for rule in keyword_rules()))


def matching_rule(text: str) -> KeywordRule | None:
    """The first rule (in file order) whose pattern occurs in the folded text."""
    if not text or not _any_rule().search(text):
        return None
    return next((rule for rule in keyword_rules() if rule.pattern.search(text)), None)


def _key(obj) -> tuple[str, ...]:
    return tuple(getattr(obj, code) for code in KEY_CODES)


YearKey = tuple[int, int]  # (jurisdiction id, fiscal year)


def generate_suggestions(jurisdiction: Jurisdiction, fiscal_year: int) -> int:
    """Create open suggestions for one year; returns how many are new."""
    return suggest_for_years({(jurisdiction.id, fiscal_year)})


def suggest_for_years(
    years: set[YearKey],
    known_texts: dict[YearKey, dict[tuple, str]] | None = None,
    known_documents: set[int] = frozenset(),
) -> int:
    """Create open suggestions for every (jurisdiction, year) given; returns how many are new.

    A fixed number of queries for any number of years: the line keys of their documents (those
    of `known_documents`, just imported, come in `known_texts`), their tags and earlier
    suggestions, last year's approved tags; each distinct description is matched against the
    keyword rules once.
    """
    years = set(years)
    if not years:
        return 0
    texts = _line_texts(years, known_texts or {}, known_documents)
    if not texts:
        return 0
    in_years = lambda model: tuple_(model.jurisdiction_id, model.fiscal_year).in_(sorted(years))
    taken_keys: dict[YearKey, set] = defaultdict(set)  # tagged or already suggested
    taken: set[tuple] = set()  # (year, key, measure id)
    for model in (Tag, Suggestion):
        for row in db.session.execute(
            select(
                model.jurisdiction_id, model.fiscal_year, *_key_columns(model), model.measure_id
            ).where(in_years(model))
        ):
            width = len(KEY_CODES)
            year, key = (row[0], row[1]), tuple(row[2 : 2 + width])
            taken_keys[year].add(key)
            taken.add((year, key, row[2 + width]))

    rows = []
    last_years = {(jid, year - 1) for jid, year in texts}
    for tag in db.session.scalars(
        select(Tag).where(
            tuple_(Tag.jurisdiction_id, Tag.fiscal_year).in_(sorted(last_years)),
            Tag.status == APPROVED,
        )
    ):
        year, key = (tag.jurisdiction_id, tag.fiscal_year + 1), _key(tag)
        if key not in texts.get(year, {}) or (year, key, tag.measure_id) in taken:
            continue
        rows.append(
            {
                "jurisdiction_id": year[0],
                "fiscal_year": year[1],
                **dict(zip(KEY_CODES, key, strict=True)),
                "measure_id": tag.measure_id,
                "relevance": tag.relevance,
                "share_units": tag.share_units,
                "beneficiaries_total": tag.beneficiaries_total,
                "beneficiaries_roma": tag.beneficiaries_roma,
                "beneficiaries_roma_women": tag.beneficiaries_roma_women,
                "origin": "carry_over",
                "reason": f"approved in {year[1] - 1} on the same budget line",
            }
        )
        taken_keys[year].add(key)
        taken.add((year, key, tag.measure_id))

    measures = {
        code: (measure_id, country)
        for code, measure_id, country in db.session.execute(
            select(Measure.code, Measure.id, Measure.country).where(Measure.level == "national")
        )
    }
    countries = dict(
        db.session.execute(
            select(Jurisdiction.id, Jurisdiction.country).where(
                Jurisdiction.id.in_({jid for jid, _year in texts})
            )
        ).all()
    )

    def measure_for(code: str | None, jurisdiction_id: int) -> int | None:
        """The rule's national measure, where it is of the jurisdiction's economy."""
        measure_id, country = measures.get(code, (None, None))
        if country is not None and country != countries.get(jurisdiction_id):
            return None
        return measure_id

    matched: dict[str, KeywordRule | None] = {}
    for year, keys in texts.items():
        for key, text in keys.items():
            if key in taken_keys[year]:
                continue
            if text not in matched:
                matched[text] = matching_rule(text)
            rule = matched[text]
            if rule is None:
                continue
            rows.append(
                {
                    "jurisdiction_id": year[0],
                    "fiscal_year": year[1],
                    **dict(zip(KEY_CODES, key, strict=True)),
                    "measure_id": measure_for(rule.measure_code, year[0]),
                    "relevance": "targeted",
                    "share_units": SHARE_SCALE,
                    "beneficiaries_total": None,
                    "beneficiaries_roma": None,
                    "beneficiaries_roma_women": None,
                    "origin": "keyword",
                    "reason": f"the description {rule.reason}",
                }
            )
            taken_keys[year].add(key)
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Suggestion), rows[start : start + 1000])
    return len(rows)


def _suggestion(year: YearKey, key: tuple, **values) -> dict:
    empty = dict.fromkeys(("beneficiaries_total", "beneficiaries_roma", "beneficiaries_roma_women"))
    return {
        "jurisdiction_id": year[0],
        "fiscal_year": year[1],
        **dict(zip(KEY_CODES, key, strict=True)),
        **empty,
        **values,
    }


def _key_columns(model) -> list:
    return [getattr(model, code) for code in KEY_CODES]


def _line_texts(
    years: set[YearKey], known: dict[YearKey, dict[tuple, str]], known_documents: set[int]
) -> dict[YearKey, dict[tuple, str]]:
    """{year: {line key: folded description}} over every document of those years; `known`
    holds those of `known_documents` (just imported), which are then not read again."""
    documents = {
        document_id: (jid, year)
        for document_id, jid, year in db.session.execute(
            select(
                BudgetDocument.id, BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year
            ).where(
                tuple_(BudgetDocument.jurisdiction_id, BudgetDocument.fiscal_year).in_(
                    sorted(years)
                )
            )
        )
    }
    texts: dict[YearKey, dict[tuple, str]] = defaultdict(dict)
    texts.update(known)
    ids = sorted(set(documents) - set(known_documents))
    connection = db.session.connection()  # Core rows: a million of them, without ORM overhead
    for start in range(0, len(ids), 500):
        for document_id, *key, text in connection.execute(
            select(BudgetLine.document_id, *_key_columns(BudgetLine), BudgetLine.search_text).where(
                BudgetLine.document_id.in_(ids[start : start + 500])
            )
        ):
            keys = texts[documents[document_id]]
            key = tuple(key)
            stored = keys.get(key)
            if stored is None or text > stored:
                keys[key] = text  # the same text whichever document comes first
    return texts


class NeedsChoice(Exception):
    """The suggestion's line and measure already have a tag: the person chooses what to keep."""

    def __init__(self, suggestion: Suggestion, tag: Tag):
        self.suggestion = suggestion
        self.tag = tag
        super().__init__("the line and measure already have a tag")


def accept(suggestion: Suggestion, actor, replace_version: int | None = None) -> dict[str, str]:
    """The suggestion becomes a draft tag; returns errors (e.g. shares above 1) instead.

    Where the line already has a tag of that measure nothing is overwritten: NeedsChoice is
    raised, unless `replace_version` says the person chose the suggestion over the tag they saw
    at that version (a tag changed since is a TagConflict)."""
    if suggestion.state != "open":
        return {"suggestion": _("already decided")}
    existing = db.session.scalar(
        select(Tag).where(
            *key_filter(suggestion.jurisdiction_id, suggestion.fiscal_year, suggestion.key),
            Tag.measure_id.is_(None)
            if suggestion.measure_id is None
            else Tag.measure_id == suggestion.measure_id,
        )
    )
    if existing is not None and replace_version is None:
        raise NeedsChoice(suggestion, existing)
    tag_input = TagInput(
        key=suggestion.key,
        measure=suggestion.measure,
        relevance=suggestion.relevance,
        share_units=suggestion.share_units,
        beneficiaries_total=suggestion.beneficiaries_total,
        beneficiaries_roma=suggestion.beneficiaries_roma,
        beneficiaries_roma_women=suggestion.beneficiaries_roma_women,
        justification=_("Suggested: %(reason)s", reason=reason_text(suggestion)),
    )
    _tag, _created, errors = save_tag(
        suggestion.jurisdiction,
        suggestion.fiscal_year,
        tag_input,
        actor,
        expected_version=replace_version if replace_version is not None else 0,
    )
    if errors:
        return errors
    _decide(suggestion, "accepted", actor)
    return {}


def reason_text(suggestion: Suggestion) -> str:
    """Why a line is suggested, in the reader's language (stored in English)."""
    if suggestion.origin == "carry_over":
        return _("approved in %(year)s on the same budget line", year=suggestion.fiscal_year - 1)
    if suggestion.origin == "keyword":
        for rule in keyword_rules():
            if suggestion.reason == f"the description {rule.reason}":
                return _("the description %(what)s", what=rule.localized())
    return suggestion.reason


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
