"""Run a SPARQL query against a pyoxigraph store and materialize its result.

Shared by the HTTP endpoint (server/, inside its worker processes) and by `kg query` (in-process). The steps are
separate so that a caller can pick the format after it knows the query form::

    result = run_query(store, text, row_cap=10_000)                     # this module
    media_type = negotiate(accept_header, format_param, result.kind)    # govkg.sparql.negotiate
    body = serialize(result, media_type)                                # govkg.sparql.results

``run_query`` materializes at most ``row_cap`` solutions (or triples) and records in ``Result.truncated`` whether
more were available. Without a dataset (neither the protocol's graph lists nor FROM / FROM NAMED) a query runs on
the store's default graph, which holds the union of its named graphs (govkg.store); a store written by an older
release, whose default graph is empty, must be rebuilt (`kg build`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph

from govkg.errors import KgError

# Result kinds: what a query form yields.
SOLUTIONS = "solutions"  # SELECT
BOOLEAN = "boolean"  # ASK
GRAPH = "graph"  # CONSTRUCT, DESCRIBE


class QueryError(KgError):
    """The query is malformed or failed to evaluate; the message is the parser's or evaluator's."""


@dataclass
class Result:
    """A materialized query result.

    ``kind`` is SOLUTIONS, BOOLEAN or GRAPH. SOLUTIONS fill ``variables`` and ``rows`` (one tuple of terms or None
    per solution); BOOLEAN fills ``boolean``; GRAPH fills ``triples``. ``truncated`` is True when the row cap cut the
    result; ``row_cap`` is the cap that applied (None: no cap).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False
    row_cap: int | None = None


def parse_term(text: str):
    """A pyoxigraph term from its N-Triples form (``<iri>``, ``"lit"@en``, ``"1"^^<dt>``, ``_:b``)."""
    try:
        quads = list(pyoxigraph.parse(f"<urn:s> <urn:p> {text} .", format=pyoxigraph.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise QueryError(f"substitution {text!r} is not an N-Triples term: {error}") from None
    if len(quads) != 1:
        raise QueryError(f"substitution {text!r} is not a single N-Triples term")
    return quads[0].object


def run_query(
    store: pyoxigraph.Store,
    query: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    substitutions: dict[str, str] | None = None,
    row_cap: int | None = None,
    base_iri: str | None = None,
) -> Result:
    """Evaluate ``query`` on ``store`` and materialize at most ``row_cap`` rows or triples.

    The dataset is the union of all graphs (the store's default graph) unless ``default_graphs`` or
    ``named_graphs`` is given (the SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri``): then exactly
    those graphs, an absent list meaning none; else unless the query has FROM / FROM NAMED: then the graphs it
    names. ``substitutions`` maps variable names to N-Triples terms (pre-bound values).
    Raises QueryError with the parser's message (it names line and column).
    """
    try:
        options: dict = {"base_iri": base_iri}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [_graph_name(iri) for iri in default_graphs or []]
            options["named_graphs"] = [_graph_name(iri) for iri in named_graphs or []]
        if substitutions:
            options["substitutions"] = {pyoxigraph.Variable(k): parse_term(v) for k, v in substitutions.items()}
        answer = store.query(query, **options)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return Result(BOOLEAN, boolean=bool(answer), row_cap=row_cap)
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = [variable.value for variable in answer.variables]
            solutions, truncated = _take(answer, row_cap)
            rows = [tuple(solution[name] for name in variables) for solution in solutions]
            return Result(SOLUTIONS, variables=variables, rows=rows, truncated=truncated, row_cap=row_cap)
        triples, truncated = _take(answer, row_cap)
        return Result(GRAPH, triples=triples, truncated=truncated, row_cap=row_cap)
    except (SyntaxError, ValueError, TypeError, RuntimeError) as error:
        raise QueryError(str(error).replace("\n", " ")) from None


def _graph_name(iri: str) -> pyoxigraph.NamedNode:
    """The graph called ``iri``; QueryError naming it if it is not an absolute IRI."""
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"graph name {iri!r} is not an absolute IRI ({error})") from None


def _take(iterator, cap: int | None) -> tuple[list, bool]:
    """The first ``cap`` items of ``iterator`` and whether there were more."""
    items: list = []
    for item in iterator:
        if cap is not None and len(items) >= cap:
            return items, True
        items.append(item)
    return items, False
