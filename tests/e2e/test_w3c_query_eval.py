"""The W3C SPARQL 1.1 query evaluation tests, run in-process with pyoxigraph and over HTTP through the server.

Every test of manifest-sparql11-query.ttl and manifest-sparql11-results.ttl
(evaluation, result-format and syntax tests) runs twice: once on an in-memory
pyoxigraph store (the reference), once through a real server whose store
holds the data of every test. Results come back over HTTP as
SPARQL JSON *and* XML (plus TSV/CSV where the expected result is in that
format; N-Triples and Turtle for graphs) and are compared with the expected
results, blank-node aware and ordered only where the query has ORDER BY.

Store layout over HTTP: each set of default data files goes in a named graph
of its own (DEFAULT_DATA/<n>) and each qt:graphData in a named graph called by
its file IRI, as in the real store (nothing in the default graph but their
union); the request names the test's dataset with default-graph-uri /
named-graph-uri, unless the query has its own FROM clause. Relative IRIs
resolve against the query file, as in-process.

The pass counts are printed; the test asserts that every test pyoxigraph
passes in-process also passes over HTTP.
"""

import contextlib
import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph
import rdflib
import rdflib.compare
import requests

from conftest import shared_dir
from govkg.server import create_app
from govkg.server.querying.service_policy import mentions_service
from govkg.server.serve import RunningServer
from govkg.store import new_generation

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
MANIFESTS = ["manifest-sparql11-query.ttl", "manifest-sparql11-results.ttl"]
EVALUATION, CSV_FORMAT = MF.QueryEvaluationTest, MF.CSVResultFormatTest
POSITIVE, NEGATIVE = MF.PositiveSyntaxTest11, MF.NegativeSyntaxTest11
DEFAULT_DATA = "urn:x-govkg-test:default-data"
RESULT_FORMATS = {
    ".srx": pyoxigraph.QueryResultsFormat.XML,
    ".srj": pyoxigraph.QueryResultsFormat.JSON,
    ".tsv": pyoxigraph.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class W3CTest:
    """One test of the manifests: its kind, query file, data files and expected result file."""

    name: str
    kind: rdflib.URIRef
    query: str  # file URL
    data: tuple[str, ...] = ()
    graph_data: tuple[str, ...] = ()
    result: str | None = None

    @property
    def text(self) -> str:
        return Path(local(self.query)).read_text(encoding="utf-8")

    @property
    def ordered(self) -> bool:
        return re.search(r"ORDER\s+BY", self.text, re.IGNORECASE) is not None

    @property
    def has_from(self) -> bool:
        return re.search(r"\bFROM\s+(NAMED\s+)?(<|\w*:)", self.text, re.IGNORECASE) is not None


def local(url: str) -> str:
    return url2pathname(urlparse(url).path)


def collect(root: Path) -> list[W3CTest]:
    """The tests of the included manifests, in manifest order."""
    tests = []
    for top in MANIFESTS:
        top_graph = rdflib.Graph().parse(root / top, format="turtle")
        for include_list in top_graph.objects(None, MF.include):
            for manifest in rdflib.collection.Collection(top_graph, include_list):
                tests += _tests_of(Path(local(str(manifest))))
    return tests


def _tests_of(manifest: Path) -> list[W3CTest]:
    graph = rdflib.Graph().parse(manifest, format="turtle")
    entries = graph.value(graph.value(predicate=rdflib.RDF.type, object=MF.Manifest), MF.entries)
    tests = []
    for entry in rdflib.collection.Collection(graph, entries):
        kind = graph.value(entry, rdflib.RDF.type)
        if kind not in (EVALUATION, CSV_FORMAT, POSITIVE, NEGATIVE):
            continue
        action = graph.value(entry, MF.action)
        name = f"{manifest.parent.name}/{str(entry).rsplit('#', 1)[-1]}"
        if kind in (POSITIVE, NEGATIVE):
            tests.append(W3CTest(name, kind, str(action)))
            continue
        tests.append(
            W3CTest(
                name,
                kind,
                str(graph.value(action, QT.query)),
                tuple(sorted(str(d) for d in graph.objects(action, QT.data))),
                tuple(sorted(str(d) for d in graph.objects(action, QT.graphData))),
                str(graph.value(entry, MF.result)),
            )
        )
    return tests


# --- outcomes: what a query answered, in comparable form ---


XSD = "http://www.w3.org/2001/XMLSchema#"
EXACT_NUMBERS = {
    XSD + name
    for name in (
        "integer",
        "decimal",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
FLOATS = {XSD + "float", XSD + "double"}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def term_key(term):
    """A hashable, comparable form of a pyoxigraph term: blank nodes as ("b", label), numbers and booleans
    by value (so "1.0" and "1" as xsd:decimal are the same), anything else by its N-Triples form."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return ("b", term.value)
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == XSD + "boolean" and term.value in BOOLEANS:
        return ("n", XSD + "boolean", BOOLEANS[term.value])
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value in EXACT_NUMBERS | FLOATS:
        try:
            number = Decimal(term.value) if term.datatype.value in EXACT_NUMBERS else float(term.value)
            return ("n", term.datatype.value, repr(number) if math.isnan(number) else number)
        except (ArithmeticError, ValueError):
            pass
    return ("t", str(term))


def from_rdflib(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or rdflib.XSD.string)))


def solutions_outcome(answer) -> tuple:
    """("boolean", b) or ("solutions", rows) from a pyoxigraph QueryBoolean / QuerySolutions."""
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ("boolean", bool(answer))
    names = [v.value for v in answer.variables]
    return ("solutions", [tuple(sorted((n, term_key(s[n])) for n in names if s[n] is not None)) for s in answer])


@contextlib.contextmanager
def literal_lexical_forms_kept():
    """Parse with rdflib without normalizing literals (so "01"^^xsd:integer stays "01")."""
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def graph_outcome(data: bytes | str, rdf_format: str, base: str | None = None) -> tuple:
    with literal_lexical_forms_kept():
        return ("graph", rdflib.Graph().parse(data=data, format=rdf_format, publicID=base))


def expected_outcome(test: W3CTest) -> tuple:
    """The expected result of ``test``, read from its result file."""
    path = Path(local(test.result))
    suffix = path.suffix
    if suffix in RESULT_FORMATS:
        return solutions_outcome(pyoxigraph.parse_query_results(path=str(path), format=RESULT_FORMATS[suffix]))
    if suffix == ".csv":
        return ("csv", list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))))
    rdf_format = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[suffix]
    outcome = graph_outcome(path.read_bytes(), rdf_format, test.result)
    graph = outcome[1]
    result_set = graph.value(predicate=rdflib.RDF.type, object=RS.ResultSet)
    if result_set is None:
        return outcome
    return result_set_outcome(graph, result_set)


def result_set_outcome(graph: rdflib.Graph, result_set) -> tuple:
    """A result set written in the DAWG rs: vocabulary."""
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return ("boolean", boolean.toPython())
    solutions = sorted(graph.objects(result_set, RS.solution), key=lambda s: int(graph.value(s, RS.index) or 0))
    rows = []
    for solution in solutions:
        row = [
            (str(graph.value(b, RS.variable)), term_key(from_rdflib(graph.value(b, RS.value))))
            for b in graph.objects(solution, RS.binding)
        ]
        rows.append(tuple(sorted(row)))
    return ("solutions", rows)


# --- comparison, blank-node aware ---


def _is_bnode(key) -> bool:
    return isinstance(key, tuple) and key[0] == "b"


def _extend(mapping: dict, expected_row, actual_row) -> dict | None:
    """``mapping`` (expected blank node -> actual, and ("rev", actual) -> expected) extended so that
    ``expected_row`` equals ``actual_row`` under it; None if it cannot be."""
    if len(expected_row) != len(actual_row):
        return None
    mapping = dict(mapping)
    for (e_var, e_key), (a_var, a_key) in zip(expected_row, actual_row, strict=True):
        if e_var != a_var:
            return None
        if _is_bnode(e_key) and _is_bnode(a_key):
            if mapping.setdefault(e_key, a_key) != a_key or mapping.setdefault(("rev", a_key), e_key) != e_key:
                return None
        elif e_key != a_key:
            return None
    return mapping


def rows_match(expected: list, actual: list, ordered: bool) -> bool:
    """Equal as lists (ordered) or multisets, up to a renaming of blank nodes."""
    if len(expected) != len(actual):
        return False
    if not any(_is_bnode(key) for row in expected + actual for _, key in row):
        return expected == actual if ordered else Counter(expected) == Counter(actual)

    def search(i: int, used: frozenset, mapping: dict) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else [j for j in range(len(actual)) if j not in used]
        for j in candidates:
            extended = _extend(mapping, expected[i], actual[j])
            if extended is not None and search(i + 1, used | {j}, extended):
                return True
        return False

    return search(0, frozenset(), {})


def csv_rows(rows) -> list:
    """CSV rows as solution-like rows (columns by name, blank nodes ``_:x`` as ("b", "x")) for the same comparison."""
    header, body = rows[0], rows[1:]
    return [
        tuple(sorted((name, ("b", v[2:]) if v.startswith("_:") else v) for name, v in zip(header, row, strict=False)))
        for row in body
    ]


def same(expected: tuple, actual: tuple, ordered: bool) -> bool:
    if expected[0] != actual[0]:
        return False
    if expected[0] == "boolean":
        return expected[1] == actual[1]
    if expected[0] == "graph":
        return rdflib.compare.isomorphic(expected[1], actual[1])
    if expected[0] == "csv":
        return sorted(expected[1][0]) == sorted(actual[1][0]) and rows_match(
            csv_rows(expected[1]), csv_rows(actual[1]), ordered
        )
    return rows_match(expected[1], actual[1], ordered)


# --- running: in-process and over HTTP ---


def load(store: pyoxigraph.Store, url: str, graph) -> None:
    path = local(url)
    store.load(
        path=path, format=pyoxigraph.RdfFormat.from_extension(Path(path).suffix[1:]), base_iri=url, to_graph=graph
    )


def run_in_process(test: W3CTest) -> bool:
    """Does pyoxigraph pass ``test`` on its own (data in the default graph, graphData as named graphs)?"""
    store = pyoxigraph.Store()
    try:
        for url in test.data:
            load(store, url, pyoxigraph.DefaultGraph())
        for url in test.graph_data:
            load(store, url, pyoxigraph.NamedNode(url))
        answer = store.query(test.text, base_iri=test.query)
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return test.kind == NEGATIVE
    if test.kind in (POSITIVE, NEGATIVE):
        return test.kind == POSITIVE
    expected = expected_outcome(test)
    if expected[0] == "graph":
        actual = graph_outcome(pyoxigraph.serialize(answer, format=pyoxigraph.RdfFormat.N_TRIPLES), "nt")
    elif expected[0] == "csv":
        buffer = answer.serialize(format=pyoxigraph.QueryResultsFormat.CSV).decode("utf-8")
        actual = ("csv", list(csv.reader(io.StringIO(buffer))))
    else:
        actual = solutions_outcome(answer)
    return same(expected, actual, test.ordered)


#: Media types requested over HTTP, per kind of expected outcome (all must match).
REQUESTED = {
    "boolean": ["application/sparql-results+json", "application/sparql-results+xml"],
    "solutions": ["application/sparql-results+json", "application/sparql-results+xml"],
    "graph": ["application/n-triples", "text/turtle"],
    "csv": ["text/csv"],
}
PARSED_AS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}


def http_outcome(response: requests.Response, media_type: str, base: str) -> tuple:
    if media_type in PARSED_AS:
        return solutions_outcome(pyoxigraph.parse_query_results(response.content, PARSED_AS[media_type]))
    if media_type == "text/csv":
        return ("csv", list(csv.reader(io.StringIO(response.content.decode("utf-8")))))
    return graph_outcome(response.content, "nt" if media_type == "application/n-triples" else "turtle", base)


def run_over_http(test: W3CTest, endpoint: str, default_graph: str) -> bool:
    """Does ``test`` pass through the server, whose store holds the test's data in ``default_graph`` and its
    graph data in graphs named by their URLs?"""
    query = f"BASE <{test.query}>\n{test.text}"
    params = {"query": query}
    if not test.has_from:
        params["default-graph-uri"] = default_graph
        params["named-graph-uri"] = list(test.graph_data)
    if test.kind in (POSITIVE, NEGATIVE):
        status = requests.post(endpoint, data=params, timeout=60).status_code
        return status == 200 if test.kind == POSITIVE else status == 400
    expected = expected_outcome(test)
    media_types = REQUESTED[expected[0]] + (["text/tab-separated-values"] if test.result.endswith(".tsv") else [])
    for media_type in media_types:
        response = requests.post(endpoint, data=params, headers={"Accept": media_type}, timeout=60)
        if response.status_code != 200 or response.headers["Content-Type"].split(";")[0] != media_type:
            return False
        if not same(expected, http_outcome(response, media_type, test.query), test.ordered):
            return False
    return True


def write_datasets(store_dir: Path, tests: list[W3CTest]) -> dict[str, str]:
    """One store generation holding the data of every test, in the server's layout (named graphs only): each
    distinct set of data files in a default graph of its own, each graph data file once, in the graph its URL
    names. The name of each test's default graph, by test name."""
    defaults: dict[tuple[str, ...], str] = {}
    loaded: set[str] = set()
    with new_generation(store_dir) as store:
        for test in tests:
            if test.data not in defaults:
                defaults[test.data] = f"{DEFAULT_DATA}/{len(defaults)}"
                for url in test.data:
                    load(store, url, pyoxigraph.NamedNode(defaults[test.data]))
            for url in sorted(set(test.graph_data) - loaded):
                load(store, url, pyoxigraph.NamedNode(url))
                loaded.add(url)
    return {test.name: defaults[test.data] for test in tests}


def test_w3c_query_evaluation_over_http(tmp_path, capsys, record_property):
    root = shared_dir() / "w3c-rdf-tests" / "sparql" / "sparql11"
    tests = [test for test in collect(root) if not mentions_service(test.text)]  # never leave 127.0.0.1
    reference = {test.name: run_in_process(test) for test in tests}
    store_dir = tmp_path / "store"
    default_graphs = write_datasets(store_dir, tests)
    config = {"STORE_DIR": store_dir, "WORKERS": 2, "QUERY_TIMEOUT": 30, "SERVICE_ALLOWLIST": []}
    with RunningServer(create_app(config), port=0) as running:
        over_http = {test.name: run_over_http(test, running.url + "/sparql", default_graphs[test.name]) for test in tests}
    summary = (
        f"W3C SPARQL 1.1 query tests: {len(tests)} run; pyoxigraph in-process passes {sum(reference.values())}, "
        f"over HTTP (JSON+XML) passes {sum(over_http.values())}"
    )
    record_property("w3c_query_eval", summary)
    with capsys.disabled():
        print("\n" + summary)
    regressions = sorted(name for name, passed in reference.items() if passed and not over_http[name])
    assert not regressions, f"pass in-process but fail over HTTP: {regressions}"
    assert sum(reference.values()) > 0.9 * len(tests)
