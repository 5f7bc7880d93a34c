"""Benchmark: the public pages of a whole country under load, against a static file.

    python benchmarks/serve.py [--municipalities 170] [--compare 17] [--years 2021-2025]
                               [--lines-per-document 240] [--clients 20] [--requests 200]

For each size (170 municipalities, then 17 for the comparison): generate the country
(benchmarks/country.py: every municipality and year with an adopted budget, 2 rebalances and 2
execution reports, tags, plans, answers), load it with the CLI as users would, time
`flask scores compute` for all years, start gunicorn with 2 workers on loopback and send, page
after page, --requests requests from --clients concurrent clients. Prints the p50 and p95 of
each page next to those of a static file under the same load, and the ratios to check the goals:
every page's p95 within 5x the static file's, and `/` at 170 municipalities within 2x `/` at 17.
Only 127.0.0.1 is contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.country import generate, municipality_codes  # noqa: E402
from tests.helpers.live import LiveServer  # noqa: E402


def flask(env: dict, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start


def load(folder: Path, env: dict, municipalities: int, years: range, lines: int) -> dict:
    paths = generate(folder, municipalities, years, lines)
    flask(env, "db", "upgrade")
    seconds = {}
    for kind in ("jurisdictions", "measures"):
        flask(env, "import", kind, str(paths[kind]))
    seconds["import budgets"] = sum(
        flask(env, "import", "budget", str(paths[f"budget-{y}"])) for y in years
    )
    for kind in ("tags", "plans", "questionnaire"):
        seconds[f"import {kind}"] = flask(env, "import", kind, str(paths[kind]))
    seconds["scores compute (all years)"] = flask(env, "scores", "compute")
    return seconds


def get(port: int, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Accept-Language": "en"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        connection.close()


def hammer(port: int, path: str, clients: int, requests: int) -> dict:
    """`requests` GETs of one page from `clients` threads at once: latency percentiles."""
    timings: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    remaining = iter(range(requests))

    def client():
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            status, seconds = get(port, path)
            with lock:
                (timings if status == 200 else failures).append(
                    seconds if status == 200 else status
                )

    get(port, path)  # warm: the first request of a page fills the workers' caches
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    timings.sort()
    percentile = lambda p: timings[min(len(timings) - 1, round(p * (len(timings) - 1)))] * 1000
    return {
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "rps": len(timings) / elapsed,
        "failures": len(failures),
    }


def render_times(port: int, path: str, requests: int) -> dict:
    """One client, each request with a new address (`_=n`), so that no cached page answers:
    what rendering the page costs."""
    timings = []
    for number in range(requests):
        separator = "&" if "?" in path else "?"
        status, seconds = get(port, f"{path}{separator}_={number}")
        if status == 200:
            timings.append(seconds)
    timings.sort()
    return {
        "p50_ms": timings[len(timings) // 2] * 1000,
        "p95_ms": timings[round(0.95 * (len(timings) - 1))] * 1000,
    }


def measure(municipalities: int, years: range, lines: int, clients: int, requests: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="rrb-serve-"))
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/serve.sqlite3",
            "FLASK_APP": "wsgi",
            "SECRET_KEY": "benchmark-only",
        }
        print(f"loading {municipalities} municipalities x {len(years)} years ...", flush=True)
        loading = load(folder, env, municipalities, years, lines)
        year, place = years[-1], municipality_codes(municipalities)[0]
        pages = {
            "static file": "/static/css/site.css",
            "/": "/",
            "ranking API": f"/api/v1/scores?year={year}",
            "scorecard": f"/jurisdictions/{place}/years/{year}/score",
            "year page": f"/jurisdictions/{place}/years/{year}",
            "country page": f"/countries/RS/years/{year}",
            "region page": f"/region/years/{year}",
        }
        server = LiveServer(env, workers=2)
        port = server.port
        try:
            results, rendering = {}, {}
            for name, path in pages.items():
                results[name] = hammer(port, path, clients, requests)
                rendering[name] = render_times(port, path, max(10, requests // 10))
                print(
                    f"  {name:14} p50 {results[name]['p50_ms']:8.1f} ms  p95 {results[name]['p95_ms']:8.1f} ms",
                    flush=True,
                )
        finally:
            server.stop()
        return {"loading_s": loading, "pages": results, "rendering": rendering}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=170)
    parser.add_argument(
        "--compare", type=int, default=17, help="the smaller country for the / goal"
    )
    parser.add_argument("--years", default="2021-2025", help="FIRST-LAST")
    parser.add_argument("--lines-per-document", type=int, default=240)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="per page")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    first, last = (int(part) for part in args.years.split("-"))
    years = range(first, last + 1)
    big = measure(args.municipalities, years, args.lines_per_document, args.clients, args.requests)
    small = measure(args.compare, years, args.lines_per_document, args.clients, args.requests)

    print(
        f"\n{args.municipalities} municipalities x {len(years)} years x 5 documents x "
        f"{args.lines_per_document} lines; {args.clients} clients, {args.requests} requests a page, "
        "gunicorn 2 workers, SQLite"
    )
    for step, seconds in big["loading_s"].items():
        print(f"  {step}: {seconds:.1f} s")
    static = big["pages"]["static file"]["p95_ms"]
    print(f"  {'page':14} {'p50 ms':>8} {'p95 ms':>8} {'p95/static':>10}  goal <= 5x")
    for name, figures in big["pages"].items():
        ratio = figures["p95_ms"] / static
        verdict = "" if name == "static file" else ("OK" if ratio <= 5 else "OVER")
        print(
            f"  {name:14} {figures['p50_ms']:8.1f} {figures['p95_ms']:8.1f} {ratio:10.2f}  {verdict}"
        )
    home_ratio = big["pages"]["/"]["p95_ms"] / small["pages"]["/"]["p95_ms"]
    print(
        f"  / at {args.municipalities} against / at {args.compare}: p95 "
        f"{big['pages']['/']['p95_ms']:.1f} / {small['pages']['/']['p95_ms']:.1f} ms = {home_ratio:.2f}x "
        f"(goal <= 2x) {'OK' if home_ratio <= 2 else 'OVER'}"
    )
    print(
        f"  rendering without the page cache (one client, p50 / p95 ms): "
        f"{args.municipalities} vs {args.compare} municipalities"
    )
    for name in big["rendering"]:
        b, s = big["rendering"][name], small["rendering"][name]
        print(
            f"  {name:14} {b['p50_ms']:8.1f} / {b['p95_ms']:8.1f}   vs {s['p50_ms']:8.1f} / {s['p95_ms']:8.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"big": big, "small": small}, indent=1))


if __name__ == "__main__":
    main()
