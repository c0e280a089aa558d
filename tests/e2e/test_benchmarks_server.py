"""Smoke run of benchmarks/bench_server.py: a second of load on kg serve, Oxigraph server and rdflib-endpoint over
the real store.

It checks that the benchmark still runs end to end and writes a complete report; it asserts no timing.
"""

import json
import subprocess
import sys

import pytest

from conftest import REPO_ROOT
from govkg.sparql.named import library

BENCH = REPO_ROOT / "benchmarks" / "bench_server.py"
WORKERS = 2


@pytest.fixture(scope="module")
def smoke_report(built_store, tmp_path_factory) -> tuple[dict, object]:
    """The JSON report of a short run (1 and 2 clients, half a second per run) and the folder of the result files."""
    out = tmp_path_factory.mktemp("bench-results")
    command = [sys.executable, str(BENCH), "--store", str(built_store), "--label", "smoke", "--clients", "1", "2"]
    command += ["--seconds", "0.5", "--warmup", "0.2", "--workers", str(WORKERS), "--timeout", "1", "--out", str(out)]
    command += ["--singles", "greetings", "--single-seconds", "0.3"]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / "server-smoke.json").read_text()), out


def test_every_local_named_query_is_in_the_mix_and_kg_serve_answers_like_kg_query(smoke_report):
    report, _ = smoke_report
    local = sorted(name for name, query in library().items() if not query.network)
    assert sorted(report["verification"]) == local
    for name in report["mix"]:
        check = report["verification"][name]
        assert check["kg serve"]["status"] == 200, name
        assert check["reference"]["status"] == 200, name
        assert check["kg serve"]["rows"] == check["reference"]["rows"], name
        assert check["rdflib-endpoint"]["distinct"] == check["reference"]["distinct"], name
        assert check["Oxigraph server"]["distinct"] == check["reference"]["distinct"], name
    assert len(report["mix"]) >= len(local) - 2, "more than two named queries disagree between the servers"


def test_every_server_ran_every_client_count_without_errors(smoke_report):
    report, _ = smoke_report
    assert set(report["servers"]) == {"kg serve", "rdflib-endpoint", "Oxigraph server"}
    for name, server in report["servers"].items():
        assert server["startup_seconds"] > 0
        assert [run["clients"] for run in server["runs"]] == [1, 2]
        for run in server["runs"]:
            assert run["requests"] > 0 and run["errors"] == 0, (name, run)
            for key in ("throughput_rps", "p50_ms", "p99_ms", "max_ms", "cpu_ms_per_request"):
                assert run[key] >= 0, (name, key)
            assert run["p50_ms"] <= run["p99_ms"] <= run["max_ms"]
            assert set(run["per_query"]) == set(report["mix"])
            assert sum(q["requests"] for q in run["per_query"].values()) == run["requests"]


def test_memory_is_measured_over_the_whole_process_tree(smoke_report):
    report, _ = smoke_report
    ours = report["servers"]["kg serve"]
    # the waitress process, the forkserver and the query workers
    assert ours["memory_at_rest"]["processes"] >= WORKERS + 1
    assert ours["memory_at_rest"]["pss_mib"] > 0
    assert ours["memory_at_rest"]["rss_mib"] >= ours["memory_at_rest"]["pss_mib"]
    for server in report["servers"].values():
        assert server["runs"][-1]["memory_under_load"]["pss_peak_mib"] > 0


def test_generator_ceiling_and_runaway_query_are_reported(smoke_report):
    report, _ = smoke_report
    ceiling = report["generator_ceiling"]
    assert ceiling["trivial_server"]["requests"] > 0 and ceiling["trivial_server"]["errors"] == 0
    assert ceiling["govkg_health"]["requests"] > 0 and ceiling["govkg_health"]["errors"] == 0
    assert report["runaway"]["status"] == 503
    assert report["ratio"]["clients"] == 2
    assert report["ratio"]["rdflib-endpoint"] > 0 and report["ratio"]["Oxigraph server"] > 0


def test_a_query_alone_is_measured_on_every_server(smoke_report):
    report, out = smoke_report
    for server in report["servers"].values():
        single = server["singles"]["greetings"]
        assert single["clients"] == 2 and single["requests"] > 0 and single["errors"] == 0
    assert "| greetings | " in (out / "server-smoke.md").read_text().split("Each query alone")[1]


def test_markdown_table_and_plot_are_written(smoke_report):
    report, out = smoke_report
    text = (out / "server-smoke.md").read_text()
    assert "| kg serve | 2 |" in text and "| rdflib-endpoint | 2 |" in text and "| Oxigraph server | 2 |" in text
    for name in report["mix"]:
        assert f"| {name} |" in text
    assert (out / "server-smoke.png").read_bytes().startswith(b"\x89PNG")
