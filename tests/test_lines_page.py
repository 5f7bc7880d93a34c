"""The public budget lines page: paged, searchable, sortable, with descriptions, and its downloads
hold the lines shown."""

from __future__ import annotations

import csv
import io

import pytest

URL = "/jurisdictions/RS-X/years/2024/by/line"


@pytest.fixture
def long_budget(runner, write, jurisdictions):
    rows = ["jurisdiction,fiscal_year,stage,revision,program,economic,description,amount"]
    for stage, revision in (("adopted", ""), ("revised", "1")):
        rows += [
            f"RS-X,2024,{stage},{revision},{1000 + i % 7},{4000 + i},"
            f"{'Pomoć romskim porodicama' if i % 50 == 0 else 'Materijal'} {i},{(i * 37) % 1000 + 1}.00"
            for i in range(5000)
        ]
    result = runner.invoke(args=["import", "budget", str(write("b.csv", "\n".join(rows) + "\n"))])
    assert result.exit_code == 0, result.output


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_a_5000_line_budget_is_paged(client, long_budget):
    response = client.get(URL)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and len(response.data) < 400_000
    assert "5,000 budget lines · page 1 of 50" in page and 'rel="next"' in page
    assert "Materijal 1" in page  # descriptions are shown
    last = client.get(f"{URL}?page=50").get_data(as_text=True)
    assert "page 50 of 50" in last and 'rel="next"' not in last and 'rel="prev"' in last


def test_search_in_either_script_sort_and_download_the_page(client, long_budget):
    found = client.get(f"{URL}?q=romskim").get_data(as_text=True)
    assert "100 budget lines · page 1 of 1" in found
    cyrillic = client.get(f"{URL}?q=ромским").get_data(as_text=True)
    assert "100 budget lines" in cyrillic

    largest = rows_of(client.get(f"{URL}?sort=in_force&format=csv"))
    amounts = [float(r["in_force_total"]) for r in largest]
    assert len(largest) == 100 and amounts == sorted(amounts, reverse=True) and amounts[0] == 1000.0
    second = rows_of(client.get(f"{URL}?q=romskim&per_page=20&page=2&format=csv"))
    assert len(second) == 20 and all("romskim" in r["description"] for r in second)
    by_text = rows_of(client.get(f"{URL}?sort=description&per_page=3&format=csv"))
    assert [r["description"] for r in by_text] == sorted(r["description"] for r in by_text)


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999999999999999",
        "per_page=100000",
        "sort=nonsense",
        "tagged=maybe",
        "q=%25_%25",
    ],
)
def test_odd_parameters_never_fail(client, long_budget, query):
    assert client.get(f"{URL}?{query}").status_code == 200
