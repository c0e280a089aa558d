"""`kg serve` as a user runs it: builds a missing store, serves it with waitress, stops on Ctrl-C."""

import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from conftest import free_port
from govkg.rdf.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from govkg.store import has_store


def kg_serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "govkg.cli", "serve", "--workers", "1", "--threads", "2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_up(process: subprocess.Popen, url: str) -> None:
    """Poll /health (bounded: at most 120 tries, half a second apart)."""
    for _ in range(120):
        assert process.poll() is None, process.communicate()
        try:
            if requests.get(url + "/health", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise AssertionError("kg serve did not come up")


def test_kg_serve_builds_the_store_and_serves_the_union_graph(tmp_path):
    store_dir = tmp_path / "kg-store"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = kg_serve("--store", str(store_dir), "--port", str(port), "--row-cap", "7")
    try:
        wait_until_up(process, url)
        assert has_store(store_dir)
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        graphs = requests.get(url + "/sparql", params={"query": query}, timeout=30).json()["results"]["bindings"]
        assert {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH)} <= {row["g"]["value"] for row in graphs}
        capped = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
        assert capped.headers["X-SPARQL-Truncated"] == "true"
        assert len(capped.json()["results"]["bindings"]) == 7
        assert capped.headers["Server"] == "govkg"  # waitress, named by its ident
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "building it" in stderr and "stopped" in stderr
    assert "Traceback" not in stderr


def test_kg_serve_stops_cleanly_on_sigterm(built_store):
    port = free_port()
    process = kg_serve("--store", str(built_store), "--port", str(port))
    wait_until_up(process, f"http://127.0.0.1:{port}")
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stderr.strip().splitlines()[-1] == "kg serve: stopped"


def test_kg_serve_reports_a_busy_port_in_one_line(built_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = kg_serve("--store", str(built_store), "--port", str(port))
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.strip().splitlines()[-1].startswith("kg serve: error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    "option, named",
    [
        (("--workers", "0"), "WORKERS"),
        (("--allow-service", "sparql"), "SERVICE_ALLOWLIST"),
        (("--worker-memory", "100"), "WORKER_MEMORY_MB"),
    ],
)
def test_kg_serve_rejects_bad_configuration(built_store, option, named):
    process = kg_serve("--store", str(built_store), *option)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert named in stderr and "Traceback" not in stderr
