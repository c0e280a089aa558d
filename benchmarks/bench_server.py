"""The SPARQL endpoint under load: `kg serve`, rdflib-endpoint and Oxigraph's own server side by side, driven by
the named-query mix and by each named query alone.

    python benchmarks/bench_server.py [--store DIR] [--label NAME] [--clients 1 2 4 8] [--seconds 10]
        [--warmup 2] [--workers 4] [--threads 8] [--singles] [--cold] [--no-rdflib-endpoint] [--no-oxigraph]
        [--oxigraph-timeout] [--no-plots] [--out benchmarks/results]
    (--help lists the rest: timeouts, --max-requests, --no-runaway)

Builds the project's store in a temporary folder (unless --store is given) and
exports it with `kg export` as N-Quads. Starts `kg serve` over the store,
rdflib-endpoint (benchmarks/serve_rdflib_endpoint.py) over the export and Oxigraph
server (`oxigraph serve-read-only`, from `pip install oxigraph`) over the store's
current generation itself (the same RocksDB files, whose default graph holds the
union as kg serve's does), each on a free 127.0.0.1 port, and records how long
each takes to answer. Every simulated client comes from 127.0.0.1, so `kg serve` gets
``--client-queries`` equal to its workers (its default share of 3 per address stands for one
user). Oxigraph server runs without its query timeout unless ``--oxigraph-timeout``: with it,
0.5.13 starts a thread per query that sleeps for the timeout, and at a few thousand requests/s
they exhaust the memory and it aborts ("failed to allocate an alternative stack").

``--cold`` makes every request a new query text (a numbered comment ends it), so
that no server can answer from a cache of results; without it the same texts are
repeated (warm), as a public endpoint and the web pages see them. ``--singles
[NAME ...]`` also runs each query of the mix (or those named) alone, at the
largest client count, for ``--single-seconds``.

The mix is every named query of queries/ except the federated ones (``# network:``);
a declared default is bound by a ``VALUES`` block at the head of the WHERE group,
so that every server gets the very same text at /sparql. Before timing, each query is asked
once of each server, and each must give as many distinct rows as kg serve's
/queries/NAME, which binds the defaults by substitution as `kg query NAME` does;
a query on which they disagree, or that a server does not answer within
--verify-timeout, is left out of the mix and listed in the report.

The load generator (benchmarks/loadgen.py) is measured first against a trivial
server (its ceiling) and against `kg serve`'s /health. Then, for each client
count, each server gets a warm-up run and a measured run of ``--seconds``:
every client cycles through the mix over one keep-alive connection. Reported
per server and client count: answered requests/s, p50 and p99 latency, errors (by status), CPU
seconds per request, and per query at the largest client count; the resident
memory (PSS and RSS of the server process and all its children) at rest and
sampled under load. Last, how long a runaway query takes to be answered 503.

Results go to OUT/server-LABEL.json and .md, plots to OUT/server-LABEL.png and,
from every OUT/server-*.json, OUT/server-scaling.png (figures by article count).
Nothing leaves 127.0.0.1; every run is bounded in time and every request has a timeout.
"""

import argparse
import collections
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import loadgen
import requests
from environment import free_port, machine
from process_stats import tree_cpu_seconds, tree_memory

from govkg.build import build
from govkg.remote.portable import bind_values
from govkg.sparql import named
from govkg.store import current_generation, has_store, open_read_only

HERE = Path(__file__).resolve().parent
GOVKG = "kg serve"
RDFLIB_ENDPOINT = "rdflib-endpoint"
OXIGRAPH = "Oxigraph server"
SPARQL_JSON = "application/sparql-results+json"
ARTICLE_GRAPH_PREFIX = "https://w3id.org/govkg/graph/article/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(6)) + " }"
#: The row cap given to `kg serve`: high enough that no answer of the mix is cut (rdflib-endpoint has none).
ROW_CAP = 10_000_000
#: The software whose versions the report gives.
SOFTWARE = ("pyoxigraph", "oxigraph", "flask", "waitress", "rdflib", "rdflib-endpoint", "fastapi", "uvicorn")
#: Distinct request texts prepared for a --cold run (cycled only if a run sends more: the report says so).
COLD_REQUESTS = 50_000


# --- the mix ---


