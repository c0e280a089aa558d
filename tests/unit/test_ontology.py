"""The ontology: parses, is annotated, stays in OWL 2 RL (vocabulary, datatypes, declarations), is consistent and
satisfiable (for owlrl and for HermiT), follows one naming convention."""

import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import rdflib.collection
from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import REPO_ROOT
from govkg.errors import KgError
from govkg.project import BUNDLED_ARTICLES, BUNDLED_ONTOLOGY
from govkg.rdf.namespaces import GKO, GKR, GKS, ONTOLOGY_IRI
from govkg.reasoning.owlrl import reason

VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
VERSION_IRI = URIRef("https://w3id.org/govkg/ontology/0.2.0")
CORE = BUNDLED_ONTOLOGY / "govkg.ttl"
ALIGNMENTS = BUNDLED_ONTOLOGY / "alignments.ttl"
SHAPES = BUNDLED_ONTOLOGY / "shapes.ttl"
ARTICLE = BUNDLED_ARTICLES / "kz-kg-government-visit.ttl"
ARTICLES = sorted(BUNDLED_ARTICLES.glob("*.ttl"))
ONTOLOGY_FILES = sorted(path for path in BUNDLED_ONTOLOGY.glob("*.ttl") if path != SHAPES)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)

#: Every OWL term the OWL 2 RL profile allows in an ontology (W3C OWL 2 Profiles, section 4.2 and 4.3).
OWL_RL_VOCABULARY = {
    OWL[name]
    for name in ["Ontology", "versionIRI", "versionInfo", "imports", "priorVersion", "backwardCompatibleWith", "incompatibleWith", "deprecated", "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual", "Thing", "Nothing", "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty", "IrreflexiveProperty", "FunctionalProperty", "InverseFunctionalProperty", "Restriction", "onProperty", "someValuesFrom", "allValuesFrom", "hasValue", "maxCardinality", "maxQualifiedCardinality", "onClass", "intersectionOf", "unionOf", "complementOf", "oneOf", "inverseOf", "equivalentClass", "equivalentProperty", "disjointWith", "AllDisjointClasses", "members", "propertyDisjointWith", "AllDisjointProperties", "propertyChainAxiom", "hasKey", "sameAs", "differentFrom", "AllDifferent", "distinctMembers"]
}
#: Allowed by OWL 2 RL but banned here: they make owlrl merge nodes with owl:sameAs (see the guide).
MERGING_CONSTRUCTS = {OWL.sameAs, OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.hasKey, OWL.maxCardinality,
                      OWL.maxQualifiedCardinality}
#: OWL 2 RL (Profiles, section 4.2): class expressions that may stand only where a subclass may ...
SUB_ONLY = (OWL.someValuesFrom, OWL.unionOf, OWL.oneOf)
#: ... only where a superclass may ...
SUPER_ONLY = (OWL.allValuesFrom, OWL.complementOf, OWL.maxCardinality, OWL.maxQualifiedCardinality)
#: ... and the operands that flip the position (ObjectComplementOf and the class of a qualified cardinality).
FLIPPING = (OWL.complementOf, OWL.onClass)
FLIP = {"sub": {"super"}, "super": {"sub"}, "equivalent": {"sub", "super"}}


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
    for path in ONTOLOGY_FILES + [SHAPES, *ARTICLES]:
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


def _list_owners(graph: rdflib.Graph, node):
    """(predicate, owner) for every RDF list holding ``node`` as a member, e.g. (owl:unionOf, the union)."""
    for cell in graph.subjects(RDF.first, node):
        while (None, RDF.rest, cell) in graph:
            cell = graph.value(predicate=RDF.rest, object=cell)
        for owner, predicate in graph.subject_predicates(cell):
            yield predicate, owner


