"""Benchmark: `flask import budget` of a country's year against the floor of raw sqlite3.

    python benchmarks/import_budget.py [--municipalities 170] [--rows 1000000] [--repeat 3]

The data (benchmarks/country.py): 170 municipalities, each with an adopted budget, 2 rebalances
and 2 execution reports, about 1,000,000 lines in one CSV file. The database already holds the
previous year (as large, with approved tags), so that the command proposes tags (last year's
approved tags, keyword rules) and refreshes 170 scores, as it does for users.

  floor  - read the same CSV with the csv module and sqlite3.executemany its rows into the same
           budget_lines table (same indexes, same existing rows), in one transaction;
  import - `flask --app wsgi import budget FILE`, the command as users run it, timed from start
           to exit: read, validate every cell, write documents and lines, propose tags,
           recompute the scores of the year, commit.
Each runs --repeat times on a fresh copy of the database; medians are compared, since the floor
alone varies by 10-20 % between runs on a shared machine. Prints seconds, the ratio
import/floor (goal: <= 3) and the import's peak memory (goal: <= 1 GiB).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.country import generate  # noqa: E402

YEAR = 2025
DOCUMENTS_PER_YEAR = 5


def flask(database: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "wsgi"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
    )


def prepare(folder: Path, municipalities: int, rows: int) -> tuple[Path, Path]:
    """The CSV of the timed year, and a database holding the previous year."""
    per_document = max(1, rows // (municipalities * DOCUMENTS_PER_YEAR))
    paths = generate(folder, municipalities, range(YEAR - 1, YEAR + 1), per_document)
    previous_tags = folder / "tags-previous.csv"
    with (
        paths["tags"].open(encoding="utf-8") as source,
        previous_tags.open("w", encoding="utf-8") as out,
    ):
        for number, line in enumerate(source):
            if number == 0 or f",{YEAR - 1}," in line:
                out.write(line)
    database = folder / "base.sqlite3"
    flask(database, "db", "upgrade")
    for kind, path in (
        ("jurisdictions", paths["jurisdictions"]),
        ("measures", paths["measures"]),
        ("budget", paths[f"budget-{YEAR - 1}"]),
        ("tags", previous_tags),
    ):
        flask(database, "import", kind, str(path))
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return paths[f"budget-{YEAR}"], database


def fresh_copy(database: Path, target: Path) -> Path:
    shutil.copyfile(database, target)
    return target


def run_floor(csv_path: Path, database: Path) -> float:
    """The minimal program that loads this CSV into the same table: csv module, executemany."""
    start = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    first_document = connection.execute(
        "SELECT coalesce(max(id), 0) + 1000000 FROM budget_documents"
    ).fetchone()[0]
    documents: dict[tuple, int] = {}

    def parsed():
        with csv_path.open(encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for number, r in enumerate(reader, start=2):
                document = documents.setdefault(tuple(r[:5]), first_document + len(documents))
                units, _dot, cents = r[11].partition(".")
                yield (
                    document,
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    r[10].lower(),
                    int(units) * 100 + int(cents or 0),
                    number,
                )

    connection.executemany(
        "INSERT INTO budget_lines (document_id, program, activity, function, economic, source, "
        "description, search_text, amount_minor, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        parsed(),
    )
    connection.commit()
    connection.close()
    return time.perf_counter() - start


def run_import(csv_path: Path, database: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = flask(database, "import", "budget", str(csv_path))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_kib": max(peak, before), "output": result.stdout.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=170)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are compared")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(
            f"preparing {args.municipalities} municipalities, {args.rows:,} rows a year ...",
            flush=True,
        )
        csv_path, database = prepare(folder, args.municipalities, args.rows)
        size = csv_path.stat().st_size
        floors, imports = [], []
        for run in range(args.repeat):
            floors.append(run_floor(csv_path, fresh_copy(database, folder / f"floor{run}.sqlite3")))
            imports.append(
                run_import(csv_path, fresh_copy(database, folder / f"import{run}.sqlite3"))
            )
            print(
                f"run {run + 1}: floor {floors[-1]:.2f} s, import {imports[-1]['seconds']:.2f} s",
                flush=True,
            )
    floor_seconds = statistics.median(floors)
    import_seconds = statistics.median(r["seconds"] for r in imports)
    ratio = import_seconds / floor_seconds
    peak_mib = max(r["peak_kib"] for r in imports) / 1024
    print(f"file: {size / 2**20:.0f} MiB; {imports[0]['output']}")
    print(
        f"floor  (csv + sqlite3.executemany): {floor_seconds:.2f} s median of "
        + ", ".join(f"{s:.2f}" for s in floors)
    )
    print(
        "import (flask import budget, with suggestions and scores): "
        f"{import_seconds:.2f} s median of " + ", ".join(f"{r['seconds']:.2f}" for r in imports)
    )
    print(f"ratio import/floor: {ratio:.2f}x (goal <= 3x) {'OK' if ratio <= 3 else 'OVER'}")
    print(
        f"peak memory of the import: {peak_mib:.0f} MiB (goal <= 1024 MiB) "
        f"{'OK' if peak_mib <= 1024 else 'OVER'}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "floor_s": floor_seconds,
                    "import_s": import_seconds,
                    "ratio": ratio,
                    "peak_mib": peak_mib,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