def named_query_mix() -> dict[str, str]:
    """``{name: text}`` for every local named query; declared defaults bound by a VALUES block at the head of the
    WHERE group (govkg.remote.portable.bind_values, as `kg serve --backend` binds them)."""
    return {
        query.name: bind_values(query.text, named.bind(query, {}))
        for query in named.library().values()
        if not query.network
    }


# --- servers ---


class Server:
    """A server process under test: its name, URL of its SPARQL endpoint, process, start-up time and log."""

    def __init__(self, name: str, command: list[str], port: int, sparql_path: str, ready_path: str, log: Path):
        self.name, self.command, self.port, self.sparql_path, self.log = name, command, port, sparql_path, log
        self.ready_path = ready_path
        self.startup_seconds = self._start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _start(self) -> float:
        """Start the process; the seconds until it answers."""
        started = time.perf_counter()
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(self.command, stdout=sink, stderr=subprocess.STDOUT)
        return self._wait_ready(started)

    def restart(self) -> None:
        """Stop and start again (to drop a query it is still busy with after the client gave up)."""
        self.stop()
        self._start()

    def _wait_ready(self, started: float, limit: float = 1800.0) -> float:
        while time.perf_counter() - started < limit:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited during start-up:\n{self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.url(self.ready_path), timeout=5).status_code == 200:
                    return time.perf_counter() - started
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"{self.name} did not answer within {limit:g} s")

    def ask(self, path: str, params: dict, timeout: float) -> dict:
        """``{"status", "rows", "distinct", "first_ms"}`` for one GET of SELECT results; rows None unless 200,
        status 0 when no answer came within ``timeout`` seconds."""
        started = time.perf_counter()
        try:
            response = requests.get(self.url(path), params=params, headers={"Accept": SPARQL_JSON}, timeout=timeout)
        except requests.Timeout:
            return {"status": 0, "rows": None, "distinct": None, "first_ms": round(timeout * 1000, 1)}
        answer = {"status": response.status_code, "rows": None, "distinct": None}
        answer["first_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if response.status_code == 200:
            bindings = response.json()["results"]["bindings"]
            answer["rows"] = len(bindings)
            answer["distinct"] = len({json.dumps(binding, sort_keys=True) for binding in bindings})
        return answer

    def requests_for(self, mix: dict[str, str], cold: bool = False) -> list[loadgen.Request]:
        """The prepared load-generator requests of ``mix``; with ``cold``, COLD_REQUESTS of them, each text ending
        in a comment of its own, so that no request repeats a text."""
        rounds = range(math.ceil(COLD_REQUESTS / max(1, len(mix)))) if cold else [None]
        return [
            loadgen.get_request(
                name,
                "127.0.0.1",
                self.port,
                self.sparql_path,
                {"query": text if number is None else f"{text.rstrip()}\n# {number}\n"},
                SPARQL_JSON,
            )
            for number in rounds
            for name, text in mix.items()
        ]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_govkg(store_dir: Path, args, log: Path) -> Server:
    """`kg serve` over ``store_dir`` on a free port. Every simulated client comes from 127.0.0.1, which kg serve
    takes for one client: so its share (``--client-queries``) is all the workers, as for distinct users."""
    port = free_port()
    command = [sys.executable, "-m", "govkg.cli", "serve", "--store", str(store_dir), "--port", str(port)]
    command += ["--workers", str(args.workers), "--threads", str(args.threads), "--timeout", str(args.timeout)]
    command += ["--client-queries", str(args.workers)]
    command += ["--row-cap", str(ROW_CAP)]
    return Server(GOVKG, command, port, "/sparql", "/health", log)


def start_oxigraph(store_dir: Path, args, log: Path) -> Server:
    """Oxigraph's own server, read-only, over the current generation of ``store_dir`` on a free port (its SPARQL
    endpoint is /query); with ``--oxigraph-timeout``, with the same query timeout as kg serve (Oxigraph 0.5.13
    then starts a thread per query that sleeps for the timeout: at a few thousand requests/s they exhaust the
    memory and the server aborts, "failed to allocate an alternative stack"; so by default it runs without)."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("no oxigraph binary: `pip install oxigraph`, or run with --no-oxigraph")
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(current_generation(store_dir))]
    command += ["--bind", f"127.0.0.1:{port}"]
    if args.oxigraph_timeout:
        command += ["--timeout-s", str(math.ceil(args.timeout))]
    return Server(OXIGRAPH, command, port, "/query", "/query?query=ASK%7B%7D", log)


def start_rdflib_endpoint(dataset: Path, log: Path) -> Server:
    """rdflib-endpoint over the N-Quads file ``dataset`` on a free port (its SPARQL endpoint is at /)."""
    port = free_port()
    command = [sys.executable, str(HERE / "serve_rdflib_endpoint.py"), str(dataset), str(port)]
    return Server(RDFLIB_ENDPOINT, command, port, "/", "/?query=ASK%7B%7D", log)


# --- measuring ---


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def rate(run: dict) -> float:
    """Requests per second of a summarized run, unrounded."""
    return run["requests"] / run["seconds"] if run["seconds"] else 0.0


def summarize(samples: list[loadgen.Sample]) -> dict:
    """Requests, errors (and how many of each status; 0: no answer), answered requests/s, p50, p99 and max latency
    (ms) of ``samples``."""
    elapsed = max((s.started + s.latency for s in samples), default=0.0)
    latencies = [s.latency for s in samples if s.status == 200] or [math.nan]
    answered = sum(s.status == 200 for s in samples)
    return {
        "requests": len(samples),
        "errors": len(samples) - answered,
        "error_statuses": dict(collections.Counter(str(s.status) for s in samples if s.status != 200)),
        "seconds": round(elapsed, 3),
        "throughput_rps": round(answered / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
    }


class MemorySampler:
    """Samples the memory of a process tree every ``interval`` seconds in a thread, while in a ``with`` block."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.samples = pid, interval, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(tree_memory(self.pid))

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        """Peak and mean PSS and RSS (MiB) over the samples."""
        pss = [s["pss_mib"] for s in self.samples] or [math.nan]
        rss = [s["rss_mib"] for s in self.samples] or [math.nan]
        return {
            "samples": len(self.samples),
            "pss_peak_mib": max(pss),
            "pss_mean_mib": round(sum(pss) / len(pss), 1),
            "rss_peak_mib": max(rss),
            "processes": max((s["processes"] for s in self.samples), default=0),
        }


def load_run(server: Server, mix_requests: list[loadgen.Request], clients: int, args) -> dict:
    """A warm-up run, then a measured run with memory and CPU sampled; the summary with per-query figures."""
    loadgen.run("127.0.0.1", server.port, mix_requests, clients, args.warmup, timeout=args.request_timeout)
    cpu_before = tree_cpu_seconds(server.process.pid)
    with MemorySampler(server.process.pid) as sampler:
        samples = loadgen.run(
            "127.0.0.1", server.port, mix_requests, clients, args.seconds, args.max_requests, args.request_timeout
        )
    cpu = tree_cpu_seconds(server.process.pid) - cpu_before
    summary = {"clients": clients, **summarize(samples)}
    summary["cpu_ms_per_request"] = round(cpu * 1000 / max(1, len(samples)), 2)
    summary["memory_under_load"] = sampler.summary()
    names = [r.name for r in mix_requests]
    summary["per_query"] = {n: summarize([s for s in samples if s.name == n]) for n in names}
    return summary


def generator_ceiling(clients: int, seconds: float, govkg: Server) -> dict:
    """Requests/s of the load generator against a trivial server and against `kg serve`'s /health."""
    port = free_port()
    fixed = subprocess.Popen([sys.executable, str(HERE / "loadgen.py"), "--fixed-server", str(port)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        trivial = summarize(
            loadgen.run("127.0.0.1", port, [loadgen.get_request("fixed", "127.0.0.1", port, "/")], clients, seconds)
        )
    finally:
        fixed.kill()
        fixed.wait()
    health = summarize(
        loadgen.run(
            "127.0.0.1",
            govkg.port,
            [loadgen.get_request("health", "127.0.0.1", govkg.port, "/health")],
            clients,
            seconds,
        )
    )
    return {"clients": clients, "trivial_server": trivial, "govkg_health": health}


def verify(servers: list[Server], mix: dict[str, str], timeout: float) -> dict:
    """Ask each query of ``mix`` once of each server; per query the answers, the seconds and whether they agree.

    The reference is kg serve's /queries/NAME, which runs the named query as `kg query NAME` does (defaults
    bound by substitution). A query agrees when every server gives as many distinct rows as the reference;
    ``duplicates`` names the servers that give another number of rows (rdflib evaluates a path alternative
    ``a|b`` as a multiset union, Oxigraph as a set). A server that gives no answer within ``timeout`` is
    restarted, so that it does not go on with that query (rdflib-endpoint has no query timeout and answers
    one query at a time).
    """
    checks = {}
    for name, text in mix.items():
        expected = servers[0].ask(f"/queries/{name}", {}, timeout)
        check = {"reference": expected, "agree": expected["status"] == 200}
        for server in servers:
            if not check["agree"]:  # settled: not worth a slow server's time
                check[server.name] = None
                continue
            check[server.name] = answer = server.ask(server.sparql_path, {"query": text}, timeout)
            if answer["status"] == 0:
                server.restart()
            check["agree"] = answer["status"] == 200 and answer["distinct"] == expected["distinct"]
        check["duplicates"] = [s.name for s in servers if check[s.name] and check[s.name]["rows"] != expected["rows"]]
        checks[name] = check
    return checks


def single_run(server: Server, name: str, text: str, args) -> dict:
    """One named query alone at the largest client count: a short warm-up, then ``--single-seconds`` measured."""
    requests_ = server.requests_for({name: text}, args.cold)
    clients = max(args.clients)
    loadgen.run("127.0.0.1", server.port, requests_, clients, min(args.warmup, 1.0), timeout=args.request_timeout)
    samples = loadgen.run(
        "127.0.0.1", server.port, requests_, clients, args.single_seconds, args.max_requests, args.request_timeout
    )
    summary = {"clients": clients, **summarize(samples)}
    if summary["errors"]:
        summary["log_tail"] = server.log.read_text(errors="replace").splitlines()[-5:]
    return summary


def runaway_seconds(govkg: Server) -> dict:
    """How long `kg serve` takes to stop a query that would run for ever (503 after its timeout, or sooner
    when the worker runs out of its memory), and the message it answers."""
    started = time.perf_counter()
    response = requests.get(govkg.url("/sparql"), params={"query": RUNAWAY}, timeout=600)
    seconds = round(time.perf_counter() - started, 2)
    return {"status": response.status_code, "seconds": seconds, "error": response.json().get("error")}


# --- the report ---


def store_size(store) -> dict:
    """Articles (article graphs) and quads of ``store``."""
    articles = sum(g.value.startswith(ARTICLE_GRAPH_PREFIX) for g in store.named_graphs())
    return {"articles": articles, "quads": len(store)}


def answer_text(answer: dict, timeout: float) -> str:
    """One server's verification answer in words."""
    if answer is None:
        return "not asked"
    if answer["status"] == 0:
        return f"no answer within {timeout:g} s"
    if answer["status"] != 200:
        return f"HTTP {answer['status']}"
    return f"{answer['rows']} rows ({answer['distinct']} distinct)"


def markdown(report: dict) -> str:
    """The report as Markdown tables."""
    servers = list(report["servers"])
    lines = [
        f"# Endpoint under load: {report['label']}",
        "",
        (
            f"{report['store']['articles']} article(s), {report['store']['quads']} quads; "
            f"{len(report['mix'])} named queries in the mix; {report['settings']['seconds']:g} s per run after a "
            f"{report['settings']['warmup']:g} s warm-up; kg serve with {report['settings']['workers']} workers, "
            f"{report['settings']['threads']} threads; Oxigraph server "
            f"{'with' if report['settings'].get('oxigraph_timeout') else 'without'} its query timeout. "
            f"Measured {report['date']} on {report['machine']['cpu']} "
            f"({report['machine']['cores']} cores, {report['machine']['memory_gib']} GiB), load average "
            f"{report['load_average']['before']} before, {report['load_average']['after']} after."
        ),
        "",
        "| server | clients | req/s | p50 ms | p99 ms | errors | CPU ms/req | PSS peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in servers:
        for run in report["servers"][name]["runs"]:
            digits = 1 if run["throughput_rps"] >= 10 else 2
            lines.append(
                f"| {name} | {run['clients']} | {run['throughput_rps']:.{digits}f} | {run['p50_ms']:.1f} | "
                f"{run['p99_ms']:.1f} | {run['errors']} | {run['cpu_ms_per_request']:.1f} | "
                f"{run['memory_under_load']['pss_peak_mib']:.0f} |"
            )
    lines += [
        "",
        "| server | start-up s | PSS at rest MiB | RSS at rest MiB | processes |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in servers:
        entry = report["servers"][name]
        rest = entry["memory_at_rest"]
        lines.append(
            f"| {name} | {entry['startup_seconds']:.1f} | {rest['pss_mib']:.0f} | {rest['rss_mib']:.0f} | "
            f"{rest['processes']} |"
        )
    ratio = report["ratio"]
    peers = [f"{ratio[peer]:.2f}× the requests/s of {peer}" for peer in (RDFLIB_ENDPOINT, OXIGRAPH) if peer in ratio]
    lines += [
        "",
        f"At {ratio['clients']} clients on the mix ({'cold' if report['settings']['cold'] else 'warm'}), kg serve "
        f"answers {' and '.join(peers) or 'alone'}; kg serve p99 {ratio['govkg_p99_ms']:.1f} ms.",
    ]
    singles = {name: entry["singles"] for name, entry in report["servers"].items() if "singles" in entry}
    if singles:
        first = next(iter(singles.values()))
        lines += [
            "",
            f"Each query alone at {top_clients(report)} clients (answered req/s, and the requests that got no 200 if "
            "any; kg serve's ratio to each peer):",
            "",
        ]
        others = [name for name in singles if name != GOVKG]
        lines.append("| query | " + " | ".join(singles) + " | " + " | ".join(f"÷ {n}" for n in others) + " |")
        lines.append("|---|" + "---:|" * (len(singles) + len(others)))
        for query in first:
            cells = [
                f"{singles[name][query]['throughput_rps']:.0f}"
                + (f" ({singles[name][query]['errors']} errors)" if singles[name][query]["errors"] else "")
                for name in singles
            ]
            ours_rps = rate(singles[GOVKG][query])
            cells += [f"{ours_rps / max(rate(singles[n][query]), 1e-9):.2f}" for n in others]
            lines.append(f"| {query} | " + " | ".join(cells) + " |")
    ceiling = report["generator_ceiling"]
    lines += [
        "",
        (
            f"Load generator ceiling ({ceiling['clients']} clients): {ceiling['trivial_server']['throughput_rps']:.0f} "
            f"req/s against a trivial server, {ceiling['govkg_health']['throughput_rps']:.0f} req/s against "
            f"kg serve's /health."
        ),
    ]
    if report.get("runaway"):
        lines += [
            "",
            (
                f"Runaway query (a 6-way cartesian product): {report['runaway']['status']} after "
                f"{report['runaway']['seconds']:g} s (timeout {report['settings']['timeout']:g} s): "
                f"{report['runaway']['error']}"
            ),
        ]
    top = top_clients(report)
    lines += ["", f"Per query at {top} clients (p50 / p99 ms) and the first answer's time (ms):", ""]
    lines.append("| query | rows | " + " | ".join(f"{n} p50 | {n} p99 | {n} first" for n in servers) + " |")
    lines.append("|---|---:|" + "---:|---:|---:|" * len(servers))
    for name, check in report["verification"].items():
        if not check["agree"]:
            continue
        cells = []
        for server in servers:
            run = next(r for r in report["servers"][server]["runs"] if r["clients"] == top)
            figures = run["per_query"][name]
            cells.append(f"{figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} | {check[server]['first_ms']:.0f}")
        lines.append(f"| {name} | {check['reference']['rows']} | " + " | ".join(cells) + " |")
    excluded = {n: c for n, c in report["verification"].items() if not c["agree"]}
    if excluded:
        timeout = report["settings"]["verify_timeout"]
        lines += ["", "Left out of the mix (an answer differs from the reference, or none came in time):", ""]
        for name, check in excluded.items():
            answers = [f"{s}: {answer_text(check[s], timeout)}" for s in servers]
            reference = answer_text(check["reference"], timeout)
            lines.append(f"- {name}: /queries/{name}: {reference}; " + "; ".join(answers))
    repeated = {n: c for n, c in report["verification"].items() if c["agree"] and c["duplicates"]}
    if repeated:
        lines += [
            "",
            (
                "Same distinct rows, another number of rows (rdflib repeats the rows of a path alternative "
                "`a|b`; Oxigraph 0.5 repeats a triple of the union default graph once per named graph holding it):"
            ),
            "",
        ]
        for name, check in repeated.items():
            counts = ", ".join(f"{s} {check[s]['rows']} rows" for s in check["duplicates"])
            lines.append(f"- {name}: /queries/{name} {check['reference']['rows']} rows; {counts}")
    return "\n".join(lines) + "\n"


def top_clients(report: dict) -> int:
    """The largest client count of a report."""
    return max(report["settings"]["clients"])


def pyplot():
    """matplotlib.pyplot drawing to files (imported only when plots are made)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot

    return matplotlib.pyplot


def _plain_number(value: float, _position=None) -> str:
    """A tick label without powers of ten."""
    return f"{value:g}"


def _plain_minor(value: float, _position=None) -> str:
    """A minor tick label of a log axis: only at 2 and 5 times a power of ten."""
    return _plain_number(value) if f"{value:e}"[0] in "25" else ""


def plot(report: dict, out: Path) -> None:
    """Requests/s and p99 against client count, one line per server, to ``out``."""
    plt = pyplot()

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, entry in report["servers"].items():
        clients = [r["clients"] for r in entry["runs"]]
        left.plot(clients, [r["throughput_rps"] for r in entry["runs"]], marker="o", label=name)
        right.plot(clients, [r["p99_ms"] for r in entry["runs"]], marker="o", label=name)
    left.set(xlabel="concurrent clients", ylabel="requests/s", title="Throughput (named-query mix)", yscale="log")
    right.set(xlabel="concurrent clients", ylabel="p99 latency (ms)", title="p99 latency", yscale="log")
    for axes in (left, right):
        axes.set_xticks(report["settings"]["clients"])
        axes.grid(True, which="both", alpha=0.3)
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_formatter(_plain_number)
            axis.set_minor_formatter(_plain_minor)
        axes.legend()
    figure.suptitle(f"{report['label']}: {report['store']['articles']} article(s), {report['store']['quads']} quads")
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)


def plot_scaling(results: Path, out: Path) -> bool:
    """Requests/s and p99 at the largest client count against article count, from every server-*.json in ``results``;
    False (nothing written) when fewer than two store sizes were measured."""
    reports = [json.loads(path.read_text()) for path in sorted(results.glob("server-*.json"))]
    reports = sorted({r["store"]["articles"]: r for r in reports}.values(), key=lambda r: r["store"]["articles"])
    if len(reports) < 2:
        return False
    plt = pyplot()

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name in (GOVKG, RDFLIB_ENDPOINT, OXIGRAPH):
        points = [(r["store"]["articles"], r["servers"][name]["runs"][-1]) for r in reports if name in r["servers"]]
        left.plot([a for a, _ in points], [run["throughput_rps"] for _, run in points], marker="o", label=name)
        right.plot([a for a, _ in points], [run["p99_ms"] for _, run in points], marker="o", label=name)
    left.set(
        xlabel="articles",
        ylabel="requests/s",
        title="Throughput at the largest client count",
        xscale="log",
        yscale="log",
    )
    right.set(xlabel="articles", ylabel="p99 latency (ms)", title="p99 latency", xscale="log", yscale="log")
    for axes in (left, right):
        axes.grid(True, which="both", alpha=0.3)
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_formatter(_plain_number)
            axis.set_minor_formatter(_plain_minor)
        axes.legend()
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)
    return True


# --- main ---


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store to serve (default: build the project's)")
    parser.add_argument("--label", default="article", help="name of this measurement in the result files")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4, 8], help="client counts to run")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured run")
    parser.add_argument("--warmup", type=float, default=2.0, help="length of the warm-up before each run")
    parser.add_argument("--max-requests", type=int, default=None, help="stop a run after this many requests")
    parser.add_argument("--request-timeout", type=float, default=120.0, help="client timeout of one request (s)")
    parser.add_argument(
        "--verify-timeout", type=float, default=60.0, help="a query not answered this fast is left out of the mix (s)"
    )
    parser.add_argument("--workers", type=int, default=4, help="query worker processes of kg serve")
    parser.add_argument("--threads", type=int, default=8, help="HTTP threads of kg serve")
    parser.add_argument("--timeout", type=float, default=10.0, help="query timeout of kg serve (s)")
    parser.add_argument(
        "--no-rdflib-endpoint", dest="rdflib_endpoint", action="store_false", help="leave rdflib-endpoint out"
    )
    parser.add_argument("--no-oxigraph", dest="oxigraph", action="store_false", help="leave Oxigraph server out")
    parser.add_argument(
        "--oxigraph-timeout", action="store_true",
        help="run Oxigraph server with kg serve's query timeout (it aborts under a high request rate then)",
    )
    parser.add_argument("--cold", action="store_true", help="every request a new query text (no result cache helps)")
    parser.add_argument(
        "--singles", nargs="*", metavar="NAME", default=None,
        help="also run these queries of the mix (none named: every one) alone, at the largest client count",
    )
    parser.add_argument("--single-seconds", type=float, default=3.0, help="length of each --singles run")
    parser.add_argument("--no-runaway", dest="runaway", action="store_false", help="skip the runaway query")
    parser.add_argument("--no-plots", dest="plots", action="store_false", help="write no PNG")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the result files")
    args = parser.parse_args(argv)
    args.clients = sorted(set(args.clients))
    return args


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; write and return the report."""
    args = parse_arguments(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        dataset = tmp / "dataset.nq"
        store_dir = args.store or tmp / "kg-store"
        if not has_store(store_dir):
            build(store_dir)
        size, mix = store_size(open_read_only(store_dir)), named_query_mix()
        load_before = os.getloadavg()
        servers = [start_govkg(store_dir, args, tmp / "kg-serve.log")]
        if args.oxigraph:
            servers.append(start_oxigraph(store_dir, args, tmp / "oxigraph.log"))
        if args.rdflib_endpoint:
            export_command = ["export", "--store", str(store_dir), "--format", "nquads", "--output", str(dataset)]
            subprocess.run([sys.executable, "-m", "govkg.cli", *export_command], check=True)
            servers.append(start_rdflib_endpoint(dataset, tmp / "rdflib-endpoint.log"))
        try:
            verification = verify(servers, mix, args.verify_timeout)
            agreed = {name: entry for name, entry in mix.items() if verification[name]["agree"]}
            results = {
                s.name: {
                    "startup_seconds": round(s.startup_seconds, 2),
                    "memory_at_rest": tree_memory(s.process.pid),
                    "runs": [],
                }
                for s in servers
            }
            ceiling = generator_ceiling(max(args.clients), min(args.seconds, 3.0), servers[0])
            prepared = {s.name: s.requests_for(agreed, args.cold) for s in servers}
            for clients in args.clients:  # the servers take turns, so that a busy moment of the machine hits all
                for server in servers:
                    results[server.name]["runs"].append(load_run(server, prepared[server.name], clients, args))
            if args.singles is not None:
                chosen = {name: text for name, text in agreed.items() if name in args.singles or not args.singles}
                for name, text in chosen.items():
                    for server in servers:
                        results[server.name].setdefault("singles", {})[name] = single_run(server, name, text, args)
            runaway = runaway_seconds(servers[0]) if args.runaway else None
        finally:
            for server in servers:
                server.stop()
    report = {
        "label": args.label,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(SOFTWARE),
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "store": size,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "mix": list(agreed),
        "verification": verification,
        "generator_ceiling": ceiling,
        "servers": results,
        "runaway": runaway,
    }
    ours = results[GOVKG]["runs"][-1]
    report["ratio"] = {"clients": ours["clients"], "govkg_p99_ms": ours["p99_ms"]}
    for peer in (RDFLIB_ENDPOINT, OXIGRAPH):
        if peer in results:
            report["ratio"][peer] = round(rate(ours) / max(rate(results[peer]["runs"][-1]), 1e-9), 2)
    write_report(report, args)
    return report


def write_report(report: dict, args: argparse.Namespace) -> None:
    """OUT/server-LABEL.json, .md and (unless --no-plots) .png, and OUT/server-scaling.png when it can be drawn."""
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"server-{args.label}"
    Path(f"{stem}.json").write_text(json.dumps(report, indent=1) + "\n")
    Path(f"{stem}.md").write_text(markdown(report))
    print(markdown(report))
    if args.plots:
        plot(report, Path(f"{stem}.png"))
        plot_scaling(args.out, args.out / "server-scaling.png")


if __name__ == "__main__":
    main()
