"""Every public page type, rendered in each language, holds no text of another language outside
names, codes and budget data: a Cyrillic page (Serbian or Macedonian) no Latin word, a Serbian or
Albanian page no English word, an English or Albanian page none of the site's Serbian words.
Data written in another language than the page's (a Serbian measure title on an Albanian page)
is marked with its language (`lang`) and so not counted."""

from __future__ import annotations

import html
import re

import pytest

from budget.measures.models import AREAS

PAGES = [
    "/",
    "/jurisdictions",
    "/jurisdictions?country=MK",
    "/jurisdictions/RS-NIS",
    "/jurisdictions/RS-NIS/years/2025",
    "/jurisdictions/RS-NIS/years/2025/score",
    "/jurisdictions/RS-NIS/years/2025/by/program",
    "/jurisdictions/RS-NIS/years/2025/by/economic",
    "/jurisdictions/RS-NIS/years/2025/by/measure",
    "/jurisdictions/RS-NIS/years/2025/by/area",
    "/jurisdictions/RS-NIS/years/2025/by/line",
    "/jurisdictions/RS-NIS/years/2025/measures",
    "/countries/RS/years/2025",
    "/countries/RS/years/2025/measures",
    "/countries/RS/years/2025?currency=EUR",
    "/jurisdictions/RS-NIS/years/2025?currency=EUR",
    "/region/years/2025",
    "/countries/AL/years/2025",
    "/countries/MK/years/2025",
    "/jurisdictions/MK-SUTO-ORIZARI/years/2025",
    "/jurisdictions/AL-KORCE/years/2025/by/program",
    "/open-data",
    "/methodology",
    "/compare?year=2025&j=RS-NIS&j=RS-VRANJE&j=RS-KOVIN",
    "/auth/login",
]
# Codes and names that are the same in every language.
KEPT = {
    "RRB",
    "CSV",
    "XLSX",
    "API",
    "JSON",
    "OpenAPI",
    "SVG",
    "UTF",
    "RSD",
    "EUR",
    "ALL",
    "MKD",
    "BAM",
    "rrb-v1",
    "datapackage.json",
    "Fiscal",
    "Data",
    "Package",
    "Creative",
    "Commons",
    "GET",
    "CC",
    "BY",
    "pp",
    "M",
    "code",
    "year",
    "group",
    "Bearer",
}
# Words of English that no Serbian page should show.
ENGLISH = re.compile(
    r"\b(the|and|of|with|budget|amounts?|adopted|executed|lines?|measures?|values?|download|"
    r"tagged|Roma-relevant|otherwise|share|rate|total|change|page|year|sign in|findings)\b",
    re.I,
)
LATIN_WORD = re.compile(r"[A-Za-zČčĆćŠšŽžĐđ][A-Za-zČčĆćŠšŽžĐđ0-9_\-.]*")


def visible_text(page: str) -> str:
    """The page's text in its own language: parts that declare another language (a monitor's
    words quoted as written, `lang="…"`, WCAG's language of parts) are left out."""
    own = re.search(r'<html lang="([^"]+)"', page)
    if own:
        page = re.sub(
            r'<(\w+)\b[^>]*\slang="(?!' + re.escape(own.group(1)) + r'")[^"]*"[^>]*>.*?</\1>',
            " ",
            page,
            flags=re.S,
        )
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<head\b.*?</head>", " ", page, flags=re.S)
    page = re.sub(r'<nav class="languages".*?</nav>', " ", page, flags=re.S)  # language names
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)  # API addresses
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(text)


