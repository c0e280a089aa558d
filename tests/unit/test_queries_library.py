"""The query library itself: header parsing, parameter binding, SERVICE mapping, tables, the real files."""

import re

import pytest

from govkg.errors import KgError
from govkg.project import BUNDLED_QUERIES
from govkg.sparql import named as ql
from govkg.sparql import table

HEADER = """# title: T
# question: Q?
# reasoning: none
"""
NO_PARAMS = HEADER + "# param: none\n"


def parse(text, **kw):
    return ql.parse(text, "x", "x.rq", **kw)


def test_header_fields_and_params():
    query = parse(
        "# title: Posts\n# question: Who holds which post?\n# reasoning: org:holds inverse of org:heldBy\n"
        "# param: person (iri) — the holder; default gkr:OlzhasBektenov\n"
        "# param: year (integer) - the year; optional\n"
        "# network: wikidata\n"
        "SELECT * { ?person ?p ?year }\n"
    )
    assert (query.title, query.question) == ("Posts", "Who holds which post?")
    assert query.uses_reasoning and query.network == "wikidata"
    assert query.flags == ["reasoning", "network:wikidata"]
    person, year = query.params
    assert (person.kind, person.default, person.required) == ("iri", "gkr:OlzhasBektenov", False)
    assert (year.kind, year.optional, year.required) == ("integer", True, False)


@pytest.mark.parametrize(
    "text, message",
    [
        ("# title: T\n# question: Q\nSELECT * {}", "lacks '# reasoning"),
        (HEADER + "SELECT * {}", "lacks '# param: ...' (write '# param: none'"),
        (HEADER + "# colour: red\nSELECT * {}", "x.rq:4: header line"),
        (NO_PARAMS + "# title: again\nSELECT * {}", "x.rq:5: header key 'title' given twice"),
        (HEADER + "# param: p (iri)\nSELECT * {?p ?q ?r}", "x.rq:4: param must read"),
        (HEADER + "# param: p (date) — d\nSELECT * {?p ?q ?r}", "unknown parameter kind 'date'"),
        (HEADER + "# param: p (iri) — d\nSELECT * {?s ?q ?r}", "?p is not in the query"),
        (HEADER + "# param: p (iri) — d; default nope:X\nSELECT * {?p ?q ?r}", "known prefix"),
        (NO_PARAMS + "# network: dbpedia\nSELECT * {}", "unknown network 'dbpedia'"),
        (HEADER + "# param: format (literal) — f\nSELECT ?format {}", "parameter name 'format' is reserved"),
    ],
)
def test_bad_headers_name_file_and_line(text, message):
    with pytest.raises(KgError, match=message.replace("?", r"\?").replace("(", r"\(")):
        parse(text)


def test_adhoc_query_needs_no_header():
    query = parse("# just a comment\nSELECT * {}", require_header=False)
    assert query.params == () and not query.uses_reasoning


