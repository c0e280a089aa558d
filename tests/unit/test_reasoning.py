"""Every kind of inference documented in docs/reasoning.md: in the inferred graph of the built store, not in the
article graph; the fast reasoner (govkg.reasoning.engine) gives exactly owlrl's closure; and what reasoning must not
add: no planned or scheduled thing typed as existing or as having happened, no instance typed with an anonymous
class, no person (nor Wikidata item) made a SKOS concept."""

import re
import shutil

import pytest
import rdflib

from conftest import REPO_ROOT, sources
from govkg.project import BUNDLED_ARTICLES, BUNDLED_ONTOLOGY, BUNDLED_QUERIES
from govkg.rdf.io import rdflib_graph, read_inputs
from govkg.rdf.namespaces import GKO, GKR, GKS, INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.reasoning.engine import Unsupported, closure
from govkg.reasoning.owlrl import nt, reason
from govkg.store import open_read_only
from support.corpus import write_corpus

SLUG = "kz-kg-government-visit"
REASONING_DOC = REPO_ROOT / "docs" / "reasoning.md"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
V = str(GKR) + SLUG + "/"
ARTICLE = str(GKR) + "article/" + SLUG
MODALITY = str(GKR) + "modality/"

#: kind ID (as in docs/reasoning.md) -> the example triples that reasoning must add.
KINDS = {
    "R1": [
        (V + "Visit", RDF_TYPE, GKO.Visit),
        (V + "TradeTurnoverTarget", RDF_TYPE, GKO.Statement),
        (V + "MutualSuppliesMeasure", RDF_TYPE, GKO.Commitment),
    ],
    "S1": [
        (GKR.Kazakhstan, RDF_TYPE, SCHEMA + "Country"),
        (V + "Visit", RDF_TYPE, SEM + "Event"),
        (V + "TradeTurnoverTarget", RDF_TYPE, PROV + "Plan"),
    ],
    "R3": [(V + "Visit", GKO.participant, GKR.OlzhasBektenov), (V + "Visit", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R4": [
        (GKR.PrimeMinisterOfKazakhstan, GKO.heldBy, GKR.OlzhasBektenov),
        (V + "Visit", GKO.hasSubEvent, V + "Reception"),
        (GKR.TransitAndTransportPotentialConcept2030, GKO.envisages, GKR.BorderCheckpointsProject),
    ],
    "R5": [(GKR.Kyrgyzstan, GKO.borders, GKR.Kazakhstan)],
    "R6": [
        (V + "EducationCultureTourismDiscussion", GKO.subEventOf, V + "Visit"),
        (V + "Greetings", GKO.subEventOf, V + "Visit"),
    ],
    "R7": [(GKR.ChairmanOfTheCabinetOfMinistersOfKyrgyzstan, GKO.postOfState, GKR.Kyrgyzstan)],
    "R8": [(GKR.AkylbekJaparov, GKO.officialOf, GKR.Kyrgyzstan), (GKR.OlzhasBektenov, GKO.officialOf, GKR.Kazakhstan)],
    "R9": [(V + "Reception", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R10": [(V + "Visit", GKO.takesPlaceIn, GKR.Bishkek), (V + "Negotiations", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R11": [
        (V + "Negotiations", GKO.topic, GKS.education),
        (V + "Negotiations", GKO.topic, V + "TradeTurnoverTarget"),
        (V + "Negotiations", GKO.topic, GKS.agriculture),
    ],
    "R12": [(V + "ExportReadiness", GKO.statedAt, V + "Visit")],
    "R13": [(V + "Negotiations", GKO.participant, GKR.AkylbekJaparov)],
    "R14": [(GKR.OlzhasBektenov, RDF_TYPE, GKO.Official)],
    "R15": [(GKR.KassymJomartTokayev, RDF_TYPE, GKO.HeadOfState), (GKR.OlzhasBektenov, RDF_TYPE, GKO.HeadOfGovernment)],
    "R16": [
        (V + "TradeTurnoverTarget", GKO.modality, MODALITY + "target"),
        (V + "ExportReadiness", GKO.modality, MODALITY + "readiness"),
    ],
    "R17": [
        (GKR.OlzhasBektenov, GKO.holdsPost, GKR.PrimeMinisterOfKazakhstan),
        (GKR.AkylbekJaparov, GKO.holdsPost, GKR.HeadOfThePresidentialAdministrationOfKyrgyzstan),
    ],
    "S2": [
        (V + "Reception", SCHEMA + "location", GKR.Bishkek),
        (V + "TradeTurnoverTarget", DCTERMS + "source", ARTICLE + "/s5"),
    ],
    "S3": [(ARTICLE, DCTERMS + "hasPart", ARTICLE + "/s1")],
    "S4": [(V + "ForthcomingOfficialVisit", SCHEMA + "eventStatus", SCHEMA + "EventScheduled")],
}


def documented_rows() -> dict[str, str]:
    """The rows of the tables in docs/reasoning.md, by kind ID (R1... used by named queries, S1... the others)."""
    rows = re.findall(r"^\| ([RS]\d+) \|(.*)$", REASONING_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(rows) == len({kind for kind, _ in rows}), "duplicate kind IDs in docs/reasoning.md"
    return dict(rows)


def ask(store, graph: str, triple) -> bool:
    s, p, o = (f"<{term}>" for term in triple)
    return store.query(f"ASK {{ GRAPH <{graph}> {{ {s} {p} {o} }} }}")


@pytest.fixture(scope="module")
def store(built_store):
    return open_read_only(built_store)


def test_every_documented_kind_has_a_check_and_at_least_ten_are_used_by_named_queries():
    documented = documented_rows()
    assert set(documented) == set(KINDS)
    used = [kind for kind in documented if kind.startswith("R")]
    assert len(used) >= 10
    for kind in used:
        names = re.findall(r"`([\w-]+\.rq)`", documented[kind].rsplit("|", 2)[-2])
        assert names, f"{kind}: no named query given"
        for name in names:
            header = [
                line for line in (BUNDLED_QUERIES / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")
            ]
            assert any(re.search(rf"\b{kind}\b", line) for line in header), f"{name} does not cite {kind} in its header"


@pytest.mark.parametrize("kind", sorted(KINDS, key=lambda k: (k[0], int(k[1:]))))
def test_kind_is_inferred_and_not_asserted(store, kind):
    for triple in KINDS[kind]:
        assert ask(store, str(INFERRED_GRAPH), triple), f"{kind}: {triple} missing from the inferred graph"
        assert not ask(store, article_graph(SLUG), triple), f"{kind}: {triple} is asserted in the article graph"


def test_the_modality_of_every_statement_is_inferred(store):
    rows = store.query(
        f"""SELECT ?s WHERE {{ GRAPH <{article_graph(SLUG)}> {{ ?s a ?c }}
            ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{GKO.Statement}>
            FILTER NOT EXISTS {{ GRAPH <{INFERRED_GRAPH}> {{ ?s <{GKO.modality}> ?m }} }} }}""",
    )
    assert [str(row["s"]) for row in rows] == []


def closures(ontology_dir, articles_dir) -> tuple[set, set]:
    """The cleaned inferred triples (N-Triples form) of the fast engine and of owlrl over the same inputs."""
    inputs = read_inputs(sources(articles_dir, ontology_dir))
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    articles = [quad for _, quads in inputs.articles.values() for quad in quads]
    fast, _ = closure(ontology, articles)
    reference = reason(rdflib_graph(ontology + articles))
    return set(fast), {(nt(s), nt(p), nt(o)) for s, p, o in reference.inferred}


def test_the_fast_closure_equals_owlrls_on_the_seed_article():
    fast, reference = closures(BUNDLED_ONTOLOGY, BUNDLED_ARTICLES)
    assert len(reference) > 1000
    assert fast == reference


def test_the_fast_closure_equals_owlrls_on_synthetic_articles_merged_with_the_seed(tmp_path):
    """Three generated articles (shared states, people, posts, borders) beside the real one; N = 10 in benchmarks."""
    write_corpus(3, 1, tmp_path)
    shutil.copy(BUNDLED_ARTICLES / f"{SLUG}.ttl", tmp_path)
    fast, reference = closures(BUNDLED_ONTOLOGY, tmp_path)
    assert fast == reference


@pytest.mark.parametrize(
    "axiom, feature",
    [
        ("gko:borders a owl:FunctionalProperty .", "owl:FunctionalProperty"),
        ("gko:Person owl:hasKey ( rdfs:label ) .", "owl:hasKey"),
    ],
)
def test_the_fast_closure_refuses_what_it_does_not_compile(tmp_path, axiom, feature):
    ontology = tmp_path / "ontology"
    shutil.copytree(BUNDLED_ONTOLOGY, ontology)
    (ontology / "extra.ttl").write_text(
        "@prefix gko: <https://w3id.org/govkg/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n{axiom}\n"
    )
    inputs = read_inputs(sources(BUNDLED_ARTICLES, ontology))
    with pytest.raises(Unsupported, match=feature):
        closure([q for quads in inputs.ontology.values() for q in quads], [])


#: The axioms of the standard vocabularies that would turn a modality leak into a type (their domains and ranges;
#: the store does not load them, a client may): PROV-O's and SEM's properties of what happened, SKOS's semantic
#: relations between concepts.
STANDARD_AXIOMS = """
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix sem:  <http://semanticweb.cs.vu.nl/2009/11/sem/> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    prov:wasAssociatedWith rdfs:domain prov:Activity .
    prov:qualifiedAssociation rdfs:domain prov:Activity .
    sem:hasActor rdfs:domain sem:Event .
    sem:hasPlace rdfs:domain sem:Event .
    sem:subEventOf rdfs:domain sem:Event ; rdfs:range sem:Event .
    skos:exactMatch rdfs:subPropertyOf skos:closeMatch .
    skos:closeMatch rdfs:subPropertyOf skos:mappingRelation .
    skos:mappingRelation rdfs:subPropertyOf skos:semanticRelation .
    skos:semanticRelation rdfs:domain skos:Concept ; rdfs:range skos:Concept .
"""
#: Types that say a thing exists (is built, is a place) or happened.
EXISTS = [GKO.Facility, GKO.Place, SCHEMA + "CivicStructure", SCHEMA + "Place", SEM + "Place"]
HAPPENED = [GKO.HeldEvent, PROV + "Activity", SEM + "Event"]


@pytest.fixture(scope="module")
def corpus(corpus_store):
    return open_read_only(corpus_store)


@pytest.fixture(scope="module")
def corpus_closure(corpus):
    """owlrl's closure of the corpus (ontology, both reports, curated links) with the standard vocabularies'
    axioms that a client may load."""
    graph = rdflib.Graph().parse(data=STANDARD_AXIOMS, format="turtle")
    for name in corpus.named_graphs():
        if name.value in (str(ONTOLOGY_GRAPH), str(LINKS_GRAPH)) or name.value.startswith(article_graph("")):
            graph += rdflib_graph(corpus.quads_for_pattern(None, None, None, name))
    return graph + reason(graph).inferred


def test_no_planned_or_scheduled_thing_is_inferred_to_exist_or_to_have_happened(corpus, corpus_closure):
    """The planned complex and plants are no facility, place or civic structure, and nothing contains them; the
    forthcoming visit and the programme items are no PROV activity or SEM event; nothing of a programme item rolls
    up into the visit (its topics); in the store and under the standard vocabularies' own axioms."""
    inferred = str(INFERRED_GRAPH)
    for kind, forbidden in ((GKO.PlannedFacility, EXISTS), (GKO.ScheduledEvent, HAPPENED)):
        things = {row["x"].value for row in corpus.query(f"SELECT DISTINCT ?x WHERE {{ ?x a <{kind}> }}")}
        assert len(things) >= 3, kind
        for thing in things:
            for cls in forbidden:
                assert not ask(corpus, inferred, (thing, RDF_TYPE, cls)), (thing, cls)
                assert (rdflib.URIRef(thing), rdflib.RDF.type, rdflib.URIRef(cls)) not in corpus_closure, (thing, cls)
    planned = [row["x"].value for row in corpus.query(f"SELECT ?x WHERE {{ ?x a <{GKO.PlannedFacility}> }}")]
    for facility in planned:
        assert not corpus.query(f"ASK {{ {{ ?p <{GKO.contains}> <{facility}> }} UNION {{ <{facility}> <{GKO.locatedIn}> ?p }} }}")
    visit = str(GKR) + "kg-president-official-visit-to-kazakhstan-2024-04/Visit"
    assert ask(corpus, inferred, (visit, GKO.hasProgrammeItem, visit.replace("Visit", "ManasMonumentOpening")))
    assert not ask(corpus, inferred, (visit, GKO.topic, GKR.MonumentToManas))
    # the forthcoming visit, taken place in the later report, is linked, never merged
    assert ask(corpus, inferred, (visit, GKO.realises, V + "ForthcomingOfficialVisit"))
    assert not corpus.query("ASK { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b FILTER (?a != ?b) }")


def test_no_instance_is_typed_with_an_anonymous_class(corpus):
    assert not corpus.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?x a ?c FILTER (isBlank(?c)) }} }}")


def test_no_person_nor_wikidata_item_becomes_a_skos_concept(corpus, corpus_closure):
    """gko:externalMatch is aligned to no SKOS mapping property: with SKOS's axioms loaded, a person linked to
    Wikidata stays a person, and the Wikidata item does not become a concept."""
    concept = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    people = set(corpus_closure.subjects(rdflib.RDF.type, rdflib.URIRef(GKO.Person)))
    linked = set(corpus_closure.subject_objects(rdflib.URIRef(GKO.externalMatch)))
    assert people and linked
    assert not [p for p in people if (p, rdflib.RDF.type, concept) in corpus_closure]
    assert not [item for _, item in linked if (item, rdflib.RDF.type, concept) in corpus_closure]


def test_the_fast_closure_equals_owlrls_on_the_corpus():
    """The seed and the second report together (the realised visit, the restated target, the programme items)."""
    fast, reference = closures(BUNDLED_ONTOLOGY, BUNDLED_ARTICLES)
    assert len(list(BUNDLED_ARTICLES.glob("*.ttl"))) >= 2
    assert fast == reference


def test_the_schema_closure_is_kept_apart_from_the_instance_inferences():
    """split_schema puts what the ontology implies alone (restated subclasses, domains, ranges) apart from what the
    articles add; the instance part types no ontology term."""
    from govkg.reasoning.engine import schema_of, split_schema

    inputs = read_inputs(sources(BUNDLED_ARTICLES))
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    schema = schema_of(ontology)
    kept, _ = closure(ontology, [quad for _, quads in inputs.articles.values() for quad in quads], schema)
    instance, apart = split_schema(kept, schema.triples)
    assert sorted(instance + apart) == sorted(kept)
    working, event = f"<{GKO.WorkingVisit}>", f"<{GKO.Event}>"
    assert (working, "<http://www.w3.org/2000/01/rdf-schema#subClassOf>", event) in apart
    assert (f"<{V}Visit>", f"<{RDF_TYPE}>", event) in instance
    terms = {s for s, _, _ in schema.triples if s.startswith(f"<{GKO}")}
    assert not [t for t in instance if t[0] in terms]


def test_the_fast_engine_names_the_owlrl_rule_of_each_table():
    """Each compiled rule is tagged with owlrl's (the OWL 2 RL specification's) rule id."""
    source = (REPO_ROOT / "kg" / "reasoning" / "engine.py").read_text(encoding="utf-8")
    for rule in ("cax-sco", "cax-eqc1", "cax-dw", "cax-adc", "prp-dom", "prp-rng", "prp-spo1", "prp-spo2", "prp-inv1",
                 "prp-symp", "prp-trp", "prp-irp", "prp-asyp", "prp-pdw", "cls-svf1", "cls-hv1", "cls-hv2", "cls-avf",
                 "cls-int1", "cls-int2", "cls-uni", "cls-com", "dt-type2", "dt-not-type"):
        assert re.search(rf"# .*\b{rule}\b", source), rule


def test_anonymous_restrictions_do_not_force_full_builds():
    """Dropping ``x rdf:type _:restriction`` from the stored closure leaves incremental builds exact: no rule joins
    such a type with a later premise in this ontology."""
    from govkg.reasoning.engine import cleaned_premises, schema_of

    inputs = read_inputs(sources(BUNDLED_ARTICLES))
    assert cleaned_premises(schema_of([quad for quads in inputs.ontology.values() for quad in quads])) == []
