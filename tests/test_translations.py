"""Every user-facing string is translated into both Serbian scripts, and compiled."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from budget import ROOT

TRANSLATIONS = ROOT / "budget" / "translations"
METHODS = [("budget/**.py", "python"), ("templates/**.html", "jinja2")]


def extracted_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        METHODS,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("locale", ["sr_Latn", "sr_Cyrl"])
def test_catalogue_translates_every_message(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    messages = extracted_messages()
    assert len(messages) > 40 and "Jurisdictions" in messages
    untranslated = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert untranslated == [], "run `make translations` and translate: " + "; ".join(untranslated)
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)
    stale = [
        m.id
        for m in catalog
        if m.id
        and m.string
        and (compiled.get(m.id) is None or compiled.get(m.id).string != m.string)
    ]
    assert stale == [], "run `pybabel compile -d budget/translations`"


def test_pages_are_translated(client, jurisdictions):
    assert "Jedinice vlasti" in client.get("/?lang=sr-Latn").get_data(as_text=True)
    assert "Јединице власти" in client.get("/?lang=sr-Cyrl").get_data(as_text=True)
    assert "Jurisdictions" in client.get("/?lang=en").get_data(as_text=True)
