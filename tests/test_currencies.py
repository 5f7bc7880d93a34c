"""Exchange rates: the import rules, and amounts in euro that are the exact local figures divided
by the year's rate, rounded only at output; never two currencies added together."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from budget.audit.models import AuditEntry
from budget.currencies.models import ExchangeRate
from budget.currencies.services import MissingRate, rate
from budget.extensions import db

REGION = """
code,name,name_en,kind,country,currency,population,roma_population
RS-A,Alfa,Alfa,municipality,RS,RSD,40000,2000
AL-B,Bashkia B,Municipality B,municipality,AL,ALL,30000,0
BA-C,Opcina C,Municipality C,municipality,BA,BAM,20000,400
ME-D,Opstina D,Municipality D,municipality,ME,EUR,10000,100
"""
BUDGET = """
jurisdiction,fiscal_year,stage,revision,as_of,program,activity,economic,amount
RS-A,2024,adopted,,,2002,2002-0001,472,117180.00
RS-A,2024,adopted,,,0901,0901-0001,463,234360.00
AL-B,2024,adopted,,,10440,,602,0.99
BA-C,2024,adopted,,,,,613900,1955.83
ME-D,2024,adopted,,,P1,,4141,250.00
"""
TAGS = """
jurisdiction,fiscal_year,program,activity,economic,relevance,share,status
RS-A,2024,2002,2002-0001,472,targeted,,approved
AL-B,2024,10440,,602,mainstream,0.0100,approved
BA-C,2024,,,613900,targeted,,approved
ME-D,2024,P1,,4141,targeted,,approved
"""
RATES = """
currency,year,per_eur,source
RSD,2024,117.18,National Bank of Serbia
ALL,2024,2,Bank of Albania
"""


@pytest.fixture
def region(runner, write):
    for kind, text in (
        ("jurisdictions", REGION),
        ("budget", BUDGET),
        ("tags", TAGS),
        ("exchange-rates", RATES),
    ):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def summary(client, code, **args):
    return client.get(f"/api/v1/jurisdictions/{code}/years/2024/summary", query_string=args)


def test_rules_name_each_row_and_column_and_write_nothing(runner, write):
    bad = write(
        "rates.csv",
        """
        currency,year,per_eur
        rsd,2024,117.18
        RSD,20x4,117.18
        RSD,2023,0
        RSD,2022,-1
        RSD,2021,"117,18"
        RSD,2020,117.1234567
        EUR,2024,2
        BAM,2024,1.96
        MKD,2024,61.5
        MKD,2024,61.6
        ALL,2024,
        """,
    )
    result = runner.invoke(args=["import", "exchange-rates", str(bad)])
    assert result.exit_code == 1
    for where, what in (
        ("row 2, column currency", "ISO 4217"),
        ("row 3, column year", "whole number"),
        ("row 4, column per_eur", "greater than 0"),
        ("row 5, column per_eur", "greater than 0"),
        ("row 6, column per_eur", "decimal separator"),
        ("row 7, column per_eur", "at most 6 decimals"),
        ("row 8, column per_eur", "EUR is fixed at 1 per EUR"),
        ("row 9, column per_eur", "BAM is fixed at 1.95583 per EUR"),
        ("row 11, column year", "first on row 10"),
        ("row 12, column per_eur", "required"),
    ):
        line = next((x for x in result.output.splitlines() if where in x), "")
        assert what in line, (where, result.output)
    assert "rates.csv" in result.output
    assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) == 0


def test_unknown_columns_are_refused(runner, write):
    result = runner.invoke(
        args=["import", "exchange-rates", str(write("r.csv", "currency,year,rate\nRSD,2024,1\n"))]
    )
    assert result.exit_code == 1 and "rate" in result.output


def test_a_rate_imported_again_replaces_it_and_is_audited(app, runner, write):
    first = write("r.csv", "currency,year,per_eur\nRSD,2024,117.18\nMKD,2024,61.4950\n")
    result = runner.invoke(args=["import", "exchange-rates", str(first)])
    assert result.exit_code == 0 and "2 exchange rates (2 new, 0 updated)" in result.output
    again = write("r2.csv", "currency,year,per_eur\nRSD,2024,117.1234\n")
    result = runner.invoke(args=["import", "exchange-rates", str(again)])
    assert result.exit_code == 0 and "(0 new, 1 updated)" in result.output
    assert rate("RSD", 2024).per_eur == Decimal("117.1234")
    assert str(rate("MKD", 2024).per_eur) == "61.495"
    changes = [
        e.changes
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "exchange_rate.imported")
        )
    ]
    assert {"per_eur": ["117.18", "117.1234"]} in changes


def test_fixed_rates_need_no_row(app):
    assert rate("EUR", 2030).per_eur == 1
    assert rate("BAM", 2030).per_eur == Decimal("1.95583")
    with pytest.raises(MissingRate) as missing:
        rate("RSD", 2030)
    assert (missing.value.currency, missing.value.year) == ("RSD", 2030)


def test_summary_in_euro_is_exact(client, region):
    local = summary(client, "RS-A").json
    assert local["currency"] == "RSD" and local["adopted"]["tagged"] == "117180.00"
    assert "exchange_rate" not in local and "local_currency" not in local
    euro = summary(client, "RS-A", currency="EUR").json
    assert euro["currency"] == "EUR" and euro["local_currency"] == "RSD"
    assert euro["adopted"] == {"total": "3000.00", "tagged": "1000.00"}
    assert euro["exchange_rate"] == {
        "currency": "RSD",
        "year": 2024,
        "per_eur": "117.18",
        "source": "National Bank of Serbia",
    }
    # per capita in euro: 3000.00 / 40000 and 1000.00 / 2000
    assert euro["per_capita"] == {"total": "0.08", "tagged_per_roma_resident": "0.50"}
    bam = summary(client, "BA-C", currency="eur").json
    assert bam["adopted"] == {"total": "1000.00", "tagged": "1000.00"}
    assert bam["exchange_rate"]["per_eur"] == "1.95583"
    # the euro's own jurisdictions: nothing to convert
    assert summary(client, "ME-D", currency="EUR").json["adopted"]["total"] == "250.00"


def test_euro_figures_are_rounded_only_at_output(client, region):
    # 0.99 x 0.0100 = 0.0099 ALL exactly: 0.01 in leks, 0.00495 -> 0.00 in euro (converting
    # the rounded 0.01 would give 0.01)
    assert summary(client, "AL-B").json["adopted"]["tagged"] == "0.01"
    euro = summary(client, "AL-B", currency="EUR").json
    assert euro["adopted"] == {"total": "0.50", "tagged": "0.00"}
    # no Roma population: no figure per Roma resident
    assert euro["per_capita"]["tagged_per_roma_resident"] is None


def test_aggregate_in_euro(client, region):
    answer = client.get(
        "/api/v1/jurisdictions/RS-A/years/2024/aggregate",
        query_string={"group": "program", "currency": "EUR"},
    )
    assert answer.status_code == 200
    rows = {r["key"]: r["adopted"] for r in answer.json["rows"]}
    assert rows == {
        "0901": {"total": "2000.00", "tagged": "0.00"},
        "2002": {"total": "1000.00", "tagged": "1000.00"},
    }
    assert answer.json["currency"] == "EUR"
    local = client.get(
        "/api/v1/jurisdictions/RS-A/years/2024/aggregate", query_string={"group": "program"}
    )
    assert {r["key"]: r["adopted"]["total"] for r in local.json["rows"]} == {
        "0901": "234360.00",
        "2002": "117180.00",
    }
    assert "currency" not in local.json  # as before: the jurisdiction's own currency


def test_a_missing_rate_is_422_naming_currency_and_year(client, region, runner, write):
    write_budget = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,economic,amount\nRS-A,2025,adopted,472,10.00\n",
    )
    assert runner.invoke(args=["import", "budget", str(write_budget)]).exit_code == 0
    for path in (
        "/api/v1/jurisdictions/RS-A/years/2025/summary?currency=EUR",
        "/api/v1/jurisdictions/RS-A/years/2025/aggregate?group=program&currency=EUR",
    ):
        answer = client.get(path)
        assert answer.status_code == 422, path
        assert "RSD" in answer.json["message"] and "2025" in answer.json["message"]
    assert summary(client, "RS-A", currency="USD").status_code == 400


def test_scores_in_euro_change_amounts_not_ratios(client, region, runner, write):
    local = {s["jurisdiction"]: s for s in client.get("/api/v1/scores?year=2024").json}
    euro = {s["jurisdiction"]: s for s in client.get("/api/v1/scores?year=2024&currency=EUR").json}
    assert set(local) == set(euro) == {"RS-A", "AL-B", "BA-C", "ME-D"}
    assert local["RS-A"]["currency"] == "RSD" and euro["RS-A"]["currency"] == "EUR"
    # 117180.00 RSD tagged in force / 2000 Roma residents = 58.5900 RSD = 0.5000 EUR
    assert local["RS-A"]["context"]["tagged_per_roma_resident"] == "58.5900"
    assert euro["RS-A"]["context"]["tagged_per_roma_resident"] == "0.5000"
    assert euro["BA-C"]["context"]["tagged_per_roma_resident"] == "2.5000"  # 1000 EUR / 400
    for code in local:
        assert euro[code]["index"] == local[code]["index"]
        assert euro[code]["dimensions"] == local[code]["dimensions"]
        for key in ("tagged_share", "equity_ratio", "total_execution"):
            assert euro[code]["context"][key] == local[code]["context"][key]
    # the ranking keeps its order and can be filtered by country
    assert [
        s["jurisdiction"] for s in client.get("/api/v1/scores?year=2024&currency=EUR").json
    ] == [s["jurisdiction"] for s in client.get("/api/v1/scores?year=2024").json]
    only = client.get("/api/v1/scores?year=2024&country=BA&currency=EUR").json
    assert [s["jurisdiction"] for s in only] == ["BA-C"]
    assert client.get("/api/v1/scores?year=2024&currency=GBP").status_code == 400


def test_scores_in_euro_need_every_rate(client, region, runner, write):
    db.session.execute(ExchangeRate.__table__.delete().where(ExchangeRate.currency == "ALL"))
    db.session.commit()
    answer = client.get("/api/v1/scores?year=2024&currency=EUR")
    assert answer.status_code == 422
    assert "ALL" in answer.json["message"] and "2024" in answer.json["message"]
    # one economy's ranking needs only its own rate
    assert client.get("/api/v1/scores?year=2024&currency=EUR&country=RS").status_code == 200