def class_expression_positions(graph: rdflib.Graph, node, seen=frozenset()) -> set[str]:
    """Where a class expression stands: 'sub', 'super' or 'equivalent', following nesting.

    Subclass positions: the subject of rdfs:subClassOf, disjoint classes. Superclass positions: the object of
    rdfs:subClassOf, rdfs:domain, rdfs:range, rdf:type. Operands of intersections, unions and restrictions take
    their owner's position; the operand of a complement (and the class of a qualified cardinality) the opposite.
    """
    if node in seen:
        return set()
    seen = seen | {node}
    positions = set()
    if (node, RDFS.subClassOf, None) in graph or (node, OWL.disjointWith, None) in graph \
            or (None, OWL.disjointWith, node) in graph:
        positions.add("sub")
    if any((None, p, node) in graph for p in (RDFS.subClassOf, RDFS.domain, RDFS.range, RDF.type)):
        positions.add("super")
    if (node, OWL.equivalentClass, None) in graph or (None, OWL.equivalentClass, node) in graph:
        positions.add("equivalent")
    for predicate, owner in _list_owners(graph, node):
        if predicate == OWL.members:
            positions.add("sub")  # owl:AllDisjointClasses
        elif predicate in (OWL.intersectionOf, OWL.unionOf):
            positions |= class_expression_positions(graph, owner, seen)
    for predicate in (OWL.someValuesFrom, OWL.allValuesFrom, *FLIPPING):
        for owner in graph.subjects(predicate, node):
            owner_positions = class_expression_positions(graph, owner, seen)
            if predicate in FLIPPING:
                owner_positions = set().union(*(FLIP[p] for p in owner_positions))
            positions |= owner_positions
    return positions


def owl_rl_problems(graph: rdflib.Graph) -> list[str]:
    """Why ``graph`` is outside the OWL 2 RL profile (or uses a construct that merges nodes); empty if it is not."""
    def name(term) -> str:
        return "owl:" + term[len(str(OWL)):]

    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(OWL))}
    problems = [f"outside the OWL 2 RL vocabulary: {name(t)}" for t in sorted(used - OWL_RL_VOCABULARY)]
    problems += [f"merges nodes under owlrl: {name(t)}" for t in sorted(used & MERGING_CONSTRUCTS)]
    for constructs, allowed in ((SUB_ONLY, "sub"), (SUPER_ONLY, "super")):
        for construct in constructs:
            for node in set(graph.subjects(construct, None)):
                wrong = class_expression_positions(graph, node) - {allowed}
                if wrong:
                    problems.append(f"{name(construct)} outside a {allowed} position: {'/'.join(sorted(wrong))}")
    for node in set(graph.subjects(RDF.type, OWL.Restriction)):
        if not isinstance(node, BNode) or (node, OWL.onProperty, None) not in graph:
            problems.append(f"restriction {node} is not an anonymous restriction on a property")
    return problems


def test_stays_inside_owl2_rl(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and t.startswith(str(OWL))}
    print("OWL constructs used:", " ".join(sorted(t[len(str(OWL)):] for t in used)))
    assert owl_rl_problems(ontology) == []


RL_SNIPPETS = ("@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
               "@prefix : <https://example.org/> .\n")


