"""The query worker process: runs one job at a time against the store and answers with bytes.

Before a query runs, its SERVICE endpoints are checked against the allow-list
(server.service_policy), here rather than in the request thread so that a
query that is slow to parse is stopped by the timeout like a slow query.

A worker opens the store read-only and re-opens it when the store's current
generation changes (after `kg build`, `kg load`, `kg link`). It receives a job
over a Pipe (see server.pool) and sends back a reply dict:
``{"status": 200, "media_type", "body", "truncated", "row_cap"}`` or
``{"status": 4xx/5xx, "error": message, "offered": [...]}``.
"""

import resource
import signal
from pathlib import Path

from govkg.errors import KgError
from govkg.server import service_policy
from govkg.sparql.execute import NotAcceptable, QueryError, negotiate, run_query, serialize
from govkg.store import current_generation, open_read_only


class _StoreHandle:
    """The open store of one worker, re-opened when the current generation changes."""

    def __init__(self, store_dir: Path):
        self.store_dir = store_dir
        self.generation = None
        self.store = None

    def get(self):
        """The store of the current generation (KgError if there is none)."""
        generation = current_generation(self.store_dir)
        if generation != self.generation:
            self.store = None
            self.store = open_read_only(self.store_dir)
            self.generation = generation
        return self.store


def execute(job: dict, handle: _StoreHandle) -> dict:
    """Run ``job`` and return its reply (never raises for a bad query)."""
    try:
        service_policy.check(job["query"], job["service_allowlist"], job.get("base_iri"))
        result = run_query(
            handle.get(),
            job["query"],
            default_graphs=job.get("default_graph_uris"),
            named_graphs=job.get("named_graph_uris"),
            substitutions=job.get("substitutions"),
            row_cap=job.get("row_cap"),
            base_iri=job.get("base_iri"),
        )
        media_type = negotiate(job.get("accept"), job.get("format"), result.kind)
        body = serialize(result, media_type)
    except service_policy.PolicyError as error:
        return {"status": 400, "error": str(error)}
    except NotAcceptable as error:
        return {"status": 406, "error": str(error), "offered": error.offered}
    except QueryError as error:
        return {"status": 400, "error": str(error)}
    except KgError as error:
        return {"status": 503, "error": str(error)}
    except OSError as error:
        return {"status": 502, "error": f"the query failed while reading the store or calling a SERVICE: {error}"}
    except MemoryError:
        return {"status": 503, "error": "the query needed more memory than a query worker may use"}
    return {
        "status": 200,
        "media_type": media_type,
        "body": body,
        "truncated": result.truncated,
        "row_cap": result.row_cap,
    }


def main(conn, store_dir: str, memory_mb: int) -> None:
    """Serve jobs from ``conn`` until the parent closes it, in at most ``memory_mb`` MiB of address space."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    handle = _StoreHandle(Path(store_dir))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(execute(job, handle))
