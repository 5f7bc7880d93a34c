"""The national measures page and the annual report (XLSX) of the regional reporting tool, per
jurisdiction and nationally, against figures computed by hand."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

MEASURES = (
    "code,title,title_en,area,level,jurisdiction,parent\n"
    "M-ED,Obrazovanje,Education,education,national,,\n"
    "M-HE,Zdravlje,Health,health,national,,\n"
    "RS-Y-LAP-1,Asistenti Ipsilon,Assistants in Ipsilon,education,local,RS-Y,M-ED\n"
)
BUDGET = (
    "jurisdiction,fiscal_year,stage,revision,as_of,program,activity,economic,amount\n"
    "RS-X,2025,adopted,,,2002,2002-0001,472,1000.00\n"
    "RS-X,2025,adopted,,,0901,0901-0001,472,500.00\n"
    "RS-X,2025,executed,,2025-12-31,2002,2002-0001,472,800.00\n"
    "RS-Y,2025,adopted,,,2003,2003-0001,472,300.00\n"
    "RS-Y,2025,executed,,2025-12-31,2003,2003-0001,472,150.00\n"
)
TAGS = (
    "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,share,"
    "beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,status\n"
    "RS-X,2025,2002,2002-0001,472,M-ED,targeted,,10,4,2,approved\n"
    "RS-X,2025,0901,0901-0001,472,M-ED,mainstream,0.5,100,50,30,approved\n"
    "RS-X,2025,0901,0901-0001,472,M-HE,mainstream,0.2,,,,draft\n"
    "RS-Y,2025,2003,2003-0001,472,RS-Y-LAP-1,targeted,,20,20,12,approved\n"
)
PLANS = (
    "jurisdiction,fiscal_year,measure,planned_cost\n"
    "RS-X,2025,M-ED,2000.00\n"
    "RS-Y,2025,RS-Y-LAP-1,500.00\n"
)
INDICATORS = (
    "code,measure,name,name_en,unit,baseline_year,baseline_value,target_year,target_value\n"
    "IND-ED-1,M-ED,Završena osnovna škola,Primary completion,percent,2022,64.0,2030,90.0\n"
    "IND-HE-1,M-HE,Zdravstveno osiguranje,Health insurance,percent,2022,80,2030,95\n"
    "IND-Y-1,RS-Y-LAP-1,Učenici uz asistente,Pupils with assistants,number,2022,10,2027,30\n"
)
VALUES = (
    "indicator,year,value,sex\nIND-ED-1,2025,71.5,\nIND-ED-1,2025,75.5,female\nIND-Y-1,2025,20,\n"
)


@pytest.fixture
def region(runner, write, jurisdictions):
    for kind, text in (
        ("measures", MEASURES),
        ("budget", BUDGET),
        ("tags", TAGS),
        ("plans", PLANS),
        ("indicators", INDICATORS),
        ("indicator-values", VALUES),
    ):
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))

    def cell(value):  # a number cell read back as the decimal it was written from
        return Decimal(repr(value)) if isinstance(value, float) else value

    return {
        sheet.title: [tuple(cell(v) for v in row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book
    }


def by_first(rows: list[tuple], column: str) -> dict:
    head = rows[0]
    at = head.index(column)
    return {row[at]: dict(zip(head, row, strict=True)) for row in rows[1:]}


def test_the_jurisdiction_report_adds_up_as_by_hand(client, region):
    book = sheets(client.get("/jurisdictions/RS-X/years/2025/annual-report.xlsx?lang=en"))
    assert list(book) == ["About this report", "Measures", "Activities", "Indicators"]
    about = dict(book["About this report"][1:])
    assert about["Scope"] == "Example" and about["Year"] == 2025 and about["Currency"] == "RSD"
    measures = by_first(book["Measures"], "Measure")
    education = measures["M-ED"]
    # adopted = in force: 1000.00 targeted + 0.5 x 500.00; executed: 800.00 + 0.5 x 0.00
    assert education["Adopted (RSD)"] == Decimal("1250.00")
    assert education["In force (RSD)"] == Decimal("1250.00")
    assert education["Spent (executed) (RSD)"] == Decimal("800.00")
    assert education["Execution rate"] == Decimal("0.64")
    assert education["Budget planned (RSD)"] == Decimal("2000.00")
    assert education["Activities (tagged budget lines)"] == 2
    assert (education["Beneficiaries: Roma"], education["Beneficiaries: Roma women"]) == (54, 32)
    assert education["Indicator progress"] == (
        "IND-ED-1: 71.5 in 2025, 29% of the way (38% expected), off track"
    )
    assert education["Signals"] == "Money was spent, but an indicator is off track."
    health = measures["M-HE"]  # the draft tag does not count
    assert (
        health["In force (RSD)"] == Decimal("0") and health["Activities (tagged budget lines)"] == 0
    )
    assert health["Signals"] == "Progress is promised, but no approved tag funds this measure."
    assert "RS-Y-LAP-1" not in measures  # another jurisdiction's measure

    activities = by_first(book["Activities"], "Program")
    assert activities["2002"]["In force, Roma-relevant"] == Decimal("1000.00")
    assert activities["2002"]["Executed, Roma-relevant"] == Decimal("800.00")
    # 4 Roma and 2 Roma women identify people: "<5" in public
    assert activities["2002"]["Beneficiaries: Roma"] == "<5"
    assert activities["2002"]["Beneficiaries: Roma women"] == "<5"
    assert activities["0901"]["In force, Roma-relevant"] == Decimal("250.00")
    assert activities["0901"]["Executed, Roma-relevant"] == Decimal("0")
    assert activities["0901"]["Share"] == Decimal("0.5")

    indicators = by_first(book["Indicators"], "Indicator")
    primary = indicators["IND-ED-1"]
    assert (primary["Name"], primary["Value"], primary["women"], primary["men"]) == (
        "Primary completion",
        Decimal("71.5"),
        Decimal("75.5"),
        None,
    )
    assert (primary["Progress"], primary["Expected progress"], primary["Status"]) == (
        Decimal("0.2885"),
        Decimal("0.375"),
        "off track",
    )
    assert indicators["IND-HE-1"]["Status"] == "no data yet"


def test_the_national_report_counts_local_measures_under_their_national_one(client, region):
    book = sheets(client.get("/countries/RS/years/2025/annual-report.xlsx?lang=en"))
    measures = by_first(book["Measures"], "Measure")
    assert set(measures) == {"M-ED", "M-HE"}  # the national strategy's measures
    education = measures["M-ED"]
    # RS-X 1250.00 + RS-Y's local measure implementing M-ED 300.00; executed 800.00 + 150.00
    assert education["Adopted (RSD)"] == Decimal("1550.00")
    assert education["Spent (executed) (RSD)"] == Decimal("950.00")
    assert education["Execution rate"] == Decimal("0.6129")  # 950 / 1550, 4 decimals half-up
    assert education["Budget planned (RSD)"] == Decimal("2500.00")  # 2000.00 + 500.00
    assert (education["Beneficiaries: Roma"], education["Beneficiaries: Roma women"]) == (74, 44)
    assert education["Jurisdictions funding it"] == 2
    assert education["Activities (tagged budget lines)"] == 3
    activities = book["Activities"]
    local = [row for row in activities[1:] if row[activities[0].index("Local measure")]]
    assert len(local) == 1 and local[0][0] == "Ipsilon" and local[0][1] == "M-ED"
    # the national indicators only: a local indicator belongs to its jurisdiction's report
    assert set(by_first(book["Indicators"], "Indicator")) == {"IND-ED-1", "IND-HE-1"}


def test_the_national_measures_page(client, region):
    page = client.get("/countries/RS/years/2025/measures?lang=en").get_data(as_text=True)
    assert "The national strategy's measures and indicators 2025" in page
    assert "2 measures with money or an indicator in this year." in page
    assert "1,550.00 RSD" in page and "950.00 RSD" in page and "2,500.00 RSD" in page
    assert "Money was spent, but an indicator is off track." in page
    assert "Primary completion" in page and "Završena" not in page
    assert "Pupils with assistants" not in page
    assert 'href="/countries/RS/years/2025/annual-report.xlsx"' in page
    filtered = client.get("/countries/RS/years/2025/measures?lang=en&area=health").get_data(
        as_text=True
    )
    assert "1 measure with money or an indicator" in filtered and "M-ED" not in filtered
    by_status = client.get("/countries/RS/years/2025/measures?lang=en&status=off_track").get_data(
        as_text=True
    )
    assert "M-ED" in by_status and "M-HE ·" not in by_status
    chart = client.get("/countries/RS/years/2025/indicators/IND-ED-1.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert client.get("/countries/RS/years/2025/indicators/IND-Y-1.svg").status_code == 404  # local
    assert client.get("/countries/RS/years/1999/measures").status_code == 404
    assert client.get("/countries/RS/years/1999/annual-report.xlsx").status_code == 404
    assert client.get("/jurisdictions/RS-X/years/1999/annual-report.xlsx").status_code == 404
    serbian = client.get("/countries/RS/years/2025/measures?lang=sr-Latn").get_data(as_text=True)
    assert "1.550,00 RSD" in serbian and "Završena osnovna škola" in serbian


def test_a_report_without_tags_is_still_a_report(client, runner, write, jurisdictions):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,472,1.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0
    book = sheets(client.get("/jurisdictions/RS-X/years/2024/annual-report.xlsx?lang=en"))
    assert book["Measures"][1:] == [] and book["Activities"][1:] == []
    national = sheets(client.get("/countries/RS/years/2024/annual-report.xlsx?lang=en"))
    assert len(national) == 6  # with the priority areas and the institutional questions
    assert national["Priority areas"][1:] == []
    assert [row[0] for row in national["Institutional questions"][1:]] == ["Example"]
    page = client.get("/countries/RS/years/2024/measures?lang=en").get_data(as_text=True)
    assert "No measure has approved money or an indicator in this year." in page
