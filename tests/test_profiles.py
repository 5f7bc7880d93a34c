"""Economy profiles: each economy's budget codes in its own shape; `import budget` refuses a code
that breaks its country's profile, naming the row and the column."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from budget.budgets.models import BudgetLine
from budget.classifications.profiles import COUNTRIES, profiles
from budget.extensions import db

REGION = """
code,name,kind,country,currency
RS-A,Alfa,municipality,RS,RSD
MK-B,Opština B,municipality,MK,MKD
AL-C,Bashkia C,municipality,AL,ALL
BA-D,Općina D,municipality,BA,BAM
ME-E,Opština E,municipality,ME,EUR
XK-F,Komuna F,municipality,XK,EUR
"""
HEADER = "jurisdiction,fiscal_year,stage,program,activity,function,economic,source,amount\n"


@pytest.fixture
def region(runner, write):
    result = runner.invoke(args=["import", "jurisdictions", str(write("j.csv", REGION))])
    assert result.exit_code == 0, result.output


def import_rows(runner, write, *rows: str):
    path = write("budget.csv", HEADER + "".join(f"{row}\n" for row in rows))
    return runner.invoke(args=["import", "budget", str(path)])


def test_every_economy_has_a_profile_with_its_currency():
    found = profiles()
    assert set(found) == set(COUNTRIES)
    assert {c: p.currency for c, p in found.items()} == {
        "RS": "RSD",
        "MK": "MKD",
        "AL": "ALL",
        "BA": "BAM",
        "ME": "EUR",
        "XK": "EUR",
    }
    for country, found_profile in found.items():
        for part, rule in found_profile.rules.items():
            assert rule.status in ("confirmed", "assumed"), (country, part)
            for example in rule.example.split(", "):
                assert rule.matches(example), (country, part, example)


# The shapes the contract promises each profile accepts (and every part may be empty but economic).
ACCEPTED = [
    "RS-A,2024,adopted,0901,0901-0001,070,472,01,1.00",
    "RS-A,2024,adopted,0901,0901-P1,070,4819,01,1.00",
    "MK-B,2024,adopted,A00,,,424,,1.00",
    "MK-B,2024,adopted,K40,,,401110,,1.00",
    "AL-C,2024,adopted,10440,,,602,,1.00",
    "BA-D,2024,adopted,,,,613900,,1.00",
    "ME-E,2024,adopted,P1,,,4141,,1.00",
    "ME-E,2024,adopted,010101,,,431100,,1.00",
    "XK-F,2024,adopted,18000,,,4141,,1.00",
    "XK-F,2024,adopted,ABC123,,,431100,,1.00",
    "RS-A,2024,adopted,,,,472,,1.00",
]


def test_the_promised_shapes_import(runner, write, region):
    result = import_rows(runner, write, *ACCEPTED)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == len(ACCEPTED)


@pytest.mark.parametrize(
    ("row", "column", "country"),
    [
        ("MK-B,2024,adopted,0901,,,424,,1.00", "program", "North Macedonia"),
        ("MK-B,2024,adopted,A0000,,,424,,1.00", "program", "North Macedonia"),
        ("MK-B,2024,adopted,A00,,,524,,1.00", "economic", "North Macedonia"),
        ("MK-B,2024,adopted,A00,,,42,,1.00", "economic", "North Macedonia"),
        ("MK-B,2024,adopted,A00,,,4011101,,1.00", "economic", "North Macedonia"),
        ("AL-C,2024,adopted,1044,,,602,,1.00", "program", "Albania"),
        ("AL-C,2024,adopted,10440,,,6021,,1.00", "economic", "Albania"),
        ("AL-C,2024,adopted,A0440,,,602,,1.00", "program", "Albania"),
        ("BA-D,2024,adopted,,,,6139,,1.00", "economic", "Bosnia and Herzegovina"),
        ("BA-D,2024,adopted,,,,613900A,,1.00", "economic", "Bosnia and Herzegovina"),
        ("ME-E,2024,adopted,P1234567,,,4141,,1.00", "program", "Montenegro"),
        ("ME-E,2024,adopted,P-1,,,4141,,1.00", "program", "Montenegro"),
        ("ME-E,2024,adopted,P1,,,414,,1.00", "economic", "Montenegro"),
        ("XK-F,2024,adopted,18000,,,4141000,,1.00", "economic", "Kosovo*"),
        ("XK-F,2024,adopted,18000,,,41A1,,1.00", "economic", "Kosovo*"),
    ],
)
def test_a_code_outside_its_profile_is_refused(runner, write, region, row, column, country):
    result = import_rows(runner, write, ACCEPTED[0], row)
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "row 3" in x)
    assert f"column {column}" in line and f"code in {country}" in line, line
    assert "e.g." in line  # the message shows what the profile expects
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0


def test_one_economys_shape_is_no_rule_for_another(runner, write, region):
    # a letter-coded program is North Macedonian; in Serbia the general format applies
    result = import_rows(runner, write, "RS-A,2024,adopted,A00,,,4011101,,1.00")
    assert result.exit_code == 0, result.output


def test_the_seeded_code_lists_follow_their_profiles_and_say_what_is_confirmed():
    import csv
    from pathlib import Path

    from budget.classifications.profiles import GENERAL

    folder = Path(__file__).parents[1] / "seeds" / "codelists"
    assert {p.stem for p in folder.glob("*.csv")} == set(COUNTRIES)
    for path in folder.glob("*.csv"):
        found = profiles()[path.stem]
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path.name
        for row in rows:
            rule = found.rule(row["scheme"]) or GENERAL
            assert rule.matches(row["code"]), (path.name, row["code"])
            assert row["status"] in ("confirmed", "assumed"), (path.name, row["code"])
            assert row["label"] and row["label_en"], (path.name, row["code"])
