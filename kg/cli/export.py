"""`kg export`: write the store, or chosen named graphs, to an RDF file, stdout, or a folder of one file per graph."""

import sys
from pathlib import Path

from govkg.export import ALL, ASSERTED, export, export_folder
from govkg.rdf.io import FORMATS

NAME = "export"


def run(args) -> int:
    """Export; report what was written on stderr when writing to a file or folder."""
    if args.output_dir is not None:
        manifest = export_folder(Path(args.store), args.output_dir, args.format, args.graph)
        triples = sum(entry["triples"] for entry in manifest["graphs"])
        print(f"wrote {len(manifest['graphs'])} graphs ({triples} triples) to {args.output_dir}", file=sys.stderr)
        return 0
    count = export(Path(args.store), args.output, args.format, args.graph)
    if args.output is not None:
        print(f"wrote {count} statements to {args.output}", file=sys.stderr)
    return 0


def register(subparsers, common) -> None:
    """Add `kg export`."""
    parser = subparsers.add_parser(NAME, parents=[common], help="write the store or chosen graphs to RDF files")
    parser.add_argument(
        "--graph",
        action="append",
        metavar="GRAPH",
        help=f"graph(s) to export, repeatable: {ALL} (default), {ASSERTED} (all but the inferred graphs), "
        "a graph's short name (ontology, inferred, inferred-schema, links, article/SLUG...) or a graph IRI",
    )
    parser.add_argument(
        "--format",
        choices=list(FORMATS),
        default=None,
        help="output format (default: from the --output extension, else turtle); "
        "nquads, trig and jsonld keep the named graphs, the others merge them",
    )
    destination = parser.add_mutually_exclusive_group()
    destination.add_argument(
        "--output", "-o", type=Path, default=None, metavar="FILE", help="file to write (atomically; default: stdout)"
    )
    destination.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder to write one file per graph into, with manifest.json (atomically; replaces a previous export)",
    )
    parser.set_defaults(func=run)
