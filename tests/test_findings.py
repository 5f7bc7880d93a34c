"""Findings: the sentences a page opens with, against hand-computed figures."""

from __future__ import annotations

import re

from tests.conftest import DATA

EXAMPLE = DATA / "example"


def example(runner):
    for kind in ("jurisdictions", "measures", "budget", "tags", "plans", "questionnaire"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0


def findings_of(html: str) -> list[str]:
    section = html.split('class="findings"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_the_year_page_opens_with_its_findings(client, runner):
    example(runner)
    html = client.get("/jurisdictions/RS-X/years/2024").get_data(as_text=True)
    assert html.index('class="findings"') < html.index('id="areas-heading"')  # first
    found = findings_of(html)
    # adopted: total 10,000.00, tagged 300.00; rebalance 1: 11,000.00 (+10.0%), 280.00 (-6.7%)
    assert (
        "Alert: In rebalance 1 the Roma-relevant budget fell by 6.7% while the total budget "
        "grew by 10.0%: a disproportionate cut. Rebalance monitor"
    ) in found
    # 280.00 / 11,000.00 = 2.5%; 280.00 / 2,500 Roma residents = 0.112 -> 0.11
    assert (
        "Note: 2.5% of the budget in force (280.00 RSD) is Roma-relevant: 0.11 RSD per Roma "
        "resident. By strategy area"
    ) in found
    # executed by 31 Dec: tagged 266.00 / 280.00 = 95.0%; total 10,026.00 / 11,000.00 = 91.1%
    assert (
        "Good: By Dec 31, 2024, 95.0% of the Roma-relevant budget was spent (of the whole "
        "budget: 91.1%). Execution tracker"
    ) in found
    assert "Warning: RRB index 44.4 of 100, grade C. Scorecard" in found  # alone: no peers
    assert found[0].startswith("Alert:")  # most serious first


def test_a_year_without_tags_says_so(client, runner, write, jurisdictions):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-Y,2024,adopted,411,10.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0
    found = findings_of(client.get("/jurisdictions/RS-Y/years/2024").get_data(as_text=True))
    assert "Warning: No line of the budget in force has an approved Roma-relevant tag yet." in found


def test_the_national_and_home_pages_count_the_disproportionate_cuts(client, runner):
    example(runner)
    for path in ("/countries/RS/years/2024", "/"):
        found = findings_of(client.get(path).get_data(as_text=True))
        assert found[0] == (
            "Alert: 1 of 1 jurisdictions cut its Roma-relevant budget disproportionately in a "
            "rebalance of 2024: Example."
        ), path


def test_findings_are_in_the_readers_language(client, runner):
    example(runner)
    html = client.get("/jurisdictions/RS-X/years/2024?lang=sr-Latn").get_data(as_text=True)
    found = findings_of(html)
    assert any("6,7%" in f and "10,0%" in f for f in found), found
    assert not any("Roma-relevant" in f or "Alert" in f for f in found), found