@pytest.mark.parametrize(
    "turtle, problem",
    [
        (":A rdfs:subClassOf [ owl:unionOf ( :B :C ) ] .", "unionOf outside a sub position: super"),
        (":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] .",
         "someValuesFrom outside a sub position: super"),
        (":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:cardinality 1 ] .",
         "vocabulary: owl:cardinality"),
        (":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:minCardinality 1 ] .",
         "vocabulary: owl:minCardinality"),
        (":A owl:disjointUnionOf ( :B :C ) .", "vocabulary: owl:disjointUnionOf"),
        (":p a owl:ReflexiveProperty .", "vocabulary: owl:ReflexiveProperty"),
        (":p rdfs:range [ owl:unionOf ( :B :C ) ] .", "unionOf outside a sub position: super"),
        (":p rdfs:domain [ a owl:Restriction ; owl:onProperty :q ; owl:someValuesFrom :B ] .",
         "someValuesFrom outside a sub position: super"),
        (":x a [ owl:unionOf ( :B :C ) ] .", "unionOf outside a sub position: super"),
        ("[ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :B ] rdfs:subClassOf :A .",
         "allValuesFrom outside a super position: sub"),
        ("[ owl:complementOf :B ] rdfs:subClassOf :A .", "complementOf outside a super position: sub"),
        (":A owl:equivalentClass [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] .",
         "someValuesFrom outside a sub position: equivalent"),
        (":A owl:equivalentClass [ owl:unionOf ( :B :C ) ] .", "unionOf outside a sub position: equivalent"),
        (":A rdfs:subClassOf [ owl:intersectionOf ( :B [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :C ] ) ] .",
         "someValuesFrom outside a sub position: super"),
        (":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom [ owl:unionOf ( :B :C ) ] ] .",
         "unionOf outside a sub position: super"),
        (":A rdfs:subClassOf [ owl:complementOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :C ] ] .",
         "allValuesFrom outside a super position: sub"),
        (":A owl:disjointWith [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :C ] .",
         "allValuesFrom outside a super position: sub"),
        ("[] a owl:AllDisjointClasses ; owl:members ( :A [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :C ] ) .",
         "allValuesFrom outside a super position: sub"),
        (":A rdfs:subClassOf [ owl:oneOf ( :x :y ) ] .", "oneOf outside a sub position: super"),
        (":p a owl:FunctionalProperty .", "merges nodes under owlrl: owl:FunctionalProperty"),
        (":a owl:sameAs :b .", "merges nodes under owlrl: owl:sameAs"),
        (":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:maxQualifiedCardinality 1 ; owl:onClass :B ] .",
         "merges nodes under owlrl: owl:maxQualifiedCardinality"),
        (":R a owl:Restriction ; owl:onProperty :p ; owl:hasValue :v .", "not an anonymous restriction"),
    ],
)
def test_the_owl2_rl_check_rejects_what_the_profile_does_not_allow(turtle, problem):
    problems = owl_rl_problems(rdflib.Graph().parse(data=RL_SNIPPETS + turtle, format="turtle"))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "turtle",
    [
        "[ owl:unionOf ( :B :C ) ] rdfs:subClassOf :A .",
        "[ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom [ owl:unionOf ( :B :C ) ] ] rdfs:subClassOf :A .",
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :B ] .",
        ":A rdfs:subClassOf [ owl:complementOf [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :C ] ] .",
        ":A owl:equivalentClass [ owl:intersectionOf ( :B [ a owl:Restriction ; owl:onProperty :p ; owl:hasValue :v ] ) ] .",
        ":p rdfs:range [ owl:intersectionOf ( :B :C ) ] .",
        "[] a owl:AllDisjointClasses ; owl:members ( :A [ owl:unionOf ( :B :C ) ] ) .",
    ],
)
def test_the_owl2_rl_check_accepts_what_the_profile_allows(turtle):
    assert owl_rl_problems(rdflib.Graph().parse(data=RL_SNIPPETS + turtle, format="turtle")) == []


def test_domains_and_ranges_are_single_and_agree_with_sub_properties_inverses_and_chains(ontology):
    """Several domains (or ranges) are read as their intersection, not a union (OOPS! P19), so each property has at
    most one. A sub-property's domain and range lie within its super-property's; an inverse swaps them (P05); a
    symmetric or transitive property has the same class at both ends (P28, P29); a property chain runs from the
    property's domain to its range."""
    own = terms(ontology, (OWL.ObjectProperty, OWL.DatatypeProperty))

    def end(prop, which):
        values = set(ontology.objects(prop, which))
        assert len(values) <= 1, f"{prop} has several {which}s: {sorted(values)}"
        return values.pop() if values else None

    def within(sub, sup) -> bool:
        return sup is None or (sub is not None and sup in set(ontology.transitive_objects(sub, RDFS.subClassOf)))

    for prop in sorted(own):
        domain, range_ = end(prop, RDFS.domain), end(prop, RDFS.range)
        for sup in ontology.objects(prop, RDFS.subPropertyOf):
            if sup in own:
                assert within(domain, end(sup, RDFS.domain)) and within(range_, end(sup, RDFS.range)), f"{prop} vs {sup}"
        for inverse in set(ontology.objects(prop, OWL.inverseOf)) | set(ontology.subjects(OWL.inverseOf, prop)):
            assert (end(inverse, RDFS.domain), end(inverse, RDFS.range)) == (range_, domain), f"{prop} vs {inverse}"
        if {OWL.SymmetricProperty, OWL.TransitiveProperty} & set(ontology.objects(prop, RDF.type)):
            assert domain == range_, f"{prop} is symmetric or transitive but goes from {domain} to {range_}"
        for chain in ontology.objects(prop, OWL.propertyChainAxiom):
            links = list(rdflib.collection.Collection(ontology, chain))
            assert within(end(links[0], RDFS.domain), domain), f"{prop}: chain starts outside its domain"
            assert within(end(links[-1], RDFS.range), range_), f"{prop}: chain ends outside its range"


