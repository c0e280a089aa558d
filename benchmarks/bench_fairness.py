"""Light queries while runaways are in flight: how long one client waits while another floods `kg serve`.

    python benchmarks/bench_fairness.py [--store DIR] [--runaways 20] [--timeout 10] [--probes 40]

Starts `kg serve`'s app (RunningServer, the default settings but ``--timeout``) over the project's store (built in a
temporary folder unless --store is given). The attacker, from 127.0.0.2, sends ``--runaways`` runaway queries at
once (an 8-way cartesian product: each runs until the timeout stops it); meanwhile the probe, from 127.0.0.3,
asks a light query (``ASK { ?s ?p ?o }``) and /health one after the other, ``--probes`` times. Prints the probe's
latency (median, 90th percentile, max, ms), its statuses, and what the attacker got. Linux routes all of 127/8 to
the loopback interface, so both are local. Nothing leaves 127.0.0.1/8.
"""

import argparse
import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from govkg.build import build
from govkg.server import create_app
from govkg.server.serve import RunningServer
from govkg.store import has_store

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
LIGHT = "ASK { ?s ?p ?o }"


def get(url: str, path: str, source: str, timeout: float) -> tuple[int, float]:
    """GET ``path`` from the loopback address ``source``: the status and the seconds it took."""
    host, port = url.removeprefix("http://").split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def measure(store: Path, runaways: int, timeout: float, probes: int) -> dict:
    """The probe's and the attacker's figures under ``runaways`` runaway queries."""
    with RunningServer(create_app({"STORE_DIR": store, "QUERY_TIMEOUT": timeout}), port=0) as running:
        attacker: list[tuple[int, float]] = []
        query = "/sparql?" + urlencode({"query": RUNAWAY})
        threads = [
            threading.Thread(target=lambda: attacker.append(get(running.url, query, "127.0.0.2", timeout * 3)))
            for _ in range(runaways)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.2)  # the runaways are admitted or refused
        light, health = [], []
        light_path = "/sparql?" + urlencode({"query": LIGHT})
        for _ in range(probes):
            light.append(get(running.url, light_path, "127.0.0.3", timeout * 3))
            health.append(get(running.url, "/health", "127.0.0.3", timeout * 3))
        in_flight = sum(thread.is_alive() for thread in threads)
        for thread in threads:
            thread.join()
    return {"light": light, "health": health, "attacker": attacker, "in_flight_after_probes": in_flight}


def summary(samples: list[tuple[int, float]]) -> str:
    """Statuses and latency percentiles of ``samples`` in one line."""
    seconds = sorted(s for _, s in samples)
    statuses = {status: sum(1 for s, _ in samples if s == status) for status, _ in samples}
    p90 = seconds[max(0, int(len(seconds) * 0.9) - 1)]
    return (
        f"statuses {statuses}; median {statistics.median(seconds) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, "
        f"max {seconds[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store to serve (default: build the project's)")
    parser.add_argument("--runaways", type=int, default=20, help="runaway queries sent at once by the attacker")
    parser.add_argument("--timeout", type=float, default=10.0, help="query timeout of the server (s)")
    parser.add_argument("--probes", type=int, default=40, help="light queries (and /health requests) of the probe")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "kg-store"
        if not has_store(store):
            build(store)
        result = measure(store, args.runaways, args.timeout, args.probes)
    print(f"{args.runaways} runaways from 127.0.0.2, timeout {args.timeout:g} s, {args.probes} probes from 127.0.0.3")
    print(f"light query: {summary(result['light'])}")
    print(f"/health:     {summary(result['health'])}")
    print(f"attacker:    {summary(result['attacker'])}")
    print(f"runaways still in flight when the probes were done: {result['in_flight_after_probes']}")


if __name__ == "__main__":
    main()
