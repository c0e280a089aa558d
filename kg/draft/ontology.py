"""What the draft needs to know of the ontology, read at run time from the project's ontology folders.

The classes and properties it may use (only terms the ontology declares are written), the class hierarchy, the
ranges of properties, the English labels of classes (to find a class by a noun), the sectors and currencies, and
the SHACL shapes' required properties (so that every gap of a drafted node gets a TODO naming what is missing).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
import rdflib.collection
from rdflib import OWL, RDF, RDFS, SH, SKOS, Literal, URIRef

from govkg.project import Sources
from govkg.rdf.io import SHAPES_FILE, ontology_files, rdflib_graph, read_quads
from govkg.rdf.namespaces import GKO, GKS, PREFIXES

_DECLARED = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty)


def key(text: str) -> str:
    """A name compared without case, with dashes and runs of spaces alike: "Co-operation" -> "co operation"."""
    for dash in "-‐‑‒–—―":
        text = text.replace(dash, " ")
    return " ".join(text.lower().replace("’", "'").split())


@dataclass
class Ontology:
    """The terms of the ontology and its shapes."""

    graph: rdflib.Graph
    shapes: rdflib.Graph
    declared: set[URIRef] = field(default_factory=set)
    _ancestors: dict[URIRef, set[URIRef]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.declared = {s for kind in _DECLARED for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}

    def term(self, name: str) -> URIRef | None:
        """The gko: term ``name`` ("Visit", "gko:visitor") if the ontology declares it; a term of another
        vocabulary given in full or as "time:hasEnd" ("prefix:local" of the project's prefixes) as it is."""
        if name.startswith("gko:"):
            name = name[4:]
        if ":" not in name:
            iri = GKO[name]
            return iri if iri in self.declared else None
        prefix, local = name.split(":", 1)
        return URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES else URIRef(name)

    def first(self, names: Iterable[str]) -> URIRef | None:
        """The first of ``names`` that the ontology declares."""
        return next((iri for iri in map(self.term, names) if iri is not None), None)

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and its named super-classes."""
        if cls not in self._ancestors:
            found = {cls}
            todo = [cls]
            while todo:
                for parent in self.graph.objects(todo.pop(), RDFS.subClassOf):
                    if isinstance(parent, URIRef) and parent not in found:
                        found.add(parent)
                        todo.append(parent)
            self._ancestors[cls] = found
        return self._ancestors[cls]

    def is_a(self, types: Iterable[URIRef], cls: URIRef | None) -> bool:
        """True if one of ``types`` is ``cls`` or a sub-class of it."""
        return cls is not None and any(cls in self.ancestors(t) for t in types)

    def domain_of(self, prop: URIRef | None) -> URIRef | None:
        """The declared domain of ``prop`` (None if it has none or is None)."""
        value = self.graph.value(prop, RDFS.domain) if prop is not None else None
        return value if isinstance(value, URIRef) else None

    def range_of(self, prop: URIRef) -> URIRef | None:
        """The range of ``prop`` (or of its nearest super-property that has one)."""
        seen = set()
        todo = [prop]
        while todo:
            current = todo.pop(0)
            seen.add(current)
            value = self.graph.value(current, RDFS.range)
            if isinstance(value, URIRef):
                return value
            todo.extend(
                p for p in self.graph.objects(current, RDFS.subPropertyOf) if isinstance(p, URIRef) and p not in seen
            )
        return None

    def sub_properties(self, prop: URIRef) -> set[URIRef]:
        """``prop`` and every property declared a sub-property of it, at any depth."""
        found = {prop}
        todo = [prop]
        while todo:
            for child in self.graph.subjects(RDFS.subPropertyOf, todo.pop()):
                if isinstance(child, URIRef) and child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def label(self, term: URIRef) -> str:
        """The English label of ``term`` (its local name if none)."""
        for value in self.graph.objects(term, RDFS.label):
            if isinstance(value, rdflib.Literal) and value.language in (None, "en"):
                return str(value)
        return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def classes_by_label(self) -> dict[str, URIRef]:
        """The gko: classes by the key of their English label ("border checkpoint" -> gko:BorderCheckpoint)."""
        return {
            key(self.label(cls)): cls
            for cls in sorted(self.declared)
            if cls.startswith(str(GKO)) and (cls, RDF.type, OWL.Class) in self.graph
        }

    def sectors(self) -> dict[str, URIRef]:
        """The sector concepts (gks:) by the key of each of their labels and of their local name."""
        found: dict[str, URIRef] = {}
        concepts = {c for c in self.graph.subjects(SKOS.inScheme, None) if isinstance(c, URIRef)}
        for concept in sorted(concepts):
            if not concept.startswith(str(GKS)):
                continue
            found.setdefault(key(concept[len(str(GKS)) :]), concept)
            for predicate in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
                for value in self.graph.objects(concept, predicate):
                    found.setdefault(key(str(value)), concept)
        return found

    def currencies(self) -> dict[str, URIRef]:
        """The currency nodes of the ontology by their ISO 4217 code."""
        return {
            str(code): currency
            for currency, code in self.graph.subject_objects(GKO.currencyCode)
            if isinstance(currency, URIRef)
        }

    def required(self, types: Iterable[URIRef]) -> list[tuple[URIRef, str]]:
        """The properties (path, message) that the shapes require (sh:minCount >= 1) of a node of ``types``."""
        wanted = {ancestor for t in types for ancestor in self.ancestors(t)}
        found: list[tuple[URIRef, str]] = []
        for shape, target in sorted(self.shapes.subject_objects(SH.targetClass)):
            if target not in wanted:
                continue
            for prop_shape in self.shapes.objects(shape, SH.property):
                path = self.shapes.value(prop_shape, SH.path)
                count = self.shapes.value(prop_shape, SH.minCount)
                if isinstance(path, URIRef) and isinstance(count, Literal) and int(count) >= 1:
                    message = str(self.shapes.value(prop_shape, SH.message) or f"needs {path}")
                    if (path, message) not in found:
                        found.append((path, message))
        return found

    def paths(self, types: Iterable[URIRef]) -> set[URIRef]:
        """Every property path the shapes of ``types`` name (required or not)."""
        wanted = {ancestor for t in types for ancestor in self.ancestors(t)}
        return {
            path
            for shape, target in self.shapes.subject_objects(SH.targetClass)
            if target in wanted
            for prop_shape in self.shapes.objects(shape, SH.property)
            if isinstance(path := self.shapes.value(prop_shape, SH.path), URIRef)
        }

    def concept(self, label: str, cls: URIRef | None) -> URIRef | None:
        """The concept (of class ``cls`` if given) whose label is ``label``."""
        for predicate in (SKOS.prefLabel, RDFS.label):
            for node in self.graph.subjects(predicate, None):
                value = self.graph.value(node, predicate)
                wanted = cls is None or (node, RDF.type, cls) in self.graph
                if isinstance(node, URIRef) and key(str(value)) == key(label) and wanted:
                    return node
        return None

    def alternatives(self, types: Iterable[URIRef]) -> list[tuple[list[URIRef], str]]:
        """The ``sh:or`` choices of the shapes of ``types``: (paths of which one is needed, message)."""
        wanted = {ancestor for t in types for ancestor in self.ancestors(t)}
        found = []
        for shape, target in sorted(self.shapes.subject_objects(SH.targetClass)):
            if target not in wanted:
                continue
            for members in self.shapes.objects(shape, SH["or"]):
                paths = [
                    path
                    for member in rdflib.collection.Collection(self.shapes, members)
                    if isinstance(path := self.shapes.value(member, SH.path), URIRef)
                ]
                found.append((paths, str(self.shapes.value(shape, SH.message) or "")))
        return found


def load_ontology(sources: Sources) -> Ontology:
    """The ontology and shapes of the project's ontology folders; KgError on a missing folder or bad file."""
    ontology: list = []
    shapes: list = []
    for path in ontology_files(sources):
        (shapes if path.name == SHAPES_FILE else ontology).extend(read_quads(path))
    return Ontology(rdflib_graph(ontology), rdflib_graph(shapes))
