"""Folding text for search: lower case, Serbian Cyrillic to Latin, no diacritics.

Stored folded next to the original (budget line descriptions) and applied to the query, so a
search for "romi", "Romi" or "Роми" finds the same lines on SQLite and PostgreSQL alike,
whatever the database's collation.
"""

from __future__ import annotations

_CYRILLIC = dict(zip(
    "абвгдђежзијклмнопрстћуфхцчшљњџ",
    ["a", "b", "v", "g", "d", "dj", "e", "z", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "c", "u", "f", "h", "c", "c", "s", "lj", "nj", "dz"],
))
FOLD = str.maketrans({**_CYRILLIC, "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj"})


def fold(text: str | None) -> str:
    return (text or "").lower().translate(FOLD)
