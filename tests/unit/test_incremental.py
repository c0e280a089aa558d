"""Incremental builds: new article files are added to the current store, and the result equals a full build."""

import shutil

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from conftest import FIXTURE_ONTOLOGY, FIXTURES, run_kg, sources, store_graphs
from govkg.build import build
from govkg.errors import KgError
from govkg.load import load_files
from govkg.project import BUNDLED_LINKS
from govkg.rdf.io import rdflib_graph
from govkg.sparql.run import run_query
from govkg.store import current_generation, open_read_only, read_manifest
from support.corpus import write_corpus

SEED = 7


def same_graphs(first, second) -> None:
    graphs, others = store_graphs(first), store_graphs(second)
    assert graphs.keys() == others.keys()
    for iri in graphs:
        assert isomorphic(graphs[iri], others[iri]), iri


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Four synthetic articles, and a folder holding the first three."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(4, SEED, folder / "all")
    shutil.copytree(folder / "all", folder / "three")
    for path in (folder / "three").glob("*-00004.*"):
        path.unlink()
    return folder


@pytest.fixture(scope="module")
def full_four(corpus, tmp_path_factory):
    store = tmp_path_factory.mktemp("full") / "store"
    report = build(store, sources(corpus / "all"))
    assert report.mode == "full"
    return store


def three_then(corpus, tmp_path, *extra: str):
    """A store built from the three articles, and an articles folder with those three plus the ``extra`` files."""
    articles = tmp_path / "articles"
    shutil.copytree(corpus / "three", articles)
    store = tmp_path / "store"
    build(store, sources(articles))
    for name in extra:
        shutil.copy(corpus / "all" / name, articles / name)
    return store, articles


def test_adding_one_article_equals_a_full_build(corpus, full_four, tmp_path):
    store, articles = three_then(corpus, tmp_path, f"synthetic-{SEED}-00004.ttl")
    before = current_generation(store)
    report = build(store, sources(articles))
    assert (report.mode, report.added) == ("incremental", [f"synthetic-{SEED}-00004"])
    assert report.inferred > 0 and list(report.seconds) == ["load", "validate", "reason", "write"]
    assert current_generation(store) != before
    same_graphs(store, full_four)
    assert isomorphic(union_graph(store), union_graph(full_four))  # the default graph, kept by the incremental write
    assert read_manifest(store)["articles"] == read_manifest(full_four)["articles"]


