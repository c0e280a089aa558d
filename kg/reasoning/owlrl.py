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
from rdflib import OWL, RDF, RDFS, XSD

from govkg.errors import KgError
from govkg.rdf.io import shorten, to_oxigraph

_BUILTIN_NAMESPACES = tuple(f"<{namespace}" for namespace in (RDF, RDFS, OWL, XSD))
_SAME_AS, _TYPE = f"<{OWL.sameAs}>", f"<{RDF.type}>"
_TOP_TYPES = {f"<{OWL.Thing}>", f"<{RDFS.Resource}>"}
_TOP_SCHEMA = {f"<{term}>" for term in (RDFS.subClassOf, RDFS.domain, RDFS.range)}
_REFLEXIVE_SCHEMA = {
    f"<{term}>" for term in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty)
}


def nt(node) -> str:
    """The N-Triples form of an rdflib or pyoxigraph term (``<iri>``, ``_:id``, ``"text"@en``...)."""
    return str(to_oxigraph(node)) if isinstance(node, rdflib.term.Node) else str(node)


#: The cleaning rules, in the order they are applied: (name, what it drops, test on (s, p, o) in N-Triples form).
#: A triple is counted under the first rule that drops it.
CLEANING_RULES = [
    (
        "same-as-self",
        "x owl:sameAs x (for every IRI, blank node and literal)",
        lambda s, p, o: p == _SAME_AS and s == o,
    ),
    (
        "literal-subject",
        'a literal as subject (owlrl\'s datatype typing: "6"^^xsd:integer a xsd:decimal)',
        lambda s, p, o: s.startswith('"'),
    ),
    (
        "builtin-subject",
        (
            "a subject in rdf:, rdfs:, owl: or xsd: (e.g. xsd:integer a rdfs:Datatype, rdfs:label a "
            "owl:AnnotationProperty, owl:Nothing rdfs:subClassOf C): the standard restated"
        ),
        lambda s, p, o: s.startswith(_BUILTIN_NAMESPACES),
    ),
    (
        "top-type",
        "x rdf:type owl:Thing and x rdf:type rdfs:Resource",
        lambda s, p, o: p == _TYPE and o in _TOP_TYPES,
    ),
    (
        "anonymous-type",
        (
            "x rdf:type _:b, an instance typed with an anonymous restriction class (the intermediate step of "
            "cls-svf1 and cls-hv before the named class or value it implies)"
        ),
        lambda s, p, o: p == _TYPE and o.startswith("_:"),
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


def clean(triples) -> tuple[list, Counter]:
    """The triples (in N-Triples form) that no cleaning rule drops, and how many each rule dropped."""
    kept: list = []
    dropped: Counter = Counter()
    for triple in triples:
        rule = next((name for name, _, drops in CLEANING_RULES if drops(*triple)), None)
        if rule is None:
            kept.append(triple)
        else:
            dropped[rule] += 1
    return kept, dropped


@dataclass
class Closure:
    """The cleaned inferred triples and how many triples each cleaning rule dropped."""

    inferred: rdflib.Graph
    dropped: Counter = field(default_factory=Counter)


def _inconsistencies(graph: rdflib.Graph) -> list[str]:
    """owlrl's inconsistency messages in ``graph``."""
    return [
        str(message)
        for node in graph.subjects(RDF.type, ERRNS.ErrorMessage)
        for message in graph.objects(node, ERRNS.error)
    ]


def raise_on_inconsistency(errors) -> None:
    """KgError with the first (sorted) of owlrl's inconsistency messages, if any."""
    errors = sorted(set(errors))
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise KgError(f"the ontology and articles are inconsistent (OWL RL): {shorten(errors[0])}{more}")


def owlrl_closure(asserted: rdflib.Graph) -> rdflib.Graph:
    """owlrl's OWL 2 RL closure of ``asserted`` (a new graph, uncleaned); KgError on an inconsistency."""
    expanded = rdflib.Graph()
    expanded += asserted
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(expanded)
    raise_on_inconsistency(_inconsistencies(expanded))
    return expanded


def reason(asserted: rdflib.Graph) -> Closure:
    """The OWL 2 RL closure of ``asserted`` by owlrl, minus ``asserted``, cleaned; KgError on an inconsistency."""
    added = {(nt(s), nt(p), nt(o)): (s, p, o) for s, p, o in owlrl_closure(asserted) - asserted}
    kept, dropped = clean(added)
    result = Closure(rdflib.Graph(), dropped)
    for triple in kept:
        result.inferred.add(added[triple])
    for prefix, namespace in asserted.namespaces():
        result.inferred.bind(prefix, namespace)
    return result
