"""The ontology: parses, is annotated, stays in OWL 2 RL, is consistent and satisfiable, follows one naming convention."""

import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.errors import KgError
from kg.namespaces import GKO, GKR, GKS, ONTOLOGY_IRI
from kg.paths import ARTICLES_DIR, ONTOLOGY_DIR, PROJECT_ROOT
from kg.reason import reason

VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
VERSION_IRI = URIRef("https://w3id.org/govkg/ontology/0.1.0")
CORE = ONTOLOGY_DIR / "govkg.ttl"
ALIGNMENTS = ONTOLOGY_DIR / "alignments.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
ARTICLE = ARTICLES_DIR / "kz-kg-government-visit.ttl"
ONTOLOGY_FILES = sorted(path for path in ONTOLOGY_DIR.glob("*.ttl") if path != SHAPES)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)

#: Every OWL term the OWL 2 RL profile allows in an ontology (W3C OWL 2 Profiles, section 4.2 and 4.3).
OWL_RL_VOCABULARY = {
    OWL[name]
    for name in (
        "Ontology versionIRI versionInfo imports priorVersion backwardCompatibleWith incompatibleWith deprecated "
        "Class ObjectProperty DatatypeProperty AnnotationProperty NamedIndividual Thing Nothing "
        "TransitiveProperty SymmetricProperty AsymmetricProperty IrreflexiveProperty FunctionalProperty "
        "InverseFunctionalProperty Restriction onProperty someValuesFrom allValuesFrom hasValue maxCardinality "
        "maxQualifiedCardinality onClass intersectionOf unionOf complementOf oneOf inverseOf equivalentClass "
        "equivalentProperty disjointWith AllDisjointClasses members propertyDisjointWith AllDisjointProperties "
        "propertyChainAxiom hasKey sameAs differentFrom AllDifferent distinctMembers"
    ).split()
}
#: Allowed by OWL 2 RL but banned here: they make owlrl merge nodes with owl:sameAs (see the guide).
MERGING_CONSTRUCTS = {OWL.sameAs, OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.hasKey, OWL.maxCardinality}


def parse(*paths: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def core():
    return parse(CORE)


@pytest.fixture(scope="module")
def ontology():
    return parse(*ONTOLOGY_FILES)


def terms(graph: rdflib.Graph, kinds=TERM_TYPES) -> set[URIRef]:
    """The ontology's own classes and properties."""
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(GKO))}


@pytest.mark.parametrize("path", ONTOLOGY_FILES + [SHAPES], ids=lambda p: p.name)
def test_parses_with_rdflib_and_pyoxigraph(path):
    assert len(parse(path)) > 0
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(parse(path))


def test_header_carries_the_metadata(core):
    ontology = URIRef(ONTOLOGY_IRI)
    assert (ontology, RDF.type, OWL.Ontology) in core
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created, DCTERMS.license,
                 OWL.versionInfo, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert core.value(ontology, prop) is not None, f"ontology header lacks {prop}"
    assert core.value(ontology, OWL.versionIRI) == VERSION_IRI != ontology
    assert str(core.value(ontology, VANN.preferredNamespacePrefix)) == "gko"
    assert str(core.value(ontology, VANN.preferredNamespaceUri)) == str(GKO)


def test_every_class_and_property_is_annotated(core):
    found = terms(core)
    assert len(found) > 50
    for term in sorted(found):
        for prop in (RDFS.label, SKOS.definition):
            values = [v for v in core.objects(term, prop) if isinstance(v, Literal) and v.language == "en"]
            assert len(values) == 1, f"{term} needs one English {prop}"
        assert core.value(term, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI), f"{term} lacks rdfs:isDefinedBy"


def test_every_gko_term_used_anywhere_is_declared(core):
    declared = terms(core)
    for path in ONTOLOGY_FILES + [SHAPES, ARTICLE]:
        graph = parse(path)
        used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(GKO))}
        assert sorted(used - declared) == [], f"{path.name} uses undeclared gko: terms"


