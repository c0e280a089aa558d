"""Labels beside IRIs (govkg.sparql.labels), `SELECT *` in query order, readable parse errors (govkg.sparql.errors)
and plain literals in tables: on a small in-memory store and on the built one."""

import json

import pyoxigraph as ox
import pytest

from govkg.rdf.namespaces import PREFIXES, SPARQL_PREFIXES
from govkg.sparql import labels, table
from govkg.sparql.negotiate import SPARQL_JSON
from govkg.sparql.results import serialize
from govkg.sparql.run import QueryError, run_query
from govkg.store import open_read_only

RDFS, SKOS, SCHEMA = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["schema"]
EX = "http://example.org/"


def test_the_choice_prefers_english_then_no_language_then_property_order_then_smallest_text():
    rows = [
        (EX + "a", SCHEMA + "name", "Zed", "en"),
        (EX + "a", RDFS + "label", "Ä", "ru"),
        (EX + "a", SKOS + "prefLabel", "Bee", "en-GB"),
        (EX + "a", SKOS + "prefLabel", "Alpha", "en"),
        (EX + "b", RDFS + "label", "plain", ""),
        (EX + "b", RDFS + "label", "русский", "ru"),
        (EX + "c", SCHEMA + "name", "only one", "kk"),
    ]
    expected = {EX + "a": "Alpha", EX + "b": "plain", EX + "c": "only one"}
    assert labels.pick_labels(rows) == expected
    assert labels.pick_labels(reversed(rows)) == expected  # the order of the rows does not matter


def test_label_queries_come_in_batches_and_list_each_iri_once():
    iris = [f"{EX}{n}" for n in range(labels.BATCH + 1)] * 2
    texts = labels.label_queries(iris)
    assert len(texts) == 2
    assert sum(text.count(f"<{EX}") for text in texts) == labels.BATCH + 1
    assert labels.label_queries([]) == []


@pytest.fixture
def small_store():
    store = ox.Store()
    for s, p, o in [
        ("a", RDFS + "label", ox.Literal("Thing A", language="en")),
        ("a", RDFS + "label", ox.Literal("Штука", language="ru")),
        ("b", SCHEMA + "name", ox.Literal("Thing B")),
        ("a", EX + "knows", ox.NamedNode(EX + "b")),
        ("a", EX + "knows", ox.NamedNode(EX + "c")),
        ("a", EX + "knows", ox.BlankNode("x")),
    ]:
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(p), o))
    return store


def test_labelling_a_store_result_adds_a_label_column_after_each_labelled_iri_column(small_store):
    result = run_query(small_store, f"SELECT ?who ?whom ?n WHERE {{ ?who <{EX}knows> ?whom BIND(1 AS ?n) }}")
    labelled = labels.labelled(small_store, result)
    assert labelled.variables == ["who", "who_label", "whom", "whom_label", "n"]
    cells = {(row[2].value, row[3].value if row[3] else None) for row in labelled.rows}
    assert cells == {(EX + "b", "Thing B"), (EX + "c", None), ("x", None)}
    assert {row[1].value for row in labelled.rows} == {"Thing A"}


def test_a_column_without_any_label_gets_none_and_an_existing_label_variable_is_kept(small_store):
    result = run_query(small_store, f"SELECT ?who ?who_label ?p WHERE {{ ?who ?p ?o FILTER(?p = <{EX}knows>) }}")
    assert labels.labelled(small_store, result).variables == ["who", "who_label", "p"]


def test_labelling_json_gives_what_labelling_the_result_gives(small_store):
    """The web's path (label queries run elsewhere, answers in SPARQL JSON) agrees with the in-process one."""
    result = run_query(small_store, f"SELECT ?who ?whom WHERE {{ ?who <{EX}knows> ?whom }}")
    document = json.loads(serialize(result, SPARQL_JSON))
    answers = [json.loads(serialize(run_query(small_store, text), SPARQL_JSON))
               for text in labels.label_queries(labels.json_iris(document))]
    from_json = labels.label_json(document, labels.labels_from_json(answers))
    in_process = json.loads(serialize(labels.labelled(small_store, result), SPARQL_JSON))
    assert from_json == in_process
    assert labels.label_json({"head": {}, "boolean": True}, {}) == {"head": {}, "boolean": True}


