"""The build pipeline on small fixtures: graphs written, reasoning and cleaning, determinism, atomicity, carry-over."""

import shutil

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal
from rdflib.compare import isomorphic

import govkg.build.full
import govkg.validate
from conftest import FIXTURE_ONTOLOGY, FIXTURES, build_fixture, sources, store_graphs
from govkg.errors import KgError
from govkg.load import load_files
from govkg.project import BUNDLED_ARTICLES
from govkg.rdf.io import read_inputs
from govkg.rdf.namespaces import (
    GKO,
    GKR,
    INFERRED_GRAPH,
    INFERRED_SCHEMA_GRAPH,
    LINKS_GRAPH,
    LOADED_GRAPH,
    ONTOLOGY_GRAPH,
    article_graph,
)
from govkg.reasoning.owlrl import reason
from govkg.store import current_generation, open_read_only
from govkg.validate import validate

EX = rdflib.Namespace("http://example.org/")


def generations(store_dir):
    return sorted(p.name for p in store_dir.iterdir() if p.name.startswith("gen-"))


def test_the_ontology_closure_is_stored_apart_from_the_instance_inferences(fixture_store):
    """What the ontology implies alone (a restated subclass) is in the inferred-schema graph, what the articles add
    (a person's inferred type) in the inferred graph; no term of the ontology is a subject of the instance part."""
    graphs = store_graphs(fixture_store)
    schema, instance = graphs[str(INFERRED_SCHEMA_GRAPH)], graphs[str(INFERRED_GRAPH)]
    assert len(schema) and len(instance)
    assert not set(schema) & set(instance)
    assert (GKO.holds, RDFS.domain, GKO.Agent) in schema  # the domain of its super-property (scm-dom2)
    assert (GKR.SadyrJaparov, RDF.type, GKO.Agent) in instance
    terms = set(graphs[str(ONTOLOGY_GRAPH)].subjects())
    assert not [t for t in instance if t[0] in terms]
    assert not [t for t in schema if t[0] not in terms and not isinstance(t[0], rdflib.BNode)]


