"""`kg queries` and `kg query` as a user runs them: the real command in a subprocess, on the built store."""

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO_ROOT, free_port, run_kg
from govkg.rdf.namespaces import INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.sparql import named
from support.answers import EXPECTED, FEDERATED, compact_rows
from support.standin_endpoint import StandinEndpoint

WIKIDATA = named.WIKIDATA_ENDPOINT


def ok(*args):
    """Run kg; assert success and an empty stderr; the stdout."""
    done = run_kg(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def fails(*args, stdin=None):
    """Run kg; assert exit 1 with one error line and no traceback; that line."""
    done = run_kg(*args) if stdin is None else run_kg_input(stdin, *args)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg query: error: "), done.stderr
    return lines[0]


def run_kg_input(text, *args):
    """Run kg with ``text`` on its standard input."""
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], input=text, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120, check=False)


def test_queries_lists_every_name_title_and_flag():
    out = ok("queries")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "title", "flags", "params"]
    for query in named.library().values():
        line = next(line for line in lines if line.startswith(query.name + " "))
        assert query.title in line and all(flag in line for flag in query.flags)
    assert lines[-1] == f"({len(named.library())} rows)"
    listing = json.loads(ok("queries", "--format", "json"))
    assert {q["name"] for q in listing} == set(named.library())
    people = next(q for q in listing if q["name"] == "wikidata-people")
    assert people["network"] == "wikidata" and "network:wikidata" in people["flags"]


def test_query_prints_an_aligned_table(built_store):
    out = ok("query", "--store", built_store, "people-with-several-posts", "--no-labels")
    assert out == (
        "person              post                                                 posts\n"
        "------------------  ---------------------------------------------------  -----\n"
        "gkr:AkylbekJaparov  gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan      2\n"
        "gkr:AkylbekJaparov  gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan  2\n"
        "(2 rows)\n"
    )


@pytest.mark.parametrize("name", ["visits", "targets-and-amounts", "heads-of-state-and-government"])
def test_json_output_is_the_expected_answer(built_store, name):
    document = json.loads(ok("query", "--store", built_store, name, "--format", "json"))
    columns, rows = EXPECTED[name]
    assert compact_rows(document) == (columns, sorted(rows))


def test_csv_and_tsv_output(built_store):
    out = ok("query", "--store", built_store, "targets-and-amounts", "--format", "csv")
    records = list(csv.DictReader(io.StringIO(out)))
    assert {(r["value"], r["currency"], r["commodityItems"]) for r in records} == {
        ("2000000000", "USD", ""), ("260000000", "USD", "195"),
    }
    out = ok("query", "--store", built_store, "export-offer", "--format", "tsv")
    header, row = out.splitlines()
    assert header.split("\t")[:4] == ["?statement", "?readyState", "?indicator", "?commodityItems"]
    assert '"195"^^<http://www.w3.org/2001/XMLSchema#integer>' in row.split("\t")


def test_param_binds_a_person(built_store):
    document = json.loads(ok("query", "--store", built_store, "posts-held", "--format", "json",
                             "--param", "person=gkr:AkylbekJaparov"))
    _, rows = compact_rows(document)
    assert [row[1] for row in rows] == [
        "gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan", "gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan",
    ]


def test_query_from_a_file_with_its_own_parameters(built_store, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text(
        "# param: who (iri) — a person\n"
        "PREFIX gko: <https://w3id.org/govkg/ontology#>\n"
        "SELECT ?who ?post WHERE { ?who gko:holdsPost ?post }\n"
    )
    out = ok("query", "--store", built_store, path, "--param", "who=<https://w3id.org/govkg/id/SadyrJaparov>",
             "--no-labels")
    assert "gkr:SadyrJaparov  gkr:PresidentOfKyrgyzstan" in out and out.endswith("(1 row)\n")
    assert "missing parameter 'who'" in fails("query", "--store", built_store, path)


def test_query_from_stdin(built_store):
    done = run_kg_input("ASK { ?s ?p ?o }", "query", "--store", str(built_store), "-", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout) == {"head": {}, "boolean": True}


def test_default_graph_option_leaves_out_the_inferred_graph(built_store):
    graphs = [str(ONTOLOGY_GRAPH), str(LINKS_GRAPH), article_graph("kz-kg-government-visit")]
    args = [arg for graph in graphs for arg in ("--default-graph", graph)]
    out = ok("query", "--store", built_store, "officials-of-states", *args)
    assert out.endswith("(0 rows)\n")
    out = ok("query", "--store", built_store, "officials-of-states", *args, "--default-graph", str(INFERRED_GRAPH))
    assert out.endswith("(5 rows)\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-question"], "unknown query 'no-such-question'"),
        (["posts-held", "--param", "person=Bektenov"], "queries/posts-held.rq: parameter 'person' (iri): 'Bektenov'"),
        (["posts-held", "--param", "colour=red"], "queries/posts-held.rq: unknown parameter 'colour'"),
        (["posts-held", "--param", "person"], "--param 'person': expected NAME=VALUE"),
        (["wikidata-people", "--service-map", "nothing"], "--service-map 'nothing': expected NAME=VALUE"),
        (["wikidata-people", "--service-map", f"{WIKIDATA}=nowhere"], "--service-map 'nowhere': not an absolute IRI"),
        (["visits", "--default-graph", "not an iri"], "'not an iri'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(built_store, args, message):
    assert message in fails("query", "--store", built_store, *args)


def test_unreachable_service_is_one_line(built_store):
    closed = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    line = fails("query", "--store", built_store, "wikidata-people", "--service-map", f"{WIKIDATA}={closed}")
    assert line.startswith("kg query: error: queries/wikidata-people.rq: ") and "SERVICE" in line


def test_syntax_error_names_the_source(built_store):
    line = fails("query", "--store", str(built_store), "-", stdin="SELECT ?x WHERE { ?x ?y }")
    assert line.startswith("kg query: error: <stdin>: line 1, column ")


def test_missing_store(tmp_path):
    assert "no store here" in fails("query", "--store", tmp_path / "nowhere", "visits")


@pytest.mark.parametrize("name", sorted(FEDERATED))
def test_federated_queries_through_a_local_standin(built_store, name):
    with StandinEndpoint(FIXTURES / "wikidata-fixture.ttl") as standin:
        out = ok("query", "--store", built_store, name, "--format", "json",
                 "--service-map", f"{WIKIDATA}={standin.url}")
        assert standin.requests and all(r.query and "wikidata.org/entity/Q" in r.query for r in standin.requests)
    columns, rows = FEDERATED[name]
    assert compact_rows(json.loads(out)) == (columns, sorted(rows))