def test_one_naming_convention_under_one_namespace(core):
    for term in terms(core, (OWL.Class,)):
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", term[len(str(GKO)):]), f"class {term} is not UpperCamelCase"
    for term in terms(core, (OWL.ObjectProperty, OWL.DatatypeProperty)):
        assert re.fullmatch(r"[a-z][A-Za-z0-9]*", term[len(str(GKO)):]), f"property {term} is not lowerCamelCase"
    defined = {s for s in core.subjects() if isinstance(s, URIRef)} - {URIRef(ONTOLOGY_IRI)}
    assert all(s.startswith(str(GKO)) for s in defined), "the core defines terms outside gko:"


def _class_expression_positions(graph: rdflib.Graph, node) -> set[str]:
    """Where an anonymous class expression occurs: 'sub', 'super' or 'equivalent' (following lists and nesting)."""
    positions = set()
    if (node, RDFS.subClassOf, None) in graph:
        positions.add("sub")
    if (None, RDFS.subClassOf, node) in graph:
        positions.add("super")
    if (node, OWL.equivalentClass, None) in graph or (None, OWL.equivalentClass, node) in graph:
        positions.add("equivalent")
    for predicate in (OWL.intersectionOf, OWL.unionOf):
        for list_node in graph.subjects(RDF.first, node):
            while (None, RDF.rest, list_node) in graph:
                list_node = graph.value(predicate=RDF.rest, object=list_node)
            for owner in graph.subjects(predicate, list_node):
                positions |= _class_expression_positions(graph, owner)
    for owner in graph.subjects(OWL.someValuesFrom, node):
        positions |= _class_expression_positions(graph, owner)
    return positions


def test_stays_inside_owl2_rl(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and t.startswith(str(OWL))}
    print("OWL constructs used:", " ".join(sorted(t[len(str(OWL)):] for t in used)))
    assert sorted(used - OWL_RL_VOCABULARY) == [], "constructs outside the OWL 2 RL profile"
    assert sorted(used & MERGING_CONSTRUCTS) == [], "constructs that merge nodes under owlrl"
    # OWL 2 RL allows an existential (or a union) only as a subclass, a universal (or a complement) only as a
    # superclass, and only intersections and hasValue restrictions in an equivalence.
    only_sub = [s for p in (OWL.someValuesFrom, OWL.unionOf) for s in ontology.subjects(p, None)]
    only_super = [s for p in (OWL.allValuesFrom, OWL.complementOf) for s in ontology.subjects(p, None)]
    for node in only_sub:
        assert _class_expression_positions(ontology, node) <= {"sub"}, f"{node}: existential/union outside a subclass"
    for node in only_super:
        assert _class_expression_positions(ontology, node) <= {"super"}, f"{node}: universal/complement outside a superclass"
    for node in set(ontology.subjects(RDF.type, OWL.Restriction)):
        assert isinstance(node, BNode)
        assert (node, OWL.onProperty, None) in ontology


def test_alignments_are_separate_and_cover_the_standard_vocabularies(core):
    standard = {
        "schema.org": "https://schema.org/",
        "ORG": "http://www.w3.org/ns/org#",
        "FOAF": "http://xmlns.com/foaf/0.1/",
        "PROV-O": "http://www.w3.org/ns/prov#",
        "SKOS": str(SKOS),
        "SEM": "http://semanticweb.cs.vu.nl/2009/11/sem/",
        "Dublin Core": str(DCTERMS),
        "OWL-Time": "http://www.w3.org/2006/time#",
    }
    alignments = parse(ALIGNMENTS)
    for name, namespace in standard.items():
        assert any(str(o).startswith(namespace) for o in alignments.objects()), f"no alignment to {name}"
    axioms = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
    for s, p, o in core:
        if p in axioms and not str(o).startswith(str(GKO)) and not isinstance(o, BNode):
            assert (s, p, o) == (GKO.externalMatch, RDFS.subPropertyOf, SKOS.exactMatch), f"alignment in the core: {s} {p} {o}"


