"""A fast OWL 2 RL closure for the build, equal to owlrl's after cleaning (govkg.reasoning.owlrl stays the reference).

owlrl re-applies every rule to every triple until nothing changes, which grows
faster than the number of articles. Here the closure is split in two:

1. the schema: owlrl's closure of the ontology alone (small, about 0.7 s), from
   which the rules that can fire on instance data are compiled into tables
   (the superclasses, domains, ranges, super-properties, inverses of each term,
   the symmetric and transitive properties, property chains, someValuesFrom,
   hasValue, allValuesFrom, intersection and union classes, disjointness);
2. the instances: those tables applied semi-naively (each new triple is joined
   once with what is already known) to the article triples.

This is exact as long as the articles add no schema (no triple about classes or
properties, no owl:sameAs) and the ontology uses no OWL RL feature that makes
nodes equal (functional or inverse-functional properties, keys, max
cardinalities) or that this module does not compile; :class:`Unsupported` says
which, and the build then uses owlrl for the whole closure. Terms are handled
as N-Triples strings (``<iri>``, ``_:b``, ``"lexical"^^<datatype>``); facts live
in a :class:`Facts` index, which :mod:`govkg.build.incremental` backs by the store.
tests/test_reasoning.py checks that the result equals owlrl's.
"""

from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

from govkg.rdf.io import rdflib_graph
from govkg.reasoning.owlrl import clean, nt, owlrl_closure, raise_on_inconsistency

RDF_NS, RDFS_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS, XSD_NS = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#"
TYPE, FIRST, REST, NIL = (f"<{RDF_NS}{name}>" for name in ("type", "first", "rest", "nil"))
SUBCLASS, SUBPROPERTY, DOMAIN, RANGE = (f"<{RDFS_NS}{n}>" for n in ("subClassOf", "subPropertyOf", "domain", "range"))
THING, NOTHING, SAME_AS = (f"<{OWL_NS}{name}>" for name in ("Thing", "Nothing", "sameAs"))


def _owl(name: str) -> str:
    return f"<{OWL_NS}{name}>"


#: Instance-level triples an article may hold: predicates of the standard vocabularies that carry no schema.
_INSTANCE_PREDICATES = {TYPE, f"<{RDF_NS}value>"} | {
    f"<{RDFS_NS}{name}>" for name in ("label", "comment", "seeAlso", "isDefinedBy")
}
_STANDARD = tuple(f"<{namespace}" for namespace in (RDF_NS, RDFS_NS, OWL_NS))
#: OWL RL features the tables do not cover (they make nodes equal or are not compiled here).
_UNSUPPORTED_TYPES = {
    _owl(name): name
    for name in ("FunctionalProperty", "InverseFunctionalProperty", "AllDisjointProperties", "AllDifferent")
}
_UNSUPPORTED_PREDICATES = {
    _owl(name): name
    for name in ("hasKey", "maxCardinality", "maxQualifiedCardinality", "sourceIndividual", "differentFrom")
}
_DATATYPE_NAMESPACES = (f"<{XSD_NS}", f"<{RDF_NS}PlainLiteral>", f"<{RDFS_NS}Literal>")
_RL_DATATYPES = {f"<{datatype}>" for datatype in OWL_RL_Datatypes}
_SUBSUMPTIONS = {f"<{dt}>": [f"<{sup}>" for sup in sups] for dt, sups in OWL_Datatype_Subsumptions.items()}


class Unsupported(Exception):
    """The inputs use something the fast closure does not handle exactly; the message says what."""


def ox_term(node: str):
    """The pyoxigraph term of an N-Triples term."""
    if node.startswith("<"):
        return ox.NamedNode(node[1:-1])
    if node.startswith("_:"):
        return ox.BlankNode(node[2:])
    return next(ox.parse(input=f"<x:s> <x:p> {node} .", format=ox.RdfFormat.N_TRIPLES)).object


