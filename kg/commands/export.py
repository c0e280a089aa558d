"""`kg export`: write the store, or chosen named graphs, to an RDF file or stdout."""

import argparse
import sys
from pathlib import Path

from kg.export import export
from kg.load import FORMATS

NAME = "export"


def run(args) -> int:
    """Export; report the count on stderr when writing to a file."""
    count = export(Path(args.store), args.output, args.format, args.graph, args.inferred)
    if args.output is not None:
        print(f"wrote {count} statements to {args.output}", file=sys.stderr)
    return 0


def register(subparsers, common) -> None:
    """Add `kg export`."""
    parser = subparsers.add_parser(NAME, parents=[common], help="write the store or chosen graphs to an RDF file")
    parser.add_argument(
        "--graph",
        action="append",
        metavar="IRI",
        help="named graph to export (repeatable; default: every graph of the store)",
    )
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default=None,
        help="output format (default: from the --output extension, else turtle); "
        "nquads, trig and jsonld keep the named graphs, the others merge them",
    )
    parser.add_argument(
        "--output", "-o", type=Path, default=None, metavar="FILE", help="file to write (atomically; default: stdout)"
    )
    parser.add_argument(
        "--inferred",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include the inferred graph (default: yes; --no-inferred gives the asserted triples only)",
    )
    parser.set_defaults(func=run)
