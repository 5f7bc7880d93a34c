"""`flask scores compute [--year YEAR] [--method ID]`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from budget.extensions import db
from budget.scoring import services

scores_cli = AppGroup("scores", help="Compute the RRB index.")


@scores_cli.command("compute")
@click.option("--year", type=int, help="Fiscal year (default: every year with budgets).")
@click.option(
    "--method",
    "methodology",
    default=services.DEFAULT_METHOD,
    show_default=True,
    help="Scoring method identifier.",
)
def compute_command(year: int | None, methodology: str) -> None:
    """Compute and store the scores of every scored jurisdiction (scores are also recomputed
    whenever their data change; this is for a new or edited method file, or an upgrade)."""
    try:
        results = services.compute_all(year, methodology)
    except services.NotScorable as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    db.session.commit()
    scored = sum(1 for r in results if r and r["status"] == "scored")
    click.echo(
        f"Computed {len(results)} scores with {methodology} "
        f"({scored} scored, {len(results) - scored} with insufficient data)."
    )
