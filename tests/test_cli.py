"""The real `kg build/load/validate/stats` commands in subprocesses: the project build and every bad-input case."""

import pytest
import rdflib
from conftest import FIXTURE_ONTOLOGY, FIXTURES, build_fixture, run_kg, store_graphs
from rdflib.compare import isomorphic

from kg.namespaces import INFERRED_GRAPH, LOADED_GRAPH, ONTOLOGY_GRAPH, article_graph
from kg.paths import ARTICLES_DIR
from kg.store import current_generation

FILES = FIXTURES / "build-files"
SAMPLE_GRAPH = "http://example.org/graph/sample"


def assert_one_line_error(result, command: str, *fragments: str) -> None:
    """Exit 1, nothing but one `kg <command>: error: ...` line on stderr, naming every fragment."""
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kg {command}: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_build_of_the_project_matches_the_session_build(built_store, tmp_path):
    store = tmp_path / "store"
    result = run_kg("build", "--store", store)
    assert result.returncode == 0, result.stderr
    for step in ("load", "validate", "reason", "write", "total"):
        assert f"\n{step} " in "\n" + result.stdout
    slugs = [path.stem for path in sorted(ARTICLES_DIR.glob("*.ttl"))]
    for graph in [str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), *map(article_graph, slugs)]:
        assert graph in result.stdout
    ours, session = store_graphs(store), store_graphs(built_store)
    assert ours.keys() == session.keys()
    for iri in ours:
        assert isomorphic(ours[iri], session[iri]), iri


def test_stats_lists_graphs_with_counts_and_total(built_store):
    result = run_kg("stats", "--store", built_store)
    assert result.returncode == 0, result.stderr
    sizes = {line.rsplit(None, 1)[0]: int(line.rsplit(None, 1)[1]) for line in result.stdout.splitlines()[2:]}
    graphs = store_graphs(built_store)
    assert {iri: len(graph) for iri, graph in graphs.items()} == {k: v for k, v in sizes.items() if k != "total"}
    assert sizes["total"] == sum(len(graph) for graph in graphs.values())


def test_validate_passes_on_the_project():
    result = run_kg("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


@pytest.mark.parametrize("name", ["sample.ttl", "sample.nt", "sample.nq", "sample.trig", "sample.rdf", "sample.jsonld"])
def test_load_every_format(tmp_path, name):
    store = tmp_path / "store"
    result = run_kg("load", "--store", store, FILES / name)
    assert result.returncode == 0, result.stderr
    graphs = store_graphs(store)
    target = SAMPLE_GRAPH if name.endswith((".nq", ".trig")) else str(LOADED_GRAPH)
    assert list(graphs) == [target]
    assert isomorphic(graphs[target], rdflib.Graph().parse(FILES / "sample.ttl"))


def test_load_adds_to_a_built_store_and_build_keeps_it(tmp_path):
    store = tmp_path / "store"
    inputs = ["--ontology-dir", FIXTURE_ONTOLOGY, "--articles-dir", FIXTURES / "build-ok" / "articles"]
    assert run_kg("build", "--store", store, *inputs).returncode == 0
    result = run_kg("load", "--store", store, "--graph", "http://example.org/mine", FILES / "sample.ttl")
    assert result.returncode == 0, result.stderr
    assert "http://example.org/mine" in store_graphs(store)
    rebuilt = run_kg("build", "--store", store, *inputs)
    assert "carried over: http://example.org/mine" in rebuilt.stdout
    assert article_graph("visit") in store_graphs(store)


BAD_INPUT = [
    (["load", FILES / "missing.ttl"], "load", ["missing.ttl", "file not found"]),
    (["load", FILES / "broken.nt"], "load", ["broken.nt:1:", "N-Triples syntax error"]),
    (["load", FILES / "unknown.xyz"], "load", ["unknown.xyz", "unknown RDF file extension", "turtle (.ttl)"]),
    (["load", "--graph", "not an iri", FILES / "sample.ttl"], "load", ["not an absolute IRI"]),
    (
        ["build", "--ontology-dir", FIXTURE_ONTOLOGY, "--articles-dir", FIXTURES / "build-broken" / "articles"],
        "build",
        ["broken.ttl:6:1", "Turtle syntax error"],
    ),
    (
        ["build", "--ontology-dir", FIXTURE_ONTOLOGY, "--articles-dir", FIXTURES / "build-violation" / "articles"],
        "build",
        ["nolabel.ttl", "gkr:PresidentOfKazakhstan", "a post belongs to a state"],
    ),
    (
        ["validate", "--ontology-dir", FIXTURE_ONTOLOGY, "--articles-dir", FIXTURES / "build-violation" / "articles"],
        "validate",
        ["nolabel.ttl", "gkr:PresidentOfKazakhstan", "a post belongs to a state"],
    ),
    (
        ["build", "--ontology-dir", FIXTURE_ONTOLOGY, "--articles-dir", FIXTURES / "build-inconsistent" / "articles"],
        "build",
        ["inconsistent", "gkr:Kazakhstan"],
    ),
    (["build", "--ontology-dir", FIXTURES / "nowhere"], "build", ["nowhere", "folder not found"]),
    (["stats", "--store", FIXTURES / "nowhere"], "stats", ["nowhere", "no store here"]),
]


@pytest.fixture(scope="module")
def module_store(tmp_path_factory):
    """One fixture store shared by the bad-input cases (none of them may change it)."""
    store = tmp_path_factory.mktemp("cli") / "store"
    build_fixture(store)
    return store


@pytest.mark.parametrize("args, command, fragments", BAD_INPUT)
def test_bad_input_gives_one_line_and_keeps_the_store(module_store, args, command, fragments):
    generation, before = current_generation(module_store), store_graphs(module_store)
    result = run_kg(*args[:1], *([] if "--store" in args else ["--store", module_store]), *args[1:])
    assert_one_line_error(result, command, *fragments)
    assert "Traceback" not in result.stderr
    assert current_generation(module_store) == generation
    after = store_graphs(module_store)
    assert after.keys() == before.keys() and all(isomorphic(after[g], before[g]) for g in before)


def test_unknown_format_option_lists_the_choices(tmp_path):
    result = run_kg("load", "--store", tmp_path / "store", "--format", "n3", FILES / "sample.ttl")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "turtle" in result.stderr and "jsonld" in result.stderr
