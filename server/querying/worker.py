"""The query worker process: runs one Job at a time against the store and reports its Outcome.

Before a query runs, its SERVICE endpoints are checked against the allow-list (service_policy), here rather than
in the request thread so that a query that is slow to parse is stopped by the timeout like a slow query.

A worker opens the store read-only and re-opens it when the store's current generation changes (after `kg build`,
`kg load`, `kg link`). It receives Jobs over a Pipe (see service.py) and sends back an Outcome saying what
happened; it knows nothing of HTTP.
"""

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


class _StoreHandle:
    """The open store of one worker, re-opened when the current generation changes."""

    def __init__(self, store_dir: Path):
        self.store_dir = store_dir
        self.generation: Path | None = None
        self.store: pyoxigraph.Store | None = None

    def get(self) -> pyoxigraph.Store:
        """The store of the current generation (KgError if there is none)."""
        generation = current_generation(self.store_dir)
        if generation != self.generation or self.store is None:
            self.store = None
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
    return Outcome(
        Ending.ANSWERED, media_type=media_type, body=body, truncated=result.truncated, row_cap=result.row_cap
    )


def main(conn, store_dir: str, limits: Limits) -> None:
    """Serve jobs from ``conn`` until the parent closes it, in at most ``limits.memory_mb`` MiB of address space."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cap = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    handle = _StoreHandle(Path(store_dir))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(job, limits, handle))
