"""The Roma responsive budgeting tracker."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g

from budget.config import load_config
from budget.extensions import babel, csrf, db, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)

    @app.before_request
    def start_with_an_empty_g():
        # Flask-Login, Flask-Babel and Flask-WTF cache the user, the locale and the CSRF token
        # on `g`. When an app context was pushed around requests (CLI, tests) `g` outlives a
        # request; every request must start from its own session and headers.
        for name in list(vars(g)):
            delattr(g, name)

    from budget import i18n, labels, security, transactions
    from budget.web.converters import BoundedInt

    app.url_map.converters["int"] = BoundedInt  # before any route is added
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    labels.init_app(app)
    transactions.init_app(app)
    from budget.notices import services as notices

    notices.init_app(app)
    from budget import ratelimit

    ratelimit.init_app(app)

    from budget import models  # noqa: F401  (registers every table on the metadata)
    from budget.api.views import api
    from budget.audit.views import audit
    from budget.auth.admin_views import admin
    from budget.auth.views import auth
    from budget.errors import register_error_handlers
    from budget.flags.views import flags_views
    from budget.health import health
    from budget.indicators.views import indicators
    from budget.measures.views import measures
    from budget.opendata.views import opendata
    from budget.plans.views import plans_views
    from budget.portal.views import portal
    from budget.review.views import review
    from budget.scoring import freshness  # noqa: F401  (scores follow their data)
    from budget.tagging.views import work
    from budget.uploads.views import uploads
    from budget.web.cells import cells
    from budget.web.tables import download_url

    app.register_blueprint(portal)
    app.jinja_env.globals["download_url"] = download_url
    app.jinja_env.globals["table_cells"] = cells
    app.register_blueprint(api)
    app.register_blueprint(auth)
    app.register_blueprint(admin)
    app.register_blueprint(work)
    app.register_blueprint(uploads)
    app.register_blueprint(flags_views)
    app.register_blueprint(plans_views)
    app.register_blueprint(indicators)
    app.register_blueprint(review)
    app.register_blueprint(audit)
    app.register_blueprint(measures)
    app.register_blueprint(health)
    app.register_blueprint(opendata)
    csrf.exempt(api)
    register_error_handlers(app)

    from budget.auth.cli import users_cli
    from budget.importing.cli import import_cli
    from budget.scoring.cli import scores_cli
    from budget.seeding.cli import seed_cli

    app.cli.add_command(import_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(scores_cli)

    return app
