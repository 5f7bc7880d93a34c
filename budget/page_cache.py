"""Rendered public pages kept in memory until the data change.

Public pages are read far more often than the data behind them change. An anonymous GET of a
cached view is answered from memory while the data version (`budget.versioning`) is the one the
page was rendered from, for the same address and language: one small query instead of the
page's queries and rendering. Signed-in visitors (whose pages show their own links and forms)
and responses carrying a flashed message are never cached. Each server process keeps its own
bounded cache (least recently used out first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, make_response, request, session
from flask_login import current_user

from budget.i18n import current_language
from budget.versioning import current_version

MAX_ENTRIES = 512
MAX_BODY_BYTES = 2 * 1024 * 1024
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")


class PageCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple[int, list, bytes]) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def _cache() -> PageCache:
    return current_app.extensions.setdefault("page_cache", PageCache())


def _cacheable() -> bool:
    return (
        request.method == "GET"
        and not current_app.config.get("PAGE_CACHE_DISABLED")
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def cached_page(view: Callable) -> Callable:
    """Serve the view's anonymous responses from memory while the data are unchanged."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        key = (request.full_path, current_language(), current_version())
        found = _cache().get(key)
        if found is not None:
            status, headers, body = found
            return Response(body, status=status, headers=headers)
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.is_streamed and "_flashes" not in session:
            body = response.get_data()
            if len(body) <= MAX_BODY_BYTES:
                headers = [
                    (name, response.headers[name])
                    for name in KEPT_HEADERS
                    if name in response.headers
                ]
                _cache().put(key, (200, headers, body))
        return response

    return wrapper