def test_symmetric_and_transitive_properties_are_the_reviewed_ones(core):
    """Only a shared border is symmetric (OOPS! P28); only containment of places and of events is transitive (P29):
    a wrong declaration would let reasoning add false triples without any clash."""
    assert terms(core, (OWL.SymmetricProperty,)) == {GKO.borders}
    assert terms(core, (OWL.TransitiveProperty,)) == {GKO.locatedIn, GKO.contains, GKO.subEventOf, GKO.hasSubEvent}


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
            raise AssertionError(f"alignment in the core: {s} {p} {o}")


def test_terms_for_wikidata_linking(ontology):
    """A link is not an identity: gko:externalMatch is aligned to no exact-match property (SKOS's axioms would make
    people SKOS concepts; a likely identifier is no exact match); its record says how sure it is."""
    assert (GKO.externalMatch, RDF.type, OWL.ObjectProperty) in ontology
    assert not list(ontology.objects(GKO.externalMatch, RDFS.subPropertyOf))
    assert not list(ontology.objects(GKO.externalMatch, OWL.equivalentProperty))
    assert (GKO.ExternalLink, RDF.type, OWL.Class) in ontology
    assert ontology.value(GKO.linkedEntity, RDFS.domain) == GKO.ExternalLink
    assert ontology.value(GKO.linkTarget, RDFS.domain) == GKO.ExternalLink
    assert ontology.value(GKO.linkStatus, RDFS.range) == XSD.string
    assert ontology.value(GKO.matchScore, RDFS.range) == XSD.decimal


def test_sector_scheme_has_the_required_sectors(ontology):
    required = ["food", "industrial", "petrochemical", "construction", "pharmaceutical", "agriculture", "education", "culture", "tourism", "trade", "transitAndTransport", "waterManagement", "energy", "solarPower", "ferroalloys", "humanitarian"]
    for name in required:
        concept = GKS[name]
        assert (concept, RDF.type, SKOS.Concept) in ontology, name
        assert (concept, SKOS.inScheme, GKR.Sectors) in ontology, name
        assert ontology.value(concept, SKOS.prefLabel) is not None, name


#: Disjointness that the aligned vocabularies declare (FOAF, PROV-O, OWL-Time): an alignment that puts one of our
#: classes under both sides (say gko:Person under foaf:Organization) must show up as a clash.
ALIGNED_DISJOINTNESS = rdflib.Graph().parse(format="turtle", data="""
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    <http://xmlns.com/foaf/0.1/Person> owl:disjointWith <http://xmlns.com/foaf/0.1/Organization> .
    <http://www.w3.org/ns/prov#Activity> owl:disjointWith <http://www.w3.org/ns/prov#Entity> .
    <http://www.w3.org/2006/time#ProperInterval> owl:disjointWith <http://www.w3.org/2006/time#Instant> .
""")


