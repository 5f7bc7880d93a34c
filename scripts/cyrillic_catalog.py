"""Writes the Serbian Cyrillic catalogue from the Serbian Latin one (one-to-one script change).

Run by `make translations`; placeholders such as %(name)s and HTML stay untouched.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budget.i18n import to_cyrillic  # noqa: E402  (after the path set-up above)

TRANSLATIONS = ROOT / "budget" / "translations"
KEEP = re.compile(
    r"(%\([a-z_]+\)[sd]|%[sd]|<[^>]+>|&[a-z]+;|„flask [^”]*”|\bRRB\b|\bCSV\b|\bXLSX\b|\bAPI\b)"
)


def cyrillic(text: str) -> str:
    parts = KEEP.split(text)
    return "".join(part if KEEP.fullmatch(part) else to_cyrillic(part) for part in parts)


def main() -> None:
    with (TRANSLATIONS / "sr_Latn" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        latin = read_po(handle, locale="sr_Latn")
    target = TRANSLATIONS / "sr_Cyrl" / "LC_MESSAGES" / "messages.po"
    with target.open("rb") as handle:
        catalog = read_po(handle, locale="sr_Cyrl")
    for message in catalog:
        if not message.id:
            continue
        source = latin.get(message.id, message.context)
        if source is None or not source.string:
            continue
        if isinstance(source.string, tuple):
            message.string = tuple(cyrillic(s) for s in source.string)
        else:
            message.string = cyrillic(source.string)
        message.flags.discard("fuzzy")
    with target.open("wb") as handle:
        write_po(handle, catalog, width=100)


if __name__ == "__main__":
    main()
