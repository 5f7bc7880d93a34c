"""A whole country's data for benchmarks, in the import formats.

    python benchmarks/country.py FOLDER [--municipalities 170] [--years 2021-2025]
                                        [--lines-per-document 240]

Writes jurisdictions.csv, measures.csv, budget-YEAR.csv (per year: for every municipality the
adopted budget, 2 rebalances and execution reports as of 30 June and 31 December), tags.csv
(approved tags on about 2 % of the lines, some with beneficiary counts), plans.csv and
questionnaire.csv. Figures are random but repeatable (seeded); descriptions repeat the way real
budgets do, and some name Roma measures, so that keyword suggestions have something to find.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budget.budgets.importer import FILE_ORDER as BUDGET_FILE_ORDER
from budget.tagging.services import FIELDS as TAG_FIELDS

BUDGET_HEADER = list(BUDGET_FILE_ORDER)
TAG_HEADER = ["jurisdiction", "fiscal_year", *(f for f in TAG_FIELDS if f != "unit")]  # tags
MEASURES = [
    ("NS-1.2", "Pedagoški asistenti", "education"),
    ("NS-1.3", "Stipendije za romske učenike", "education"),
    ("NS-2.2", "Samozapošljavanje Roma", "employment"),
    ("NS-3.1", "Unapređenje romskih naselja", "housing"),
    ("NS-4.1", "Zdravstvene medijatorke", "health"),
    ("NS-5.1", "Mobilni timovi za inkluziju", "social_protection"),
]
ROMA_DESCRIPTIONS = [
    ("Pedagoški asistenti u osnovnim školama", "NS-1.2"),
    ("Stipendije za romske učenike srednjih škola", "NS-1.3"),
    ("Subvencije za samozapošljavanje Roma", "NS-2.2"),
    ("Infrastruktura u romskom naselju", "NS-3.1"),
    ("Zdravstvene medijatorke", "NS-4.1"),
    ("Mobilni tim za socijalnu inkluziju", "NS-5.1"),
]
ORDINARY = [
    "Plate i dodaci zaposlenih",
    "Socijalni doprinosi",
    "Stalni troškovi",
    "Usluge po ugovoru",
    "Materijal",
    "Tekuće popravke i održavanje",
    "Subvencije javnim preduzećima",
    "Jednokratne pomoći",
    "Izgradnja puteva",
    "Oprema za škole",
    "Troškovi putovanja",
    "Naknade za socijalnu zaštitu",
    "Dotacije udruženjima",
    "Kapitalno održavanje",
]
ITEMS = (
    "lap_in_force",
    "roma_coordinator",
    "consultation_held",
    "budget_published",
    "interethnic_council_consulted",
)
PROGRAMS = ["0602", "0701", "0901", "1101", "1201", "1301", "1501", "1801", "2001", "2002"]


def municipality_codes(count: int) -> list[str]:
    return [f"RS-B{number:03d}" for number in range(1, count + 1)]


def line_keys(count: int) -> list[tuple[str, str, str, str, str]]:
    keys = []
    for i in range(count):
        program = PROGRAMS[i % len(PROGRAMS)]
        keys.append(
            (
                program,
                f"{program}-{i // len(PROGRAMS):04d}",
                f"{(i % 9) * 10 + 10:03d}",
                f"4{(i * 7) % 99:02d}{i % 10}",
                f"{1 + i % 3:02d}",
            )
        )
    return keys


def generate(
    folder: Path,
    municipalities: int = 170,
    years: range = range(2021, 2026),
    lines_per_document: int = 240,
    seed: int = 7,
) -> dict[str, Path]:
    """Write the files; returns {kind: path} (budget files as budget-YEAR)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes = municipality_codes(municipalities)
    keys = line_keys(lines_per_document)
    paths: dict[str, Path] = {}

    def writer(name: str, header: list[str]):
        path = folder / f"{name}.csv"
        paths[name] = path
        handle = path.open("w", newline="", encoding="utf-8")
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        return handle, out

    handle, out = writer(
        "jurisdictions",
        ["code", "name", "kind", "country", "currency", "population", "roma_population", "parent"],
    )
    out.writerow(["RS", "Republika Srbija", "national", "RS", "RSD", 6600000, 131936, ""])
    sizes = {}
    for number, code in enumerate(codes, start=1):
        population = rng.choice([8000, 15000, 30000, 60000, 150000]) + number
        sizes[code] = population
        kind = "city" if population > 100000 else "municipality"
        out.writerow(
            [
                code,
                f"Opština {number}",
                kind,
                "RS",
                "RSD",
                population,
                population * rng.randrange(5, 80) // 1000,
                "RS",
            ]
        )
    handle.close()

    handle, out = writer("measures", ["code", "title", "area", "level"])
    for code, title, area in MEASURES:
        out.writerow([code, title, area, "national"])
    handle.close()

    # Descriptions of each municipality's lines: the same every year, some naming Roma measures.
    descriptions = {}
    roma_lines = {}
    for code in codes:
        chosen = {}
        for index in rng.sample(range(lines_per_document), k=max(1, lines_per_document // 40)):
            text, measure = rng.choice(ROMA_DESCRIPTIONS)
            chosen[index] = (text, measure)
        roma_lines[code] = chosen
        descriptions[code] = [
            chosen[i][0] if i in chosen else f"{rng.choice(ORDINARY)} {i}"
            for i in range(lines_per_document)
        ]

    documents = [
        ("adopted", "", "", 1.0),
        ("revised", "1", "", 1.03),
        ("revised", "2", "", 0.98),
        ("executed", "", "06-30", 0.45),
        ("executed", "", "12-31", 0.93),
    ]
    for year in years:
        handle, out = writer(f"budget-{year}", BUDGET_HEADER)
        for code in codes:
            base = [rng.randrange(10_000, 50_000_000) for _ in keys]
            for stage, revision, as_of, factor in documents:
                date = f"{year}-{as_of}" if as_of else ""
                for i, key in enumerate(keys):
                    amount = int(base[i] * factor * rng.uniform(0.9, 1.1))
                    out.writerow(
                        [
                            code,
                            year,
                            stage,
                            revision,
                            date,
                            *key,
                            descriptions[code][i],
                            f"{amount // 100}.{amount % 100:02d}",
                        ]
                    )
        handle.close()

    handle, out = writer("tags", TAG_HEADER)
    for year in years:
        for code in codes:
            for index, (_text, measure) in sorted(roma_lines[code].items()):
                women = rng.randrange(10, 100)
                out.writerow(
                    [
                        code,
                        year,
                        *keys[index],
                        measure,
                        "targeted",
                        "",
                        women * 3,
                        women * 2,
                        women if rng.random() < 0.6 else "",
                        "",  # justification
                        "approved",
                    ]
                )
            index = (sizes[code] // 7) % lines_per_document
            if index not in roma_lines[code]:
                out.writerow(
                    [
                        code,
                        year,
                        *keys[index],
                        "NS-5.1",
                        "mainstream",
                        f"0.{rng.randrange(5, 40):02d}",
                        "",
                        "",
                        "",
                        "",  # justification
                        "approved",
                    ]
                )
    handle.close()

    handle, out = writer("plans", ["jurisdiction", "fiscal_year", "measure", "planned_cost"])
    for year in years:
        for code in codes:
            for measure in sorted({m for _t, m in roma_lines[code].values()}):
                out.writerow([code, year, measure, f"{rng.randrange(100_000, 20_000_000)}.00"])
    handle.close()

    handle, out = writer("questionnaire", ["jurisdiction", "fiscal_year", "item", "answer"])
    for year in years:
        for code in codes:
            for item in ITEMS:
                out.writerow([code, year, item, "yes" if rng.random() < 0.6 else "no"])
    handle.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--municipalities", type=int, default=170)
    parser.add_argument("--years", default="2021-2025", help="FIRST-LAST")
    parser.add_argument("--lines-per-document", type=int, default=240)
    args = parser.parse_args()
    first, last = (int(part) for part in args.years.split("-"))
    paths = generate(
        args.folder, args.municipalities, range(first, last + 1), args.lines_per_document
    )
    for kind, path in paths.items():
        print(f"{kind}: {path} ({path.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
