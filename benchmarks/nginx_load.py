"""Loopback load against nginx serving the built site/ with deploy/'s configuration: a few threads
GET a mix of pages and assets for a fixed time (stdlib http.client, 127.0.0.1 only) and report
requests per second and errors. Measured, never asserted; `nox -s bench` calls run().

    python benchmarks/nginx_load.py [seconds] [threads]
"""

from __future__ import annotations

import http.client
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nginx_server import serve  # noqa: E402

# What a reader's visit asks for: pages, the theme, pieces of the search index, the calculator's files.
PATHS = ["index.html", "regulations/dazhou.html", "compare/deadlines.html", "compare/routes.html", "glossary.html",
         "calculator.html", "assets/stylesheets/site.css", "search/manifest.json", "search/t-0.json",
         "assets/calculator/manifest.json", "assets/calculator/rules.json", "assets/stylesheets/pictures.css"]


def _worker(base: str, stop: float, counts: list[int]) -> None:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    done = errors = 0
    while time.monotonic() < stop:
        path = PATHS[done % len(PATHS)]
        try:
            conn.request("GET", url.path + path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        done += 1
    conn.close()
    counts.extend([done, errors])


def load(base: str, seconds: float = 30, threads: int = 4) -> dict:
    """GET PATHS round-robin from `threads` keep-alive connections for `seconds`."""
    assert urlsplit(base).hostname == "127.0.0.1", "loopback only"
    results: list[list[int]] = [[] for _ in range(threads)]
    stop = time.monotonic() + seconds
    workers = [threading.Thread(target=_worker, args=(base, stop, r)) for r in results]
    started = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    requests = sum(r[0] for r in results)
    return {"requests_per_s": round(requests / elapsed, 1), "requests": requests,
            "errors": sum(r[1] for r in results), "seconds": round(elapsed, 1), "threads": threads}


def run(seconds: float = 30, threads: int = 4, site: Path = ROOT / "site") -> dict:
    """Start nginx on the built site (nox -s bench builds it first) and measure."""
    with serve(site) as base:
        return load(base, seconds, threads)


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:3]]
    print(run(*(args[:1] + [int(a) for a in args[1:2]])))
