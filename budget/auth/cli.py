"""`flask users create|token`: accounts from the command line."""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup

from budget.auth import services
from budget.auth.models import ROLES
from budget.extensions import db
from budget.importing.cli import who

users_cli = AppGroup("users", help="Manage user accounts and API tokens.")


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The user's role.")
@click.option("--jurisdiction", help="Jurisdiction code (finance officers only).")
@click.option(
    "--password", help="Initial password; a random one is generated and printed if omitted."
)
@click.option("--organisation", help="A monitor's organisation (created if new).")
@click.option(
    "--organisation-kind",
    type=click.Choice(["cso", "council"]),
    default="cso",
    show_default=True,
    help="cso: a civil-society organisation; council: a council for interethnic relations.",
)
def create_user_command(
    email: str,
    role: str,
    jurisdiction: str | None,
    password: str | None,
    organisation: str | None,
    organisation_kind: str,
):
    """Create a user."""
    from budget.flags.services import set_organisation

    generated = password is None
    password = password if password is not None else secrets.token_urlsafe(12)
    try:
        user = services.create_user(email, role, password, jurisdiction, actor_label=who())
        if organisation:
            set_organisation(user, organisation, organisation_kind, actor_label=who())
    except services.UserError as error:
        _fail(str(error))
    db.session.commit()
    where = f" of {user.jurisdiction.code}" if user.jurisdiction else ""
    click.echo(f"Created {user.role}{where}: {user.email}")
    if generated:
        click.echo(f"Password: {password}")


@users_cli.command("token")
@click.argument("email")
def token_command(email: str):
    """Issue a new API token; it is printed once, as the last line."""
    user = services.user_by_email(email)
    if user is None:
        _fail(f"no user with the email {email}")
    if not user.active:
        _fail(f"{user.email} is deactivated")
    token = services.issue_token(user, actor_label=who())
    db.session.commit()
    click.echo(f"API token for {user.email} (shown once; keep it secret):")
    click.echo(token)
