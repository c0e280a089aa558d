"""`kg queries`: list the named questions of the project's queries/ with their titles and flags."""

import json
import sys

from govkg.sparql import named, table

NAME = "queries"


def register(subparsers, common):
    """Add `kg queries`."""
    parser = subparsers.add_parser(NAME, parents=[common], help="list the named queries (queries/*.rq)")
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Print the library: name, title, flags (reasoning, network) and parameters."""
    queries = named.library(args.project.queries)
    if not queries:
        print(f"no named query in {args.project.queries} (add NAME.rq files there)", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([q.to_dict() for q in queries.values()], indent=2, ensure_ascii=False))
        return 0
    body = [
        [q.name, q.title, ", ".join(q.flags), " ".join(p.name + ("" if p.required else "?") for p in q.params)]
        for q in queries.values()
    ]
    print(table.render(["name", "title", "flags", "params"], body), end="")
    return 0
