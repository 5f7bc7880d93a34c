"""Seed data: the code lists and the demo data set, loaded idempotently."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import delete

from budget import ROOT
from budget.auth.services import create_user, user_by_email
from budget.budgets.importer import import_budget
from budget.classifications.models import SCHEMES, ClassificationCode
from budget.extensions import db
from budget.jurisdictions.importer import import_jurisdictions
from budget.measures.importer import import_measures
from budget.plans.importer import import_plans, import_questionnaire
from budget.tagging.importer import import_tags
from budget.tagging.suggestions import suggest_for_years

SEEDS = ROOT / "seeds"
# Demo accounts, one per role; created only by `seed demo` (documented in the README).
DEMO_PASSWORD = "rrb-demo-2025"
DEMO_USERS = (
    ("admin@demo.example", "admin", None),
    ("finance.nis@demo.example", "finance", "RS-NIS"),
    ("reviewer@demo.example", "reviewer", None),
    ("monitor@demo.example", "monitor", None),
    ("council.nis@demo.example", "monitor", None),
)
# Fictional organisations of the demo monitors (name, kind)
DEMO_ORGANISATIONS = {
    "monitor@demo.example": ("Romska inicijativa za budžet (demo)", "cso"),
    "council.nis@demo.example": ("Savet za međunacionalne odnose Grada Niša (demo)", "council"),
}


def load_code_lists(path: Path) -> int:
    """Replace a country's code lists with the file's (named after the country: RS.csv)."""
    country = path.stem.upper()
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if row["scheme"] not in SCHEMES:
            raise ValueError(f"{path.name}, row {number}, column scheme: unknown {row['scheme']!r}")
    db.session.execute(delete(ClassificationCode).where(ClassificationCode.country == country))
    db.session.add_all(
        ClassificationCode(
            country=country,
            scheme=row["scheme"],
            code=row["code"],
            label=row["label"],
            label_en=row["label_en"] or None,
            valid_from=int(row["valid_from"] or 2000),
            valid_to=int(row["valid_to"]) if row["valid_to"] else None,
        )
        for row in rows
    )
    db.session.flush()
    return len(rows)


def seed_demo(report=print) -> None:
    for path in sorted((SEEDS / "codelists").glob("*.csv")):
        report(f"Code lists {path.stem}: {load_code_lists(path)} codes")
    demo = SEEDS / "demo"
    report(f"Jurisdictions: {import_jurisdictions(demo / 'jurisdictions.csv')}")
    report(f"Strategy measures: {import_measures(SEEDS / 'strategy' / 'RS-measures.csv')}")
    report(f"Local action plan measures: {import_measures(demo / 'measures.csv')}")
    budgets = import_budget(demo / "budget.csv", imported_by="seed")
    report(f"Budgets: {budgets}")
    report(f"Tags: {import_tags(demo / 'tags.csv', imported_by='seed')}")
    report(f"Plans: {import_plans(demo / 'plans.csv', imported_by='seed')}")
    report(f"Questionnaire: {import_questionnaire(demo / 'questionnaire.csv', imported_by='seed')}")
    from budget.indicators.importer import import_indicator_values, import_indicators

    for folder, stem in ((SEEDS / "strategy", "RS-"), (demo, "")):
        report(f"Indicators: {import_indicators(folder / f'{stem}indicators.csv', 'seed')}")
        values = import_indicator_values(folder / f"{stem}indicator-values.csv", "seed")
        report(f"Indicator values: {values}")
    region = SEEDS / "region"  # one demo municipality in each other economy of the region
    from budget.currencies.importer import import_exchange_rates

    report(f"Region: {import_jurisdictions(region / 'jurisdictions.csv')}")
    report(f"Region budgets: {import_budget(region / 'budget.csv', imported_by='seed')}")
    report(f"Region tags: {import_tags(region / 'tags.csv', imported_by='seed')}")
    report(f"Exchange rates: {import_exchange_rates(region / 'exchange-rates.csv', 'seed')}")
    suggested = suggest_for_years(budgets.years)
    report(f"Tag suggestions: {suggested} new")
    seed_demo_users(report)


def seed_demo_users(report=print) -> None:
    from budget.flags.services import set_organisation

    for email, role, jurisdiction in DEMO_USERS:
        if user_by_email(email) is None:
            user = create_user(email, role, DEMO_PASSWORD, jurisdiction, actor_label="seed")
            if email in DEMO_ORGANISATIONS:
                set_organisation(user, *DEMO_ORGANISATIONS[email], actor_label="seed")
            report(f"Demo user {email} ({role})")
    report(f"Flags: {seed_demo_flags(SEEDS / 'demo' / 'flags.csv')} new")


def seed_demo_flags(path: Path) -> int:
    """The demo's flags and answers, once (a flag of the same author and text is not added)."""
    from sqlalchemy import select

    from budget.extensions import db
    from budget.flags import services as flags
    from budget.flags.models import Flag

    created = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            author = user_by_email(row["author"])
            if db.session.scalar(
                select(Flag.id).where(Flag.author_id == author.id, Flag.text == row["text"])
            ):
                continue
            target = {"type": row["target_type"]}
            if row["target_type"] == "line":
                keys = ("program", "activity", "function", "economic", "source")
                target["key"] = dict(zip(keys, row["target_key"].split("|"), strict=True))
            elif row["target_type"] == "measure":
                target["code"] = row["target_key"]
            flag = flags.open_flag(
                flags.parse_flag(
                    {
                        "jurisdiction": row["jurisdiction"],
                        "fiscal_year": int(row["fiscal_year"]),
                        "target": target,
                        "category": row["category"],
                        "text": row["text"],
                    }
                ),
                author,
                "sr-Latn",
            )
            if row["answer"]:
                flags.answer_flag(
                    flag, row["answer"], user_by_email(row["answered_by"]), language="sr-Latn"
                )
            created += 1
    return created