def is_code(word: str) -> bool:
    """Classification and jurisdiction codes (0901-P1, RS-NIS), acronyms, area codes."""
    return (
        any(c.isdigit() for c in word)
        or word in KEPT
        or word in AREAS
        or "_" in word  # an identifier: questionnaire items, context indicators
        or len(word) == 1  # a formula's variable (f, l, x)
        or (word.replace("-", "").isupper() and "-" in word)
        or (word.isupper() and len(word) <= 6)
    )


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory):
    """The demo data's pages in both scripts (rendered once for the module's tests)."""
    from tests.conftest import make_app

    url = "sqlite:///" + str(tmp_path_factory.mktemp("leaks") / "demo.sqlite3")
    app = make_app(url)
    with app.app_context():
        from budget.extensions import db

        db.create_all()
        assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
        client = app.test_client()
        pages = {}
        for language in ("sr-Latn", "sr-Cyrl", "en", "sq", "mk"):
            for path in PAGES:
                answer = client.get(f"{path}{'&' if '?' in path else '?'}lang={language}")
                assert answer.status_code == 200, path
                pages[(language, path)] = answer.get_data(as_text=True)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return pages


@pytest.mark.parametrize("language", ["sr-Cyrl", "mk"])
@pytest.mark.parametrize("path", PAGES)
def test_a_cyrillic_page_has_no_latin_words(demo_pages, path, language):
    words = LATIN_WORD.findall(visible_text(demo_pages[(language, path)]))
    leaks = sorted({w for w in words if not is_code(w.strip(".-"))})
    assert leaks == [], ", ".join(leaks)


@pytest.mark.parametrize("language", ["sr-Latn", "sq"])
@pytest.mark.parametrize("path", PAGES)
def test_a_latin_page_has_no_english_words(demo_pages, path, language):
    text = visible_text(demo_pages[(language, path)])
    # "total" is an Albanian word as well ("buxheti total").
    leaks = sorted(
        {m.group(0) for m in ENGLISH.finditer(text)} - ({"total"} if language == "sq" else set())
    )
    assert leaks == [], ", ".join(leaks)


# Words of the site's Serbian texts that an English page must not show (budget lines'
# descriptions are data in the budget's language and may use them).
SERBIAN = re.compile(
    r"\b(Preuzmite|Usvojeno|Važeći|Izvršeno|Relevantno|relevantno|Nalazi|Godina|Oznake|oznake|"
    r"Jedinice|vlasti|Opština|Grad|budžet\w*|iznos\w*|stavk\w*|Pažnja|Napomena|Upozorenje)\b"
)
DATA_PAGES = {"/jurisdictions/RS-NIS/years/2025/by/line"}  # descriptions are data


def place_names() -> list[str]:
    """The demo jurisdictions' official names (data: "Grad Niš" is named so on every page, in a
    sentence as in a table; English pages use the English name where given)."""
    import csv
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    return [
        row["name"]
        for name in ("demo/jurisdictions.csv", "region/jurisdictions.csv")
        for row in csv.DictReader((seeds / name).open(encoding="utf-8"))
    ]


@pytest.mark.parametrize("language", ["en", "sq"])
@pytest.mark.parametrize("path", [p for p in PAGES if p not in DATA_PAGES])
def test_an_english_or_albanian_page_has_no_serbian_words(demo_pages, path, language):
    text = visible_text(demo_pages[(language, path)])
    if language == "sq":
        for name in sorted(place_names(), key=len, reverse=True):
            text = text.replace(name, " ")
    leaks = sorted({m.group(0) for m in SERBIAN.finditer(text)})
    assert leaks == [], ", ".join(leaks)


def test_english_measures_pages_name_indicators_in_english(demo_pages):
    """Indicators have an English name (`name_en`): the English page shows it, never the
    Serbian name, and the Serbian pages the Serbian one."""
    import csv
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    rows = [
        row
        for name in ("strategy/RS-indicators.csv", "demo/indicators.csv")
        for row in csv.DictReader((seeds / name).open(encoding="utf-8"))
    ]
    english = visible_text(demo_pages[("en", "/jurisdictions/RS-NIS/years/2025/measures")])
    latin = visible_text(demo_pages[("sr-Latn", "/jurisdictions/RS-NIS/years/2025/measures")])
    shown = [row for row in rows if row["name"] in latin]
    assert len(shown) >= 5  # the national indicators and Niš's own
    for row in shown:
        assert row["name_en"] and row["name_en"] in english, row["code"]
        assert row["name"] not in english, row["code"]
