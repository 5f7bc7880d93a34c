"""Writes seeds/region/*.csv: one demo municipality in each of the five other economies of the
region (estimates for trying the tracker, not official budgets), each in its own classification,
currency and budget users, with the adopted budget, a rebalance and two execution reports in
2024 and 2025, a few approved tags, and the annual average exchange rates.

Run `python seeds/generate_region.py` after changing it; `flask seed demo` imports the result.
"""

from __future__ import annotations

import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "region"
YEARS = (2024, 2025)
CENT = Decimal("0.01")

JURISDICTIONS = [
    # code, name (local language), English name, kind, country, region, currency, population,
    # Roma population (estimates; in Albania, Kosovo* and Montenegro Roma and Egyptians)
    (
        "AL-KORCE",
        "Bashkia Korçë",
        "Korçë Municipality",
        "municipality",
        "AL",
        "Korçë",
        "ALL",
        75994,
        2400,
    ),
    (
        "BA-TUZLA",
        "Grad Tuzla",
        "City of Tuzla",
        "city",
        "BA",
        "Tuzlanski kanton",
        "BAM",
        110979,
        3100,
    ),
    (
        "XK-PRIZREN",
        "Komuna e Prizrenit",
        "Municipality of Prizren",
        "municipality",
        "XK",
        "Prizren",
        "EUR",
        147246,
        6500,
    ),
    (
        "ME-PODGORICA",
        "Glavni grad Podgorica",
        "Capital City of Podgorica",
        "city",
        "ME",
        "Središnji region",
        "EUR",
        179505,
        4200,
    ),
    (
        "MK-SUTO-ORIZARI",
        "Општина Шуто Оризари",
        "Šuto Orizari Municipality",
        "municipality",
        "MK",
        "Скопски регион",
        "MKD",
        22017,
        13342,
    ),
]

