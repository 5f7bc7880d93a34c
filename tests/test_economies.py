"""Six economies side by side: each country page sums only its own jurisdictions, in its own
currency; the ranking is per economy; the old national addresses lead to Serbia's page."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest

REGION = """
code,name,name_en,kind,country,currency,population,roma_population
RS-A,Alfa,Alfa,municipality,RS,RSD,40000,2000
RS-B,Beta,Beta,municipality,RS,RSD,60000,1000
AL-C,Bashkia C,Municipality C,municipality,AL,ALL,30000,600
XK-D,Komuna D,Municipality D,municipality,XK,EUR,20000,400
"""
BUDGET = """
jurisdiction,fiscal_year,stage,program,economic,amount
RS-A,2024,adopted,2002,472,1000.00
RS-A,2024,adopted,0602,411,9000.00
RS-B,2024,adopted,2002,472,500.00
AL-C,2024,adopted,10440,602,7777.00
AL-C,2024,adopted,01110,600,2223.00
XK-D,2024,adopted,18000,4141,300.00
"""
TAGS = """
jurisdiction,fiscal_year,program,economic,relevance,status
RS-A,2024,2002,472,targeted,approved
RS-B,2024,2002,472,targeted,approved
AL-C,2024,10440,602,targeted,approved
XK-D,2024,18000,4141,targeted,approved
"""


@pytest.fixture
def region(runner, write):
    for kind, text in (("jurisdictions", REGION), ("budget", BUDGET), ("tags", TAGS)):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def rows_of(client, path: str, table: str) -> list[dict]:
    joiner = "&" if "?" in path else "?"
    answer = client.get(f"{path}{joiner}table={table}&format=csv&lang=en")
    assert answer.status_code == 200, (path, table)
    text = answer.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_each_country_page_adds_up_only_its_own_economy(client, region):
    serbia = rows_of(client, "/countries/RS/years/2024", "RS-2024-jurisdictions")
    assert [r["code"] for r in serbia] == ["RS-A", "RS-B", ""]
    total = serbia[-1]
    assert total["adopted_total"] == "10500.00"  # 10,000 + 500 dinars: no leks, no euro
    assert total["adopted_tagged"] == "1500.00"
    albania = rows_of(client, "/countries/AL/years/2024", "AL-2024-jurisdictions")
    assert [r["code"] for r in albania] == ["AL-C", ""]
    assert albania[-1]["adopted_total"] == "10000.00"
    kosovo = rows_of(client, "/countries/XK/years/2024", "XK-2024-jurisdictions")
    assert kosovo[-1]["adopted_tagged"] == "300.00"
    areas = rows_of(client, "/countries/AL/years/2024", "AL-2024-area")
    assert [r["adopted_tagged"] for r in areas] == ["7777.00"]


def test_country_pages_name_the_currency_and_the_other_economies(client, region):
    page = client.get("/countries/AL/years/2024?lang=en").get_data(as_text=True)
    assert "Overview of Albania 2024" in page and "in ALL" in page
    assert 'href="/countries/RS/years/2024"' in page and 'href="/countries/XK/years/2024"' in page
    assert "UNSCR 1244/1999" in page  # Kosovo* is named among the economies
    serbia_only = client.get("/countries/RS/years/2024?lang=en").get_data(as_text=True)
    assert "in RSD" in serbia_only and "Bashkia" not in serbia_only
    assert client.get("/countries/ME/years/2024").status_code == 404  # no budgets there
    assert client.get("/countries/FR/years/2024").status_code == 404
    assert client.get("/countries/RS/years/2023").status_code == 404


def test_the_ranking_is_per_economy(client, region):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Ranking: Serbia" in page
    ranking = rows_of(client, "/", "ranking-2024-RS")
    assert {r["jurisdiction"] for r in ranking} == {"Alfa", "Beta"}
    albania = rows_of(client, "/?country=AL", "ranking-2024-AL")
    assert [r["jurisdiction"] for r in albania] == ["Municipality C"]
    assert "Ranking: Albania" in client.get("/?country=al&lang=en").get_data(as_text=True)
    api = client.get("/api/v1/scores?year=2024&country=RS").json
    assert {s["jurisdiction"] for s in api} == {"RS-A", "RS-B"}
    assert {s["currency"] for s in api} == {"RSD"}


def test_every_api_total_stays_in_its_currency(client, region):
    expected = {"RS-A": ("RSD", "10000.00"), "AL-C": ("ALL", "10000.00"), "XK-D": ("EUR", "300.00")}
    for code, (currency, total) in expected.items():
        summary = client.get(f"/api/v1/jurisdictions/{code}/years/2024/summary").json
        assert (summary["currency"], summary["adopted"]["total"]) == (currency, total)


def test_the_national_addresses_lead_to_serbia(client, region):
    for old, new in (
        ("/national/2024?lang=en", "/countries/RS/years/2024?lang=en"),
        ("/national/2024/measures?area=health", "/countries/RS/years/2024/measures?area=health"),
        ("/national/2024/charts/areas.svg", "/countries/RS/years/2024/charts/areas.svg"),
        ("/national/2024/annual-report.xlsx", "/countries/RS/years/2024/annual-report.xlsx"),
        ("/national/2024/indicators/X.svg", "/countries/RS/years/2024/indicators/X.svg"),
    ):
        answer = client.get(old)
        assert answer.status_code == 301, old
        assert answer.headers["Location"].endswith(new), answer.headers["Location"]


def test_a_jurisdiction_must_use_its_economys_currency(runner, write):
    bad = write("j.csv", "code,name,kind,country,currency\nRS-E,E,municipality,RS,EUR\n")
    result = runner.invoke(args=["import", "jurisdictions", str(bad)])
    assert result.exit_code == 1
    assert "row 2, column currency" in result.output and "RSD" in result.output


RATES = "currency,year,per_eur,source\nRSD,2024,117.18,NBS\nALL,2024,100,Bank of Albania\n"


def test_the_region_in_euro_adds_up_the_economies_to_the_cent(client, region, runner, write):
    from decimal import Decimal

    no_rates = client.get("/region/years/2024?lang=en").get_data(as_text=True)
    assert "No exchange rate of RSD for 2024" in no_rates  # left out, and said so
    assert (
        runner.invoke(args=["import", "exchange-rates", str(write("r.csv", RATES))]).exit_code == 0
    )
    rows = rows_of(client, "/region/years/2024", "region-2024")
    by_name = {r["economy"]: r for r in rows}
    assert set(by_name) == {"Albania", "Kosovo*", "Serbia", "Region"}
    # Serbia 10,500.00 RSD in force at 117.18 = 89.6057... -> 89.61 EUR; Albania 10,000 ALL
    # at 100 = 100.00; Kosovo* 300.00 EUR as it is
    assert by_name["Serbia"]["in_force_total"] == "89.61"
    assert by_name["Albania"]["in_force_total"] == "100.00"
    assert by_name["Kosovo*"]["in_force_total"] == "300.00"
    for figure in ("in_force_total", "in_force_tagged"):
        parts = sum(Decimal(by_name[n][figure]) for n in ("Albania", "Kosovo*", "Serbia"))
        assert Decimal(by_name["Region"][figure]) == parts, figure
    # per Roma resident from the exact euro figure: Serbia 1,500 RSD / 117.18 / 3,000 = 0.0043
    assert by_name["Serbia"]["per_roma_resident"] == "0.00"
    assert by_name["Albania"]["per_roma_resident"] == "0.13"  # 77.77 EUR / 600
    assert by_name["Kosovo*"]["tagged_share"] == "1.0000"
    page = client.get("/region/years/2024?lang=en").get_data(as_text=True)
    assert "117.18 RSD (2024; NBS)" in page and "UNSCR 1244/1999" in page
    assert client.get("/region").status_code == 302
    assert client.get("/region/years/1999").status_code == 404


def test_the_currency_switch_converts_every_table_and_prints_the_rate(
    client, region, runner, write
):
    assert (
        runner.invoke(args=["import", "exchange-rates", str(write("r.csv", RATES))]).exit_code == 0
    )
    page = client.get("/jurisdictions/RS-A/years/2024?currency=EUR&lang=en").get_data(as_text=True)
    assert "Converted to euro at 117.18 RSD per EUR" in page and "NBS" in page
    assert "85.34" in page  # 10,000.00 RSD adopted / 117.18
    assert 'aria-current="true"><abbr title="Euro">EUR</abbr>' in page  # its name in words
    rows = rows_of(client, "/countries/RS/years/2024?currency=EUR", "RS-2024-jurisdictions-EUR")
    assert [r["adopted_total"] for r in rows] == ["85.34", "4.27", "89.61"]
    assert rows[-1]["adopted_tagged"] == "12.80"  # 1,500.00 / 117.18 = 12.8008...
    local = rows_of(client, "/countries/RS/years/2024", "RS-2024-jurisdictions")
    assert local[-1]["adopted_total"] == "10500.00"
    breakdown = client.get("/jurisdictions/AL-C/years/2024/by/program?currency=EUR&format=csv")
    assert "77.77" in breakdown.get_data(as_text=True)  # 7,777.00 ALL at 100
    # a year without a rate says so and stays local; euro economies need no switch
    no_rate = client.get("/jurisdictions/RS-A/years/2024?currency=EUR&lang=en")
    assert no_rate.status_code == 200
    kosovo = client.get("/jurisdictions/XK-D/years/2024?lang=en").get_data(as_text=True)
    assert "Amounts in:" not in kosovo


def test_a_year_without_a_rate_stays_local_and_says_so(client, region):
    page = client.get("/jurisdictions/RS-A/years/2024?currency=EUR&lang=en").get_data(as_text=True)
    assert "No exchange rate of RSD for 2024 has been imported yet" in page
    assert "10,000.00" in page


def test_a_national_measure_serves_its_own_economy(client, region, runner, write, make_user):
    measures = write(
        "m.csv",
        "code,title,area,level,country\n"
        "NS-RS,Srbija,education,national,RS\n"
        "NS-ANY,Bilo koja,health,national,\n"
        "NS-AL,Shqipëria,education,national,AL\n",
    )
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    codes = {m["code"] for m in client.get("/api/v1/jurisdictions/AL-C/years/2024/measures").json}
    assert "NS-RS" not in codes
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,economic,measure,relevance,status\n"
        "AL-C,2024,10440,602,NS-RS,targeted,approved\n",
    )
    result = runner.invoke(args=["import", "tags", str(tags)])
    assert result.exit_code == 1 and "another economy's strategy" in result.output
    ok = write(
        "t2.csv",
        "jurisdiction,fiscal_year,program,economic,measure,relevance,share,status\n"
        "AL-C,2024,01110,600,NS-AL,mainstream,0.2,approved\n"
        "AL-C,2024,01110,600,NS-ANY,mainstream,0.1,approved\n",
    )
    result = runner.invoke(args=["import", "tags", str(ok)])
    assert result.exit_code == 0, result.output
    bad = write("m2.csv", "code,title,area,level,jurisdiction,country\nL,x,health,local,RS-A,RS\n")
    result = runner.invoke(args=["import", "measures", str(bad)])
    assert result.exit_code == 1 and "row 2, column country" in result.output


def test_the_regional_annual_report_of_an_economy(client, region, runner, write):
    from decimal import Decimal

    from tests.test_indicator_report import sheets

    assert (
        runner.invoke(args=["import", "exchange-rates", str(write("r.csv", RATES))]).exit_code == 0
    )
    measures = write("m.csv", "code,title,area,level,country\nNS-AL,Arsimi,education,national,AL\n")
    assert runner.invoke(args=["import", "measures", str(measures)]).exit_code == 0
    tags = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,economic,measure,relevance,share,beneficiaries_total,"
        "beneficiaries_roma,status\n"
        "AL-C,2024,01110,600,NS-AL,mainstream,0.5,40,20,approved\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    answers = write(
        "q.csv",
        "jurisdiction,fiscal_year,item,answer\nAL-C,2024,lap_in_force,yes\n"
        "AL-C,2024,roma_coordinator,no\n",
    )
    result = runner.invoke(args=["import", "questionnaire", str(answers)])
    assert result.exit_code == 0, result.output
    page = client.get("/jurisdictions/AL-C/years/2024/measures?currency=EUR&lang=en")
    assert "11.12" in page.get_data(as_text=True)  # the measures page on the currency switch
    country = client.get("/countries/AL/years/2024/measures?currency=EUR&lang=en")
    assert "11.12" in country.get_data(as_text=True)
    book = sheets(client.get("/countries/AL/years/2024/annual-report.xlsx?lang=en"))
    assert {"Priority areas", "Institutional questions", "Measures"} <= set(book)
    header, *rows = book["Measures"]
    row = dict(zip(header, rows[0], strict=True))
    # 0.5 x 2,223.00 ALL = 1,111.50 ALL in force; at 100 ALL per EUR: 11.12 (11.115 half-up)
    assert row["In force (ALL)"] == Decimal("1111.5")
    assert row["In force (EUR)"] == Decimal("11.12")
    header, *areas = book["Priority areas"]
    education = dict(zip(header, areas[0], strict=True))
    assert education["Area"] == "Education" and education["Beneficiaries: Roma"] == 20
    header, *answered = book["Institutional questions"]
    only = dict(zip(header, answered[0], strict=True))
    assert only["Jurisdiction"] == "Municipality C"
    assert only["A local action plan for Roma inclusion is in force"] == "yes"
    assert only["A Roma coordinator is employed"] == "no"
    assert only["Roma were consulted on the budget"] == "not answered"
    about = dict(book["About this report"][1:])
    assert (
        about["Scope"] == "Albania"
        and "100 ALL (2024; Bank of Albania)" in about["Exchange rate (units per EUR)"]
    )


def test_comparing_across_economies_is_in_euro_only(client, region, runner, write):
    assert (
        runner.invoke(args=["import", "exchange-rates", str(write("r.csv", RATES))]).exit_code == 0
    )
    rows = rows_of(client, "/compare?year=2024&j=RS-A&j=AL-C&j=XK-D", "compare-2024-RS-A-AL-C-XK-D")
    by_code = {r["jurisdiction"]: r for r in rows}
    assert {r["currency"] for r in rows} == {"EUR"}
    assert by_code["Alfa"]["in_force"] == "85.34"  # 10,000.00 RSD / 117.18
    assert by_code["Municipality C"]["in_force"] == "100.00"  # 10,000.00 ALL / 100
    assert by_code["Municipality D"]["in_force"] == "300.00"
    page = client.get("/compare?year=2024&j=RS-A&j=AL-C&lang=en").get_data(as_text=True)
    assert "Several currencies: the amounts are in euro" in page and "117.18 RSD" in page
    same = rows_of(client, "/compare?year=2024&j=RS-A&j=RS-B", "compare-2024-RS-A-RS-B")
    assert same[0]["currency"] == "RSD" and same[0]["in_force"] == "10000.00"


def test_labels_name_the_people_as_each_economys_strategy_does(client, region):
    albania = client.get("/jurisdictions/AL-C?lang=en").get_data(as_text=True)
    assert "Roma and Egyptian population" in albania and "UNSCR" not in albania
    kosovo = client.get("/jurisdictions/XK-D?lang=en").get_data(as_text=True)
    assert "Roma, Ashkali and Egyptian population" in kosovo and "UNSCR 1244/1999" in kosovo
    assert "UNSCR 1244/1999" in client.get("/jurisdictions/XK-D/years/2024").get_data(as_text=True)
    serbia = client.get("/jurisdictions/RS-A?lang=en").get_data(as_text=True)
    assert "Roma population" in serbia and "Egyptian" not in serbia
    # names in Albanian stay as written on Cyrillic pages, marked with their language
    cyrillic = client.get("/jurisdictions?lang=sr-Cyrl").get_data(as_text=True)
    assert '<span lang="sq">Bashkia C</span>' in cyrillic
    # and Serbian names on an Albanian page, marked as Serbian
    albanian = client.get("/jurisdictions?lang=sq").get_data(as_text=True)
    assert '<span lang="sr-Latn">Alfa</span>' in albanian
    assert '<span lang="sq">Bashkia C</span>' not in albanian  # its own language: as it is


def test_the_findings_speak_the_currency_of_the_switch(client, region, runner, write):
    """The year page's findings say their amounts in the currency the tables are in."""
    import re

    assert (
        runner.invoke(args=["import", "exchange-rates", str(write("r.csv", RATES))]).exit_code == 0
    )
    finding = re.compile(r"of the budget in force \(([^)]*)\) is Roma-relevant")
    local = client.get("/jurisdictions/RS-A/years/2024?lang=en").get_data(as_text=True)
    euro = client.get("/jurisdictions/RS-A/years/2024?currency=EUR&lang=en").get_data(as_text=True)
    amount_local = finding.search(local).group(1)
    amount_euro = finding.search(euro).group(1)
    assert amount_local.endswith(" RSD") and amount_euro.endswith(" EUR")
    # the exact local figure divided by the rate, rounded half-up to the cent only when shown
    exact = Decimal(amount_local.removesuffix(" RSD").replace(",", "")) / Decimal("117.18")
    assert amount_euro == f"{exact.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,} EUR"
