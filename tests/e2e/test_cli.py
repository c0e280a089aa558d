"""The real `kg build/load/validate/stats` commands in subprocesses: the project build and every bad-input case."""

import re

import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import FIXTURES, REPO_ROOT, build_fixture, run_kg, run_kg_after, store_graphs
from govkg.project import BUNDLED_ARTICLES
from govkg.rdf.namespaces import INFERRED_GRAPH, LOADED_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.reasoning.owlrl import CLEANING_RULES
from govkg.store import current_generation

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


def test_build_of_the_project_matches_the_session_build(corpus_store, tmp_path):
    store = tmp_path / "store"
    result = run_kg("build", "--store", store)
    assert result.returncode == 0, result.stderr
    for step in ("load", "validate", "reason", "write", "total"):
        assert f"\n{step} " in "\n" + result.stdout
    slugs = [path.stem for path in sorted(BUNDLED_ARTICLES.glob("*.ttl"))]
    for graph in [str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), *map(article_graph, slugs)]:
        assert graph in result.stdout
    ours, session = store_graphs(store), store_graphs(corpus_store)
    assert ours.keys() == session.keys()
    for iri in ours:
        assert isomorphic(ours[iri], session[iri]), iri
    assert_documented_cleaning_figures(result.stdout)


def assert_documented_cleaning_figures(build_output: str) -> None:
    """docs/build.md's "What the cleaning drops" counts are the ones `kg build` prints for the project."""
    page = (REPO_ROOT / "docs" / "build.md").read_text(encoding="utf-8")
    line = next(line for line in build_output.splitlines() if line.startswith("reason "))
    found = re.search(r"(\d+) inferred triples kept \(\+ (\d+) of the ontology's own closure\)", line)
    kept = str(int(found.group(1)) + int(found.group(2)))  # the inferred graph and the inferred-schema graph
    dropped = dict(re.findall(r"([a-z]+(?:-[a-z]+)+) (\d+)", line.split("dropped by cleaning: ")[1]))
    assert sorted(dropped) == sorted(name for name, _, _ in CLEANING_RULES)
    total = int(kept) + sum(map(int, dropped.values()))
    assert f"({total} new triples before cleaning, {kept} kept)" in page
    for rule, count in dropped.items():
        assert re.search(rf"^\| `{rule}` \|.*\| {count} \|$", page, re.MULTILINE), (rule, count)


def test_stats_lists_graphs_with_counts_and_total(built_store):
    result = run_kg("stats", "--store", built_store)
    assert result.returncode == 0, result.stderr
    sizes = {line.rsplit(None, 1)[0]: int(line.rsplit(None, 1)[1]) for line in result.stdout.splitlines()[2:]}
    graphs = store_graphs(built_store)
    union = sizes.pop("union (each triple once)")
    assert {iri: len(graph) for iri, graph in graphs.items()} == {k: v for k, v in sizes.items() if k != "total"}
    assert sizes["total"] == sum(len(graph) for graph in graphs.values())
    merged = set()
    for graph in graphs.values():
        merged |= set(graph)
    assert union == len(merged)


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
    inputs = ["--project", FIXTURES / "build-ok"]
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
        ["build", "--project", FIXTURES / "build-broken"],
        "build",
        ["broken.ttl:6:1", "Turtle syntax error"],
    ),
    (
        ["build", "--project", FIXTURES / "build-violation"],
        "build",
        ["nolabel.ttl", "gkr:PresidentOfKazakhstan", "a post belongs to a state"],
    ),
    (
        ["validate", "--project", FIXTURES / "build-violation"],
        "validate",
        ["nolabel.ttl", "gkr:PresidentOfKazakhstan", "a post belongs to a state"],
    ),
    (
        ["build", "--project", FIXTURES / "build-inconsistent"],
        "build",
        ["inconsistent", "gkr:Kazakhstan"],
    ),
    (["build", "--project", FIXTURES / "nowhere"], "build", ["nowhere: project folder not found", "kg init"]),
    (["build", "--project", FIXTURES / "build-files"], "build", ["build-files: not a project folder", "kg.toml"]),
    (["validate", "--project", FIXTURES / "build-ok" / "articles"], "validate", ["articles: not a project folder"]),
    (["stats", "--store", FIXTURES / "nowhere"], "stats", ["nowhere", "no store here"]),
    (["load", FIXTURES / "build-files"], "load", ["build-files", "unknown RDF file extension"]),
    (["load", "--format", "turtle", FIXTURES / "build-files"], "load", ["build-files: not a file"]),
    (["link", "status", "--store", FIXTURES / "nowhere"], "link status", ["nowhere", "no store here"]),
    (["link", "--store", FIXTURES / "nowhere", "status"], "link status", ["nowhere", "no store here"]),
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


