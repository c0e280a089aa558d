"""`kg serve`: serve the store as a read-only SPARQL 1.1 endpoint (waitress), building it first if needed."""

import signal
import sys
from pathlib import Path

from govkg.server.config import DEFAULTS
from govkg.store import has_store

NAME = "serve"


def register(subparsers, common) -> None:
    """Add `kg serve` and its options."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="serve the store as a SPARQL 1.1 endpoint at http://HOST:PORT/sparql",
        description="Serve the store read-only over the SPARQL 1.1 Protocol with waitress; builds the store first "
        "if there is none. Queries run in worker processes that are killed when they exceed the timeout.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default: 5000)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULTS["QUERY_TIMEOUT"],
        metavar="SECONDS",
        help=f"stop a query after this many seconds and answer 503 (default: {DEFAULTS['QUERY_TIMEOUT']:g})",
    )
    parser.add_argument(
        "--row-cap",
        type=int,
        default=DEFAULTS["ROW_CAP"],
        metavar="N",
        help=f"return at most N rows or triples, with header X-SPARQL-Truncated (default: {DEFAULTS['ROW_CAP']})",
    )
    parser.add_argument(
        "--max-request-bytes",
        type=int,
        default=DEFAULTS["MAX_REQUEST_BYTES"],
        metavar="N",
        help=f"refuse larger requests with 413 (default: {DEFAULTS['MAX_REQUEST_BYTES']})",
    )
    parser.add_argument(
        "--allow-service",
        action="append",
        default=None,
        metavar="URL",
        help="a SERVICE endpoint queries may call, exactly as written in the query; repeatable "
        f"(default: {', '.join(DEFAULTS['SERVICE_ALLOWLIST'])}); replaces the default when given",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULTS["WORKERS"],
        metavar="N",
        help=f"query worker processes (default: {DEFAULTS['WORKERS']})",
    )
    parser.add_argument(
        "--worker-memory",
        type=int,
        default=DEFAULTS["WORKER_MEMORY_MB"],
        metavar="MB",
        help="address space each query worker may use, in MiB; a query needing more fails with 503 "
        f"(default: {DEFAULTS['WORKER_MEMORY_MB']})",
    )
    parser.add_argument(
        "--public-base",
        default=DEFAULTS["PUBLIC_BASE"],
        metavar="IRI",
        help="the IRI prefix that maps onto this server's root path: IRIs PUBLIC_BASE/id/..., /ontology and "
        f"/graph/... dereference here (default: {DEFAULTS['PUBLIC_BASE']})",
    )
    parser.add_argument("--threads", type=int, default=8, metavar="N", help="HTTP threads of waitress (default: 8)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Build the store if missing, then serve until interrupted."""
    from govkg.build import build
    from govkg.server import create_app
    from govkg.server.config import make_config
    from govkg.server.runner import RunningServer

    store_dir = Path(args.store)
    config = make_config(
        {
            "STORE_DIR": store_dir,
            "QUERIES_DIR": args.project.queries,
            "QUERY_TIMEOUT": args.timeout,
            "ROW_CAP": args.row_cap,
            "MAX_REQUEST_BYTES": args.max_request_bytes,
            "SERVICE_ALLOWLIST": args.allow_service
            if args.allow_service is not None
            else DEFAULTS["SERVICE_ALLOWLIST"],
            "WORKERS": args.workers,
            "WORKER_MEMORY_MB": args.worker_memory,
            "PUBLIC_BASE": args.public_base,
        }
    )  # checked before a possibly long build, so a bad option fails at once
    if not has_store(store_dir):
        print(f"kg serve: no store in {store_dir}; building it", file=sys.stderr)
        build(store_dir, args.project.sources)
    running = RunningServer(create_app(config), host=args.host, port=args.port, threads=args.threads)
    print(
        f"kg serve: SPARQL endpoint at {running.url}/sparql (store {store_dir}, {args.workers} workers)",
        file=sys.stderr,
    )
    # Ctrl-C and `kill` (SIGTERM) both stop it cleanly, even when a script started it in the background
    # (which leaves SIGINT ignored).
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, signal.default_int_handler)
    try:
        running.serve_forever()  # returns on Ctrl-C or SIGTERM
    finally:
        running.stop()
    print("kg serve: stopped", file=sys.stderr)
    return 0
