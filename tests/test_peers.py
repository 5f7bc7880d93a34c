"""Peers: size classes at their bounds, the group and its widening, higher and the median."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.scoring import services
from budget.scoring.peers import median, size_class
from budget.time import utcnow

JURISDICTIONS = """\
code,name,kind,country,currency,population,roma_population
RS-A,A,municipality,RS,RSD,19999,100
RS-B,B,municipality,RS,RSD,20000,100
RS-C,C,municipality,RS,RSD,49999,100
RS-D,D,municipality,RS,RSD,30000,100
RS-E,E,municipality,RS,RSD,100000,100
RS-F,F,city,RS,RSD,45000,100
ME-G,G,municipality,ME,EUR,25000,100
RS-H,H,municipality,RS,RSD,21000,100
"""


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (None, None),
        (0, "lt20k"),
        (19_999, "lt20k"),
        (20_000, "20k-50k"),
        (49_999, "20k-50k"),
        (50_000, "50k-100k"),
        (99_999, "50k-100k"),
        (100_000, "ge100k"),
    ],
)
def test_size_classes_include_their_lower_bound(population, expected):
    assert size_class(population) == expected


def test_median_of_an_odd_and_an_even_count_rounded_half_up():
    assert median([]) is None
    assert median([Decimal("30.0"), Decimal("10.0"), Decimal("20.0")]) == Decimal("20.0")
    assert median([Decimal("44.4"), Decimal("44.5")]) == Decimal("44.5")  # 44.45 -> 44.5
    assert median([Decimal("10.0"), Decimal("20.1")]) == Decimal("15.1")  # 15.05 -> 15.1


def store_scores(runner, write, indexes: dict[str, str | None]):
    """Budgets for each jurisdiction in 2024, then stored results with the given indexes."""
    assert (
        runner.invoke(
            args=["import", "jurisdictions", str(write("j.csv", JURISDICTIONS))]
        ).exit_code
        == 0
    )
    budget = "jurisdiction,fiscal_year,stage,program,economic,amount\n" + "".join(
        f"{code},2024,adopted,0901,4721,100.00\n" for code in indexes
    )
    assert runner.invoke(args=["import", "budget", str(write("b.csv", budget))]).exit_code == 0
    store(indexes)


def store(indexes: dict[str, str | None], dimensions: dict | None = None) -> None:
    """Stored results of 2024 with the given indexes (and dimensions), as `scores compute`
    would write them."""
    ids = dict(db.session.execute(select(Jurisdiction.code, Jurisdiction.id)).all())
    chosen = services.method("rrb-v1")
    services._upsert(
        [
            {
                "jurisdiction_id": ids[code],
                "fiscal_year": 2024,
                "methodology": "rrb-v1",
                "computed_at": utcnow(),
                "inputs_hash": "test",
                "inputs": {},
                "result": {
                    "index": index,
                    "grade": "A" if dimensions else None,
                    "status": "scored" if index else "insufficient_data",
                    "dimensions": dimensions or {},
                    "context": {},
                },
                "method_fingerprint": chosen.fingerprint,
                "status": "scored" if index else "insufficient_data",
                "grade": "A" if dimensions else None,
                "index_tenths": None if index is None else int(Decimal(index) * 10),
            }
            for code, index in indexes.items()
        ]
    )
    db.session.commit()


def test_the_group_is_the_same_country_kind_and_size_class(client, runner, write):
    store_scores(
        runner,
        write,
        {
            "RS-A": "90.0",  # lt20k: another class
            "RS-B": "40.0",
            "RS-C": "60.0",
            "RS-D": "50.0",
            "RS-H": None,  # insufficient data: a member, listed last, not in the median
            "RS-E": "70.0",  # ge100k
            "RS-F": "80.0",  # a city
            "ME-G": "99.0",  # another country
        },
    )
    answer = client.get("/api/v1/jurisdictions/RS-D/years/2024/peers").json
    assert answer == {
        "group": {"country": "RS", "kind": "municipality", "size_class": "20k-50k"},
        "widened": False,
        "members": ["RS-C", "RS-D", "RS-B", "RS-H"],
        "scored": 3,
        "higher": 1,
        "median_index": "50.0",
    }
    lowest = client.get("/api/v1/jurisdictions/RS-B/years/2024/peers").json
    assert lowest["higher"] == 2
    unscored = client.get("/api/v1/jurisdictions/RS-H/years/2024/peers").json
    assert unscored["higher"] == 3


def test_fewer_than_three_members_widen_to_the_country_and_kind(client, runner, write):
    store_scores(runner, write, {"RS-A": "90.0", "RS-B": "40.0", "RS-E": "71.0", "RS-F": "80.0"})
    answer = client.get("/api/v1/jurisdictions/RS-E/years/2024/peers").json
    assert answer["group"] == {"country": "RS", "kind": "municipality", "size_class": "ge100k"}
    assert answer["widened"] is True
    assert answer["members"] == ["RS-A", "RS-E", "RS-B"]  # municipalities of RS; not the city
    assert (answer["scored"], answer["higher"], answer["median_index"]) == (3, 1, "71.0")
    city = client.get("/api/v1/jurisdictions/RS-F/years/2024/peers").json
    assert city["widened"] is True and city["members"] == ["RS-F"]
    assert city["median_index"] == "80.0" and city["higher"] == 0


def test_peers_of_the_worked_example_and_what_has_none(client, runner):
    from tests.test_scoring import example

    example(runner)
    answer = client.get("/api/v1/jurisdictions/RS-X/years/2024/peers").json
    assert answer["members"] == ["RS-X"] and answer["widened"] is True
    assert answer["median_index"] == "44.4" and answer["higher"] == 0
    assert client.get("/api/v1/jurisdictions/RS-X/years/1999/peers").status_code == 404
    assert client.get("/api/v1/jurisdictions/NOPE/years/2024/peers").status_code == 404


def test_the_ranking_filters_by_country(client, runner, write):
    store_scores(runner, write, {"RS-B": "40.0", "ME-G": "99.0"})
    assert [r["jurisdiction"] for r in client.get("/api/v1/scores?year=2024").json] == [
        "ME-G",
        "RS-B",
    ]
    only = client.get("/api/v1/scores?year=2024&country=RS").json
    assert [r["jurisdiction"] for r in only] == ["RS-B"]


def test_the_scorecard_names_the_peers_that_do_better(client, runner, write):
    from tests.test_scoring import example

    example(runner)
    html = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "No peer has a better grade in any dimension." in html  # it is alone
    assert "RRB index 44.4 of 100, grade C." in html  # the finding first
    places = write(
        "j.csv",
        "code,name,kind,country,currency,population,roma_population\n"
        "RS-P,Peer,municipality,RS,RSD,50000,2500\nRS-Q,Other,municipality,RS,RSD,51000,100\n",
    )
    assert runner.invoke(args=["import", "jurisdictions", str(places)]).exit_code == 0
    budget = "jurisdiction,fiscal_year,stage,program,economic,amount\n" + "".join(
        f"{code},2024,adopted,0901,472,100.00\n" for code in ("RS-P", "RS-Q")
    )
    assert runner.invoke(args=["import", "budget", str(write("b.csv", budget))]).exit_code == 0
    dimensions = {f"RRB-{n}": {"name": "x", "grade": "A", "value": "0.9500"} for n in range(1, 7)}
    store({"RS-P": "100.0", "RS-Q": "90.0"}, dimensions)
    html = client.get("/jurisdictions/RS-X/years/2024/score").get_data(as_text=True)
    assert "2 of 3 similar jurisdictions score higher; their median is 90.0." in html
    section = html.split('id="best-peers"')[1].split("</ul>")[0]
    # RS-P leads every dimension (grade A, the higher index) where RS-X has a lower grade
    assert section.count('href="/jurisdictions/RS-P/years/2024/score"') >= 5
    assert "RS-Q" not in section
