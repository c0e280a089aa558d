"""`kg query NAME|FILE|-`: run a named query, a query file or standard input against the built store.

The project's prefixes (govkg.rdf.namespaces.PREFIXES) may be used undeclared. Tables show a label column beside
each IRI column (govkg.sparql.labels) and literals as plain text; ``--labels`` adds the label columns to the other
formats too.
"""

import argparse
import json
import sys
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.rdf.namespaces import PREFIXES
from govkg.sparql import labels, named, table
from govkg.sparql.negotiate import SPARQL_JSON, negotiate
from govkg.sparql.results import serialize
from govkg.sparql.run import QueryError, as_solutions, run_query
from govkg.store import open_read_only

NAME = "query"
#: Output formats: ``table`` is ours; the others are SPARQL result (or RDF) formats of govkg.sparql.negotiate.
FORMATS = ["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]


def register(subparsers, common):
    """Add `kg query`."""
    parser = subparsers.add_parser(
        NAME, parents=[common], help="run a named query (see 'kg queries'), a .rq file or - (stdin)"
    )
    parser.add_argument(
        "query", metavar="NAME|FILE|-", help="a query name from the project's queries/, a file, or - for stdin"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument(
        "--labels", action=argparse.BooleanOptionalAction, default=None,
        help="add a ?x_label column after each IRI column ?x (default: on for table, off for the other formats)",
    )
    parser.add_argument(
        "--raw", action="store_true",
        help="table: write literals as Turtle does, with every language tag and datatype (default: plain text)",
    )
    parser.add_argument(
        "--max-width", type=_width, default=table.CELL_WIDTH, metavar="N",
        help=f"table: cut cells longer than N characters with '…' (default: {table.CELL_WIDTH}; 0: whole cells)",
    )
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="bind a declared parameter: <IRI>, prefixed name (gkr:OlzhasBektenov) or literal text (repeatable)",
    )
    parser.add_argument(
        "--default-graph", action="append", default=None, metavar="IRI",
        help="use only these graphs as the default graph (repeatable; default: the union of all graphs)",
    )
    parser.add_argument(
        "--service-map", action="append", default=[], metavar="FROM=TO",
        help="send SERVICE <FROM> to <TO> instead (repeatable), e.g. a local stand-in for Wikidata",
    )
    parser.set_defaults(func=run)


def _width(text: str) -> int:
    """A --max-width: a whole number, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number of characters, 0 or more: {text!r}")
    return int(text)


def run(args) -> int:
    """Resolve, bind, execute and print the query."""
    query = named.resolve(args.query, args.project.queries)
    substitutions = named.bind(query, named.parse_assignments(args.param))
    services = named.parse_assignments(args.service_map, "--service-map")
    for target in services.values():
        _check_service(target)
    text = named.map_services(query.text, services)
    store = open_read_only(Path(args.store))
    try:
        result = run_query(
            store, text, default_graphs=args.default_graph, substitutions=substitutions, prefixes=PREFIXES
        )
    except QueryError as error:
        raise QueryError(f"{query.source}: {error}") from None
    except OSError as error:  # a SERVICE call failed (unreachable, refused, ...) or the store could not be read
        message = f"the query failed while reading the store or calling a SERVICE: {error}"
        raise KgError(f"{query.source}: {message}") from None
    if args.format == "table":
        result = as_solutions(result)
    if args.labels if args.labels is not None else args.format == "table":
        result = labels.labelled(store, result)
    if args.format == "table":
        document = json.loads(serialize(result, SPARQL_JSON))
        columns, cells = table.rows(document, table.RAW if args.raw else table.PLAIN)
        sys.stdout.write(table.render(columns, cells, args.max_width))
        return 0
    media_type = negotiate(None, args.format, result.kind)
    body = serialize(result, media_type)
    sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    return 0


def _check_service(target: str) -> None:
    """KgError unless ``target``, the TO of a --service-map, is an absolute IRI."""
    try:
        pyoxigraph.NamedNode(target)
    except ValueError as error:
        raise KgError(f"--service-map {target!r}: not an absolute IRI ({error})") from None
