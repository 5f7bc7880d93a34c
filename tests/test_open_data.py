"""The yearly open-data bundle: a Fiscal Data Package that frictionless validates, whose amounts
equal the summary API, with the approved tags only."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal

import frictionless

from tests.conftest import DATA

EXAMPLE = DATA / "example"


def example(runner):
    for kind in ("jurisdictions", "measures", "budget", "tags"):
        assert runner.invoke(args=["import", kind, str(EXAMPLE / f"{kind}.csv")]).exit_code == 0


def fetch_package(client, year: int, folder):
    """Download datapackage.json and each resource it names, as a user would."""
    answer = client.get(f"/open-data/{year}/datapackage.json")
    assert answer.status_code == 200
    descriptor = answer.json
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        assert "/" not in resource["path"]  # relative, beside the descriptor
        data = client.get(f"/open-data/{year}/{resource['path']}")
        assert data.status_code == 200 and data.mimetype == "text/csv"
        (folder / resource["path"]).write_bytes(data.get_data())
    return descriptor


def test_the_package_validates_and_its_totals_equal_the_summary(client, runner, tmp_path):
    example(runner)
    descriptor = fetch_package(client, 2024, tmp_path)
    assert "model" in descriptor  # the fiscal model
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    rows = list(csv.DictReader((tmp_path / "budget-lines.csv").open(encoding="utf-8")))
    names = {f["name"] for f in descriptor["resources"][0]["schema"]["fields"]}
    assert {
        "jurisdiction",
        "fiscal_year",
        "phase",
        "revision",
        "date",
        "currency",
        "program",
        "activity",
        "function",
        "economic",
        "source",
        "amount",
    } <= names
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[(row["phase"], row["revision"], row["date"])] += Decimal(row["amount"])
    latest_revision = max(int(r["revision"]) for r in rows if r["phase"] == "revised")
    latest_report = max(r["date"] for r in rows if r["phase"] == "executed")
    summary = client.get("/api/v1/jurisdictions/RS-X/years/2024/summary").json
    assert str(sums[("adopted", "0", "")]) == summary["adopted"]["total"]
    assert str(sums[("revised", str(latest_revision), "")]) == summary["revised"]["total"]
    assert str(sums[("executed", "0", latest_report)]) == summary["executed"]["total"]
    assert {r["currency"] for r in rows} == {"RSD"}


def test_only_approved_tags_are_published(client, runner, write, tmp_path):
    example(runner)
    draft = write(
        "t.csv",
        "jurisdiction,fiscal_year,program,activity,function,economic,source,measure,relevance,share,status\n"
        "RS-X,2024,0901,0901-0001,070,472,01,M-ED,mainstream,0.5,draft\n",
    )
    assert runner.invoke(args=["import", "tags", str(draft)]).exit_code == 0
    fetch_package(client, 2024, tmp_path)
    tags = list(csv.DictReader((tmp_path / "approved-tags.csv").open(encoding="utf-8")))
    expected = [r for r in csv.DictReader((EXAMPLE / "tags.csv").open(encoding="utf-8"))]
    approved = [r for r in expected if r.get("status", "approved") in ("", "approved")]
    assert len(tags) == len(approved)
    assert all(Decimal(t["share"]) <= 1 for t in tags)
    assert not any(t["share"] == "0.5000" for t in tags)


def test_a_formula_in_a_description_is_not_live(client, runner, write):
    example(runner)
    hostile = write(
        "b.csv",
        "jurisdiction,fiscal_year,stage,program,economic,description,amount\n"
        'RS-X,2030,adopted,0901,472,"=HYPERLINK(""http://x"")",1.00\n',
    )
    assert runner.invoke(args=["import", "budget", str(hostile)]).exit_code == 0
    text = client.get("/open-data/2030/budget-lines.csv").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["description"] == '\'=HYPERLINK("http://x")'


def test_years_without_budgets_and_the_page(client, runner):
    assert client.get("/open-data/2024/datapackage.json").status_code == 404
    assert client.get("/open-data/2024/budget-lines.csv").status_code == 404
    assert client.get("/open-data/99999999999/datapackage.json").status_code == 404
    page = client.get("/open-data").get_data(as_text=True)
    assert "No budgets have been imported yet." in page
    example(runner)
    page = client.get("/open-data").get_data(as_text=True)
    assert 'href="/open-data/2024/datapackage.json"' in page
    assert 'href="/api/v1/openapi.json"' in page