def test_bind_values_defaults_and_errors():
    query = parse(
        HEADER + "# param: who (iri) — w\n# param: n (integer) — n; default 3\n"
        "# param: label (literal) — l; optional\n# param: x (decimal) — x; optional\n"
        "SELECT * { ?who ?n ?label ?x }"
    )
    assert ql.bind(query, {"who": "gkr:OlzhasBektenov"}) == {
        "who": "<https://w3id.org/govkg/id/OlzhasBektenov>",
        "n": '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    }
    bound = ql.bind(query, {"who": "<http://e.org/a>", "n": "-7", "label": 'say "hi"', "x": "2.5"})
    assert bound["who"] == "<http://e.org/a>" and bound["label"] == '"say \\"hi\\""'
    assert bound["x"] == '"2.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert ql.bind(query, {"who": "https://w3id.org/govkg/id/A"})["who"] == "<https://w3id.org/govkg/id/A>"
    for values, message in [
        ({}, "missing parameter 'who'"),
        ({"who": "gkr:A", "colour": "red"}, "unknown parameter 'colour'"),
        ({"who": "gkr:A", "n": "three"}, "'three' is not an integer"),
        ({"who": "gkr:A", "x": "1e"}, "not a decimal"),
        ({"who": "OlzhasBektenov"}, "neither <IRI> nor a prefixed name"),
        ({"who": "<http://a b>"}, "not a valid IRI"),
        ({"who": "<relative>"}, "not an absolute IRI"),
    ]:
        with pytest.raises(KgError, match=message):
            ql.bind(query, values)


def test_parse_assignments():
    assert ql.parse_assignments(["a=b=c", " p =gkr:X"]) == {"a": "b=c", "p": "gkr:X"}
    with pytest.raises(KgError, match="expected NAME=VALUE"):
        ql.parse_assignments(["novalue"])


def test_map_services_rewrites_only_service_iris():
    text = "SELECT * { ?s <https://query.wikidata.org/sparql> ?o SERVICE  silent <https://query.wikidata.org/sparql> {} }"
    mapped = ql.map_services(text, {ql.WIKIDATA_ENDPOINT: "http://127.0.0.1:9/sparql"})
    assert mapped == (
        "SELECT * { ?s <https://query.wikidata.org/sparql> ?o SERVICE  silent <http://127.0.0.1:9/sparql> {} }"
    )


def test_resolve_unknown_name_and_file(tmp_path):
    with pytest.raises(KgError, match="unknown query 'no-such-question'"):
        ql.resolve("no-such-question")
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * {}")
    assert ql.resolve(str(path)).name == "mine"


def test_table_rendering():
    results = {
        "head": {"vars": ["who", "n", "note"]},
        "results": {"bindings": [
            {"who": {"type": "uri", "value": "https://w3id.org/govkg/id/OlzhasBektenov"},
             "n": {"type": "literal", "value": "2000000000", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}},
            {"who": {"type": "uri", "value": "https://w3id.org/govkg/id/sector/food"},
             "note": {"type": "literal", "value": "two\nlines", "xml:lang": "en"}},
            {"who": {"type": "uri", "value": "http://example.org/a b"}},
        ]},
    }
    assert table.render(*table.rows(results)) == (
        "who                       n           note\n"
        "------------------------  ----------  ------------\n"
        "gkr:OlzhasBektenov        2000000000\n"
        "gks:food                              two lines@en\n"
        "<http://example.org/a b>\n"
        "(3 rows)\n"
    )
    assert table.render(*table.rows({"head": {}, "boolean": True})) == "ask\n----\ntrue\n(1 row)\n"


def test_every_library_file_has_a_valid_header():
    queries = ql.library()
    assert len(queries) >= 20, f"{BUNDLED_QUERIES} holds {len(queries)} questions"
    assert sum(q.uses_reasoning for q in queries.values()) >= 5
    assert sum(q.network == "wikidata" for q in queries.values()) >= 2
    for query in queries.values():
        assert query.title and query.question.endswith("?"), query.name


def test_docs_queries_table_lists_every_question_as_its_file_says():
    """docs/queries.md has one row per bundled question: name, title, flags and parameters as in its header, and
    the counts of its introduction."""
    from conftest import REPO_ROOT

    page = (REPO_ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    queries = ql.library()
    table_text = page.split("| name | title | flags | parameters |", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", table_text, re.MULTILINE)
    assert listed == sorted(queries)
    for name, query in queries.items():
        flags = ["reasoning"] * query.uses_reasoning + [f"network:{query.network}"] * bool(query.network)
        params = ", ".join(
            f"`{p.name}` ({p.kind}, {f'default {p.default}' if p.default else 'optional'})" for p in query.params
        )
        assert f"| `{name}` | {query.title} | {', '.join(flags)} | {params} |" in page, name
    federated = sum(bool(q.network) for q in queries.values())
    assert f"The {len(queries)} bundled questions" in page
    assert f"{len(queries) - federated} over the store alone, {federated} federated" in page
    assert f"`reasoning` marks the {sum(q.uses_reasoning for q in queries.values())} whose" in page
