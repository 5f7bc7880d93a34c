"""Languages of the portal: Serbian Latin, Serbian Cyrillic, English, Albanian and Macedonian.

`?lang=en|sr-Latn|sr-Cyrl|sq|mk` chooses the language and a cookie keeps it; otherwise the
browser's Accept-Language decides. Numbers, money and dates are formatted for the language shown.

Data (names, code labels, measure titles) are shown as they are written, in the language of their
economy; English pages show their English form where one is given, and Cyrillic pages (Serbian
Cyrillic, Macedonian) show Serbian Latin data transliterated, the same words in Cyrillic.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import NumberPattern, get_currency_name, parse_pattern
from flask import Flask, Response, has_request_context, request
from flask_babel import (
    format_date,
    format_datetime,
    format_percent,
    get_locale,
    gettext,
)
from markupsafe import Markup

# URL / HTML language tag -> Babel locale identifier
LANGUAGES = {"sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl", "en": "en", "sq": "sq", "mk": "mk"}
LANGUAGE_NAMES = {
    "sr-Latn": "Srpski",
    "sr-Cyrl": "Српски",
    "en": "English",
    "sq": "Shqip",
    "mk": "Македонски",
}
# Pages written in Cyrillic: Serbian Latin data is shown transliterated on them.
CYRILLIC = frozenset({"sr-Cyrl", "mk"})
DEFAULT_LANGUAGE = "sr-Latn"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600


def requested_language() -> str | None:
    tag = request.args.get("lang", "")
    return tag if tag in LANGUAGES else None


def current_language() -> str:
    """The language tag for this request: ?lang, then the cookie, then Accept-Language. Outside
    a request (the command line) English."""
    if not has_request_context():
        return "en"
    # Decided once per request (pages ask for every name and label they show).
    known = request.environ.get(_LANGUAGE_KEY)
    if known is None:
        known = request.environ[_LANGUAGE_KEY] = _request_language()
    return known


_LANGUAGE_KEY = "rrb.language"


def _request_language() -> str:
    tag = requested_language() or request.cookies.get(COOKIE, "")
    if tag in LANGUAGES:
        return tag
    if not request.accept_languages:
        return DEFAULT_LANGUAGE
    best_quality = 0.0
    best = None
    for value, quality in request.accept_languages:
        tag = _accept_tag(value.lower())
        if tag and quality > best_quality:
            best, best_quality = tag, quality
    return best or "en"


def _accept_tag(value: str) -> str | None:
    if value.startswith("en"):
        return "en"
    if value.startswith("sq"):
        return "sq"
    if value.startswith("mk"):
        return "mk"
    if value.startswith(("sr-latn", "sr_latn", "bs", "hr", "sh", "cnr")):
        return "sr-Latn"
    if value.startswith("sr"):
        # Plain Serbian is written in Cyrillic by default (CLDR).
        return "sr-Cyrl"
    return None


def select_locale() -> str:
    return LANGUAGES[current_language()]


def remember_language(response: Response) -> Response:
    tag = requested_language()
    if tag and request.cookies.get(COOKIE) != tag:
        response.set_cookie(
            COOKIE,
            tag,
            max_age=COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


# --- Serbian Latin -> Cyrillic (the transliteration is one to one) ----------------------------
_DIGRAPHS = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}
_LETTERS = dict(
    zip(
        "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš",
        "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш",
        strict=False,
    )
)


def to_cyrillic(text: str) -> str:
    """Serbian Latin -> Cyrillic; codes and URLs are left to the caller to keep out."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)


def local_text(text: str | None) -> str:
    """Data written in Serbian Latin (names, labels), shown in the script of the page."""
    return data_text(text)


def data_text(text: str | None, country: str | None = None) -> str:
    """Data (a name, a code's label, a title) written in the language of an economy (Serbian
    Latin unless `country` says otherwise), as the page shows it: Serbian Latin in Cyrillic on
    Cyrillic pages; text of another language than the page's marked with its language
    (`ForeignText`), so that pages tag it with `lang` (WCAG's language of parts)."""
    if not text:
        return ""
    page = current_language()
    if writes_serbian(country):
        if page in ("sr-Latn", "sr-Cyrl"):
            return to_cyrillic(text) if page == "sr-Cyrl" else text
        if page in CYRILLIC:
            return ForeignText(to_cyrillic(text), "sr-Cyrl")
        return ForeignText(text, "sr-Latn") if has_request_context() else text
    from budget.classifications.profiles import profile

    language = profile(country).languages[0]
    return text if language == page else ForeignText(text, language)


