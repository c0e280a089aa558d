"""Requests per second of the SPARQL endpoint for a 2-hop SELECT, with N concurrent clients (loopback only).

    python benchmarks/bench_server.py [--clients 1 4 8] [--seconds 5] [--workers 4] [--store DIR]

Builds the project's store in a temporary folder (unless --store is given),
starts `kg serve --timeout 2` on a free 127.0.0.1 port, then for each client
count runs that many threads, each sending the query over a keep-alive
connection for a bounded time, and prints requests/s and latency percentiles;
last, the time until a runaway query is answered 503. Nothing leaves
127.0.0.1; every loop is bounded in time.
"""

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

TWO_HOP = "SELECT ?a ?b ?c WHERE { ?a ?p ?b . ?b ?q ?c } LIMIT 100"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6)) + " }"
TIMEOUT = 2.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, port: int, workers: int) -> subprocess.Popen:
    command = [
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        "16",
        "--timeout",
        str(TIMEOUT),
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", *command],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):  # at most 2 minutes (a first build included)
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except requests.ConnectionError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the server did not start")


def run_clients(url: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """(requests done, latencies in s, non-200 answers) for ``clients`` threads during ``seconds``."""
    latencies, failures, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        session = requests.Session()
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = session.get(url, params={"query": TWO_HOP}, timeout=30)
            mine.append(time.perf_counter() - start)
            bad += response.status_code != 200
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "kg-store"
        port = free_port()
        server = start_server(store, port, args.workers)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            run_clients(url, 1, 1.0)  # warm-up
            print(f"2-hop SELECT, {args.workers} workers, {args.seconds:g} s per run")
            print(f"{'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
            for clients in args.clients:
                done, latencies, failures = run_clients(url, clients, args.seconds)
                p50 = statistics.median(latencies) * 1000
                p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
                print(f"{clients:>7} {done / args.seconds:>8.0f} {p50:>8.1f} {p95:>8.1f} {failures:>6}")
            start = time.perf_counter()
            status = requests.get(url, params={"query": RUNAWAY}, timeout=60).status_code
            print(f"runaway query: {status} after {time.perf_counter() - start:.2f} s (timeout {TIMEOUT:g} s)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