def plain(node: str) -> str:
    """The term as owlrl writes it in a message (str of the rdflib term): IRI, blank node id or lexical form."""
    return ox_term(node).value


def datatype_of(node: str) -> str | None:
    """The datatype of a literal written with ``^^``, else None."""
    return node[node.rindex("^^") + 2 :] if node.startswith('"') and node.endswith(">") else None


def literal_errors(literal: ox.Literal) -> str | None:
    """owlrl's dt-not-type message if ``literal`` is an OWL RL datatype literal whose lexical form is invalid."""
    if literal.language or f"<{literal.datatype.value}>" not in _RL_DATATYPES:
        return None
    datatype = rdflib.URIRef(literal.datatype.value)
    try:
        AltXSDToPYTHON.get(datatype, lambda value: value)(literal.value)
    except (ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
        return f"Lexical value of the literal '{literal.value}' does not match its datatype ({datatype})"
    return None


class Facts:
    """Triples indexed by predicate and subject, and by predicate and object."""

    def __init__(self):
        self.out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.into: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(self, s: str, p: str, o: str) -> bool:
        """Add a triple; True if it is new."""
        if self.has(s, p, o):
            return False
        self.out[p][s].add(o)
        self.into[p][o].add(s)
        return True

    def has(self, s: str, p: str, o: str) -> bool:
        by_subject = self.out.get(p)
        return by_subject is not None and o in by_subject.get(s, ())

    def objects(self, s: str, p: str) -> Iterable[str]:
        by_subject = self.out.get(p)
        return list(by_subject.get(s, ())) if by_subject is not None else []

    def subjects(self, p: str, o: str) -> Iterable[str]:
        by_object = self.into.get(p)
        return list(by_object.get(o, ())) if by_object is not None else []


@dataclass
class Schema:
    """The instance rules compiled from owlrl's closure of the ontology: for each term, what its triples imply."""

    triples: set[tuple[str, str, str]] = field(default_factory=set)
    superclasses: dict = field(default_factory=lambda: defaultdict(set))
    domains: dict = field(default_factory=lambda: defaultdict(set))
    ranges: dict = field(default_factory=lambda: defaultdict(set))
    superproperties: dict = field(default_factory=lambda: defaultdict(set))
    inverses: dict = field(default_factory=lambda: defaultdict(set))
    symmetric: set = field(default_factory=set)
    transitive: set = field(default_factory=set)
    irreflexive: set = field(default_factory=set)
    asymmetric: set = field(default_factory=set)
    #: property -> [(chain property, chain, position of the property in the chain)]
    chains: dict = field(default_factory=lambda: defaultdict(list))
    #: someValuesFrom: property -> [(restriction, class)] and class -> [(restriction, property)]
    svf_by_property: dict = field(default_factory=lambda: defaultdict(list))
    svf_by_class: dict = field(default_factory=lambda: defaultdict(list))
    #: hasValue: restriction -> [(property, value)] and property -> [(value, restriction)]
    hv_by_class: dict = field(default_factory=lambda: defaultdict(list))
    hv_by_property: dict = field(default_factory=lambda: defaultdict(list))
    #: allValuesFrom: restriction -> [(property, class)] and property -> [(restriction, class)]
    avf_by_class: dict = field(default_factory=lambda: defaultdict(list))
    avf_by_property: dict = field(default_factory=lambda: defaultdict(list))
    #: intersection class -> members; member -> [intersection classes]; member -> union classes
    intersections: dict = field(default_factory=dict)
    intersections_by_member: dict = field(default_factory=lambda: defaultdict(list))
    unions_by_member: dict = field(default_factory=lambda: defaultdict(set))
    #: class -> [(other class, first, second)] with first and second in owlrl's message order; same for properties
    disjoint: dict = field(default_factory=lambda: defaultdict(list))
    complements: dict = field(default_factory=lambda: defaultdict(list))
    disjoint_properties: dict = field(default_factory=lambda: defaultdict(list))

    def trigger_properties(self) -> set[str]:
        """Every property whose triples a rule reads."""
        return (
            set(self.domains)
            | set(self.ranges)
            | set(self.superproperties)
            | set(self.inverses)
            | self.symmetric
            | self.transitive
            | self.irreflexive
            | self.asymmetric
            | set(self.chains)
            | set(self.svf_by_property)
            | set(self.hv_by_property)
            | set(self.avf_by_property)
            | set(self.disjoint_properties)
        )

    def trigger_classes(self) -> set[str]:
        """Every class whose instances a rule reads (beyond following the class hierarchy)."""
        return (
            set(self.svf_by_class)
            | set(self.hv_by_class)
            | set(self.avf_by_class)
            | set(self.intersections)
            | set(self.intersections_by_member)
            | set(self.unions_by_member)
            | set(self.disjoint)
            | set(self.complements)
        )


def cleaned_premises(schema: Schema) -> list[str]:
    """The classes whose instances a rule reads but whose rdf:type triples the cleaning drops from the stored closure
    (owl:Thing, rdfs:Resource, datatypes; anonymous classes that a rule joins with another premise): an incremental
    build, which reads the stored closure, cannot use them.

    An anonymous restriction whose instances only one-premise rules read (cax-sco to its superclasses, cls-hv1) is
    no such premise: every consequence of ``x rdf:type _:r`` was stored when that triple was derived.
    """
    classes = schema.trigger_classes() | {c for c, supers in schema.superclasses.items() if supers}
    joined = (
        set(schema.avf_by_class)
        | set(schema.intersections)
        | set(schema.intersections_by_member)
        | set(schema.disjoint)
        | set(schema.complements)
    )
    return sorted(
        c
        for c in classes
        if c in (THING, f"<{RDFS_NS}Resource>")
        or c.startswith(_DATATYPE_NAMESPACES)
        or (c.startswith("_:") and c in joined)
    )


def compile_schema(closure: Iterable[tuple[str, str, str]]) -> Schema:
    """The instance rules' tables, from owlrl's closure of the ontology (N-Triples form); Unsupported if needed."""
    schema = Schema(triples=set(closure))
    facts = Facts()
    for triple in schema.triples:
        facts.add(*triple)

    def one(s: str, p: str) -> list[str]:
        return list(facts.objects(s, p))

    def items(head: str) -> list[str]:
        members: list[str] = []
        while head != NIL and len(members) <= len(schema.triples):
            members += one(head, FIRST)
            rests = one(head, REST)
            if not rests:
                break
            head = rests[0]
        return members

    for s, p, o in schema.triples:
        if p in _UNSUPPORTED_PREDICATES:
            raise Unsupported(f"the ontology uses owl:{_UNSUPPORTED_PREDICATES[p]}")
        if p == SAME_AS and s != o:
            raise Unsupported("the ontology states or implies owl:sameAs between different nodes")
        if p == TYPE and o in _UNSUPPORTED_TYPES:
            raise Unsupported(f"the ontology uses owl:{_UNSUPPORTED_TYPES[o]}")
        if p == SUBCLASS and s != o:  # cax-sco
            schema.superclasses[s].add(o)
        elif p == _owl("equivalentClass") and s != o:  # cax-eqc1, cax-eqc2
            schema.superclasses[s].add(o)
            schema.superclasses[o].add(s)
        elif p == DOMAIN:  # prp-dom
            schema.domains[s].add(o)
        elif p == RANGE:  # prp-rng
            schema.ranges[s].add(o)
        elif p == SUBPROPERTY and s != o:  # prp-spo1
            schema.superproperties[s].add(o)
        elif p == _owl("equivalentProperty") and s != o:  # prp-eqp1, prp-eqp2
            schema.superproperties[s].add(o)
            schema.superproperties[o].add(s)
        elif p == _owl("inverseOf"):  # prp-inv1, prp-inv2
            schema.inverses[s].add(o)
            schema.inverses[o].add(s)
        elif p == TYPE and o == _owl("SymmetricProperty"):  # prp-symp
            schema.symmetric.add(s)
        elif p == TYPE and o == _owl("TransitiveProperty"):  # prp-trp
            schema.transitive.add(s)
        elif p == TYPE and o == _owl("IrreflexiveProperty"):  # prp-irp
            schema.irreflexive.add(s)
        elif p == TYPE and o == _owl("AsymmetricProperty"):  # prp-asyp
            schema.asymmetric.add(s)
        elif p == _owl("propertyChainAxiom"):  # prp-spo2
            chain = items(o)
            for position, link in enumerate(chain):
                schema.chains[link].append((s, chain, position))
        elif p == _owl("someValuesFrom"):  # cls-svf1, cls-svf2
            for prop in one(s, _owl("onProperty")):
                schema.svf_by_property[prop].append((s, o))
                schema.svf_by_class[o].append((s, prop))
        elif p == _owl("hasValue"):  # cls-hv1, cls-hv2
            for prop in one(s, _owl("onProperty")):
                schema.hv_by_class[s].append((prop, o))
                schema.hv_by_property[prop].append((o, s))
        elif p == _owl("allValuesFrom"):  # cls-avf
            for prop in one(s, _owl("onProperty")):
                schema.avf_by_class[s].append((prop, o))
                schema.avf_by_property[prop].append((s, o))
        elif p == _owl("intersectionOf"):  # cls-int1, cls-int2
            members = items(o)
            if members:
                schema.intersections[s] = members
                for member in members:
                    schema.intersections_by_member[member].append(s)
        elif p == _owl("unionOf"):  # cls-uni
            for member in items(o):
                schema.unions_by_member[member].add(s)
        elif p == _owl("disjointWith"):  # cax-dw
            schema.disjoint[s].append((o, s, o))
            schema.disjoint[o].append((s, s, o))
        elif p == TYPE and o == _owl("AllDisjointClasses"):  # cax-adc
            for head in one(s, _owl("members")):
                classes = items(head)
                for i, first in enumerate(classes):
                    for second in classes[i + 1 :]:
                        schema.disjoint[first].append((second, first, second))
                        schema.disjoint[second].append((first, first, second))
        elif p == _owl("complementOf"):  # cls-com
            schema.complements[s].append((o, s, o))
            schema.complements[o].append((s, s, o))
        elif p == _owl("propertyDisjointWith"):  # prp-pdw
            schema.disjoint_properties[s].append((o, s, o))
            schema.disjoint_properties[o].append((s, s, o))
    return schema


def check_instance_triple(s: str, p: str, o: str) -> None:
    """Unsupported if the article triple (s, p, o) is schema (about classes or properties) or owl:sameAs."""
    if (p.startswith(_STANDARD) and p not in _INSTANCE_PREDICATES) or (p == TYPE and o.startswith(_STANDARD)):
        raise Unsupported(f"an article states {s} {p} {o} (schema or equality in an article)")


def literal_types(node: str) -> list[str]:
    """owlrl's dt-type2 typing of a literal: its OWL RL datatype and the datatypes that contain it."""
    datatype = datatype_of(node)
    if datatype not in _RL_DATATYPES:
        return []
    return [datatype, *_SUBSUMPTIONS.get(datatype, [])]


@dataclass
class Extension:
    """What :func:`extend` found: the new triples it derived and owlrl's inconsistency messages."""

    derived: list[tuple[str, str, str]] = field(default_factory=list)
    errors: set[str] = field(default_factory=set)


def extend(schema: Schema, facts: Facts, new: Iterable[tuple[str, str, str]]) -> Extension:
    """Add the triples ``new`` to ``facts`` and everything the instance rules derive from them (semi-naive)."""
    result = Extension()
    queue: deque[tuple[str, str, str]] = deque()
    for triple in new:
        if facts.add(*triple):
            queue.append(triple)
        for node in (triple[2],) if triple[2].startswith('"') else ():
            for datatype in literal_types(node):  # dt-type2
                if facts.add(node, TYPE, datatype):
                    queue.append((node, TYPE, datatype))
                    result.derived.append((node, TYPE, datatype))

    def derive(s: str, p: str, o: str) -> None:
        if facts.add(s, p, o):
            queue.append((s, p, o))
            result.derived.append((s, p, o))

    properties = schema.trigger_properties()
    while queue:
        s, p, o = queue.popleft()
        if p == TYPE:
            _class_rules(schema, facts, s, o, derive, result.errors)
        if p in properties:
            _property_rules(schema, facts, s, p, o, derive, result.errors)
    return result


def _class_rules(schema: Schema, facts: Facts, x: str, c: str, derive, errors: set[str]) -> None:
    """The rules triggered by ``x rdf:type c``: cax-sco/eqc, cls-svf1, cls-hv1, cls-avf, cls-int1/2, cls-uni, errors."""
    for superclass in schema.superclasses.get(c, ()):  # cax-sco, cax-eqc1, cax-eqc2
        derive(x, TYPE, superclass)
    for restriction, prop in schema.svf_by_class.get(c, ()):  # cls-svf1 (the filler's instance arrives last)
        for u in facts.subjects(prop, x):
            derive(u, TYPE, restriction)
    for prop, value in schema.hv_by_class.get(c, ()):  # cls-hv1
        derive(x, prop, value)
    for prop, cls in schema.avf_by_class.get(c, ()):  # cls-avf (the restriction's instance arrives last)
        for v in facts.objects(x, prop):
            derive(v, TYPE, cls)
    for member in schema.intersections.get(c, ()):  # cls-int2
        derive(x, TYPE, member)
    for intersection in schema.intersections_by_member.get(c, ()):  # cls-int1
        if all(facts.has(x, TYPE, member) for member in schema.intersections[intersection]):
            derive(x, TYPE, intersection)
    for union in schema.unions_by_member.get(c, ()):  # cls-uni
        derive(x, TYPE, union)
    if c == NOTHING:  # cls-nothing2
        errors.add(f"{plain(x)} is defined of type 'Nothing'")
    for other, first, second in schema.disjoint.get(c, ()):  # cax-dw, cax-adc
        if facts.has(x, TYPE, other):
            errors.add(f"Disjoint classes {plain(first)} and {plain(second)} have a common individual {plain(x)}")
    for other, first, second in schema.complements.get(c, ()):  # cls-com
        if facts.has(x, TYPE, other):  # owlrl names the complement class where it means the individual
            classes = f"{plain(first)} and {plain(second)}"
            errors.add(f"Violation of complementarity for classes {classes} on element {plain(second)}")


def _property_rules(schema: Schema, facts: Facts, s: str, p: str, o: str, derive, errors: set[str]) -> None:
    """The rules triggered by ``s p o``: prp-dom/rng/spo1/inv/symp/trp/spo2, cls-svf1/hv2/avf, errors."""
    for cls in schema.domains.get(p, ()):  # prp-dom
        derive(s, TYPE, cls)
    for cls in schema.ranges.get(p, ()):  # prp-rng
        derive(o, TYPE, cls)
    for superproperty in schema.superproperties.get(p, ()):  # prp-spo1, prp-eqp1, prp-eqp2
        derive(s, superproperty, o)
    for inverse in schema.inverses.get(p, ()):  # prp-inv1, prp-inv2
        derive(o, inverse, s)
    if p in schema.symmetric:  # prp-symp
        derive(o, p, s)
    if p in schema.transitive:  # prp-trp (the new triple as either link)
        for z in facts.objects(o, p):
            derive(s, p, z)
        for w in facts.subjects(p, s):
            derive(w, p, o)
    for chain_property, chain, position in schema.chains.get(p, ()):  # prp-spo2 (the new triple at any link)
        starts, ends = {s}, {o}
        for link in reversed(chain[:position]):
            starts = {u for node in starts for u in facts.subjects(link, node)}
        for link in chain[position + 1 :]:
            ends = {v for node in ends for v in facts.objects(node, link)}
        for start in starts:
            for end in ends:
                derive(start, chain_property, end)
    for restriction, cls in schema.svf_by_property.get(p, ()):  # cls-svf1 (the property triple arrives last), cls-svf2
        if cls == THING or facts.has(o, TYPE, cls):
            derive(s, TYPE, restriction)
    for value, restriction in schema.hv_by_property.get(p, ()):  # cls-hv2
        if o == value:
            derive(s, TYPE, restriction)
    for restriction, cls in schema.avf_by_property.get(p, ()):  # cls-avf (the property triple arrives last)
        if facts.has(s, TYPE, restriction):
            derive(o, TYPE, cls)
    if p in schema.irreflexive and s == o:  # prp-irp
        errors.add(f"Irreflexive property used on {plain(s)} with {plain(p)}")
    if p in schema.asymmetric and facts.has(o, p, s):  # prp-asyp
        errors.add(f"Erroneous usage of asymmetric property {plain(p)} on {plain(s)} and {plain(o)}")
    for other, first, second in schema.disjoint_properties.get(p, ()):  # prp-pdw
        if facts.has(s, other, o):
            properties = f"{plain(first)} and {plain(second)}"
            errors.add(f"Erroneous usage of disjoint properties {properties} on {plain(s)} and {plain(o)}")


def schema_of(ontology: Iterable[ox.Quad]) -> Schema:
    """The compiled instance rules of the ontology (owlrl's closure of the ontology alone); KgError if inconsistent."""
    return compile_schema((nt(s), nt(p), nt(o)) for s, p, o in owlrl_closure(rdflib_graph(ontology)))


def instance_triples(quads: Iterable[ox.Quad]) -> tuple[list[tuple[str, str, str]], set[str]]:
    """The article quads as N-Triples triples, and owlrl's messages for invalid literals; Unsupported on schema."""
    triples, errors = [], set()
    for quad in quads:
        triple = (str(quad.subject), str(quad.predicate), str(quad.object))
        check_instance_triple(*triple)
        if isinstance(quad.object, ox.Literal):  # dt-not-type
            message = literal_errors(quad.object)
            if message:
                errors.add(message)
        triples.append(triple)
    return triples, errors


def closure(
    ontology: list[ox.Quad], articles: list[ox.Quad], schema: Schema | None = None
) -> tuple[list[tuple[str, str, str]], Counter]:
    """What the OWL 2 RL closure of ontology + articles adds, cleaned (as govkg.reasoning.owlrl.reason), and the
    dropped counts.

    ``schema`` is :func:`schema_of` the ontology (computed if not given).
    KgError on an inconsistency, Unsupported if the inputs need owlrl.
    """
    schema = schema or schema_of(ontology)
    facts = Facts()
    for triple in schema.triples:
        facts.add(*triple)
    triples, errors = instance_triples(articles)
    extension = extend(schema, facts, triples)
    raise_on_inconsistency(errors | extension.errors)
    asserted = {(str(q.subject), str(q.predicate), str(q.object)) for q in ontology}
    asserted.update(triples)
    added = [t for t in schema.triples if t not in asserted] + [t for t in extension.derived if t not in asserted]
    return clean(t for t in added if not t[1].startswith("_:"))  # owlrl drops triples with blank node predicates


def split_schema(
    inferred: Iterable[tuple[str, str, str]], schema_triples: Collection[tuple[str, str, str]]
) -> tuple[list, list]:
    """The cleaned inferred triples (N-Triples form) in two parts: what the articles add (instance inferences) and
    what the ontology implies alone (``schema_triples``, its closure: restated domains, ranges, subclasses...), so
    that a store can keep the two apart."""
    instance: list[tuple[str, str, str]] = []
    closure_of_schema: list[tuple[str, str, str]] = []
    for triple in inferred:
        (closure_of_schema if triple in schema_triples else instance).append(triple)
    return instance, closure_of_schema
