"""The compare page: 2 to 5 jurisdictions side by side, with clear messages and a download."""

from __future__ import annotations

import csv
import io

from tests.conftest import DATA

EXAMPLE = DATA / "example"


def setup(runner, write):
    for kind in ("jurisdictions", "measures", "budget", "tags", "plans", "questionnaire"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0
    other = write(
        "j.csv",
        "code,name,kind,country,currency,population,roma_population\n"
        "RS-Z,Zed,municipality,RS,RSD,1000,\n",
    )
    assert runner.invoke(args=["import", "jurisdictions", str(other)]).exit_code == 0
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-Z,2024,adopted,411,500.00\n"
    )
    assert runner.invoke(args=["import", "budget", str(budget)]).exit_code == 0


def test_two_jurisdictions_side_by_side_with_hand_computed_figures(client, runner, write):
    setup(runner, write)
    url = "/compare?year=2024&j=RS-X&j=RS-Z"
    page = client.get(url).get_data(as_text=True)
    assert "2 jurisdictions compared, 2024" in page
    table = client.get(url + "&table=compare-2024-RS-X-RS-Z&format=csv").get_data(as_text=True)
    rows = {r["jurisdiction"]: r for r in csv.DictReader(io.StringIO(table.lstrip("\ufeff")))}
    example, zed = rows["Example"], rows["Zed"]
    # RS-X: in force 11,000.00, tagged 280.00; 50,000 residents, 2,500 Roma residents
    assert (example["in_force"], example["tagged"], example["share"]) == (
        "11000.00",
        "280.00",
        "0.0255",
    )
    assert (example["per_resident"], example["per_roma_resident"]) == ("0.22", "0.11")
    assert example["execution"] == "0.9500" and example["index"] == "44.4"
    assert example["grade"] == "C"
    # RS-Z: adopted only, 500.00 for 1,000 residents, no Roma population known, nothing tagged
    assert (zed["in_force"], zed["per_resident"], zed["per_roma_resident"]) == (
        "500.00",
        "0.50",
        "",
    )
    assert zed["share"] == "0.0000" and zed["execution"] == ""


def test_the_page_says_what_is_wrong_with_a_choice(client, runner, write, jurisdictions):
    setup(runner, write)
    assert "Choose from 2 to 5 jurisdictions." in client.get("/compare?year=2024&j=RS-X").get_data(
        as_text=True
    )
    six = "&".join(f"j=RS-{c}" for c in "ABCDEF")
    assert "Choose from 2 to 5 jurisdictions." in client.get(f"/compare?year=2024&{six}").get_data(
        as_text=True
    )
    page = client.get("/compare?year=2024&j=RS-X&j=NOPE&j=RS-Y").get_data(as_text=True)
    assert "Unknown jurisdiction NOPE." in page and "Ipsilon has no budget for 2024." in page
    # a year that is no budget year falls back to the main year; nothing chosen shows the form
    page = client.get("/compare?year=99999999999999").get_data(as_text=True)
    assert 'name="j" value="RS-X"' in page and 'value="2024" selected' in page
    assert client.get("/compare?year=2024&j=RS-X&j=RS-Z&format=pdf").status_code == 400


def test_the_scorecard_links_to_a_comparison_with_its_peers(client, runner, write):
    setup(runner, write)
    page = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "/compare?year=2024&amp;j=RS-X&amp;j=RS-Z" in page
