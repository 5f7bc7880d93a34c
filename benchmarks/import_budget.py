"""Benchmark: importing a 1,000,000-row budget file against the floor of raw sqlite3.

    python benchmarks/import_budget.py [--rows N]

Generates a budget CSV (4 jurisdictions x 5 documents), then times in separate processes:
  floor  - sqlite3.executemany of the same rows, already parsed, into a table of the same
           shape and indexes as budget_lines, in one transaction;
  import - the tracker's `import budget` path: read, validate every cell, check duplicate keys,
           write documents and lines, commit.
Each is run --repeat times (default 3); the medians are compared, since the floor alone varies
by 10-20 % between runs on a shared machine. Prints seconds, the ratio import/floor (goal: <= 3)
and the import's peak memory (goal: <= 1 GiB).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JURISDICTIONS = ["RS-B1", "RS-B2", "RS-B3", "RS-B4"]
DOCUMENTS = [
    ("adopted", "", ""),
    ("revised", "1", ""),
    ("revised", "2", ""),
    ("executed", "", "2024-06-30"),
    ("executed", "", "2024-12-31"),
]
HEADER = [
    "jurisdiction",
    "fiscal_year",
    "stage",
    "revision",
    "as_of",
    "program",
    "activity",
    "function",
    "economic",
    "source",
    "description",
    "amount",
]


def generate(path: Path, rows: int) -> None:
    rng = random.Random(7)
    per_document = rows // (len(JURISDICTIONS) * len(DOCUMENTS))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for code in JURISDICTIONS:
            for stage, revision, as_of in DOCUMENTS:
                for i in range(per_document):
                    program = f"{1000 + i % 97:04d}"
                    writer.writerow(
                        [
                            code,
                            2024,
                            stage,
                            revision,
                            as_of,
                            program,
                            f"{program}-{i // 97:04d}",
                            "070",
                            f"{4000 + i % 500}",
                            "01",
                            f"Line {i} of {code}",
                            f"{rng.randrange(0, 10**11)}.{rng.randrange(100):02d}",
                        ]
                    )


def child_floor(csv_path: str, db_path: str) -> dict:
    import sqlite3

    with open(csv_path, encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        documents: dict[tuple, int] = {}
        rows = []
        for number, r in enumerate(reader, start=2):
            document = documents.setdefault(tuple(r[:5]), len(documents) + 1)
            amount = int(r[11].replace(".", ""))
            rows.append((document, r[5], r[6], r[7], r[8], r[9], r[10], amount, number))
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE budget_lines (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, "
        "program VARCHAR(40) NOT NULL, activity VARCHAR(40) NOT NULL, function VARCHAR(40) NOT NULL, "
        "economic VARCHAR(40) NOT NULL, source VARCHAR(40) NOT NULL, description VARCHAR(1000) NOT NULL, "
        "amount_minor BIGINT NOT NULL, source_row INTEGER)"
    )
    connection.execute(
        "CREATE UNIQUE INDEX uq_key ON budget_lines (document_id, program, activity, function, economic, source)"
    )
    start = time.perf_counter()
    connection.executemany(
        "INSERT INTO budget_lines (document_id, program, activity, function, economic, source, "
        "description, amount_minor, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    return {"seconds": time.perf_counter() - start}


def child_import(csv_path: str, db_path: str) -> dict:
    from budget import create_app
    from budget.budgets.importer import import_budget
    from budget.extensions import db
    from budget.jurisdictions.models import Jurisdiction

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}"})
    with app.app_context():
        db.create_all()
        for code in JURISDICTIONS:
            db.session.add(
                Jurisdiction(
                    code=code, name=code, kind="municipality", country="RS", currency="RSD"
                )
            )
        db.session.commit()
        start = time.perf_counter()
        result = import_budget(csv_path, imported_by="benchmark")
        db.session.commit()
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "seconds": seconds,
        "peak_bytes": peak,
        "rows": result.rows,
        "documents": len(result.documents),
    }


def run_child(kind: str, csv_path: Path, db_path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(csv_path), str(db_path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are compared")
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        kind, csv_path, db_path = args.child
        print(json.dumps((child_floor if kind == "floor" else child_import)(csv_path, db_path)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "budget.csv"
        generate(csv_path, args.rows)
        size = csv_path.stat().st_size
        floors, imports = [], []
        for run in range(args.repeat):
            floors.append(run_child("floor", csv_path, folder / f"floor{run}.sqlite3"))
            imports.append(run_child("import", csv_path, folder / f"import{run}.sqlite3"))
    floor_seconds = statistics.median(r["seconds"] for r in floors)
    import_seconds = statistics.median(r["seconds"] for r in imports)
    ratio = import_seconds / floor_seconds
    peak_mib = max(r["peak_bytes"] for r in imports) / 2**20
    imported = imports[0]
    print(
        f"rows: {imported['rows']:,} in {imported['documents']} documents ({size / 2**20:.0f} MiB CSV)"
    )
    spread = lambda runs: ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(f"floor  (sqlite3.executemany): {floor_seconds:.2f} s median of {spread(floors)}")
    print(f"import (validate + write):    {import_seconds:.2f} s median of {spread(imports)}")
    print(f"ratio import/floor: {ratio:.2f}x (goal <= 3x) {'OK' if ratio <= 3 else 'OVER'}")
    print(
        f"peak memory of the import: {peak_mib:.0f} MiB (goal <= 1024 MiB) "
        f"{'OK' if peak_mib <= 1024 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