def test_terms_for_wikidata_linking(core):
    assert (GKO.externalMatch, RDF.type, OWL.ObjectProperty) in core
    assert (GKO.externalMatch, RDFS.subPropertyOf, SKOS.exactMatch) in core
    assert (GKO.ExternalLink, RDF.type, OWL.Class) in core
    assert core.value(GKO.linkedEntity, RDFS.domain) == GKO.ExternalLink
    assert core.value(GKO.linkTarget, RDFS.domain) == GKO.ExternalLink
    assert core.value(GKO.linkStatus, RDFS.range) == XSD.string
    assert core.value(GKO.matchScore, RDFS.range) == XSD.decimal


def test_sector_scheme_has_the_required_sectors(ontology):
    required = ("food industrial petrochemical construction pharmaceutical agriculture education culture tourism "
                "trade transitAndTransport waterManagement").split()
    for name in required:
        concept = GKS[name]
        assert (concept, RDF.type, SKOS.Concept) in ontology, name
        assert (concept, SKOS.inScheme, GKR.Sectors) in ontology, name
        assert ontology.value(concept, SKOS.prefLabel) is not None, name


def test_ontology_and_article_are_consistent(ontology):
    closure = reason(ontology + parse(ARTICLE))
    assert len(closure.inferred) > 500


def test_one_instance_of_every_class_and_one_use_of_every_property_reason_without_a_clash(ontology):
    graph = rdflib.Graph() + ontology
    test = rdflib.Namespace("https://example.org/satisfiability/")
    for cls in terms(ontology, (OWL.Class,)):
        graph.add((test[cls[len(str(GKO)):]], RDF.type, cls))
    for prop in terms(ontology, (OWL.ObjectProperty,)):
        name = prop[len(str(GKO)):]
        graph.add((test["subjectOf_" + name], prop, test["objectOf_" + name]))
    samples = {XSD.integer: Literal(1), XSD.decimal: Literal("0.5", datatype=XSD.decimal), XSD.string: Literal("x"),
               XSD.gYear: Literal("2024", datatype=XSD.gYear)}
    for prop in terms(ontology, (OWL.DatatypeProperty,)):
        graph.add((test["subjectOf_" + prop[len(str(GKO)):]], prop, samples[ontology.value(prop, RDFS.range)]))
    inferred = reason(graph).inferred
    assert not list(inferred.subjects(RDF.type, OWL.Nothing))


@pytest.mark.parametrize(
    "first, second",
    [(GKO.Person, GKO.Organization), (GKO.Event, GKO.Statement), (GKO.Target, GKO.Plan), (GKO.City, GKO.Border)],
)
def test_disjointness_is_detected(ontology, first, second):
    graph = rdflib.Graph() + ontology
    clash = URIRef("https://example.org/clash")
    graph.add((clash, RDF.type, first))
    graph.add((clash, RDF.type, second))
    with pytest.raises(KgError, match="inconsistent"):
        reason(graph)


def test_html_documentation_and_diagram_are_generated_from_the_current_turtle(core):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_docs", PROJECT_ROOT / "docs" / "build_docs.py")
    build_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_docs)
    assert build_docs.DOT_FILE.read_text(encoding="utf-8") == build_docs.diagram_source(), (
        "the class diagram is out of date: run 'python docs/build_docs.py'"
    )
    svg = build_docs.SVG_FILE.read_text(encoding="utf-8")
    html = build_docs.HTML_FILE.read_text(encoding="utf-8")
    for cls in terms(core, (OWL.Class,)):
        name = cls[len(str(GKO)):]
        assert name in svg, f"{name} missing from the diagram"
        assert name in html, f"{name} missing from the HTML documentation"
