"""Writes seeds/demo/budget.csv: realistic, deterministic demo budgets (estimates, not official).

Run `python seeds/generate_demo.py` after changing it; `flask seed demo` imports the result.
Each jurisdiction gets two fiscal years with the adopted budget, one or two rebalances, and
execution reports as of 30 June and 31 December. Figures scale with population; some
Roma-targeted projects are cut in rebalances, as many were in 2020.
"""

from __future__ import annotations

import csv
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from budget.budgets.importer import FILE_ORDER as BUDGET_FILE_ORDER  # noqa: E402
from budget.tagging.services import FIELDS as TAG_FIELDS  # noqa: E402

YEARS = (2024, 2025)

# (program, activity, function, economic, source, description, RSD per resident, Roma-targeted)
LOCAL_LINES = [
    ("0602", "0602-0001", "130", "411", "01", "Plate zaposlenih u gradskoj upravi", 9800, False),
    ("0602", "0602-0001", "130", "412", "01", "Doprinosi na teret poslodavca", 1650, False),
    ("0602", "0602-0001", "130", "421", "01", "Stalni troškovi uprave", 1900, False),
    ("0602", "0602-0001", "130", "423", "01", "Usluge po ugovoru", 1200, False),
    ("0602", "0602-0001", "130", "426", "01", "Materijal", 450, False),
    ("0602", "0602-0009", "130", "499", "01", "Tekuća budžetska rezerva", 700, False),
    ("0602", "0602-0010", "130", "499", "01", "Stalna budžetska rezerva", 150, False),
    ("2101", "2101-0001", "110", "423", "01", "Naknade odbornicima skupštine", 600, False),
    ("1102", "1102-0001", "640", "421", "01", "Javno osvetljenje", 1800, False),
    ("1102", "1102-0003", "510", "424", "01", "Održavanje čistoće javnih površina", 2400, False),
    ("1102", "1102-0008", "630", "511", "01", "Vodovodna mreža", 2100, False),
    ("0701", "0701-0002", "451", "425", "01", "Održavanje lokalnih puteva", 3900, False),
    ("0701", "0701-0002", "451", "511", "07", "Rekonstrukcija ulica", 2600, False),
    ("1101", "1101-0001", "620", "511", "01", "Izrada planske dokumentacije", 500, False),
    (
        "1101",
        "1101-P1",
        "610",
        "511",
        "05",
        "Unapređenje uslova stanovanja u romskim naseljima",
        420,
        True,
    ),
    (
        "1501",
        "1501-0001",
        "411",
        "454",
        "01",
        "Subvencije za otvaranje novih radnih mesta",
        600,
        False,
    ),
    ("1501", "1501-0002", "412", "464", "07", "Javni radovi i mere zapošljavanja", 520, False),
    ("1501", "1501-0002", "412", "454", "01", "Samozapošljavanje Roma i Romkinja", 95, True),
    ("2001", "2001-0001", "911", "4631", "01", "Predškolska ustanova", 5200, False),
    ("2002", "2002-0001", "912", "4631", "01", "Transferi osnovnim školama", 2600, False),
    ("2002", "2002-0001", "912", "472", "01", "Prevoz učenika", 700, False),
    ("2002", "2002-P1", "912", "423", "01", "Pedagoški asistenti za romsku decu", 90, True),
    ("2003", "2003-0001", "920", "4631", "01", "Transferi srednjim školama", 1700, False),
    (
        "2003",
        "2003-0001",
        "920",
        "472",
        "01",
        "Stipendije za romske učenike srednjih škola",
        60,
        True,
    ),
    (
        "0901",
        "0901-0001",
        "070",
        "472",
        "01",
        "Jednokratne pomoći ugroženim porodicama",
        900,
        False,
    ),
    ("0901", "0901-0005", "070", "481", "01", "Podrška Crvenom krstu", 250, False),
    ("0901", "0901-0006", "040", "472", "01", "Podrška porodicama sa decom", 1100, False),
    ("0901", "0901-P1", "070", "423", "01", "Mobilni tim za inkluziju Roma", 70, True),
    ("0901", "0901-0003", "070", "481", "01", "Podrška udruženjima Roma", 45, True),
    ("1801", "1801-0001", "740", "4631", "01", "Dom zdravlja: tekući transferi", 1300, False),
    ("1801", "1801-P1", "740", "423", "01", "Zdravstvene medijatorke", 40, True),
    ("1201", "1201-0001", "820", "4631", "01", "Ustanove kulture", 1900, False),
    ("1301", "1301-0001", "810", "481", "01", "Dotacije sportskim organizacijama", 1200, False),
    ("0401", "0401-0001", "560", "424", "01", "Zaštita životne sredine", 500, False),
    ("0101", "0101-0002", "421", "451", "01", "Podsticaji poljoprivredi", 800, False),
    ("0501", "0501-0001", "430", "425", "01", "Energetska sanacija javnih zgrada", 550, False),
]
NATIONAL_LINES = [
    ("0902", "0902-0001", "070", "472", "01", "Novčana socijalna pomoć", 9500, False),
    ("0902", "0902-0004", "040", "472", "01", "Dečji dodatak", 6200, False),
    ("0902", "0902-4001", "070", "423", "06", "Mobilni timovi za inkluziju Roma", 6, True),
    ("2002", "2002-0002", "912", "411", "01", "Plate zaposlenih u osnovnim školama", 30000, False),
    ("2002", "2002-4002", "912", "423", "01", "Pedagoški asistenti", 120, True),
    ("2003", "2003-0003", "920", "472", "01", "Stipendije za romske učenike", 35, True),
    ("1802", "1802-0004", "740", "423", "01", "Zdravstvene medijatorke", 22, True),
    (
        "1802",
        "1802-0001",
        "760",
        "464",
        "01",
        "Dotacije Republičkom fondu za zdravstveno osiguranje",
        6100,
        False,
    ),
    ("0802", "0802-0001", "412", "464", "01", "Aktivna politika zapošljavanja", 900, False),
    ("0802", "0802-0002", "412", "454", "01", "Zapošljavanje Roma", 14, True),
    (
        "1104",
        "1104-4001",
        "610",
        "4632",
        "05",
        "Socijalno stanovanje u romskim naseljima",
        25,
        True,
    ),
    ("1001", "1001-0003", "130", "481", "01", "Podrška nacionalnim savetima manjina", 45, False),
    (
        "1001",
        "1001-4002",
        "130",
        "423",
        "01",
        "Sprovođenje Strategije za socijalno uključivanje Roma",
        4,
        True,
    ),
    (
        "0608",
        "0608-0001",
        "180",
        "4631",
        "01",
        "Transferi jedinicama lokalne samouprave",
        5800,
        False,
    ),
    ("1701", "1701-0001", "210", "411", "01", "Odbrana: plate", 11000, False),
    ("1401", "1401-0001", "310", "411", "01", "Policija: plate", 12000, False),
    ("0701", "0701-0001", "451", "511", "11", "Izgradnja autoputeva", 9800, False),
    ("2301", "2301-0001", "170", "441", "01", "Kamate na javni dug", 2500, False),
]


