"""`import jurisdictions` and `import measures`: validation and idempotent upserts."""

from __future__ import annotations

from sqlalchemy import func, select

from budget.extensions import db
from budget.jurisdictions.models import Jurisdiction
from budget.measures.models import Measure


def invoke(runner, kind, path):
    return runner.invoke(args=["import", kind, str(path)])


def test_jurisdictions_import_and_update(runner, write, jurisdictions):
    assert "4 jurisdictions (4 new, 0 updated)" in jurisdictions.output
    path = write(
        "again.csv",
        """
        code,name,kind,country,currency,population,roma_population,parent
        RS-X,Example renamed,municipality,RS,RSD,51000,2600,RS
    """,
    )
    result = invoke(runner, "jurisdictions", path)
    assert result.exit_code == 0 and "(0 new, 1 updated)" in result.output
    x = db.session.scalar(select(Jurisdiction).where(Jurisdiction.code == "RS-X"))
    assert (x.name, x.population, x.parent.code) == ("Example renamed", 51000, "RS")
    assert db.session.scalar(select(func.count()).select_from(Jurisdiction)) == 4


def test_jurisdiction_rules(runner, write, app):
    path = write(
        "j.csv",
        """
        code,name,kind,country,currency,population,roma_population,parent
        RS X,A,municipality,RS,RSD,10,1,
        RS-A,,town,Serbia,dinar,-1,x,RS-NONE
        RS-B,B,city,RS,RSD,100,200,RS-B
        RS-C,C,city,RS,RSD,,,RS-D
        RS-D,D,city,RS,RSD,,,RS-C
        RS-C,C again,city,RS,RSD,,,
    """,
    )
    result = invoke(runner, "jurisdictions", path)
    assert result.exit_code == 1
    out = result.output
    for expected in [
        "j.csv, row 2, column code: 'RS X' is not a code",
        "j.csv, row 3, column name: a value is required",
        "j.csv, row 3, column kind: 'town' is not one of",
        "j.csv, row 3, column country: 'Serbia' is not an ISO 3166-1 alpha-2 country code",
        "j.csv, row 3, column currency: 'dinar' is not an ISO 4217 currency code",
        "j.csv, row 3, column population: must not be negative",
        "j.csv, row 3, column roma_population: 'x' is not a whole number",
        "j.csv, row 3, column parent: unknown jurisdiction 'RS-NONE'",
        "j.csv, row 4, column roma_population: must not be larger than population",
        "j.csv, row 4, column parent: a jurisdiction cannot be its own parent",
        "j.csv, row 7, column code: code 'RS-C' appears again (first on row 5)",
    ]:
        assert expected in out, expected
    assert db.session.scalar(select(func.count()).select_from(Jurisdiction)) == 0


def test_parent_cycle_is_refused(runner, write, app):
    path = write(
        "j.csv",
        """
        code,name,kind,country,currency,parent
        RS-C,C,city,RS,RSD,RS-D
        RS-D,D,city,RS,RSD,RS-C
    """,
    )
    result = invoke(runner, "jurisdictions", path)
    assert "row 2, column parent: the parents form a cycle" in result.output


