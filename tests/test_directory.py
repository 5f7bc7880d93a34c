"""The directory of jurisdictions (/jurisdictions): every economy's jurisdictions, found by a
part of the code or name in any script and spelling, 50 a page, downloads of the whole filter."""

from __future__ import annotations

import csv
import io

import pytest

from budget.portal.services import DIRECTORY_PAGE

REGION = """code,name,name_en,kind,country,region,currency,population,roma_population,parent
RS-NIS,Grad Niš,City of Niš,city,RS,,RSD,260237,5000,
RS-VRANJE,Grad Vranje,City of Vranje,city,RS,,RSD,76000,4000,
AL-KORCE,Bashkia Korçë,Korçë Municipality,municipality,AL,,ALL,75994,1200,
MK-SUTO,Општина Шуто Оризари,Šuto Orizari Municipality,municipality,MK,,MKD,22017,13342,
XK-PRIZREN,Komuna e Prizrenit,Prizren Municipality,municipality,XK,,EUR,177781,2000,
"""


@pytest.fixture
def region(runner, write):
    result = runner.invoke(args=["import", "jurisdictions", str(write("j.csv", REGION))])
    assert result.exit_code == 0, result.output


def codes(client, query: str = "") -> list[str]:
    answer = client.get(f"/jurisdictions?{query}&format=csv&lang=en")
    assert answer.status_code == 200
    rows = csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")))
    return [row["code"] for row in rows]


def test_every_economy_in_the_regions_order(client, region):
    # Albania, Kosovo*, North Macedonia, Serbia: the order of the economies, then the names
    assert codes(client) == ["AL-KORCE", "XK-PRIZREN", "MK-SUTO", "RS-NIS", "RS-VRANJE"]
    page = client.get("/jurisdictions?lang=en").get_data(as_text=True)
    assert "5 jurisdictions" in page and "Economy" in page
    assert "UNSCR 1244/1999" in page  # Kosovo* is named: its footnote


@pytest.mark.parametrize(
    "query, found",
    [
        ("q=nis", ["RS-NIS"]),  # without the diacritic
        ("q=Ниш", ["RS-NIS"]),  # in Cyrillic
        ("q=korce", ["AL-KORCE"]),  # Albanian letters folded
        ("q=шуто", ["MK-SUTO"]),
        ("q=suto", ["MK-SUTO"]),  # by the English name
        ("q=rs-vr", ["RS-VRANJE"]),  # by the code
        ("q=grad", ["RS-NIS", "RS-VRANJE"]),
        ("country=rs", ["RS-NIS", "RS-VRANJE"]),
        ("country=MK&q=nis", []),
        ("country=FR", ["AL-KORCE", "XK-PRIZREN", "MK-SUTO", "RS-NIS", "RS-VRANJE"]),  # ignored
        ("q=%25", []),  # no wildcard
    ],
)
def test_the_filter_finds_by_name_or_code_in_any_script(client, region, query, found):
    assert codes(client, query) == found


def test_an_empty_filter_says_so(client, region):
    page = client.get("/jurisdictions?q=zzz&lang=en").get_data(as_text=True)
    assert "No jurisdiction matches the filter." in page and "0 jurisdictions match" in page


def test_pages_of_fifty_and_downloads_of_the_whole_filter(client, runner, write):
    rows = [REGION.splitlines()[0]] + [
        f"RS-M{n:03d},Opština {n:03d},,municipality,RS,,RSD,1000,10," for n in range(120)
    ]
    path = write("many.csv", "\n".join(rows) + "\n")
    assert runner.invoke(args=["import", "jurisdictions", str(path)]).exit_code == 0
    first = client.get("/jurisdictions?lang=en").get_data(as_text=True)
    assert first.count('href="/jurisdictions/RS-M') == DIRECTORY_PAGE
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/jurisdictions?page=3&lang=en").get_data(as_text=True)
    assert last.count('href="/jurisdictions/RS-M') == 20 and 'rel="prev"' in last
    # past the last page, or not a number: the nearest page
    assert "Page 3 of 3" in client.get("/jurisdictions?page=999&lang=en").get_data(as_text=True)
    assert "Page 1 of 3" in client.get("/jurisdictions?page=x&lang=en").get_data(as_text=True)
    assert len(codes(client, "page=2")) == 120  # the downloads hold every page
    assert len(codes(client, "q=opstina 01")) == 10
    kept = client.get("/jurisdictions?q=opstina&lang=en").get_data(as_text=True)
    assert 'href="/jurisdictions?q=opstina&amp;page=2"' in kept  # the filter kept on the pages


def test_home_counts_the_jurisdictions(client, region):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "5 jurisdictions in the tracker" in page and "4 economies" in page