def amount(value: float) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def documents(code: str, population: int, lines, rng: random.Random):
    for year in YEARS:
        growth = 1 + 0.06 * (year - YEARS[0])
        adopted = {}
        for program, activity, function, economic, source, text, per_resident, targeted in lines:
            base = per_resident * population * growth * rng.uniform(0.8, 1.2)
            adopted[(program, activity, function, economic, source)] = (
                text,
                amount(base),
                targeted,
            )
        yield year, "adopted", "", "", adopted
        # Rebalance 1: revenues up, the budget grows; Roma-targeted lines are often cut.
        cut_targeted = rng.random() < 0.6
        revised = {}
        for key, (text, value, targeted) in adopted.items():
            factor = (
                rng.uniform(0.55, 0.9) if targeted and cut_targeted else rng.uniform(0.97, 1.12)
            )
            revised[key] = (text, amount(float(value) * factor), targeted)
        yield year, "revised", "1", "", revised
        if rng.random() < 0.5:
            second = {
                k: (t, amount(float(v) * rng.uniform(0.98, 1.05)), g)
                for k, (t, v, g) in revised.items()
            }
            yield year, "revised", "2", "", second
            revised = second
        for as_of, progress in ((f"{year}-06-30", 0.45), (f"{year}-12-31", 1.0)):
            executed = {}
            for key, (text, value, targeted) in revised.items():
                rate = rng.uniform(0.35, 0.95) if targeted else rng.uniform(0.85, 1.0)
                executed[key] = (text, amount(float(value) * rate * progress), targeted)
            yield year, "executed", "", as_of, executed


