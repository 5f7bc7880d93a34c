"""Fixtures: an app per test on a shared schema, cleaned after each test.

Tests run on SQLite by default, and on PostgreSQL when RRB_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from budget import create_app
from budget.extensions import db

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("RRB_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


class EnglishClient(FlaskClient):
    """Tests read English messages unless a test asks for another language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def make_app(database_url: str):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "PASSWORD_HASH_FAST": True,
        }
    )
    app.test_client_class = EnglishClient
    return app


@pytest.fixture(scope="session")
def schema(database_url):
    app = make_app(database_url)
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(schema, database_url):
    app = make_app(database_url)
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def write(tmp_path):
    """write('budget.csv', text) -> path of a file with that (dedented) text."""

    def writer(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return writer


JURISDICTIONS = """
code,name,name_en,kind,country,currency,population,roma_population,parent
RS,Republika Srbija,Serbia,national,RS,RSD,6600000,130000,
RS-X,Example,Example,municipality,RS,RSD,50000,2500,RS
RS-Y,Ipsilon,,city,RS,RSD,100000,1000,RS
ME-Z,Zeta,,municipality,ME,EUR,10000,100,
"""


@pytest.fixture
def jurisdictions(app, runner, write):
    result = runner.invoke(args=["import", "jurisdictions", str(write("j.csv", JURISDICTIONS))])
    assert result.exit_code == 0, result.output
    return result


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app, jurisdictions):
    from budget.auth.services import create_user

    def maker(role: str, jurisdiction: str | None = None, email: str | None = None):
        user = create_user(
            email or f"{role}-{jurisdiction or 'all'}@test.example".lower(),
            role,
            PASSWORD,
            jurisdiction,
            actor_label="test",
        )
        db.session.commit()
        return user

    return maker


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    return client.post(
        "/auth/login", data={"email": email, "password": password, "csrf_token": token}
    )


@pytest.fixture
def token_for(runner):
    def issue(email: str) -> str:
        result = runner.invoke(args=["users", "token", email])
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1]

    return issue
