"""Cost that does not grow with the country: the public pages issue the same number of queries
for 5 municipalities over 2 years as for 50 municipalities over 3 years."""

from __future__ import annotations

from sqlalchemy import event

from budget.extensions import db

MEASURES = "code,title,area,level\nM-ED,Education,education,national\nM-SP,Social assistance,social_protection,national\n"
ITEMS = (
    "lap_in_force",
    "roma_coordinator",
    "consultation_held",
    "budget_published",
    "interethnic_council_consulted",
)


def country(municipalities: int, years: range) -> dict[str, str]:
    """Import files of a country: the national level and n municipalities, every year with an
    adopted budget, a rebalance and an execution report, tags, plans and answers."""
    places = [
        "code,name,kind,country,currency,population,roma_population",
        "RS,Srbija,national,RS,RSD,6600000,130000",
    ]
    budget = [
        "jurisdiction,fiscal_year,stage,revision,as_of,program,activity,function,economic,source,description,amount"
    ]
    tags = [
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,"
        "beneficiaries_total,beneficiaries_roma,beneficiaries_roma_women,status"
    ]
    plans = ["jurisdiction,fiscal_year,measure,planned_cost"]
    answers = ["jurisdiction,fiscal_year,item,answer"]
    for number in range(1, municipalities + 1):
        code = f"RS-M{number:03d}"
        places.append(
            f"{code},Opština {number},municipality,RS,RSD,{10000 + number * 1000},{100 + number * 10}"
        )
        for year in years:
            for stage, revision, as_of, factor in (
                ("adopted", "", "", 100),
                ("revised", "1", "", 90 + number % 20),
                ("executed", "", f"{year}-12-31", 80),
            ):
                budget += [
                    f"{code},{year},{stage},{revision},{as_of},2002,2002-0001,912,472,01,Roma pupils,{factor * 10}.00",
                    f"{code},{year},{stage},{revision},{as_of},0901,0901-0001,070,472,01,Social aid,{factor * 50}.00",
                    f"{code},{year},{stage},{revision},{as_of},0602,0602-0001,130,411,01,Salaries,{factor * 900}.00",
                ]
            tags += [
                f"{code},{year},2002,2002-0001,912,472,01,M-ED,targeted,,,,,approved",
                f"{code},{year},0901,0901-0001,070,472,01,M-SP,mainstream,0.2,500,100,{number % 60},approved",
            ]
            plans.append(f"{code},{year},M-ED,{900 + number}.00")
            answers += [
                f"{code},{year},{item},{'yes' if i < number % 6 else 'no'}"
                for i, item in enumerate(ITEMS)
            ]
    budget += [
        f"RS,{year},adopted,,,0901,0901-0001,070,472,01,National aid,1000000.00" for year in years
    ]
    return {
        "jurisdictions": "\n".join(places),
        "measures": MEASURES,
        "budget": "\n".join(budget),
        "tags": "\n".join(tags),
        "plans": "\n".join(plans),
        "questionnaire": "\n".join(answers),
    }


def load_country(runner, write, municipalities: int, years: range) -> None:
    for kind, text in country(municipalities, years).items():
        result = runner.invoke(args=["import", kind, str(write(f"{kind}.csv", text + "\n"))])
        assert result.exit_code == 0, result.output


def count_queries(client, url: str) -> int:
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
        assert response.status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def pages(year: int) -> list[str]:
    return [
        "/",
        f"/api/v1/scores?year={year}",
        f"/jurisdictions/RS-M001/years/{year}/score",
        f"/countries/RS/years/{year}",
        f"/jurisdictions/RS-M001/years/{year}",
        "/jurisdictions/RS-M001",
        f"/api/v1/jurisdictions/RS-M001/years/{year}/score",
    ]


def test_public_pages_cost_the_same_for_5_and_50_municipalities(app, client, runner, write):
    counts = {}
    for municipalities, years in ((5, range(2024, 2026)), (50, range(2023, 2026))):
        db.session.commit()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        load_country(runner, write, municipalities, years)
        counts[municipalities] = {url: count_queries(client, url) for url in pages(2025)}
    assert counts[5] == counts[50], {url: (counts[5][url], counts[50][url]) for url in pages(2025)}
    ranking = client.get("/api/v1/scores?year=2025").json
    assert len(ranking) == 50 and all(r["status"] == "scored" for r in ranking)
    indexes = [r["index"] for r in ranking]
    assert indexes == sorted(indexes, reverse=True)


def test_anonymous_pages_are_served_from_memory_until_the_data_change(app, client, runner, write):
    load_country(runner, write, 5, range(2025, 2026))
    page = "/jurisdictions/RS-M001/years/2025/score"
    first = client.get(page).get_data(as_text=True)
    assert count_queries(client, page) == 1  # the data version only
    assert client.get(page).get_data(as_text=True) == first
    assert count_queries(client, page + "?lang=sr-Cyrl") > 1  # another language: rendered
    imported = write(
        "q.csv",
        "jurisdiction,fiscal_year,item,answer\nRS-M001,2025,budget_published,yes\n"
        "RS-M001,2025,lap_in_force,yes\nRS-M001,2025,roma_coordinator,yes\n",
    )
    assert runner.invoke(args=["import", "questionnaire", str(imported)]).exit_code == 0
    assert count_queries(client, page) > 1  # the data changed: rendered again
    assert client.get(page).get_data(as_text=True) != first


def test_signed_in_pages_are_never_cached(app, client, runner, write, make_user):
    from tests.conftest import sign_in

    load_country(runner, write, 5, range(2025, 2026))
    sign_in(client, make_user("admin").email)
    client.get("/")
    assert count_queries(client, "/") > 1
