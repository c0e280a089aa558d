"""`kg load`: add RDF files (any supported format) to the store, in a new store generation."""

from pathlib import Path

from govkg.load import load_files
from govkg.rdf.io import FORMATS
from govkg.rdf.namespaces import LOADED_GRAPH

NAME = "load"


def run(args) -> int:
    """Load the files and say how many triples each gave."""
    counts = load_files(Path(args.store), args.files, args.graph, args.format)
    for path, count in counts.items():
        print(f"{path}: {count} triples")
    total = sum(counts.values())
    print(f"loaded {total} triples from {len(counts)} file(s) into {args.store} (default graph <{args.graph}>)")
    return 0


def register(subparsers, common) -> None:
    """Add `kg load`."""
    parser = subparsers.add_parser(NAME, parents=[common], help="add RDF files to the store (kept across builds)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="RDF files to add")
    parser.add_argument(
        "--graph",
        default=str(LOADED_GRAPH),
        metavar="IRI",
        help=f"named graph for the triples (default: {LOADED_GRAPH}); named graphs inside a dataset file keep "
        "their names",
    )
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default=None,
        help="format of every FILE (default: from each file's extension)",
    )
    parser.set_defaults(func=run)
