"""Folding text for search: lower case, Serbian Cyrillic to Latin, no diacritics.

Stored folded next to the original (budget line descriptions) and applied to the query, so a
search for "romi", "Romi" or "Роми" finds the same lines on SQLite and PostgreSQL alike,
whatever the database's collation.
"""

from __future__ import annotations

_CYRILLIC = dict(
    zip(
        "абвгдђежзијклмнопрстћуфхцчшљњџ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "dj",
            "e",
            "z",
            "z",
            "i",
            "j",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "c",
            "u",
            "f",
            "h",
            "c",
            "c",
            "s",
            "lj",
            "nj",
            "dz",
        ],
        strict=False,
    )
)
FOLD = str.maketrans({**_CYRILLIC, "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj"})


def fold(text: str | None) -> str:
    return (text or "").lower().translate(FOLD)


def fold_many(values) -> list[str]:
    """`fold` of a pandas Series of text, each distinct value folded once.

    Budget files repeat descriptions (the same line in the adopted budget, each rebalance and
    each execution report); ASCII text only needs lower case, done in one vectorised pass.
    """
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(values, sort=False)
    distinct = pd.Series(distinct, dtype="str")
    lowered = distinct.str.lower()
    ascii_only = distinct.str.fullmatch(r"[\x00-\x7f]*").fillna(True).to_numpy(dtype=bool)
    folded = np.asarray(lowered.tolist(), dtype=object)
    for index in np.flatnonzero(~ascii_only):
        folded[index] = folded[index].translate(FOLD)
    return folded[codes].tolist() if len(codes) else []
