"""Time the publishing routes (downloads, Graph Store, VoID, dereferencing) on a store of ~500k triples.

Usage: python benchmarks/bench_publish.py [COPIES]   (default 1100 copies of the seed article, like 1,000 articles)

Builds the project in a temporary folder, adds COPIES renamed copies of the seed article's graph
(benchmarks/bench_export.py), starts `kg serve` on a free 127.0.0.1 port and times each request once, in order:
a download's first request (serialized and cached), its repeat (sent from the cache), a conditional repeat (304).
Last, the server process's peak resident memory. Nothing leaves 127.0.0.1.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_export import add_copies
from environment import count_argument, free_port

from govkg.build import build
from govkg.store import open_read_only

ARTICLE = "https://w3id.org/govkg/graph/article/kz-kg-government-visit"


def start_server(store_dir: Path, port: int) -> subprocess.Popen:
    """`kg serve` on ``port``, once /health answers."""
    command = [
        sys.executable,
        "-m",
        "govkg.cli",
        "serve",
        "--store",
        str(store_dir),
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("kg serve did not start")


def timed(label: str, url: str, **headers) -> requests.Response:
    start = time.perf_counter()
    response = requests.get(url, headers=headers, timeout=600, allow_redirects=False)
    seconds = time.perf_counter() - start
    print(f"{label:<44} {response.status_code:>4} {len(response.content) / 1e6:>8.2f} MB {seconds:>8.3f} s")
    return response


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "kg-store"
        build(store_dir)
        add_copies(store_dir, copies)
        port = free_port()
        server = start_server(store_dir, port)
        base = f"http://127.0.0.1:{port}"
        try:
            quads = len(open_read_only(store_dir))
            print(f"project + {copies} article copies ({quads} quads)")
            print(f"{'request':<44} status     size     time")
            timed("GET /.well-known/void", base + "/.well-known/void")
            timed("GET /id/Kazakhstan (303)", base + "/id/Kazakhstan", Accept="text/turtle")
            timed("GET /data?iri=gkr:Kazakhstan", base + "/data?iri=gkr:Kazakhstan")
            timed("GET /rdf-graph-store?graph=<article> (first)", f"{base}/rdf-graph-store?graph={ARTICLE}")
            for name in ("dataset.nq", "dataset.trig"):
                first = timed(f"GET /downloads/{name} (first)", f"{base}/downloads/{name}")
                timed(f"GET /downloads/{name} (again)", f"{base}/downloads/{name}")
                timed(
                    f"GET /downloads/{name} (If-None-Match)",
                    f"{base}/downloads/{name}",
                    **{"If-None-Match": first.headers["ETag"]},
                )
            timed("GET /rdf-graph-store?default (Turtle, first)", base + "/rdf-graph-store?default")
            print(f"server process peak RSS: {peak_memory_mb(server.pid):.0f} MB")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main(count_argument(__doc__.splitlines()[0], "COPIES", 1100))
