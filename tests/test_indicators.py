"""Strategy indicators: the import rules, the measures API (the worked example, every status
boundary, decreasing indicators, values by sex, each signal)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from budget.extensions import db
from budget.indicators.models import Indicator, IndicatorValue

BUDGET = (
    "jurisdiction,fiscal_year,stage,revision,as_of,program,activity,economic,amount\n"
    "RS-X,2025,adopted,,,2002,2002-0001,472,1000.00\n"
    "RS-X,2025,adopted,,,0901,0901-0001,472,500.00\n"
    "RS-X,2025,adopted,,,1501,1501-0001,454,300.00\n"
    "RS-X,2025,executed,,2025-12-31,2002,2002-0001,472,800.00\n"
    "RS-X,2025,executed,,2025-12-31,0901,0901-0001,472,0.00\n"
)
MEASURES = (
    "code,title,area,level,jurisdiction\n"
    "M-ED,Obrazovanje,education,national,\n"
    "M-SP,Socijalna zaštita,social_protection,national,\n"
    "M-EMP,Zapošljavanje,employment,national,\n"
    "M-HE,Zdravlje,health,national,\n"
    "RS-Y-LAP-1,Ipsilon,health,local,RS-Y\n"
)
TAGS = (
    "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,share,status\n"
    "RS-X,2025,2002,2002-0001,472,M-ED,targeted,,approved\n"
    "RS-X,2025,0901,0901-0001,472,M-SP,mainstream,0.5,approved\n"
    "RS-X,2025,1501,1501-0001,454,M-EMP,targeted,,draft\n"
)
INDICATORS = (
    "code,measure,name,unit,baseline_year,baseline_value,target_year,target_value,source\n"
    "IND-ED-1,M-ED,Primary completion of Roma children,percent,2022,64.0,2030,90.0,RZS\n"
    "IND-HE-1,M-HE,Health insurance,percent,2022,80,2030,95,\n"
)
VALUES = (
    "indicator,year,value,sex,source\n"
    "IND-ED-1,2022,60.0,,\n"
    "IND-ED-1,2024,70.0,,\n"
    "IND-ED-1,2025,71.5,,MICS\n"
    "IND-ED-1,2025,75.5,female,MICS\n"
    "IND-ED-1,2025,67.5,male,MICS\n"
    "IND-ED-1,2026,99.0,,\n"
)


@pytest.fixture
def year(runner, write):
    for kind, text in (
        ("jurisdictions", None),
        ("measures", MEASURES),
        ("budget", BUDGET),
        ("tags", TAGS),
        ("indicators", INDICATORS),
        ("indicator-values", VALUES),
    ):
        if text is None:
            continue
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
        assert result.exit_code == 0, result.output


def measures(client, year=2025, code="RS-X"):
    answer = client.get(f"/api/v1/jurisdictions/{code}/years/{year}/measures")
    assert answer.status_code == 200, answer.json
    return {m["code"]: m for m in answer.json}


def test_the_worked_example(client, jurisdictions, year):
    found = measures(client)
    education = found["M-ED"]
    assert education["tagged"] == {
        "adopted": "1000.00",
        "in_force": "1000.00",
        "executed": "800.00",
    }
    (indicator,) = education["indicators"]
    assert indicator == {
        "code": "IND-ED-1",
        "name": "Primary completion of Roma children",
        "unit": "percent",
        "baseline": {"year": 2022, "value": "64.0"},
        "target": {"year": 2030, "value": "90.0"},
        "actual": {"year": 2025, "value": "71.5"},
        "progress": "0.2885",
        "expected": "0.3750",
        "status": "off_track",
    }
    assert education["signals"] == ["funded_off_track"]


def test_which_measures_and_each_signal(client, jurisdictions, year):
    found = measures(client)
    # approved tags or an indicator: M-ED, M-SP, M-HE; M-EMP's tag is a draft; RS-Y's plan is not RS-X's
    assert set(found) == {"M-ED", "M-SP", "M-HE"}
    assert found["M-SP"]["signals"] == ["spending_without_indicator"]
    assert found["M-SP"]["tagged"] == {
        "adopted": "250.00",
        "in_force": "250.00",
        "executed": "0.00",
    }
    health = found["M-HE"]
    assert health["signals"] == ["no_funding"]
    assert health["tagged"] == {"adopted": "0.00", "in_force": "0.00", "executed": "0.00"}
    assert health["indicators"][0]["status"] == "no_data"
    assert (
        health["indicators"][0]["progress"] is None and health["indicators"][0]["expected"] is None
    )


def indicator(baseline_year=2020, baseline="10", target_year=2030, target="20"):
    return Indicator(
        code="T",
        measure_id=1,
        name="t",
        unit="number",
        baseline_year=baseline_year,
        baseline_value=baseline,
        target_year=target_year,
        target_value=target,
        status="approved",
    )


def value(year, text, sex=""):
    return IndicatorValue(indicator_id=1, year=year, value=text, sex=sex, status="approved")


@pytest.mark.parametrize(
    "values, year, progress, expected, status",
    [
        ([value(2025, "15")], 2025, "0.5000", "0.5000", "on_track"),  # progress equal to expected
        # 0.49999 shows as 0.5000 like the expected 0.5000, but is compared unrounded
        ([value(2025, "14.9999")], 2025, "0.5000", "0.5000", "off_track"),
        ([value(2025, "20")], 2025, "1.0000", "0.5000", "achieved"),  # progress equal to 1
        ([value(2025, "25")], 2025, "1.5000", "0.5000", "achieved"),
        ([value(2025, "5")], 2025, "-0.5000", "0.5000", "off_track"),  # worse than the baseline
        ([value(2020, "30")], 2025, None, None, "no_data"),  # the baseline year is no actual
        ([value(2026, "30")], 2025, None, None, "no_data"),  # a later year is not yet
        ([value(2025, "30", "female")], 2025, None, None, "no_data"),  # by sex only: no total
        ([value(2024, "12"), value(2025, "13")], 2035, "0.3000", "1.0000", "off_track"),  # clamped
    ],
)
def test_every_status_boundary(app, values, year, progress, expected, status):
    from budget.indicators.progress import indicator_progress, ratio_str

    result = indicator_progress(indicator(), values, year)
    assert (ratio_str(result.progress), ratio_str(result.expected), result.status) == (
        progress,
        expected,
        status,
    )


def test_a_decreasing_indicator(app):
    """Target below the baseline (e.g. the share of Roma children out of school, 40 -> 20)."""
    from budget.indicators.progress import indicator_progress, ratio_str

    falling = indicator(baseline="40", target="20")
    half = indicator_progress(falling, [value(2025, "30")], 2025)
    assert (ratio_str(half.progress), half.status) == ("0.5000", "on_track")
    worse = indicator_progress(falling, [value(2025, "45")], 2025)
    assert (ratio_str(worse.progress), worse.status) == ("-0.2500", "off_track")
    done = indicator_progress(falling, [value(2025, "19.5")], 2025)
    assert done.status == "achieved"


def test_values_by_sex_are_kept_beside_the_total(app, client, jurisdictions, year):
    from budget.indicators.progress import indicator_progress

    education = db.session.scalar(select(Indicator).where(Indicator.code == "IND-ED-1"))
    values = db.session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id == education.id)
    ).all()
    result = indicator_progress(education, list(values), 2025)
    assert result.actual.value == "71.5"
    assert {sex: v.value for sex, v in result.by_sex.items()} == {"female": "75.5", "male": "67.5"}


def test_indicator_rules_name_each_row_and_column(runner, write, jurisdictions):
    assert runner.invoke(args=["import", "measures", str(write("m.csv", MEASURES))]).exit_code == 0
    bad = write(
        "i.csv",
        "code,measure,name,unit,baseline_year,baseline_value,target_year,target_value\n"
        "A,M-NONE,x,percent,2022,1,2030,2\n"
        "B,M-ED,x,euro,2022,1,2030,2\n"
        "C,M-ED,x,percent,2030,1,2022,2\n"
        "D,M-ED,x,percent,2022,1.5,2030,1.50\n"
        "E,M-ED,x,percent,2022,1.12345,2030,2\n"
        "E,M-ED,x,percent,2022,1,2030,2\n"
        "F,M-ED,,percent,2022,-1,2030,2\n",
    )
    result = runner.invoke(args=["import", "indicators", str(bad)])
    assert result.exit_code == 1
    for where in (
        "row 2, column measure",
        "row 3, column unit",
        "row 4, column target_year",
        "row 5, column target_value",
        "row 6, column baseline_value",
        "row 7, column code",
        "row 8, column name",
    ):
        assert where in result.output, where
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == 0


def test_value_rules_and_a_reimport_replaces(runner, write, jurisdictions, year):
    bad = write(
        "v.csv",
        "indicator,year,value,sex\nIND-NONE,2025,1,\nIND-ED-1,2025,1,other\nIND-ED-1,2025,x,\n"
        "IND-ED-1,2027,1,\nIND-ED-1,2027,2,\n",
    )
    result = runner.invoke(args=["import", "indicator-values", str(bad)])
    assert result.exit_code == 1
    for where in (
        "row 2, column indicator",
        "row 3, column sex",
        "row 4, column value",
        "row 6, column year",
    ):
        assert where in result.output, where
    again = write("v2.csv", "indicator,year,value,sex\nIND-ED-1,2025,72.25,\n")
    result = runner.invoke(args=["import", "indicator-values", str(again)])
    assert result.exit_code == 0 and "(0 new, 1 updated)" in result.output
    stored = db.session.scalar(
        select(IndicatorValue.value).where(IndicatorValue.year == 2025, IndicatorValue.sex == "")
    )
    assert stored == "72.25"


def test_the_measures_page_puts_money_beside_indicators(client, jurisdictions, year, runner, write):
    tags = write(
        "t2.csv",
        "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,share,"
        "beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,status\n"
        "RS-X,2025,2002,2002-0001,472,M-ED,targeted,,40,40,3,approved\n",
    )
    assert (
        runner.invoke(args=["import", "tags", str(write("t2.csv", tags.read_text()))]).exit_code
        == 0
    )
    page = client.get("/jurisdictions/RS-X/years/2025/measures").get_data(as_text=True)
    assert "Money was spent, but an indicator is off track." in page
    assert "Measured 71.5 in 2025: 29% of the way, where 38% was expected by 2025." in page
    assert "By sex in 2025: women 75.5, men 67.5" in page
    assert "Roma beneficiaries" in page and "40 (women: &lt;5)" in page  # small counts hidden
    assert "In force per Roma beneficiary" in page and "25.00" in page  # 1,000.00 / 40
    assert 'src="/jurisdictions/RS-X/years/2025/indicators/IND-ED-1.svg"' in page
    only = client.get("/jurisdictions/RS-X/years/2025/measures?status=no_data").get_data(
        as_text=True
    )
    assert "M-HE" in only and "M-ED ·" not in only
    chart = client.get("/jurisdictions/RS-X/years/2025/indicators/IND-ED-1.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    year_page = client.get("/jurisdictions/RS-X/years/2025").get_data(as_text=True)
    assert "1 measure spent money while an indicator is off track." in year_page
    assert "1 measure promises progress without approved money." in year_page


def test_small_counts(app):
    from budget.indicators.pages import small_count

    assert [small_count(n) for n in (None, 0, 1, 4, 5, 120)] == [None, 0, "<5", "<5", 5, 120]


def test_open_data_publish_small_counts_as_under_five(client, jurisdictions, year, runner, write):
    tags = write(
        "t3.csv",
        "jurisdiction,fiscal_year,program,activity,economic,measure,relevance,"
        "beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,status\n"
        "RS-X,2025,2002,2002-0001,472,M-ED,targeted,40,40,3,approved\n",
    )
    assert runner.invoke(args=["import", "tags", str(tags)]).exit_code == 0
    text = client.get("/open-data/2025/approved-tags.csv").get_data(as_text=True)
    row = next(line for line in text.splitlines() if ",2002-0001," in line)
    assert row.endswith(",40,40,<5")
