"""How long the resource pages (/page?iri=IRI) take: sequential requests to a real server, per page.

    python benchmarks/bench_pages.py [--store DIR] [--requests 100] [--workers 2] [IRI ...]

Builds the project's store in a temporary folder (unless --store is given), serves it on a free 127.0.0.1 port
and asks for each page ``--requests`` times over one keep-alive connection (after one untimed request). Prints
the median and 95th percentile time and the page size. IRIs may be prefixed names (gkr:Kazakhstan).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from govkg.build import build
from govkg.server import create_app
from govkg.server.serve import RunningServer

PAGES = ["gkr:Kazakhstan", "gkr:OlzhasBektenov", "gko:Visit", "gko:Agent", "gkr:article/kz-kg-government-visit/s3"]


def measure(base: str, iri: str, count: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, bytes) of ``count`` requests for the page of ``iri``."""
    session = requests.Session()
    session.get(f"{base}/page", params={"iri": iri}, timeout=30).raise_for_status()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = session.get(f"{base}/page", params={"iri": iri}, timeout=30)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)))], len(response.content)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("iris", nargs="*", default=PAGES)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store
        if store is None:
            store = Path(scratch) / "kg-store"
            build(store)
        app = create_app({"STORE_DIR": store, "WORKERS": args.workers})
        with RunningServer(app, port=0, threads=4) as running:
            print(f"{'page':45} {'median':>9} {'p95':>9} {'size':>8}")
            for iri in args.iris:
                median, p95, size = measure(running.url, iri, args.requests)
                print(f"{iri:45} {median:6.1f} ms {p95:6.1f} ms {size // 1024:5d} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