NOT_A_STORE = {
    "a file": lambda tmp: tmp / "notes.txt",
    "a folder of other things": lambda tmp: tmp,
    "a path through a file": lambda tmp: tmp / "notes.txt" / "store",
}


@pytest.mark.parametrize("where", list(NOT_A_STORE))
@pytest.mark.parametrize(
    "command",
    [
        ["build", "--project", FIXTURES / "build-ok"],
        ["load", FILES / "sample.ttl"],
    ],
)
def test_writing_a_store_where_there_is_none_is_refused_in_one_line(tmp_path, where, command):
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "gen-data").mkdir()  # a user's folder that looks like a generation: never pruned
    store = NOT_A_STORE[where](tmp_path)
    result = run_kg(*command[:1], "--store", store, *command[1:])
    assert_one_line_error(result, command[0], str(store))
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen-data", "notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_store_option_means_the_same_before_and_after_the_link_action(module_store, tmp_path, monkeypatch):
    after = run_kg("link", "status", "--store", module_store)
    before = run_kg("link", "--store", module_store, "status")
    assert after.returncode == before.returncode == 0, after.stderr + before.stderr
    assert after.stdout == before.stdout and "entities:" in after.stdout
    monkeypatch.setenv("KG_STORE", str(module_store))
    assert run_kg("link", "status").stdout == after.stdout
    assert run_kg("stats").stdout == run_kg("stats", "--store", module_store).stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["link", "wikidata", "--batch-size", "0"], "argument --batch-size: 0 is not between 1 and 200"),
        (["link", "enrich", "--timeout", "nan"], "argument --timeout: nan is not a positive number"),
        (["query", "visits", "--format", "bogus"], "argument --format: invalid choice: 'bogus'"),
    ],
)
def test_usage_errors_are_one_line_naming_the_command(module_store, args, fragment):
    result = run_kg(*args, "--store", module_store)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    command = " ".join(args[:2] if args[0] == "link" else args[:1])
    assert result.stderr.startswith(f"kg {command}: error: {fragment}")


CTRL_C_AFTER_CARRY_OVER = """
import os, signal
import govkg.build.full
real_carry_over = govkg.build.full.carry_over
def carry_over_then_ctrl_c(store_dir, store):
    carried = real_carry_over(store_dir, store)
    os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C while the new generation is written
    return carried
govkg.build.full.carry_over = carry_over_then_ctrl_c
"""


def test_ctrl_c_mid_build_leaves_the_previous_store(module_store, tmp_path):
    store = tmp_path / "store"
    assert run_kg("load", "--store", store, FILES / "sample.ttl").returncode == 0
    generation, before = current_generation(store), store_graphs(store)
    result = run_kg_after(CTRL_C_AFTER_CARRY_OVER, "build", "--store", store, "--project",
                          FIXTURES / "build-ok")
    assert result.returncode == 130 and result.stderr == "kg build: interrupted\n", result.stderr
    assert current_generation(store) == generation
    assert sorted(p.name for p in store.iterdir()) == ["current", generation.name]
    after = store_graphs(store)
    assert after.keys() == before.keys() and all(isomorphic(after[g], before[g]) for g in before)