def test_ontology_and_article_are_consistent(ontology):
    """The ontology with both reports (the seed and the later one that links to it) and the aligned disjointness."""
    closure = reason(ontology + ALIGNED_DISJOINTNESS + parse(*ARTICLES))
    assert len(ARTICLES) >= 2 and len(closure.inferred) > 500


def test_one_instance_of_every_class_and_one_use_of_every_property_reason_without_a_clash(ontology):
    graph = rdflib.Graph() + ontology + ALIGNED_DISJOINTNESS
    test = rdflib.Namespace("https://example.org/satisfiability/")
    for cls in terms(ontology, (OWL.Class,)):
        graph.add((test[cls[len(str(GKO)):]], RDF.type, cls))
    for prop in terms(ontology, (OWL.ObjectProperty,)):
        name = prop[len(str(GKO)):]
        graph.add((test["subjectOf_" + name], prop, test["objectOf_" + name]))
    samples = {XSD.integer: Literal(1), XSD.decimal: Literal("0.5", datatype=XSD.decimal), XSD.string: Literal("x"),
               None: Literal("2024", datatype=XSD.gYear)}  # no range: gko:withinYear (an xsd:gYear), texts
    for prop in terms(ontology, (OWL.DatatypeProperty,)):
        graph.add((test["subjectOf_" + prop[len(str(GKO)):]], prop, samples[ontology.value(prop, RDFS.range)]))
    inferred = reason(graph).inferred
    assert not list(inferred.subjects(RDF.type, OWL.Nothing))


