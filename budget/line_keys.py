"""Line keys: what identifies a budget line within a jurisdiction's fiscal year.

Five classification codes, '' where a code is empty (the economic account is required). Tags
attach to a line key, not to a document, so one tag weighs the line in every document of the
year. The text form `program|activity|function|economic|source` is how pages, forms and the
audit log write a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass, fields
from typing import Any

KEY_CODES = ("program", "activity", "function", "economic", "source")
SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class LineKey:
    program: str = ""
    activity: str = ""
    function: str = ""
    economic: str = ""
    source: str = ""

    @classmethod
    def parse(cls, text: str | None) -> LineKey | None:
        """`program|activity|function|economic|source`, or None when it is not a key."""
        parts = (text or "").split(SEPARATOR)
        if len(parts) != len(KEY_CODES) or not parts[3]:
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
        return SEPARATOR.join(astuple(self))

    @property
    def shown(self) -> str:
        """For reading: the codes that are not empty, with a middle dot between them."""
        return " · ".join(code for code in astuple(self) if code)

    def as_dict(self) -> dict[str, str]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def codes(self) -> tuple[str, ...]:
        return astuple(self)

    def __str__(self) -> str:
        return self.text