# Measures of the demo municipalities' local action plans and the strategy's national measures
# that Roma-targeted lines serve, by program activity.
TARGETED_MEASURES = {
    "1101-P1": "NS-3.1",
    "1501-0002": "NS-2.2",
    "2002-P1": "NS-1.2",
    "2003-0001": "NS-1.3",
    "0901-P1": "NS-5.1",
    "0901-0003": "NS-7.2",
    "1801-P1": "NS-4.1",
}
ITEMS = [
    "lap_in_force",
    "roma_coordinator",
    "consultation_held",
    "budget_published",
    "interethnic_council_consulted",
]


def write_tags_plans_questionnaire(jurisdictions, rng: random.Random) -> None:
    """Tags: 2024 approved; 2025 partly approved, submitted and draft, so that the review queue
    and the public figures (approved only) differ. Plans and answers for both years."""
    tags, plans, answers = [], [], []
    for j in jurisdictions:
        if j["kind"] == "national":
            continue
        for year in YEARS:
            for program, activity, function, economic, source, text, _, targeted in LOCAL_LINES:
                key = [j["code"], year, program, activity, function, economic, source]
                if year == YEARS[-1] and rng.random() < 0.3:
                    continue  # not tagged yet: last year's approved tag is suggested instead
                status = (
                    "approved" if year == 2024 else rng.choice(["approved", "submitted", "draft"])
                )
                if targeted:
                    measure = TARGETED_MEASURES.get(activity, "")
                    with_data = rng.random() < 0.7
                    total = rng.randrange(20, 400) if with_data else ""
                    roma = total if with_data else ""
                    women = (
                        (roma * rng.randrange(40, 60) // 100)
                        if with_data and rng.random() < 0.7
                        else ""
                    )
                    tags.append(
                        [
                            *key,
                            measure,
                            "targeted",
                            "",
                            total,
                            roma,
                            women,
                            f"{text}: Roma-targeted",
                            status,
                        ]
                    )
                elif activity in ("0901-0001", "0901-0006", "2002-0001", "1801-0001"):
                    total = rng.randrange(500, 5000)
                    roma = total * rng.randrange(5, 25) // 100
                    women = roma * rng.randrange(40, 60) // 100 if rng.random() < 0.6 else ""
                    measure = {
                        "0901-0001": "NS-5.2",
                        "0901-0006": "NS-5.3",
                        "2002-0001": "NS-1.4",
                        "1801-0001": "NS-4.2",
                    }[activity]
                    tags.append(
                        [
                            *key,
                            measure,
                            "mainstream",
                            "",
                            total,
                            roma,
                            women,
                            "Share of Roma among beneficiaries (records of the centre for social work)",
                            status,
                        ]
                    )
            for measure in sorted(set(TARGETED_MEASURES.values()))[: rng.randrange(3, 7)]:
                cost = Decimal(int(j["population"]) * rng.randrange(8, 60)).quantize(
                    Decimal("0.01")
                )
                plans.append([j["code"], year, measure, cost])
            for item in ITEMS:
                answers.append(
                    [
                        j["code"],
                        year,
                        item,
                        "yes" if rng.random() < 0.6 else "no",
                        "Odluka objavljena u Službenom listu" if rng.random() < 0.5 else "",
                    ]
                )
    header = ["jurisdiction", "fiscal_year", *(f for f in TAG_FIELDS if f != "unit")]
    _write("tags.csv", header, tags)
    _write("plans.csv", ["jurisdiction", "fiscal_year", "measure", "planned_cost"], plans)
    _write(
        "questionnaire.csv", ["jurisdiction", "fiscal_year", "item", "answer", "evidence"], answers
    )


def _write(name: str, header: list[str], rows: list[list]) -> None:
    with open(HERE / "demo" / name, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(20240101)
    with open(HERE / "demo" / "jurisdictions.csv", encoding="utf-8") as handle:
        jurisdictions = list(csv.DictReader(handle))
    out_path = HERE / "demo" / "budget.csv"
    with open(out_path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(BUDGET_FILE_ORDER)
        for j in jurisdictions:
            lines = NATIONAL_LINES if j["kind"] == "national" else LOCAL_LINES
            for year, stage, revision, as_of, items in documents(
                j["code"], int(j["population"]), lines, rng
            ):
                for (program, activity, function, economic, source), (
                    text,
                    value,
                    _,
                ) in items.items():
                    writer.writerow(
                        [
                            j["code"],
                            year,
                            stage,
                            revision,
                            as_of,
                            program,
                            activity,
                            function,
                            economic,
                            source,
                            text,
                            value,
                        ]
                    )
    write_tags_plans_questionnaire(jurisdictions, rng)
    print(f"wrote {out_path} and the demo tags, plans and questionnaire")


if __name__ == "__main__":
    main()
