"""OWL 2 RL reasoning with owlrl: the closure, inconsistencies as errors, and the cleaning of what it adds.

owlrl reports an inconsistency not as an exception but by adding, for each
message, a node ``[] a err:ErrorMessage ; err:error "text"`` (namespace
``http://www.daml.org/2002/03/agents/agent-ont#``) to the graph; see
``owlrl.Closure.Core.closure``. :func:`reason` turns those into a KgError.

The closure runs without owlrl's axiomatic and datatype-axiomatic triples
(no ``rdf:_N`` container membership axioms, no ``xsd:`` datatype tables);
what owlrl still adds that tells a user nothing is dropped by CLEANING_RULES.
"""

from collections import Counter
from dataclasses import dataclass, field

import rdflib
from owlrl import DeductiveClosure, OWLRL_Semantics
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

from kg.errors import KgError
from kg.load import shorten

_BUILTIN_NAMESPACES = tuple(str(namespace) for namespace in (RDF, RDFS, OWL, XSD))
_TOP_TYPES = {OWL.Thing, RDFS.Resource}
_TOP_SCHEMA = {RDFS.subClassOf, RDFS.domain, RDFS.range}
_REFLEXIVE_SCHEMA = {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}


def _builtin(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_BUILTIN_NAMESPACES)


#: The cleaning rules, in the order they are applied: (name, what it drops, test on (s, p, o)).
#: A triple is counted under the first rule that drops it.
CLEANING_RULES = [
    (
        "same-as-self",
        "x owl:sameAs x (for every IRI, blank node and literal)",
        lambda s, p, o: p == OWL.sameAs and s == o,
    ),
    (
        "literal-subject",
        'a literal as subject (owlrl\'s datatype typing: "6"^^xsd:integer a xsd:decimal)',
        lambda s, p, o: isinstance(s, Literal),
    ),
    (
        "builtin-subject",
        (
            "a subject in rdf:, rdfs:, owl: or xsd: (e.g. xsd:integer a rdfs:Datatype, rdfs:label a "
            "owl:AnnotationProperty, owl:Nothing rdfs:subClassOf C): the standard restated"
        ),
        lambda s, p, o: _builtin(s),
    ),
    (
        "top-type",
        "x rdf:type owl:Thing and x rdf:type rdfs:Resource",
        lambda s, p, o: p == RDF.type and o in _TOP_TYPES,
    ),
    (
        "trivial-schema",
        (
            "C rdfs:subClassOf C, C owl:equivalentClass C, P rdfs:subPropertyOf P, P owl:equivalentProperty P, "
            "C rdfs:subClassOf owl:Thing, P rdfs:domain owl:Thing, P rdfs:range owl:Thing (or rdfs:Resource)"
        ),
        lambda s, p, o: (p in _REFLEXIVE_SCHEMA and s == o) or (p in _TOP_SCHEMA and o in _TOP_TYPES),
    ),
]


@dataclass
class Closure:
    """The cleaned inferred triples and how many triples each cleaning rule dropped."""

    inferred: rdflib.Graph
    dropped: Counter = field(default_factory=Counter)


def _inconsistencies(graph: rdflib.Graph) -> list[str]:
    """owlrl's inconsistency messages in ``graph``, sorted."""
    return sorted(
        str(message)
        for node in graph.subjects(RDF.type, ERRNS.ErrorMessage)
        for message in graph.objects(node, ERRNS.error)
    )


def reason(asserted: rdflib.Graph) -> Closure:
    """The OWL 2 RL closure of ``asserted`` minus ``asserted``, cleaned; KgError on an inconsistency."""
    expanded = rdflib.Graph()
    expanded += asserted
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(expanded)
    errors = _inconsistencies(expanded)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise KgError(f"the ontology and articles are inconsistent (OWL RL): {shorten(errors[0])}{more}")
    result = Closure(rdflib.Graph())
    for triple in expanded - asserted:
        rule = next((name for name, _, drops in CLEANING_RULES if drops(*triple)), None)
        if rule is None:
            result.inferred.add(triple)
        else:
            result.dropped[rule] += 1
    for prefix, namespace in asserted.namespaces():
        result.inferred.bind(prefix, namespace)
    return result
