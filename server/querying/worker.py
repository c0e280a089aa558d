"""The query worker process: runs one Job at a time against the store and reports its Outcome.

Before a query runs, its SERVICE endpoints are checked against the allow-list (service_policy), here rather than
in the request thread so that a query that is slow to parse is stopped by the timeout like a slow query.

A worker opens the store read-only and re-opens it when the store's current generation changes (after `kg build`,
`kg load`, `kg link`). On start it runs ``ASK {}`` and reports whether it could (:data:`READY`); then it receives
Jobs over a Pipe (see service.py) and sends back an Outcome saying what happened; it knows nothing of HTTP.

Each worker is confined (:func:`confine`): Ctrl-C is its parent's to handle, its address space is capped (at
WORKER_MEMORY_MB plus a share of the open generation's size, :func:`memory_cap_mb`), and its
standard error goes nowhere (a crash under the cap would print a C++ or Rust report of many lines per worker; the parent
logs one line saying how the worker ended).
"""

import os
import resource
import signal
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.server.querying import service_policy
from govkg.server.querying.jobs import Ending, Job, Limits, Outcome
from govkg.sparql.negotiate import NotAcceptable, negotiate
from govkg.sparql.results import serialize
from govkg.sparql.run import QueryError, run_query
from govkg.store import current_generation, open_read_only

#: What a worker sends first: READY once it has run ``ASK {}``, or a message saying why it could not.
READY = "ready"
#: Address space a process with a store generation open takes beyond WORKER_MEMORY_MB, per byte of the generation
#: on disk: RocksDB keeps the index and filter blocks of every table file in memory. Measured: a 2,158 MiB
#: generation took 722 MiB more at peak than an empty one (0.33, benchmarks/README.md); a half leaves headroom.
STORE_SHARE = 0.5


class _StoreHandle:
    """The open store of one worker, re-opened when the current generation changes."""

    def __init__(self, store_dir: Path, memory_mb: int):
        self.store_dir = store_dir
        self.memory_mb = memory_mb
        self.generation: Path | None = None
        self.store: pyoxigraph.Store | None = None

    def get(self) -> pyoxigraph.Store:
        """The store of the current generation (KgError if there is none)."""
        generation = current_generation(self.store_dir)
        if generation != self.generation or self.store is None:
            self.store = None
            resize(self.memory_mb, generation)
            self.store = open_read_only(self.store_dir)
            self.generation = generation
        return self.store


def execute(job: Job, limits: Limits, handle: _StoreHandle) -> Outcome:
    """Run ``job`` under ``limits`` and say how it ended (never raises for a bad query)."""
    try:
        service_policy.check(job.query, limits.service_allowlist, job.base_iri)
        result = run_query(
            handle.get(),
            job.query,
            default_graphs=job.default_graph_uris,
            named_graphs=job.named_graph_uris,
            substitutions=job.substitutions,
            row_cap=limits.row_cap,
            base_iri=job.base_iri,
        )
        media_type = negotiate(job.accept, job.format, result.kind)
        body = serialize(result, media_type)
    except service_policy.PolicyError as error:
        return Outcome(Ending.SERVICE_REFUSED, str(error))
    except NotAcceptable as error:
        return Outcome(Ending.NOT_ACCEPTABLE, str(error), offered=tuple(error.offered))
    except QueryError as error:
        return Outcome(Ending.BAD_QUERY, str(error))
    except KgError as error:
        return Outcome(Ending.NO_STORE, str(error))
    except OSError as error:
        return Outcome(Ending.READ_FAILED, f"the query failed while reading the store or calling a SERVICE: {error}")
    except MemoryError:
        return Outcome(Ending.OUT_OF_MEMORY, "the query needed more memory than a query worker may use")
    if limits.max_result_bytes is not None and len(body) > limits.max_result_bytes:
        return Outcome(
            Ending.TOO_LARGE,
            f"the result is {len(body)} bytes, over this endpoint's cap of {limits.max_result_bytes}: "
            "ask for fewer rows or columns (LIMIT), or shorter values",
        )
    return Outcome(
        Ending.ANSWERED, media_type=media_type, body=body, truncated=result.truncated, row_cap=result.row_cap
    )


def memory_cap_mb(memory_mb: int, generation: Path | None) -> int:
    """The address space, in MiB, of a process of the server with the store generation folder ``generation`` open
    (None: none): ``memory_mb`` (WORKER_MEMORY_MB) plus STORE_SHARE of the generation's size on disk, so that a
    large store does not take a query's share."""
    if generation is None:
        return memory_mb
    try:
        size = sum(entry.stat().st_size for entry in os.scandir(generation) if entry.is_file())
    except OSError:
        size = 0
    return memory_mb + int(size * STORE_SHARE) // 2**20


def resize(memory_mb: int, generation: Path | None) -> None:
    """Cap this process's address space at :func:`memory_cap_mb` (the soft limit: the worker raises it itself when
    a larger generation comes; no query can)."""
    cap = memory_cap_mb(memory_mb, generation) * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def confine(memory_mb: int, generation: Path | None = None) -> None:
    """Set up a child process of the server: SIGINT ignored, its address space capped (:func:`resize`), standard
    error to /dev/null and no Rust backtraces (see the module doc)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    resize(memory_mb, generation)
    os.environ["RUST_BACKTRACE"] = "0"
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)


def self_check(handle: _StoreHandle) -> str:
    """READY if ``ASK {}`` runs on the store (or there is no store yet: that is the store's fault, not the
    worker's), else why not."""
    try:
        run_query(handle.get(), "ASK {}")
    except KgError:
        return READY
    except (MemoryError, OSError, QueryError) as error:
        return f"ASK {{}} failed: {error}"
    return READY


def main(conn, store_dir: str, limits: Limits) -> None:
    """Report READY (or why not), then serve jobs from ``conn`` until the parent closes it, in at most
    :func:`memory_cap_mb` of ``limits.memory_mb`` and the open generation."""
    confine(limits.memory_mb)
    handle = _StoreHandle(Path(store_dir), limits.memory_mb)
    conn.send(self_check(handle))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(job, limits, handle))
