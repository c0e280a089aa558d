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
from govkg.sparql.errors import explain, lexemes

# Result kinds: what a query form yields.
SOLUTIONS = "solutions"  # SELECT
BOOLEAN = "boolean"  # ASK
GRAPH = "graph"  # CONSTRUCT, DESCRIBE


class QueryError(KgError):
    """The query is malformed or failed to evaluate; the message is the parser's made readable (see
    govkg.sparql.errors) or the evaluator's."""


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


def as_solutions(result: Result) -> Result:
    """A GRAPH result as SOLUTIONS of ``subject``, ``predicate``, ``object`` (one row per triple); others as they
    are."""
    if result.kind != GRAPH:
        return result
    rows = [(t.subject, t.predicate, t.object) for t in result.triples]
    return Result(SOLUTIONS, variables=["subject", "predicate", "object"], rows=rows, truncated=result.truncated,
                  row_cap=result.row_cap)


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
    prefixes: dict[str, str] | None = None,
) -> Result:
    """Evaluate ``query`` on ``store`` and materialize at most ``row_cap`` rows or triples.

    The dataset is the union of all graphs (the store's default graph) unless ``default_graphs`` or
    ``named_graphs`` is given (the SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri``): then exactly
    those graphs, an absent list meaning none; else unless the query has FROM / FROM NAMED: then the graphs it
    names. ``substitutions`` maps variable names to N-Triples terms (pre-bound values). ``prefixes`` (prefix ->
    namespace) may be used undeclared, as the project's PREFIXES are by `kg query` and the Python API.
    ``SELECT *`` lists its variables in the order they first appear in the query.
    Raises QueryError with a readable parser message (it names line and column).
    """
    try:
        options: dict = {"base_iri": base_iri, "prefixes": prefixes}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [_graph_name(iri) for iri in default_graphs or []]
            options["named_graphs"] = [_graph_name(iri) for iri in named_graphs or []]
        if substitutions:
            options["substitutions"] = {pyoxigraph.Variable(k): parse_term(v) for k, v in substitutions.items()}
        answer = store.query(query, **options)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return Result(BOOLEAN, boolean=bool(answer), row_cap=row_cap)
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = _in_query_order([variable.value for variable in answer.variables], query)
            solutions, truncated = _take(answer, row_cap)
            rows = [tuple(solution[name] for name in variables) for solution in solutions]
            return Result(SOLUTIONS, variables=variables, rows=rows, truncated=truncated, row_cap=row_cap)
        triples, truncated = _take(answer, row_cap)
        return Result(GRAPH, triples=triples, truncated=truncated, row_cap=row_cap)
    except SyntaxError as error:
        raise QueryError(explain(str(error), query, prefixes)) from None
    except (ValueError, TypeError, RuntimeError) as error:
        raise QueryError(str(error).replace("\n", " ")) from None


def _in_query_order(variables: list[str], query: str) -> list[str]:
    """``variables`` in the order they first appear in ``query`` if its projection is ``SELECT *`` (pyoxigraph
    lists them by name), else as they are."""
    words = lexemes(query)
    for match in words:
        if (match["word"] or "").upper() == "SELECT":
            following = next(words, None)
            while following is not None and (following["word"] or "").upper() in ("DISTINCT", "REDUCED"):
                following = next(words, None)
            if following is None or not following["star"]:
                return variables
            break
    order = list(dict.fromkeys(m["variable"] for m in lexemes(query) if m["variable"] in variables))
    return order + [name for name in variables if name not in order]


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
