"""The Python API: the built graph from a script or a notebook (see docs/python.md).

::

    import govkg
    graph = govkg.open("kg-store")                    # a store folder, or a project folder (kg.toml)
    rows = graph.query("participants-and-roles", agent="AkylbekJaparov")   # a named query with its parameters
    rows[0]["agent_label"]                             # labels beside IRIs, as `kg query` shows them
    rows.to_dataframe()                                # pandas, when it is installed
    graph.query("SELECT ?s WHERE { ?s a gko:Visit }")  # or SPARQL text; the project's prefixes need no PREFIX
    graph.entity("SadyrJaparov").facts()               # what the graph says about one entity

Queries run in process on the store, read-only, with the same prefixes (govkg.rdf.namespaces.PREFIXES), the same
named queries (the project's queries/, else the bundled ones) and the same labels (govkg.sparql.labels) as
`kg query`. Errors are govkg.errors.KgError (QueryError for a bad query) with a one-line message.
"""

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.project import BUNDLED_QUERIES, PROJECT_FILE, load_project
from govkg.rdf.namespaces import GKR, INFERRED_GRAPHS, PREFIXES
from govkg.sparql import named
from govkg.sparql.labels import fetch_labels, labelled
from govkg.sparql.run import BOOLEAN, Result, as_solutions, run_query
from govkg.store import has_store, open_read_only

XSD = PREFIXES["xsd"]
#: Literal datatypes read as Python numbers and booleans; other literals are read as their text.
_NUMBERS = {
    XSD + "integer": int, XSD + "int": int, XSD + "long": int, XSD + "short": int, XSD + "nonNegativeInteger": int,
    XSD + "positiveInteger": int, XSD + "decimal": Decimal, XSD + "double": float, XSD + "float": float,
}


class Rows(list):
    """The rows of a SELECT answer: a list of dicts, one per solution, from variable name to value (unbound
    variables left out). IRIs are strings (the full IRI), literals their text or a Python number or bool, blank
    nodes ``_:id``. ``variables`` lists the columns in order (label columns included); ``truncated`` is always False
    here (no row cap in process)."""

    def __init__(self, rows: list[dict], variables: list[str]):
        super().__init__(rows)
        self.variables = variables

    def to_dataframe(self):
        """The rows as a pandas DataFrame (columns in order); KgError if pandas is not installed."""
        try:
            import pandas
        except ImportError:
            raise KgError("to_dataframe() needs pandas: pip install pandas") from None
        return pandas.DataFrame(list(self), columns=self.variables)


def value(term) -> object:
    """A result term as a Python value (see Rows)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype in _NUMBERS:
            try:
                return _NUMBERS[datatype](term.value)
            except (ArithmeticError, ValueError):
                return term.value
        return term.value
    return str(term)


def _rows(result: Result) -> Rows:
    """``result`` (SOLUTIONS) as Rows."""
    return Rows(
        [
            {name: value(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
            for row in result.rows
        ],
        result.variables,
    )


def iri(name: str) -> str:
    """An entity's IRI from a bare name in ``gkr:`` (``SadyrJaparov``), a prefixed name (``gks:trade``), ``<iri>``
    or a full http(s) IRI."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if not sep:
        return str(GKR) + name
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


class Graph:
    """A built store, opened read-only, with its named queries."""

    def __init__(self, store: pyoxigraph.Store, queries: Path = BUNDLED_QUERIES):
        self.store = store
        self.queries_folder = Path(queries)

    def queries(self) -> dict[str, named.NamedQuery]:
        """The named queries, by name (their ``title``, ``question`` and ``params`` describe them)."""
        return named.library(self.queries_folder)

    def query(self, query: str, *, labels: bool = True, **params: object) -> Rows | bool:
        """The answer to ``query``: the name of a named query (``params`` bind its parameters: an IRI parameter
        may be a bare name in ``gkr:``, a number may be a Python number), or SPARQL text. SELECT gives Rows (with
        ``<var>_label`` columns unless ``labels`` is False), CONSTRUCT and DESCRIBE Rows of ``subject``,
        ``predicate``, ``object``, ASK a bool."""
        library = self.queries()
        if query in library:
            chosen = library[query]
        elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", query):
            raise KgError(f"unknown named query {query!r} (known: {', '.join(library)})")
        else:
            chosen = named.parse(query, "query", "<query>", require_header=False)
        kinds = {p.name: p.kind for p in chosen.params}
        values = {k: iri(str(v)) if kinds.get(k) == "iri" and ":" not in str(v) else str(v) for k, v in params.items()}
        substitutions = named.bind(chosen, values)
        result = run_query(self.store, chosen.text, substitutions=substitutions, prefixes=PREFIXES)
        if result.kind == BOOLEAN:
            return bool(result.boolean)
        result = as_solutions(result)
        return _rows(labelled(self.store, result) if labels else result)

    def entity(self, name: str) -> "Entity":
        """The entity ``name``: a bare name in ``gkr:`` (``SadyrJaparov``), a prefixed name or an IRI (KgError if
        that is not a valid IRI)."""
        try:
            return Entity(self, pyoxigraph.NamedNode(iri(name)).value)
        except ValueError as error:
            raise KgError(f"{name!r} is not a valid IRI: {error}") from None


class Entity:
    """One node of the graph, by IRI."""

    def __init__(self, graph: Graph, iri: str):
        self.graph = graph
        self.iri = iri

    def __repr__(self) -> str:
        return f"Entity({self.iri!r})"

    @property
    def label(self) -> str | None:
        """The entity's label (as govkg.sparql.labels chooses it), None if it has none."""
        return fetch_labels(self.graph.store, [self.iri]).get(self.iri)

    def facts(self, inferred: bool = False) -> Rows:
        """What the graph says about the entity: Rows of ``property``, ``value`` and their labels, asserted
        facts only unless ``inferred`` (then the reasoner's too)."""
        entity = str(pyoxigraph.NamedNode(self.iri))
        asserted = "" if inferred else (
            f"FILTER EXISTS {{ GRAPH ?g {{ {entity} ?property ?value }} "
            f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in INFERRED_GRAPHS)})) }}"
        )
        text = f"SELECT ?property ?value WHERE {{ {entity} ?property ?value {asserted} }} ORDER BY ?property ?value"
        result = run_query(self.graph.store, text)
        return _rows(labelled(self.graph.store, result))


def open(path: str | Path = "kg-store") -> Graph:
    """The graph in ``path``: a store folder (`kg build --store`), or a project folder holding kg.toml (its store
    and its queries). KgError if it is neither."""
    folder = Path(path)
    if (folder / PROJECT_FILE).is_file():
        project = load_project(folder)
        return Graph(open_read_only(project.store), project.queries)
    if has_store(folder):
        return Graph(open_read_only(folder))
    raise KgError(f"{folder}: neither a store (run 'kg build --store {folder}') nor a project folder ({PROJECT_FILE})")
