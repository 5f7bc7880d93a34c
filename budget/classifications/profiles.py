"""Economy profiles: what each economy's budget codes look like, its currency, languages and
how its policies name the Roma. Kept as data (profiles.toml) so that a corrected shape is a data
change; every import of a budget checks its codes against the profile of the country."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from budget.importing.checks import CODE_PATTERN

PROFILES_FILE = Path(__file__).with_name("profiles.toml")
PARTS = ("program", "activity", "function", "economic", "source")
COUNTRIES = ("AL", "BA", "XK", "ME", "MK", "RS")  # the six economies, in the region's order


@dataclass(frozen=True)
class PartRule:
    pattern: str
    example: str
    status: str  # confirmed | assumed

    def matches(self, code: str) -> bool:
        return re.fullmatch(self.pattern, code) is not None


@dataclass(frozen=True)
class Profile:
    country: str
    name: str
    name_local: str
    currency: str
    languages: tuple[str, ...]
    roma_term: str
    rules: dict[str, PartRule] = field(default_factory=dict)

    def rule(self, part: str) -> PartRule | None:
        return self.rules.get(part)


GENERAL = PartRule(CODE_PATTERN, "0901, 472", "confirmed")


@cache
def profiles() -> dict[str, Profile]:
    data = tomllib.loads(PROFILES_FILE.read_text(encoding="utf-8"))
    found = {}
    for country, entry in data.items():
        rules = {
            part: PartRule(entry[part]["pattern"], entry[part]["example"], entry[part]["status"])
            for part in PARTS
            if part in entry
        }
        for part, rule in rules.items():
            re.compile(rule.pattern)  # a broken pattern fails at start-up, not on an import
            if rule.status not in ("confirmed", "assumed"):
                raise ValueError(f"{country}.{part}: status is confirmed or assumed")
        found[country] = Profile(
            country=country,
            name=entry["name"],
            name_local=entry["name_local"],
            currency=entry["currency"],
            languages=tuple(entry["languages"]),
            roma_term=entry["roma_term"],
            rules=rules,
        )
    return found


def profile(country: str) -> Profile | None:
    return profiles().get(country)