def union_graph(store_dir):
    """The store's default graph as an rdflib graph (govkg.store keeps the union of the named graphs there)."""
    return rdflib_graph(open_read_only(store_dir).quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_a_triple_several_articles_state_is_one_answer(full_four):
    """Articles restate shared entities; a query over the union sees each triple once (an RDF merge)."""
    store = open_read_only(full_four)
    shared = run_query(
        store,
        "SELECT ?s ?p ?o WHERE { GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER(STR(?g1) < STR(?g2)) } LIMIT 1",
    ).rows
    assert shared  # some triple is in several graphs (articles restate the shared entities)
    s, p, o = shared[0]
    assert [row[0].value for row in run_query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {s} {p} {o} }}").rows] == ["1"]
    result = run_query(store, f"SELECT ?x WHERE {{ ?x {p} {o} }}")
    assert len(result.rows) == len(set(result.rows)) and (s,) in result.rows
    default = {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = {str(q.triple) for g in store.named_graphs() for q in store.quads_for_pattern(None, None, None, g)}
    assert default == named


def test_changed_removed_or_forced_builds_are_full(corpus, tmp_path):
    store, articles = three_then(corpus, tmp_path)
    assert build(store, sources(articles)).full_because == "no new article since the last build"
    shutil.copy(corpus / "all" / f"synthetic-{SEED}-00004.ttl", articles)
    assert build(store, sources(articles), full=True).full_because == "--full given"
    changed = articles / f"synthetic-{SEED}-00001.ttl"
    changed.write_text(changed.read_text() + "\n# changed\n")
    assert build(store, sources(articles)).full_because == f"article synthetic-{SEED}-00001 changed"
    changed.unlink()
    assert build(store, sources(articles)).full_because == f"article synthetic-{SEED}-00001 was removed"


def test_a_store_written_by_kg_load_gets_a_full_build(corpus, tmp_path):
    store, articles = three_then(corpus, tmp_path, f"synthetic-{SEED}-00004.ttl")
    load_files(store, [FIXTURES / "build-files" / "sample.ttl"])
    report = build(store, sources(articles))
    assert report.mode == "full" and "no build manifest" in report.full_because
    assert report.carried_over == ["https://w3id.org/govkg/graph/loaded"]


def test_a_new_article_that_breaks_a_shape_with_stored_data_fails_and_leaves_the_store(corpus, tmp_path):
    """A second label for a person of the stored articles violates the shapes only together with them."""
    store, articles = three_then(corpus, tmp_path)
    person = next(line.split()[0] for line in (articles / f"synthetic-{SEED}-00001.ttl").read_text().splitlines()
                  if line.endswith(" a gko:Person ;"))  # fmt: skip
    (articles / "second-label.ttl").write_text(
        "@prefix gkr: <https://w3id.org/govkg/id/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'{person} rdfs:label "Another name"@en .\n'
    )
    before = current_generation(store)
    with pytest.raises(KgError, match=rf"second-label.ttl: SHACL violation at node {person} path rdfs:label"):
        build(store, sources(articles))
    assert current_generation(store) == before


def test_a_new_article_that_makes_the_store_inconsistent_fails(corpus, tmp_path):
    store, articles = three_then(corpus, tmp_path)
    state = next(line.split()[0] for line in (articles / f"synthetic-{SEED}-00001.ttl").read_text().splitlines()
                 if line.endswith(" a gko:SovereignState ;"))  # fmt: skip
    (articles / "clash.ttl").write_text(
        "@prefix gkr: <https://w3id.org/govkg/id/> .\n@prefix gko: <https://w3id.org/govkg/ontology#> .\n"
        f"{state} a gko:Person .\n"
    )
    before = current_generation(store)
    with pytest.raises(KgError, match=rf"inconsistent \(OWL RL\): Disjoint classes .* individual {state}") as error:
        build(store, sources(articles))
    assert current_generation(store) == before
    assert "\n" not in str(error.value)


def test_a_new_article_with_schema_gets_a_full_build(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES / "build-ok" / "articles", articles)
    build(tmp_path / "store", sources(articles, FIXTURE_ONTOLOGY))
    (articles / "schema.ttl").write_text(
        "@prefix gko: <https://w3id.org/govkg/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "gko:Summit rdfs:subClassOf gko:Visit .\n"
    )
    report = build(tmp_path / "store", sources(articles, FIXTURE_ONTOLOGY))
    assert report.mode == "full"
    assert report.full_because.startswith("an incremental build cannot be exact here: an article states")
    assert report.reasoner.startswith("owlrl (the fast engine cannot: an article states")
    assert build(tmp_path / "store", sources(articles, FIXTURE_ONTOLOGY), reasoner="owlrl").full_because == (
        "the owlrl reasoner always builds in full"
    )


def test_kg_build_says_what_kind_of_build_it_made(tmp_path):
    project, store = tmp_path / "project", tmp_path / "store"
    articles = project / "articles"
    shutil.copytree(FIXTURES / "build-ok" / "articles", articles)
    (project / "kg.toml").write_text(f'ontology = ["{FIXTURE_ONTOLOGY}"]\nlinks = "{BUNDLED_LINKS}"\n')
    (articles / "second.ttl").rename(tmp_path / "second.ttl")
    common = ("--store", store, "--project", project)
    first = run_kg("build", *common, "--reasoner", "owlrl")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("full build (no store yet), reasoner: owlrl\nstep       seconds  peak MiB\n")
    assert run_kg("build", *common).stdout.startswith("full build (the last build did not use the fast reasoner)")
    (tmp_path / "second.ttl").rename(articles / "second.ttl")
    added = run_kg("build", *common)
    assert added.stdout.startswith("incremental build: added 1 new article(s) to the current store")
    assert "reason " in added.stdout and "inferred triples added" in added.stdout
    assert run_kg("build", *common, "--full").stdout.startswith("full build (--full given), reasoner: fast")


def test_a_new_article_is_validated_with_the_inverses_made_explicit_as_a_full_build_does(corpus, tmp_path):
    """A new article stating ``post gko:heldBy state`` makes the stored state the holder of a post (the inverse,
    gko:holdsPost): the incremental build reports the same SHACL violation at the state as a full build would,
    before reasoning finds the clash."""
    store, articles = three_then(corpus, tmp_path)
    lines = (articles / f"synthetic-{SEED}-00001.ttl").read_text().splitlines()
    state = next(line.split()[0] for line in lines if line.endswith(" a gko:SovereignState ;"))
    post = next(line.split()[0] for line in lines if line.endswith(" a gko:Post ;"))  # a stored, valid post
    (articles / "held-by-a-state.ttl").write_text(
        "@prefix gkr: <https://w3id.org/govkg/id/> .\n@prefix gko: <https://w3id.org/govkg/ontology#> .\n"
        f"{post} gko:heldBy {state} .\n"
    )
    before = current_generation(store)
    violation = rf"SHACL violation at node {state} value {state}: Value does not have class gko:Person"
    with pytest.raises(KgError, match=rf"held-by-a-state.ttl: {violation}"):  # the file that made it so
        build(store, sources(articles))
    assert current_generation(store) == before
    with pytest.raises(KgError, match=violation):  # a full build names the first file describing the node
        build(tmp_path / "full", sources(articles))
