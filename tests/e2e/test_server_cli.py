"""`kg serve` as a user runs it: builds a missing store, serves it with waitress, stops on Ctrl-C; its settings
from the command line and the project's kg.toml."""

import signal
import socket
import subprocess
import sys
import time

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


def test_kg_serve_takes_its_settings_from_kg_toml_and_stops_cleanly_on_sigterm(tmp_path, built_store):
    """The [server] table of the project's kg.toml sets the port, workers and timeout; an option given on the command
    line (--row-cap) wins over kg.toml; `kill` (SIGTERM) stops the server cleanly. (Every way a setting can be bad:
    tests/web/test_settings.py.)"""
    port = free_port()
    (tmp_path / "kg.toml").write_text(
        f"[server]\nport = {port}\nrow_cap = 7\nworkers = 1\nthreads = 2\ntimeout = 3.5\n", encoding="utf-8"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "govkg.cli", "serve", "--project", str(tmp_path), "--store", str(built_store),
         "--row-cap", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url)  # the port of kg.toml
        assert requests.get(url + "/health", timeout=30).json()["workers_configured"] == 1
        capped = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
        assert capped.headers["X-SPARQL-Row-Cap"] == "5"  # the option wins over kg.toml's 7
        assert "Queries stop after 3.5 s" in requests.get(url + "/sparql", timeout=30).text
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stderr.strip().splitlines()[-1] == "kg serve: stopped"
