"""Browser tests: Playwright driving Debian's chromium against the app on a local port.

Skipped with a reason where /usr/bin/chromium or Playwright is missing; required (a failure,
not a skip) when RRB_REQUIRE_BROWSER=1, as .ci/run sets it after installing chromium.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("RRB_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("RRB_REQUIRE_BROWSER") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401  (is it installed?)
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable()
    if reason:
        if REQUIRED:
            pytest.fail(f"browser tests are required here, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app served on 127.0.0.1 in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page_for(browser, live_server):
    """page_for(): a fresh browser context (its own cookies) in English."""
    contexts = []

    def new_page():
        context = browser.new_context(
            base_url=live_server, locale="en-GB", extra_http_headers={"Accept-Language": "en"}
        )
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()
