"""Scale-out figures (docs/scale-out.md): how long `kg publish` takes against the number of articles, and
`kg serve --backend` on Oxigraph server against the embedded `kg serve`.

    python benchmarks/bench_scaleout.py [--sizes 1 100] [--serve-size 100] [--clients 1 4] [--seconds 5]
        [--engines oxigraph virtuoso] [--out benchmarks/results]

For each N of ``--sizes`` (1000 on request: ``--sizes 1 100 1000``), writes N synthetic articles
(benchmarks/corpus.py, seed 1), builds them into a store (not timed), starts a fresh Oxigraph server (`oxigraph
serve`, from `pip install oxigraph`) on a free 127.0.0.1 port and times `kg publish` into it (in process: the
uploads to staging, the count checks, the swap), then a second publish of the same store over the first (the swap
replaces every graph). With ``--engines ... virtuoso`` (and `virtuoso-t` installed), the same into Virtuoso 7. A
publish that fails is reported with its error.

Then (when Oxigraph is among ``--engines``), over the store of ``--serve-size`` articles, starts the embedded
`kg serve` and `kg serve --backend` on the Oxigraph server that holds its publication, with the same workers and
threads, and drives both with the named queries (every local one, at /queries/NAME, defaults bound) by
benchmarks/loadgen.py for ``--seconds`` per client count, after a warm-up: requests/s, p50 and p99 latency,
errors. Results go to OUT/scaleout.json and .md.
Nothing leaves 127.0.0.1; every run is bounded in time.
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import loadgen
from bench_server import Server, summarize
from corpus import write_corpus, write_project
from environment import free_port, machine

from govkg.build import build
from govkg.errors import KgError
from govkg.project import find_project
from govkg.remote.protocol import Auth, Endpoints, Remote
from govkg.remote.publish import publish
from govkg.sparql import named

HERE = Path(__file__).resolve().parent
SOFTWARE = ("pyoxigraph", "oxigraph", "flask", "waitress")
_VIRTUOSO_INI = """[Database]
DatabaseFile = ./virtuoso.db
ErrorLogFile = ./virtuoso.log
LockFile = ./virtuoso.lck
TransactionFile = ./virtuoso.trx
xa_persistent_file = ./virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = ./virtuoso-temp.db
TransactionFile = ./virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
TransactionAfterImageLimit = 2000000000
NumberOfBuffers = 100000
MaxDirtyBuffers = 60000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 60
"""


def build_corpus(articles: int, folder: Path) -> Path:
    """A store of ``articles`` synthetic articles (seed 1) built in ``folder``; its store folder."""
    write_corpus(articles, 1, folder / "articles")
    write_project(folder, folder / "articles")
    store_dir = folder / "kg-store"
    build(store_dir, find_project(str(folder)).sources)
    return store_dir


def start_oxigraph(folder: Path, log: Path) -> Server:
    """A fresh, writable Oxigraph server with its database in ``folder`` (queries stopped after 10 s)."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("no oxigraph binary: pip install oxigraph")
    port = free_port()
    command = [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--timeout-s", "10"]
    return Server("Oxigraph server", command, port, "/query", "/query?query=ASK%7B%7D", log)


def start_virtuoso(folder: Path, log: Path) -> Server:
    """A fresh Virtuoso 7 with its database in ``folder``."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise SystemExit("no virtuoso-t: apt-get install virtuoso-opensource-7-bin, or leave virtuoso out of --engines")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(http_port=port, sql_port=free_port()))
    command = ["bash", "-c", f'cd "{folder}" && exec {binary} -f -c virtuoso.ini']
    return Server("Virtuoso 7", command, port, "/sparql", "/sparql?query=ASK%7B%7D", log)


def timed_publish(store_dir: Path, remote: Remote) -> dict:
    """Two publishes of ``store_dir`` into ``remote`` (into an empty store, then over the first): their figures,
    or the error of the one that failed."""
    figures: dict = {}
    for run in ("first", "again"):
        started = time.perf_counter()
        try:
            report = publish(store_dir, remote, progress=lambda line: None)
        except KgError as error:
            return {**figures, "error": str(error)}
        figures[f"{run}_seconds"] = round(time.perf_counter() - started, 2)
    figures.update(graphs=len(report.graphs), triples=report.triples, megabytes=round(report.bytes / 2**20, 1))
    return figures


def start_serve(store_dir: Path, backend: str | None, args, log: Path) -> Server:
    """`kg serve` over ``store_dir``, or with ``--backend``, on a free port."""
    port = free_port()
    command = [sys.executable, "-m", "govkg.cli", "serve", "--store", str(store_dir), "--port", str(port),
               "--workers", str(args.workers), "--threads", str(args.threads), "--row-cap", "10000000"]
    if backend:
        command += ["--backend", backend]
    return Server("kg serve --backend" if backend else "kg serve", command, port, "/sparql", "/health", log)


def query_requests(server: Server) -> list[loadgen.Request]:
    """Every local named query at /queries/NAME (defaults bound by the server), as JSON."""
    return [
        loadgen.get_request(name, "127.0.0.1", server.port, f"/queries/{name}", {"format": "json"})
        for name, query in sorted(named.library().items())
        if not query.network
    ]


def serve_runs(server: Server, args) -> list[dict]:
    """A warm-up, then a measured run per client count."""
    mix = query_requests(server)
    runs = []
    for clients in args.clients:
        loadgen.run("127.0.0.1", server.port, mix, clients, args.warmup, timeout=60)
        runs.append({"clients": clients, **summarize(loadgen.run("127.0.0.1", server.port, mix, clients,
                                                                  args.seconds, timeout=60))})
    return runs


def markdown(report: dict) -> str:
    """The report as Markdown tables."""
    lines = ["| articles | engine | graphs | triples | MiB uploaded | publish (s) | publish again (s) |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for row in report["publish"]:
        if "error" in row:
            lines.append(f"| {row['articles']} | {row['engine']} | failed: {row['error']} | | | | |")
            continue
        lines.append(f"| {row['articles']} | {row['engine']} | {row['graphs']} | {row['triples']:,} | "
                     f"{row['megabytes']} | {row['first_seconds']} | {row['again_seconds']} |")
    lines += ["", f"Named queries at /queries/NAME over {report['serve_size']} articles "
              f"({report['workers']} workers, {report['threads']} threads):", "",
              "| server | clients | requests/s | p50 (ms) | p99 (ms) | errors |", "|---|---:|---:|---:|---:|---:|"]
    for name, runs in report["serve"].items():
        for run in runs:
            lines.append(f"| {name} | {run['clients']} | {run['throughput_rps']} | {run['p50_ms']} | "
                         f"{run['p99_ms']} | {run['errors']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100], metavar="N")
    parser.add_argument("--serve-size", type=int, default=None, metavar="N", help="default: the largest of --sizes")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4], metavar="N")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--engines", nargs="+", choices=["oxigraph", "virtuoso"], default=["oxigraph"],
                        help="the engines to publish into (default: oxigraph; the serving runs need it)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    serve_size = args.serve_size or max(args.sizes)
    if serve_size not in args.sizes:
        parser.error("--serve-size must be one of --sizes")
    report: dict = {"machine": machine(SOFTWARE), "publish": [], "serve": {}, "serve_size": serve_size,
                    "workers": args.workers, "threads": args.threads}
    with tempfile.TemporaryDirectory(prefix="bench-scaleout-") as tmp:
        root = Path(tmp)
        for size in args.sizes:
            store_dir = build_corpus(size, root / f"corpus-{size}")
            if "oxigraph" in args.engines:
                engine = start_oxigraph(root / f"oxigraph-{size}", root / "oxigraph.log")
                try:
                    remote = Remote(Endpoints.of(engine.url("/"), "oxigraph"), timeout=600)
                    report["publish"].append({"articles": size, "engine": "Oxigraph server",
                                              **timed_publish(store_dir, remote)})
                    print(json.dumps(report["publish"][-1]), file=sys.stderr)
                    if size == serve_size:
                        for backend in (None, engine.url("/query")):
                            server = start_serve(store_dir, backend, args, root / "serve.log")
                            try:
                                report["serve"][server.name] = serve_runs(server, args)
                            finally:
                                server.stop()
                            print(json.dumps({server.name: report["serve"][server.name]}), file=sys.stderr)
                finally:
                    engine.stop()
            if "virtuoso" in args.engines:
                virtuoso = start_virtuoso(root / f"virtuoso-{size}", root / "virtuoso.log")
                try:
                    remote = Remote(Endpoints.of(virtuoso.url("/"), "virtuoso"), Auth("digest", "dba", "dba"), 600)
                    report["publish"].append({"articles": size, "engine": "Virtuoso 7",
                                              **timed_publish(store_dir, remote)})
                    print(json.dumps(report["publish"][-1]), file=sys.stderr)
                finally:
                    virtuoso.stop()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scaleout.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "scaleout.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