def test_build_writes_one_graph_per_input(fixture_store):
    graphs = store_graphs(fixture_store)
    assert set(graphs) == {
        str(ONTOLOGY_GRAPH),
        article_graph("visit"),
        article_graph("second"),
        str(INFERRED_GRAPH),
        str(INFERRED_SCHEMA_GRAPH),
        str(LINKS_GRAPH),
    }
    assert (GKO.Person, RDFS.subClassOf, GKO.Agent) in graphs[str(ONTOLOGY_GRAPH)]
    assert (GKR.SadyrJaparov, RDF.type, GKO.Person) in graphs[article_graph("second")]
    assert len(graphs[str(LINKS_GRAPH)]) > 0
    store = open_read_only(fixture_store)
    union = {quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert union == {
        quad.triple for graph in store.named_graphs() for quad in store.quads_for_pattern(None, None, None, graph)
    }  # the default graph is the union of the named graphs, each triple once


def test_inferred_graph_holds_only_new_cleaned_triples(fixture_store):
    graphs = store_graphs(fixture_store)
    inferred = graphs.pop(str(INFERRED_GRAPH))
    graphs.pop(str(LINKS_GRAPH))
    asserted = rdflib.Graph()
    for graph in graphs.values():
        asserted += graph
    assert (GKR.PrimeMinisterOfKazakhstan, GKO.heldBy, GKR.OlzhasBektenov) in inferred  # inverse
    assert (GKR.AlaToo, GKO.partOf, GKR.Kyrgyzstan) in inferred  # transitive
    assert (GKR.OlzhasBektenov, RDF.type, GKO.Agent) in inferred  # subclass
    assert (GKR.VisitToBishkek, RDF.type, GKO.Visit) in inferred  # domain
    assert not [t for t in inferred if t in asserted]
    for s, p, o in inferred:
        assert not isinstance(s, Literal)
        assert not (p == OWL.sameAs and s == o)
        assert not str(s).startswith((str(RDF), str(RDFS), str(OWL)))
        assert o not in (OWL.Thing, RDFS.Resource)


def test_two_builds_give_isomorphic_graphs(tmp_path):
    build_fixture(tmp_path / "a")
    build_fixture(tmp_path / "b")
    first, second = store_graphs(tmp_path / "a"), store_graphs(tmp_path / "b")
    assert first.keys() == second.keys()
    for iri in first:
        assert isomorphic(first[iri], second[iri]), iri


@pytest.mark.parametrize(
    "articles, expected",
    [
        ("build-inconsistent", "Disjoint classes gko:State and gko:Person have a common individual gkr:Kazakhstan"),
        ("build-violation", "nolabel.ttl: SHACL violation at node gkr:PresidentOfKazakhstan path gko:postIn"),
        ("build-broken", "broken.ttl:6:1: Turtle syntax error"),
    ],
)
def test_failed_build_leaves_previous_store_intact(fixture_store, articles, expected):
    before_generation, before = current_generation(fixture_store), store_graphs(fixture_store)
    with pytest.raises(KgError, match=expected) as error:
        build_fixture(fixture_store, articles)
    assert "\n" not in str(error.value)
    assert current_generation(fixture_store) == before_generation
    assert generations(fixture_store) == [before_generation.name]
    after = store_graphs(fixture_store)
    assert after.keys() == before.keys() and all(isomorphic(after[g], before[g]) for g in before)


def test_interrupted_write_leaves_previous_store_intact(fixture_store, monkeypatch):
    before_generation = current_generation(fixture_store)

    def interrupt(store_dir, store):
        raise KeyboardInterrupt

    monkeypatch.setattr(govkg.build.full, "carry_over", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_fixture(fixture_store)
    assert current_generation(fixture_store) == before_generation
    assert generations(fixture_store) == [before_generation.name]
    assert len(store_graphs(fixture_store)[article_graph("visit")]) > 0


def test_build_carries_over_other_graphs_and_drops_stale_articles(fixture_store):
    load_files(fixture_store, [FIXTURES / "build-files" / "sample.ttl"])
    load_files(fixture_store, [FIXTURES / "build-files" / "sample.nt"], graph=article_graph("gone"))
    report = build_fixture(fixture_store)
    graphs = store_graphs(fixture_store)
    assert report.carried_over == [str(LOADED_GRAPH)]
    assert isomorphic(graphs[str(LOADED_GRAPH)], rdflib.Graph().parse(FIXTURES / "build-files" / "sample.ttl"))
    assert article_graph("gone") not in graphs


def test_build_report_has_steps_and_counts(tmp_path):
    report = build_fixture(tmp_path / "store")
    assert list(report.seconds) == list(report.peak_mb) == ["load", "validate", "reason", "write"]
    assert all(mb > 10 for mb in report.peak_mb.values())
    assert report.inferred == len(store_graphs(tmp_path / "store")[str(INFERRED_GRAPH)])
    assert report.dropped["same-as-self"] > 0 and report.dropped["builtin-subject"] > 0


def test_closure_cleaning_rules():
    graph = rdflib.Graph()
    for cls in (EX.Minister, EX.Official, EX.Person):
        graph.add((cls, RDF.type, OWL.Class))
    graph.add((EX.Minister, RDFS.subClassOf, EX.Official))
    graph.add((EX.Official, RDFS.subClassOf, EX.Person))
    graph.add((EX.bob, RDF.type, EX.Minister))
    graph.add((EX.bob, RDFS.label, Literal("Bob")))
    result = reason(graph)
    inferred = result.inferred
    assert (EX.bob, RDF.type, EX.Person) in inferred
    assert (EX.Minister, RDFS.subClassOf, EX.Person) in inferred
    assert (EX.bob, OWL.sameAs, EX.bob) not in inferred
    assert (EX.Minister, RDFS.subClassOf, EX.Minister) not in inferred
    assert (EX.Minister, RDFS.subClassOf, OWL.Thing) not in inferred
    assert not list(inferred.triples((OWL.Thing, None, None)))
    assert not [t for t in inferred if t in graph]
    assert result.dropped["same-as-self"] >= 4 and result.dropped["trivial-schema"] >= 3


def test_closure_reports_an_inconsistency_in_one_line():
    graph = rdflib.Graph()
    graph.add((EX.A, OWL.disjointWith, EX.B))
    graph.add((EX.x, RDF.type, EX.A))
    graph.add((EX.x, RDF.type, EX.B))
    with pytest.raises(KgError, match=r"inconsistent .*common individual http://example.org/x") as error:
        reason(graph)
    assert "\n" not in str(error.value)


def test_validate_names_file_focus_node_and_message():
    results = validate(read_inputs(sources(FIXTURES / "build-violation" / "articles", FIXTURE_ONTOLOGY)))
    assert [(r.severity, r.focus, r.path) for r in results] == [
        ("Violation", "gkr:PresidentOfKazakhstan", "gko:postIn")
    ]
    assert results[0].file.endswith("build-violation/articles/nolabel.ttl")
    assert results[0].message == "a post belongs to a state (gko:postIn)"


def test_article_file_name_must_be_a_slug(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "my article.ttl").write_text((FIXTURES / "build-ok" / "articles" / "second.ttl").read_text())
    with pytest.raises(KgError, match="my article.ttl: an article file name must be a slug"):
        govkg.build.build(tmp_path / "store", sources(articles, FIXTURE_ONTOLOGY))
    assert not (tmp_path / "store").exists()


def test_the_owlrl_reasoner_builds_the_same_store(fixture_store, tmp_path):
    report = govkg.build.build(tmp_path / "store", sources(FIXTURES / "build-ok" / "articles", FIXTURE_ONTOLOGY), reasoner="owlrl")
    assert report.reasoner == "owlrl"
    fast, reference = store_graphs(fixture_store), store_graphs(tmp_path / "store")
    assert fast.keys() == reference.keys()
    for iri in fast:
        assert isomorphic(fast[iri], reference[iri]), iri


def test_the_fast_reasoner_hands_over_to_owlrl_when_it_cannot(tmp_path):
    ontology = tmp_path / "ontology"
    shutil.copytree(FIXTURE_ONTOLOGY, ontology)
    (ontology / "functional.ttl").write_text(
        "@prefix gko: <https://w3id.org/govkg/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "gko:capitalOf a owl:FunctionalProperty .\n"
    )
    report = govkg.build.build(tmp_path / "store", sources(FIXTURES / "build-ok" / "articles", ontology))
    assert report.reasoner == "owlrl (the fast engine cannot: the ontology uses owl:FunctionalProperty)"
    assert report.inferred == len(store_graphs(tmp_path / "store")[str(INFERRED_GRAPH)])


def test_validation_in_parallel_processes_gives_the_same_results(monkeypatch):
    inputs = read_inputs(sources(FIXTURES / "build-violation" / "articles", FIXTURE_ONTOLOGY))
    in_one = validate(inputs, workers=1)
    monkeypatch.setattr(govkg.validate, "PARALLEL_FROM", 0)
    assert validate(inputs, workers=2) == in_one
    assert [r.severity for r in in_one] == ["Violation"]


def test_a_rebuild_with_the_same_ontology_reuses_the_stored_one_and_equals_a_fresh_build(tmp_path):
    """The ontology graph keeps its blank node labels (the stored closure refers to them) and owlrl is not rerun."""
    articles = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, articles)
    govkg.build.build(tmp_path / "store", sources(articles))
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    before = set(open_read_only(tmp_path / "store").quads_for_pattern(None, None, None, ontology))
    article = articles / "kz-kg-government-visit.ttl"
    article.write_text(article.read_text() + "\n# changed\n")
    report = govkg.build.build(tmp_path / "store", sources(articles))
    assert report.mode == "full" and report.full_because == "article kz-kg-government-visit changed"
    after = set(open_read_only(tmp_path / "store").quads_for_pattern(None, None, None, ontology))
    assert after == before and any(isinstance(quad.subject, ox.BlankNode) for quad in after)
    govkg.build.build(tmp_path / "fresh", sources(articles))
    rebuilt, fresh = store_graphs(tmp_path / "store"), store_graphs(tmp_path / "fresh")
    assert rebuilt.keys() == fresh.keys()
    for iri in rebuilt:
        assert isomorphic(rebuilt[iri], fresh[iri]), iri
