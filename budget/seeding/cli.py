"""`flask seed demo`: code lists and the demo data set (safe to run again)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from budget.extensions import db
from budget.importing.problems import ImportFailed

seed_cli = AppGroup("seed", help="Load seed data.")


@seed_cli.command("demo")
def seed_demo_command() -> None:
    """Load Serbia's code lists and the demo jurisdictions and budgets; idempotent."""
    from budget.seeding.services import seed_demo

    try:
        seed_demo(report=click.echo)
        db.session.commit()
    except ImportFailed as failure:
        db.session.rollback()
        click.echo(failure.report(), err=True)
        sys.exit(1)
    click.echo("Demo data loaded.")
