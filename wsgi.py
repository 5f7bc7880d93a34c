"""WSGI entry point: `flask --app wsgi ...`, `gunicorn wsgi:app`."""

from budget import create_app

app = create_app()