# Per jurisdiction: lines as (unit, program, economic, description, amount of 2024, Roma tag)
# where the tag is None, "targeted" or a mainstream share.
LINES = {
    "AL-KORCE": [
        ("", "01110", "600", "Paga e administratës", "412000000", None),
        ("", "01110", "602", "Mallra dhe shërbime", "198000000", None),
        ("", "09120", "602", "Arsimi bazë: shërbime", "156000000", "0.0600"),
        ("", "10440", "606", "Ndihma ekonomike për familjet", "64000000", "0.2200"),
        (
            "",
            "10930",
            "602",
            "Programi i përfshirjes së romëve dhe egjiptianëve",
            "9800000",
            "targeted",
        ),
        ("", "10660", "231", "Strehimi social: rikonstruksion banesash", "35000000", "0.3000"),
        ("", "04520", "231", "Rrugë rurale", "260000000", None),
    ],
    "BA-TUZLA": [
        ("01", "", "611100", "Bruto plaće, Gradsko vijeće", "2100000", None),
        ("02", "", "611100", "Bruto plaće, gradska uprava", "14800000", None),
        ("02", "", "613900", "Ugovorene usluge", "3900000", None),
        ("03", "", "614200", "Jednokratne pomoći socijalno ugroženim", "2600000", "0.1800"),
        ("03", "", "614300", "Podrška udruženjima Roma", "180000", "targeted"),
        ("04", "", "614200", "Stipendije učenicima", "950000", "0.0700"),
        ("05", "", "821600", "Rekonstrukcija romskog naselja Kiseljak", "420000", "targeted"),
        ("06", "", "821600", "Investiciono održavanje puteva", "6200000", None),
    ],
    "XK-PRIZREN": [
        ("616", "16000", "1110", "Pagat neto, administrata", "6900000", None),
        ("616", "16000", "1340", "Shërbime kontraktuese", "2300000", None),
        ("616", "18000", "2130", "Ndihmë për familjet në nevojë", "1100000", "0.2500"),
        (
            "616",
            "18000",
            "2120",
            "Mbështetje për komunitetet rom, ashkali dhe egjiptian",
            "160000",
            "targeted",
        ),
        ("616", "92000", "1340", "Arsimi: transporti i nxënësve", "870000", "0.1000"),
        ("616", "92000", "3110", "Ndërtimi i shkollave", "3400000", None),
    ],
    "ME-PODGORICA": [
        ("01", "P1", "4111", "Neto zarade, Glavni grad", "18500000", None),
        ("01", "P1", "4131", "Rashodi za materijal", "2900000", None),
        ("03", "P2", "4312", "Jednokratne socijalne pomoći", "1450000", "0.2000"),
        ("03", "P2", "4319", "Program podrške Romima i Egipćanima", "240000", "targeted"),
        ("04", "P3", "4143", "Prevoz učenika", "610000", "0.0900"),
        ("05", "P4", "4413", "Investiciono održavanje, Vrela Ribnička", "380000", "targeted"),
        ("06", "P5", "4413", "Investiciono održavanje saobraćajnica", "7300000", None),
    ],
    "MK-SUTO-ORIZARI": [
        ("", "A00", "404", "Надоместоци, Совет на општина", "5200000", None),
        ("", "D00", "401", "Основни плати, Градоначалник", "3100000", None),
        ("", "E00", "425", "Договорни услуги", "16800000", None),
        ("", "K40", "471", "Социјални надоместоци", "9400000", "0.8200"),
        ("", "K40", "464", "Ромски информативен центар", "2600000", "targeted"),
        ("", "N10", "464", "Основно образование: трансфери", "48000000", "0.6500"),
        ("", "J60", "482", "Улици и патишта", "41000000", "0.5500"),
    ],
}
# Annual averages per EUR: estimates of the central banks' published figures, for the demo.
RATES = [
    ("RSD", 2024, "117.0831", "Narodna banka Srbije"),
    ("RSD", 2025, "117.1650", "Narodna banka Srbije"),
    ("ALL", 2024, "100.7560", "Banka Albanije"),
    ("ALL", 2025, "97.9820", "Banka Albanije"),
    ("MKD", 2024, "61.5100", "Narodna banka Republike Severne Makedonije"),
    ("MKD", 2025, "61.5300", "Narodna banka Republike Severne Makedonije"),
]


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    random.seed(15)
    with (OUT / "jurisdictions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "code",
                "name",
                "name_en",
                "kind",
                "country",
                "region",
                "currency",
                "population",
                "roma_population",
                "parent",
            ]
        )
        for row in JURISDICTIONS:
            writer.writerow([*row, ""])
    budget_rows, tag_rows = [], []
    for code, lines in LINES.items():
        for year in YEARS:
            growth = Decimal("1") if year == 2024 else Decimal("1.06")
            for unit, program, economic, description, amount, tag in lines:
                adopted = Decimal(amount) * growth
                # The rebalance trims most lines a little, and cuts one Roma-targeted line hard
                # in 2025 (as many rebalances did to dedicated Roma budgets).
                cut = (
                    Decimal("0.70")
                    if (tag == "targeted" and year == 2025)
                    else Decimal(str(round(random.uniform(0.94, 1.04), 3)))
                )
                revised = adopted * cut
                half = revised * Decimal(str(round(random.uniform(0.38, 0.52), 3)))
                final = revised * Decimal(str(round(random.uniform(0.78, 0.99), 3)))
                key = [unit, program, economic, description]
                for stage, revision, as_of, value in (
                    ("adopted", "", "", adopted),
                    ("revised", "1", "", revised),
                    ("executed", "", f"{year}-06-30", half),
                    ("executed", "", f"{year}-12-31", final),
                ):
                    budget_rows.append([code, year, stage, revision, as_of, *key, money(value)])
                if tag is not None:
                    relevance = "targeted" if tag == "targeted" else "mainstream"
                    share = "" if tag == "targeted" else tag
                    tag_rows.append(
                        [code, year, unit, program, economic, relevance, share, "approved"]
                    )
    with (OUT / "budget.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "jurisdiction",
                "fiscal_year",
                "stage",
                "revision",
                "as_of",
                "unit",
                "program",
                "economic",
                "description",
                "amount",
            ]
        )
        writer.writerows(budget_rows)
    with (OUT / "tags.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "jurisdiction",
                "fiscal_year",
                "unit",
                "program",
                "economic",
                "relevance",
                "share",
                "status",
            ]
        )
        writer.writerows(tag_rows)
    with (OUT / "exchange-rates.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["currency", "year", "per_eur", "source"])
        writer.writerows(RATES)


if __name__ == "__main__":
    main()
