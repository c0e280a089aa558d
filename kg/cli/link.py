"""`kg link`: the graph's Wikidata links: `status`, `wikidata` (reconcile) and `enrich`."""

import argparse
import math
import sys
from pathlib import Path

from govkg.errors import KgError
from govkg.link.client import WIKIDATA_ENDPOINT, SparqlClient
from govkg.link.curated import CURATED_NAME
from govkg.link.enrich import enrich
from govkg.link.reconcile import BATCH_SIZE, DEFAULT_MIN_SCORE, apply_links, find_candidates
from govkg.link.status import link_status, summary
from govkg.rdf.io import shorten
from govkg.rdf.namespaces import ENRICHMENT_GRAPH, RECONCILED_LINKS_GRAPH
from govkg.sparql.table import render
from govkg.store import open_read_only

NAME = "link"


def _in_range(kind: type, low: float, high: float):
    """argparse type: a number of ``kind`` (int or float) from ``low`` to ``high``."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {'an integer' if kind is int else 'a number'}") from None
        if not low <= value <= high:  # false for nan too
            raise argparse.ArgumentTypeError(f"{text} is not between {low:g} and {high:g}")
        return value

    return parse


def _positive(text: str) -> float:
    """argparse type: a positive finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value < math.inf:  # false for nan too
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def _network_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL",
                        help=f"SPARQL endpoint to ask (default: {WIKIDATA_ENDPOINT})")
    parser.add_argument("--timeout", type=_positive, default=60.0, metavar="SECONDS",
                        help="timeout of each HTTP request (default: 60)")
    parser.add_argument("--retries", type=_in_range(int, 0, 10), default=4, metavar="N",
                        help="retries on HTTP 429 and 5xx, with exponential backoff honouring Retry-After "
                        "(0..10, default: 4)")


def register(subparsers, common) -> None:
    """Add `kg link` and its actions."""
    parser = subparsers.add_parser(
        NAME, parents=[common], help="link the graph with Wikidata: status, reconcile, enrich"
    )
    actions = parser.add_subparsers(metavar="ACTION", parser_class=type(parser))
    actions.required = True

    def action(name: str, help_text: str, func) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(func=func, command=f"{NAME} {name}")  # errors read `kg link status: error: ...`
        return sub

    action("status", "print every entity of the graph with its Wikidata link and status, or 'unlinked'", run_status)
    wikidata = action(
        "wikidata", "find Wikidata candidates for the unlinked entities; --apply writes the best", run_wikidata
    )
    _network_options(wikidata)
    wikidata.add_argument("--apply", action="store_true",
                          help="write the chosen links (score >= --min-score) into the reconciled links graph")
    wikidata.add_argument("--min-score", type=_in_range(float, 0, 1), default=DEFAULT_MIN_SCORE, metavar="S",
                          help=f"lowest score a candidate needs to be applied, 0..1 (default: {DEFAULT_MIN_SCORE})")
    wikidata.add_argument("--batch-size", type=_in_range(int, 1, 200), default=BATCH_SIZE, metavar="N",
                          help=f"entities per query, 1..200 (default: {BATCH_SIZE})")
    enrich_parser = action(
        "enrich", "fetch Wikidata facts about the linked entities into the enrichment graph", run_enrich
    )
    _network_options(enrich_parser)


def run_status(args) -> int:
    """`kg link status`."""
    rows = link_status(open_read_only(Path(args.store)), args.project.sources.links / CURATED_NAME)
    columns = ["entity", "label", "wikidata", "status", "source"]
    sys.stdout.write(render(columns, [[r.entity, r.label, r.qid, r.status, r.source] for r in rows]))
    print(summary(rows))
    return 0


def run_wikidata(args) -> int:
    """`kg link wikidata`: print the candidates table; with --apply write the chosen links."""
    store = open_read_only(Path(args.store))
    client = SparqlClient(args.endpoint, timeout=args.timeout, retries=args.retries)
    try:
        result = find_candidates(store, client, args.min_score, args.batch_size)
    except KgError as error:
        raise KgError(f"{error}; no link written") from None
    body = []
    found = {candidate.entity.iri for candidate in result.candidates}
    for candidate in result.candidates:
        body.append([shorten(str(candidate.entity.iri)), f"wd:{candidate.item.rsplit('/', 1)[-1]}", candidate.label,
                     candidate.description, f"{candidate.score:.2f}", candidate.why])
    for entity in result.unlinked:
        if entity.iri not in found:
            body.append([shorten(str(entity.iri)), "-", "", "", "", "no candidate"])
    sys.stdout.write(render(["entity", "candidate", "label", "description", "score", "why"], body))
    print(f"{len(result.unlinked)} unlinked entities, {len(result.candidates)} candidates, "
          f"{len(result.chosen)} at or above {args.min_score:g}:")
    for candidate in result.chosen:
        qid = candidate.item.rsplit("/", 1)[-1]
        print(f"  {shorten(str(candidate.entity.iri))} -> wd:{qid} ({candidate.score:.2f})")
    if args.apply:
        written = apply_links(Path(args.store), result.chosen, args.endpoint)
        print(f"wrote {written} link{'s' if written != 1 else ''} into {RECONCILED_LINKS_GRAPH}")
    elif result.chosen:
        print("dry run: add --apply to write them")
    return 0


def run_enrich(args) -> int:
    """`kg link enrich`: replace the enrichment graph with fresh facts, or keep it on any failure."""
    store = open_read_only(Path(args.store))
    client = SparqlClient(args.endpoint, timeout=args.timeout, retries=args.retries)
    try:
        result = enrich(Path(args.store), store, client)
    except KgError as error:
        raise KgError(f"{error}; kept the previous enrichment") from None
    detail = ", ".join(f"{count} {name}" for name, count in sorted(result.per_property.items()))
    print(f"enriched {result.items} linked items with {result.facts} facts ({detail or 'none'}) "
          f"from {args.endpoint} into {ENRICHMENT_GRAPH}")
    return 0
