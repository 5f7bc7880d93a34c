"""Line keys: what identifies a budget line within a jurisdiction's fiscal year.

Five classification codes and the budget user (`unit`: razdeo/glava in Serbia, the budget
organisation or spending unit elsewhere), '' where a code is empty (the economic account is
required). Tags attach to a line key, not to a document, so one tag weighs the line in every
document of the year. The text form `program|activity|function|economic|source` (with
`|unit` after it when there is a budget user) is how pages, forms and the audit log write a
key: keys without a budget user read as they always did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass, fields
from typing import Any

CLASSIFICATION_CODES = ("program", "activity", "function", "economic", "source")
KEY_CODES = (*CLASSIFICATION_CODES, "unit")
SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class LineKey:
    program: str = ""
    activity: str = ""
    function: str = ""
    economic: str = ""
    source: str = ""
    unit: str = ""

    @classmethod
    def parse(cls, text: str | None) -> LineKey | None:
        """`program|activity|function|economic|source[|unit]`, or None when it is not a key."""
        parts = (text or "").split(SEPARATOR)
        if len(parts) not in (len(KEY_CODES) - 1, len(KEY_CODES)) or not parts[3]:
            return None
        return cls(*parts)

    @classmethod
    def of(cls, obj: Any) -> LineKey:
        """The key of anything with the five code attributes (a line, a tag, a suggestion)."""
        return cls(*(getattr(obj, code) for code in KEY_CODES))

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> LineKey:
        return cls(*(values.get(code) or "" for code in KEY_CODES))

    @property
    def text(self) -> str:
        codes = astuple(self)
        return SEPARATOR.join(codes if self.unit else codes[:-1])

    @property
    def shown(self) -> str:
        """For reading: the budget user, then the codes that are not empty, with middle dots."""
        codes = (self.unit, *astuple(self)[:-1])
        return " · ".join(code for code in codes if code)

    def as_dict(self) -> dict[str, str]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def codes(self) -> tuple[str, ...]:
        return astuple(self)

    def __str__(self) -> str:
        return self.text
