"""One rounding rule everywhere: the review queue, pages, downloads and the API show the same
figure (half-up), downloads round ratios like the API, and templates never compute with floats."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from budget.extensions import db
from tests.conftest import sign_in

BUDGET = "jurisdiction,fiscal_year,stage,program,economic,amount\nRS-X,2024,adopted,0901,472,1.00\n"
TAG = (
    "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,"
    "beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,status\n"
    "RS-X,2024,0901,,,472,,,mainstream,0.125,,,,{status}\n"
)


def imported(runner, write, kind: str, text: str) -> None:
    result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text))])
    assert result.exit_code == 0, result.output


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_a_share_of_an_eighth_of_one_unit_is_0_13_everywhere(
    app, client, runner, write, jurisdictions, make_user
):
    imported(runner, write, "budget", BUDGET)
    imported(runner, write, "tags", TAG.format(status="submitted"))
    reviewer = make_user("reviewer")
    sign_in(client, reviewer.email)
    queue = client.get("/review").get_data(as_text=True)
    # share 0.125 of 1.00: 0.13 rounded half-up, not 0.12 (half-even)
    assert '<td class="money">0.13</td>' in queue and '<td class="money">0.12</td>' not in queue

    imported(runner, write, "tags", TAG.format(status="approved"))
    public = app.test_client()
    aggregate = public.get("/api/v1/jurisdictions/RS-X/years/2024/aggregate?group=program").json
    assert aggregate["rows"][0]["adopted"]["tagged"] == "0.13"
    by_line = rows(public.get("/jurisdictions/RS-X/years/2024/by/line?format=csv"))
    assert by_line[0]["adopted_tagged"] == "0.13"
    by_program = rows(public.get("/jurisdictions/RS-X/years/2024/by/program?format=csv"))
    assert by_program[0]["adopted_tagged"] == "0.13"


def test_downloads_round_ratios_like_the_api(client, runner, write, jurisdictions):
    imported(
        runner,
        write,
        "budget",
        "jurisdiction,fiscal_year,stage,revision,program,economic,amount\n"
        "RS-X,2024,adopted,,0901,472,3.00\nRS-X,2024,revised,1,0901,472,2.00\n",
    )
    imported(
        runner,
        write,
        "tags",
        TAG.format(status="approved").replace("mainstream,0.125", "targeted,"),
    )
    by_program = rows(client.get("/jurisdictions/RS-X/years/2024/by/program?format=csv"))
    # (2 - 3) / 3 = -0.33333...: 4 decimals, half-up, as the API reports ratios
    assert by_program[0]["tagged_change_ratio"] == "-0.3333"
    workbook = load_workbook(
        io.BytesIO(client.get("/jurisdictions/RS-X/years/2024/by/program?format=xlsx").data)
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert float(sheet[2][header.index("Change, %")].value) == -0.3333  # the page's header


def test_the_largest_amount_is_shown_exactly(app, client, runner, write, jurisdictions, make_user):
    """Jinja's `/` is float division: 999,999,999,999,999.99 / 100 would show 1,000,000,000,000,000.00."""
    largest = "999999999999999.99"
    imported(
        runner, write, "measures", "code,title,area,level\nM-ED,Education,education,national\n"
    )
    imported(
        runner,
        write,
        "budget",
        f"jurisdiction,fiscal_year,stage,program,economic,amount\nRS-X,2024,adopted,0901,472,{largest}\n",
    )
    imported(
        runner,
        write,
        "plans",
        f"jurisdiction,fiscal_year,measure,planned_cost\nRS-X,2024,M-ED,{largest}\n",
    )
    imported(runner, write, "tags", TAG.format(status="approved"))
    finance = make_user("finance", "RS-X")
    sign_in(client, finance.email)
    for url in (
        "/work/RS-X/2024/plan",
        "/work/RS-X/2024/line?key=0901%7C%7C%7C472%7C",
        "/jurisdictions/RS-X/years/2024/score",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "999,999,999,999,999.99" in page, url
        assert "1,000,000,000,000,000" not in page, url
    plans = client.get("/jurisdictions/RS-X/years/2024/score?table=RS-X-2024-plans&format=xlsx")
    cell = load_workbook(io.BytesIO(plans.data)).active["C2"]
    assert cell.value == largest  # text: a spreadsheet number would lose the last digits
    db.session.rollback()


def test_downloads_never_hold_live_formulas(client, runner, write, jurisdictions):
    """Text beginning with = + - @ is data, not a formula, in every CSV and XLSX download."""
    imported(
        runner,
        write,
        "budget",
        "jurisdiction,fiscal_year,stage,program,economic,description,amount\n"
        'RS-X,2024,adopted,0901,472,"=HYPERLINK(""http://evil.example"",""click"")",1.00\n'
        "RS-X,2024,adopted,0902,472,@SUM(A1:A9),2.00\nRS-X,2024,adopted,0903,472,-2+3,3.00\n",
    )
    url = "/jurisdictions/RS-X/years/2024/by/line"
    descriptions = [r["description"] for r in rows(client.get(f"{url}?format=csv"))]
    assert descriptions == ['\'=HYPERLINK("http://evil.example","click")', "'@SUM(A1:A9)", "'-2+3"]
    sheet = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx").data)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Description")
    cells = [sheet.cell(row=r, column=column + 1) for r in (2, 3, 4)]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert cells[0].value == '=HYPERLINK("http://evil.example","click")'  # the text, kept as text
