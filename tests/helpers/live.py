"""A real server for the tests: gunicorn with several worker processes on a loopback port, on the
tests' own database, and plain HTTP clients (one cookie jar each) to send it requests at once."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    text: str

    @property
    def json(self):
        return json.loads(self.text)


class Client:
    """One visitor: its own connection per request and its own cookies (a session, CSRF)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def send(
        self, method: str, path: str, *, form=None, body=None, file=None, headers=None
    ) -> Answer:
        """`file`: (name, bytes) sent as the multipart field `file`."""
        data = None
        headers = {"Accept-Language": "en", **(headers or {})}
        if file is not None:
            boundary = f"rrb-{uuid.uuid4().hex}"
            name, content = file
            data = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                    f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
                + content
                + f"\r\n--{boundary}--\r\n".encode()
            )
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with self.opener.open(request, timeout=120) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode())

    def get(self, path: str, **kwargs) -> Answer:
        return self.send("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Answer:
        return self.send("POST", path, **kwargs)

    def csrf(self, path: str) -> str:
        page = self.get(path).text
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, email: str, password: str) -> Answer:
        token = self.csrf("/auth/login")
        return self.post(
            "/auth/login", form={"email": email, "password": password, "csrf_token": token}
        )


class LiveServer:
    """gunicorn serving `wsgi:app` on a free loopback port with `environment` (DATABASE_URL,
    SECRET_KEY, ...) added to this process's; its output is kept for a failing test to show."""

    def __init__(self, environment: dict[str, str], workers: int = 4):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "wsgi:app",
            ],
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.client().get("/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def client(self) -> Client:
        return Client(self.base)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def at_once(count: int, action: Callable[[int], object], threads: int | None = None) -> list:
    """Run action(n) for n in range(count) from `threads` threads (all released together); the
    results in order."""
    threads = threads or count
    results: list = [None] * count
    barrier = threading.Barrier(threads)

    def work(first: int):
        barrier.wait()
        for n in range(first, count, threads):
            results[n] = action(n)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    return results
