"""Run `flask import budget FILE` against DATABASE_URL and stop in the middle of writing.

    python tests/helpers/import_then_wait.py FILE MARKER

The real import runs; after the first half of a document's lines is written (inside the
import's transaction) the marker file is written and the process waits to be killed, as a server
killed mid-import would be.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from budget import create_app
from budget.budgets import importer

written = importer.bulk_insert


def half_then_wait(connection, table, columns, rows):
    rows = list(rows)
    written(connection, table, columns, rows[: len(rows) // 2])
    Path(sys.argv[2]).write_text("half of the lines are written")
    time.sleep(120)  # killed here
    written(connection, table, columns, rows[len(rows) // 2 :])


importer.bulk_insert = half_then_wait
app = create_app()
result = app.test_cli_runner().invoke(args=["import", "budget", sys.argv[1]])
print(result.output)
