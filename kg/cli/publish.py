"""`kg publish`: write the built store into a remote SPARQL 1.1 store (govkg.remote.publish; docs/scale-out.md)."""

import sys
from pathlib import Path

from govkg.remote.protocol import AUTH_KINDS, ENGINES, ENV_AUTH, ENV_PASSWORD, ENV_TOKEN, ENV_USER

NAME = "publish"


def run(args) -> int:
    """Publish the store and say what was swapped in (progress and the summary on stderr)."""
    from govkg.remote.protocol import Auth, Endpoints, Remote
    from govkg.remote.publish import publish

    endpoints = Endpoints.of(args.to, args.engine, args.query_url, args.update_url, args.graph_store_url)
    auth = Auth.resolve(args.auth, args.user, args.password, args.token)
    report = publish(Path(args.store), Remote(endpoints, auth, timeout=args.timeout))
    dropped = f", dropped {len(report.dropped)}" if report.dropped else ""
    print(
        f"kg publish: published {len(report.graphs)} graphs ({report.triples} triples, {report.bytes:,} bytes) to "
        f"{endpoints.query} in {report.seconds:.1f} s{dropped}; build {report.build}",
        file=sys.stderr,
    )
    return 0


def register(subparsers, common) -> None:
    """Add `kg publish`."""
    parser = subparsers.add_parser(
        NAME,
        parents=[common],
        help="write the store into a remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki)",
        description="Upload every named graph and their union to staging graphs with the Graph Store Protocol, check "
        "their counts, then swap them in with one SPARQL Update request (all or nothing where the engine is "
        "transactional). A failed or interrupted publish leaves the remote graphs as they were. See docs/scale-out.md.",
    )
    parser.add_argument("--to", required=True, metavar="URL", help="the remote store's base URL (e.g. "
                        "http://127.0.0.1:7878/ for Oxigraph, http://127.0.0.1:8890/ for Virtuoso)")
    parser.add_argument("--engine", choices=list(ENGINES), default="oxigraph",
                        help="where the engine serves query, update and the graph store under --to "
                        "(default: oxigraph)")
    parser.add_argument("--query-url", metavar="URL", help="the query service's URL (default: from --engine)")
    parser.add_argument("--update-url", metavar="URL", help="the update service's URL (default: from --engine)")
    parser.add_argument("--graph-store-url", metavar="URL",
                        help="the Graph Store Protocol service's URL (default: from --engine)")
    parser.add_argument("--auth", choices=AUTH_KINDS, default=None,
                        help=f"authentication (default: ${ENV_AUTH}, else bearer with a token, basic with a user, "
                        "else none)")
    parser.add_argument("--user", metavar="NAME",
                        help=f"user for basic or digest authentication (default: ${ENV_USER})")
    parser.add_argument("--password", metavar="SECRET",
                        help=f"password (default: ${ENV_PASSWORD}, which keeps it out of the process list)")
    parser.add_argument("--token", metavar="SECRET", help=f"bearer token (default: ${ENV_TOKEN})")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                        help="give up a request after this many seconds without an answer (default: 300)")
    parser.set_defaults(func=run)
