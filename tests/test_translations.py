"""Every user-facing string is translated into both Serbian scripts, Albanian and Macedonian, and
compiled; numbers and money are written as each language writes them."""

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


@pytest.mark.parametrize("locale", ["sr_Latn", "sr_Cyrl", "sq", "mk"])
def test_catalogue_translates_every_message(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    messages = extracted_messages()
    assert len(messages) > 40 and "Jurisdictions" in messages
    untranslated = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert untranslated == [], "run `make translations` and translate: " + "; ".join(untranslated)
    # A fuzzy entry is a guess of pybabel's (often another message's text); a plural needs every
    # form of the language (Serbian has three, Albanian and Macedonian two).
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


def test_pages_are_translated_into_albanian_and_macedonian(client, jurisdictions):
    albanian = client.get("/?lang=sq").get_data(as_text=True)
    assert '<html lang="sq">' in albanian and "Juridiksionet" in albanian
    macedonian = client.get("/?lang=mk").get_data(as_text=True)
    assert '<html lang="mk">' in macedonian and "Единици на власт" in macedonian
    # The language links name each language in itself.
    for page in (albanian, macedonian):
        assert ">Shqip<" in page and ">Македонски<" in page and ">Srpski<" in page


@pytest.mark.parametrize(
    "header, language",
    [
        ("sq-AL,sq;q=0.9", "sq"),
        ("sq-XK", "sq"),
        ("mk-MK,mk;q=0.9,en;q=0.5", "mk"),
        ("mk", "mk"),
        ("cnr-ME", "sr-Latn"),  # Montenegrin, written in Latin script
        ("bs-BA", "sr-Latn"),
        ("de-DE,en;q=0.3,sq;q=0.8", "sq"),
    ],
)
def test_the_browser_language_chooses_the_language_of_the_region(client, header, language):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize(
    "language, currency, expected",
    [
        # Babel's (CLDR's) separators of each language; the ISO code after the amount.
        ("sq", "ALL", "1\u00a0234\u00a0567,50 ALL"),
        ("sq", "EUR", "1\u00a0234\u00a0567,50 EUR"),
        ("mk", "MKD", "1.234.567,50 MKD"),
        ("mk", "EUR", "1.234.567,50 EUR"),
        ("sr-Latn", "BAM", "1.234.567,50 BAM"),
        ("en", "BAM", "1,234,567.50 BAM"),
    ],
)
def test_money_is_written_as_each_language_writes_it(app, language, currency, expected):
    from decimal import Decimal

    from budget.i18n import money, percent

    with app.test_request_context(f"/?lang={language}"):
        assert money(Decimal("1234567.495"), currency) == expected  # half-up to the cent
        if language in ("sq", "mk"):
            assert percent(Decimal("0.1234")) in ("12,3%", "12,3\u00a0%")


@pytest.mark.parametrize(
    "language, names",
    [
        ("sq", {"ALL": "Leku shqiptar", "MKD": "Denari maqedonas", "EUR": "Euroja"}),
        ("mk", {"ALL": "Албански лек", "MKD": "Македонски денар", "EUR": "Евро"}),
    ],
)
def test_currency_names_are_in_the_readers_language(app, language, names):
    from budget.i18n import currency_name

    with app.test_request_context(f"/?lang={language}"):
        for code, name in names.items():
            assert currency_name(code) == name