@pytest.mark.parametrize(
    "first, second",
    [(GKO.Person, GKO.Organization), (GKO.Event, GKO.Statement), (GKO.Target, GKO.Plan), (GKO.City, GKO.Border),
     (GKO.WorkingVisit, GKO.OfficialVisit), (GKO.Measure, GKO.Readiness), (GKO.SovereignState, GKO.Person),
     (GKO.HeldEvent, GKO.ScheduledEvent), (GKO.HeldEvent, GKO.ForthcomingEvent), (GKO.PlannedFacility, GKO.Facility),
     (GKO.PlannedFacility, GKO.Place), (GKO.Population, GKO.Organization), (GKO.Agreement, GKO.NewsArticle)],
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

    spec = importlib.util.spec_from_file_location("build_docs", REPO_ROOT / "docs" / "build_docs.py")
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


def test_a_city_state_and_a_state_with_several_capitals_are_consistent(ontology):
    """gko:City is not disjoint with gko:SovereignState (Singapore, Monaco); a state may have several capitals."""
    graph = rdflib.Graph() + ontology
    city_state, first, second = (URIRef(f"https://example.org/{name}") for name in ("CityState", "First", "Second"))
    graph.add((city_state, RDF.type, GKO.City))
    graph.add((city_state, RDF.type, GKO.SovereignState))
    graph.add((city_state, GKO.hasCapital, first))
    graph.add((city_state, GKO.hasCapital, second))
    assert (second, RDF.type, GKO.Capital) in reason(graph).inferred


#: The datatypes of the OWL 2 RL profile (OWL 2 Profiles, section 4.2): no xsd:gYear, no xsd:date.
OWL2_RL_DATATYPES = {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal} | {
    XSD[name]
    for name in ["decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "float", "double", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp"]
}
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
#: The OWL kinds a term can be declared with, by the position it is used in.
CLASS_KINDS, PROPERTY_KINDS = {OWL.Class}, {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def datatype_problems(graph: rdflib.Graph) -> list[str]:
    """Datatypes the ontology reasons with (ranges, data restrictions) that are outside OWL 2 RL's datatype map."""
    used = set(graph.objects(None, RDFS.range)) | set(graph.objects(None, OWL.onDatatype))
    for restriction in graph.subjects(RDF.type, OWL.Restriction):
        used |= set(graph.objects(restriction, OWL.someValuesFrom)) | set(graph.objects(restriction, OWL.allValuesFrom))
    return [f"datatype outside OWL 2 RL: {d}" for d in sorted(used) if str(d).startswith(str(XSD)) and d not in OWL2_RL_DATATYPES]


def undeclared_external_terms(declarations: rdflib.Graph, *graphs: rdflib.Graph) -> list[str]:
    """External terms (not gko:/govkg resources, not RDF/RDFS/OWL/XSD) used as a class or a property in ``graphs``
    that ``declarations`` does not declare with an OWL kind fit for that use."""
    needs: dict[URIRef, set] = {}
    for graph in graphs:
        for _, p, o in graph:
            needs.setdefault(p, set()).add("property")
            if p == RDF.type and isinstance(o, URIRef):
                needs.setdefault(o, set()).add("class")
            if p in (RDFS.subClassOf, OWL.disjointWith, OWL.equivalentClass, RDFS.domain, RDFS.range) and isinstance(o, URIRef):
                needs.setdefault(o, set()).add("class")
            if p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.onProperty, OWL.equivalentProperty):
                needs.setdefault(o, set()).add("property")
    problems = []
    for term, uses in sorted(needs.items()):
        if str(term).startswith(BUILT_IN) or str(term).startswith("https://w3id.org/govkg/") or term in OWL2_RL_DATATYPES:
            continue
        kinds = set(declarations.objects(term, RDF.type))
        for use, allowed in (("class", CLASS_KINDS), ("property", PROPERTY_KINDS)):
            if use in uses and not kinds & allowed:
                problems.append(f"{term} is used as a {use} but not declared as one")
    return problems


def test_the_profile_check_covers_datatypes_and_declarations(ontology):
    assert datatype_problems(ontology) == []
    articles = [parse(path) for path in ARTICLES]
    assert undeclared_external_terms(ontology, ontology, *articles) == []


@pytest.mark.parametrize(
    "turtle, problem",
    [
        (":p rdfs:range xsd:gYear .", "datatype outside OWL 2 RL"),
        (":p rdfs:range xsd:date .", "datatype outside OWL 2 RL"),
        ("[ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom xsd:gYear ] rdfs:subClassOf :A .",
         "datatype outside OWL 2 RL"),
        (":A rdfs:subClassOf <https://schema.org/Thing> .", "used as a class but not declared"),
        (":p rdfs:subPropertyOf <https://schema.org/about> .", "used as a property but not declared"),
        ("<https://schema.org/about> a owl:Class . :p rdfs:subPropertyOf <https://schema.org/about> .",
         "used as a property but not declared"),
    ],
)
def test_the_profile_check_rejects_undeclared_terms_and_datatypes_outside_the_map(turtle, problem):
    graph = rdflib.Graph().parse(data=RL_SNIPPETS + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + turtle)
    problems = datatype_problems(graph) + undeclared_external_terms(graph, graph)
    assert any(problem in p for p in problems), problems


def hermit(graph: rdflib.Graph, folder: Path) -> list[str]:
    """HermiT (bundled with owlready2, run on Java) over ``graph``: its unsatisfiable classes (owl:Nothing aside);
    an AssertionError if the ontology is inconsistent."""
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("HermiT needs Java")
    path = folder / "ontology.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as error:
        raise AssertionError(f"HermiT: the ontology is inconsistent: {error}") from None
    return sorted(str(cls.iri) for cls in world.inconsistent_classes() if cls.iri != str(OWL.Nothing))


def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(ontology, tmp_path):
    """An independent OWL 2 DL reasoner agrees with owlrl: consistent (with the individuals of the concept schemes
    and the disjointness of the aligned vocabularies), every class satisfiable."""
    assert hermit(ontology + ALIGNED_DISJOINTNESS, tmp_path) == []


def test_hermit_reports_an_unsatisfiable_class(ontology, tmp_path):
    graph = ontology + rdflib.Graph().parse(format="turtle", data="""
        @prefix gko: <https://w3id.org/govkg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://example.org/PlannedBuiltFacility> a owl:Class ; rdfs:subClassOf gko:PlannedFacility , gko:Facility .
    """)
    assert hermit(graph, tmp_path) == ["https://example.org/PlannedBuiltFacility"]
