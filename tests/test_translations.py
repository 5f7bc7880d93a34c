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


def _key(value):
    """A message id or string as read from a .po (tuples for plurals) or a .mo (lists)."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


@pytest.mark.parametrize("locale", ["sr_Latn", "sr_Cyrl"])
def test_catalogue_translates_every_message(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    messages = extracted_messages()
    assert len(messages) > 40 and "Jurisdictions" in messages
    untranslated = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert untranslated == [], "run `make translations` and translate: " + "; ".join(untranslated)
    # A fuzzy entry is a guess of pybabel's (often another message's text); a plural needs every
    # form of the language (Serbian has three).
    guessed = [m.id for m in catalog if m.id and m.fuzzy]
    assert guessed == [], "check and unmark these fuzzy translations: " + repr(guessed)
    partial = [m.id[0] for m in catalog if isinstance(m.id, tuple) and not all(m.string)]
    assert partial == [], "translate every plural form of: " + repr(partial)
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    stale = [
        m.id for m in catalog if m.id and m.string and compiled.get(_key(m.id)) != _key(m.string)
    ]
    assert stale == [], "run `pybabel compile -d budget/translations`"


def test_pages_are_translated(client, jurisdictions):
    assert "Jedinice vlasti" in client.get("/?lang=sr-Latn").get_data(as_text=True)
    assert "Јединице власти" in client.get("/?lang=sr-Cyrl").get_data(as_text=True)
    assert "Jurisdictions" in client.get("/?lang=en").get_data(as_text=True)