def measure_title(
    title: str | None, title_en: str | None = None, country: str | None = None
) -> str:
    """A measure's title in the reader's language: English where given, Cyrillic by
    transliteration of the Latin title, otherwise as written (marked with its language)."""
    if current_language() == "en" and title_en:
        return title_en
    return data_text(title, country)


def writes_serbian(country: str | None) -> bool:
    """Whether an economy's names are written in a language of Serbian script pairs (Serbia,
    Bosnia and Herzegovina, Montenegro): only those are transliterated on Cyrillic pages;
    Albanian and Macedonian names are shown as they are written."""
    from budget.classifications.profiles import profile

    found = profile(country) if country else None
    return found is None or "sr-Cyrl" in found.languages


class ForeignText(str):
    """Text in another language than the page's (an Albanian or Macedonian name on a Serbian
    page): pages mark it with its language (`lang`), downloads hold the plain text."""

    lang: str

    def __new__(cls, text: str, lang: str):
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def in_language(value):
    """For templates: text of another language wrapped with its `lang`; other values as they
    are (escaped by the template as usual)."""
    if isinstance(value, ForeignText):
        return Markup('<span lang="%s">%s</span>') % (value.lang, str(value))
    return value


def place_name(jurisdiction) -> str:
    if current_language() == "en" and jurisdiction.name_en:
        return jurisdiction.name_en
    return data_text(jurisdiction.name, jurisdiction.country)


def currency_name(code: str | None) -> str:
    """A currency's name in the reader's language (CLDR, through Babel): "lek", "денар"."""
    return get_currency_name(code, locale=get_locale()) if code else ""


def _half_up(value: int | Decimal, decimals: int) -> Decimal:
    """Rounded half-up before Babel formats it (Babel itself rounds half to even)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@cache
def _pattern(decimals: int) -> NumberPattern:
    """The parsed pattern of a number with `decimals` decimals (Babel's format_decimal parses
    its pattern on every call; tables format thousands of numbers)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def money(value: Decimal | None, currency: str | None = None) -> str:
    if value is None:
        return "–"
    text = _pattern(2).apply(_half_up(value, 2), get_locale())
    return f"{text} {currency}" if currency else text


def number(value: int | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return _pattern(decimals).apply(_half_up(value, decimals), get_locale())


def decimal_text(text: str | None) -> str:
    """A decimal kept as text ("71.5", "-0.25") in the locale's form with the decimals written."""
    if text is None:
        return "–"
    value = Decimal(text)
    return number(value, max(0, -value.as_tuple().exponent))


def percent(value: Decimal | None, decimals: int = 1) -> str:
    """A ratio as a percentage in the locale's own form (1.3% in English, 1,3% in Serbian)."""
    if value is None:
        return "–"
    pattern = get_locale().percent_formats[None].pattern
    if decimals:
        pattern = re.sub(r"0(?=[^0#,.]*%)", "0." + "0" * decimals, pattern, count=1)
    return format_percent(_half_up(value * 100, decimals) / 100, format=pattern)


def measured(pair) -> str:
    """A (value, unit) pair as people read it: unit percent (a ratio), points (a difference of
    ratios, in percentage points), count, index (1 decimal) or "amount CUR"."""
    if not pair or pair[0] is None:
        return "–"
    value, unit = pair
    if unit == "count":
        return number(Decimal(str(value)))
    if unit == "index":
        return number(Decimal(str(value)), 1)
    if unit.startswith("amount"):  # "amount RSD"
        return money(Decimal(str(value)), unit.partition(" ")[2] or None)
    if unit == "points":
        return number(Decimal(str(value)) * 100, 1) + "\u00a0" + gettext("pp")
    return percent(Decimal(str(value)))


def init_app(app: Flask) -> None:
    app.after_request(remember_language)
    app.jinja_env.filters.update(
        money=money,
        number=number,
        percent=percent,
        date=format_date,
        local=local_text,
        datetime=lambda value: format_datetime(value, "short"),
        place=place_name,
        measured=measured,
        measure_title=lambda measure: measure_title(
            measure.title, measure.title_en, measure.country
        ),
        decimal_text=decimal_text,
        in_language=in_language,
        currency_name=currency_name,
        indicator_name=lambda indicator: measure_title(indicator.name, indicator.name_en),
    )

    @app.context_processor
    def language_context():
        return {
            "html_lang": current_language(),
            "languages": LANGUAGE_NAMES,
            "locale": get_locale(),
        }