def test_labels_on_the_built_store_come_from_every_graph(built_store):
    store = open_read_only(built_store)
    found = labels.fetch_labels(store, [PREFIXES["gkr"] + "SadyrJaparov", PREFIXES["gko"] + "Visit"])
    assert found == {PREFIXES["gkr"] + "SadyrJaparov": "Sadyr Japarov", PREFIXES["gko"] + "Visit": "visit"}


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ["s", "p", "o"]),
        ("SELECT DISTINCT * WHERE { ?zeta ?p ?alpha . BIND(?p AS ?b) }", ["zeta", "p", "alpha", "b"]),
        ("# SELECT ?o\nSELECT * WHERE { ?s ?p '?q' . ?s ?p ?o }", ["s", "p", "o"]),
        ("SELECT ?o ?s WHERE { ?s ?p ?o }", ["o", "s"]),
    ],
)
def test_select_star_lists_its_columns_in_query_order(small_store, query, columns):
    assert run_query(small_store, query).variables == columns


@pytest.mark.parametrize(
    ("query", "prefixes", "message"),
    [
        ("SELECT * WHERE {\n  ?s a gk:Person .\n}", PREFIXES,
         "line 2, column 8: unknown prefix `gk:` (known: dcat, dcterms, foaf, gko, gkr, gks, org, owl, prov, rdf, "
         "rdfs, schema, sem, skos, time, void, wd, wdt, xsd)"),
        ("PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:p ?o . ?s exx:q ?o }", None,
         "line 2, column 34: unknown prefix `exx:` (known: ex)"),
        ("SELECT * WHERE { ?s ?p ?o ", None, "line 1, column 27: expected `}` (found the end of the query)"),
        ("SELECT * WHERE { ?s ?p 'abc }", None,
         "line 1, column 30: expected one of `'`, `\\`, `\\U`, `\\u` (found the end of the query)"),
        ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?p", None,
         "line 1, column 41: the SELECT contains a variable that is unbound (at the end of the query)"),
        ("SELECT ?s WHERE { ?s <http://a b> ?o }", None, "line 1, column 34: IRI parsing failed (at `?o`)"),
    ],
)
def test_parse_errors_read_like_a_person_wrote_them(small_store, query, prefixes, message):
    with pytest.raises(QueryError) as raised:
        run_query(small_store, query, prefixes=prefixes)
    assert str(raised.value) == message


def test_the_projects_prefixes_may_go_undeclared_when_given(built_store):
    store = open_read_only(built_store)
    result = run_query(store, "SELECT ?who WHERE { ?who gko:holdsPost gkr:PresidentOfKyrgyzstan }", prefixes=PREFIXES)
    assert [row[0].value for row in result.rows] == [PREFIXES["gkr"] + "SadyrJaparov"]
    with pytest.raises(QueryError, match=r"unknown prefix `gko:` \(known: none\)"):
        run_query(store, "SELECT ?who WHERE { ?who gko:holdsPost gkr:PresidentOfKyrgyzstan }")
    assert run_query(store, SPARQL_PREFIXES + "ASK { ?who gko:holdsPost ?post }", prefixes=PREFIXES).boolean


@pytest.mark.parametrize(
    ("binding", "plain", "raw"),
    [
        ({"type": "literal", "value": "Astana", "xml:lang": "en"}, "Astana", '"Astana"@en'),
        ({"type": "literal", "value": "Астана", "xml:lang": "ru"}, "Астана@ru", '"Астана"@ru'),
        ({"type": "literal", "value": "3", "datatype": PREFIXES["xsd"] + "integer"}, "3", '"3"^^xsd:integer'),
        ({"type": "literal", "value": "x", "datatype": PREFIXES["gko"] + "code"}, '"x"^^gko:code', '"x"^^gko:code'),
        ({"type": "literal", "value": 'say "hi"'}, 'say "hi"', '"say \\"hi\\""'),
        ({"type": "uri", "value": PREFIXES["gkr"] + "Astana"}, "gkr:Astana", "gkr:Astana"),
    ],
)
def test_tables_show_literals_plainly_unless_raw(binding, plain, raw):
    assert table.compact(binding, table.PLAIN) == plain
    assert table.compact(binding, table.RAW) == raw