def test_measures_import_rules(runner, write, jurisdictions):
    path = write(
        "m.csv",
        """
        code,title,area,level,jurisdiction,parent
        NS-1,Education support,education,national,,
        RS-X-LAP-1,Pedagogical assistants,education,local,RS-X,NS-1
        RS-X-LAP-2,Mediators,health,local,,NS-1
        RS-X-LAP-3,Unknown place,health,local,RS-Q,
        RS-X-LAP-4,Parent local,health,local,RS-X,RS-X-LAP-1
        NS-2,Bad,roads,national,RS-X,NS-1
        NS-1,Twice,education,national,,
    """,
    )
    result = invoke(runner, "measures", path)
    assert result.exit_code == 1
    for expected in [
        "m.csv, row 4, column jurisdiction: required for a local measure",
        "m.csv, row 5, column jurisdiction: unknown jurisdiction 'RS-Q'",
        "m.csv, row 6, column parent: 'RS-X-LAP-1' is not a national measure",
        "m.csv, row 7, column area: 'roads' is not one of",
        "m.csv, row 7, column jurisdiction: must be empty for a national measure",
        "m.csv, row 7, column parent: only a local measure has a parent national measure",
        "m.csv, row 8, column code: code 'NS-1' appears again (first on row 2)",
    ]:
        assert expected in result.output, expected
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 0

    good = write(
        "ok.csv",
        """
        code,title,area,level,jurisdiction,parent
        RS-X-LAP-1,Pedagogical assistants,education,local,RS-X,NS-1
        NS-1,Education support,education,national,,
    """,
    )
    result = invoke(runner, "measures", good)
    assert result.exit_code == 0, result.output
    local = db.session.scalar(select(Measure).where(Measure.code == "RS-X-LAP-1"))
    assert local.parent.code == "NS-1" and local.jurisdiction.code == "RS-X"
    assert invoke(runner, "measures", good).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 2


def test_currency_of_a_jurisdiction_with_budgets_cannot_change(runner, write, jurisdictions):
    budget = write(
        "b.csv", "jurisdiction,fiscal_year,stage,economic,amount\nRS-X,2024,adopted,411,1.00\n"
    )
    assert invoke(runner, "budget", budget).exit_code == 0
    path = write(
        "j2.csv",
        "code,name,kind,country,currency\nRS-X,Example,municipality,ME,EUR\nRS-Y,Y,city,ME,EUR\n",
    )
    result = invoke(runner, "jurisdictions", path)
    assert (
        "j2.csv, row 2, column currency: RS-X has budgets in RSD; its currency cannot change"
        in result.output
    )
    assert "row 3" not in result.output  # without budgets, it may (with its economy's currency)


def test_populations_that_no_database_integer_holds_are_refused(runner, write, app):
    path = write(
        "big.csv",
        "code,name,kind,country,currency,population\nRS-Q,Q,city,RS,RSD,123456789012345\n",
    )
    result = invoke(runner, "jurisdictions", path)
    assert (
        result.exit_code == 1
        and "row 2, column population: must be at most 2000000000" in result.output
    )


def test_measures_carry_an_english_title_shown_on_english_pages(client, runner, write):
    from budget.measures.models import Measure

    measures = write(
        "m.csv",
        "code,title,title_en,area,level\n"
        "M-1,Pedagoški asistenti,Pedagogical assistants,education,national\n"
        "M-2,Zdravstvene medijatorke,,health,national\n",
    )
    result = runner.invoke(args=["import", "measures", str(measures)])
    assert result.exit_code == 0, result.output
    titles = {m.code: (m.title, m.title_en) for m in db.session.scalars(select(Measure))}
    assert titles == {
        "M-1": ("Pedagoški asistenti", "Pedagogical assistants"),
        "M-2": ("Zdravstvene medijatorke", None),
    }
    from budget.analysis.labels import key_labels

    for language, expected in (
        ("en", {("M-1",): "Pedagogical assistants", ("M-2",): "Zdravstvene medijatorke"}),
        ("sr-Cyrl", {("M-1",): "Педагошки асистенти", ("M-2",): "Здравствене медијаторке"}),
        ("sr-Latn", {("M-1",): "Pedagoški asistenti", ("M-2",): "Zdravstvene medijatorke"}),
    ):
        with client.application.test_request_context(f"/?lang={language}"):
            assert key_labels("measure", [("M-1",), ("M-2",)], "RS", 2024) == expected

    too_long = write(
        "l.csv", "code,title,title_en,area,level\nM-3,T," + "x" * 501 + ",health,national\n"
    )
    result = runner.invoke(args=["import", "measures", str(too_long)])
    assert (
        result.exit_code == 1
        and "row 2, column title_en: longer than 500 characters" in result.output
    )
