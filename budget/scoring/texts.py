"""A method's texts in the reader's language.

The method file (`methods/rrb-v1.json`) is the method, in English, and its fingerprint changes
only when the method does. Its translations live beside it in `methods/texts/<id>.json` (or in
`texts/` of a folder named in SCORING_METHOD_DIRS): per language, the title and each dimension's
name and formula, and the unit of each value (how pages show it). Serbian Cyrillic is the
transliteration of the Latin texts; a text that is not translated is shown in English.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from budget.i18n import current_language, measured, to_cyrillic
from budget.scoring.method import METHODS_DIR, Dimension, Method

# The reasons a dimension is not scored, as the method's indicators state them (in English, in
# the stored results and the API); listed here so that pages can say them in every language.
REASONS = {
    "no planned cost is recorded for this year": _l("no planned cost is recorded for this year"),
    "there is neither an adopted nor a revised budget": _l(
        "there is neither an adopted nor a revised budget"
    ),
    "there is no execution report": _l("there is no execution report"),
    "nothing Roma-relevant is tagged in the budget in force": _l(
        "nothing Roma-relevant is tagged in the budget in force"
    ),
    "there was no rebalance": _l("there was no rebalance"),
    "there is no adopted budget to compare with": _l("there is no adopted budget to compare with"),
    "nothing Roma-relevant was tagged in the adopted budget": _l(
        "nothing Roma-relevant was tagged in the adopted budget"
    ),
    "the adopted budget is 0": _l("the adopted budget is 0"),
    "no questionnaire answer is recorded for this year": _l(
        "no questionnaire answer is recorded for this year"
    ),
}


VALUE_NAMES = {
    "areas": _l("priority areas"),
    "tagged_change": _l("change of the Roma-relevant budget"),
    "total_change": _l("change of the total budget"),
}


@cache
def _translations(folders: tuple[str, ...], method_id: str) -> dict:
    for folder in folders:
        path = Path(folder) / "texts" / f"{method_id}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    return {}


def unit(method: Method, name: str) -> str:
    """How a value of the method reads: percent (a ratio), points (a difference of ratios) or
    count; percent unless the texts file says otherwise."""
    folders = (str(METHODS_DIR), *(current_app.config.get("SCORING_METHOD_DIRS") or []))
    return _translations(tuple(folders), method.id).get("units", {}).get(name, "percent")


def _texts(method: Method) -> dict:
    """The texts of the reader's language (the Latin ones for Serbian Cyrillic pages), or {}."""
    language = current_language()
    if language == "en":
        return {}
    folders = (str(METHODS_DIR), *(current_app.config.get("SCORING_METHOD_DIRS") or []))
    texts = _translations(tuple(folders), method.id)
    return texts.get("sr-Latn" if language == "sr-Cyrl" else language, {})


def _shown(text: str) -> str:
    return to_cyrillic(text) if current_language() == "sr-Cyrl" else text


def title(method: Method) -> str:
    text = _texts(method).get("title")
    return _shown(text) if text else method.title


def dimension_name(method: Method, dimension: Dimension) -> str:
    text = _texts(method).get("dimensions", {}).get(dimension.id, {}).get("name")
    return _shown(text) if text else dimension.name


def formula(method: Method, dimension: Dimension) -> str:
    text = _texts(method).get("dimensions", {}).get(dimension.id, {}).get("formula")
    return _shown(text) if text else dimension.formula


def value_name(name: str) -> str:
    """The name of a reported value: the formula's letter, or its meaning in words."""
    known = VALUE_NAMES.get(name)
    return str(known) if known is not None else name


def thresholds(method: Method, dimension: Dimension) -> str:
    """'A: f ≥ 90%; B: …; D: otherwise' with each bound in its unit and the locale's numbers."""
    parts = []
    for rule in dimension.grades:
        bounds = _(" and ").join(
            f"{name} ≥ {measured((str(bound), unit(method, name)))}"
            for name, bound in rule["min"].items()
        )
        parts.append(rule["grade"] + ": " + (bounds or _("otherwise")))
    return "; ".join(parts)


def reason(text: str | None) -> str:
    if not text:
        return ""
    known = REASONS.get(text)
    return str(known) if known is not None else text
