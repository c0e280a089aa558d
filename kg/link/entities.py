"""What the store holds for linking: the graph's named entities, their links, and atomic graph replacement.

A named entity is an IRI of the graph's own namespaces (``gkr:Name`` or
``gks:name``, one path segment: sentences, statement nodes and link nodes
have more) with an ``rdfs:label`` and a type under one of the ontology's
classes of named things (agents, places, posts, sectors, currencies,
documents). Events, statements, amounts, sentences and periods are not.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from govkg.rdf.io import oxigraph_quads, to_rdflib
from govkg.rdf.namespaces import GKO, GKR, GKS, LINKS_GRAPH, PREFIXES, RECONCILED_LINKS_GRAPH, SPARQL_PREFIXES
from govkg.store import new_generation

#: Kinds of entity, most specific first: the first class an entity has decides its kind.
KINDS = [
    ("person", GKO.Person),
    ("country", GKO.SovereignState),
    ("city", GKO.City),
    ("border crossing", GKO.BorderCheckpoint),
    ("organization", GKO.Organization),
    ("position", GKO.Post),
    ("sector", GKO.Sector),
    ("place", GKO.Place),
    ("facility", GKO.Infrastructure),
    ("currency", GKO.Currency),
    ("document", GKO.Document),
    ("agent", GKO.Agent),
]

#: PREFIX lines for queries on our store.

_ENTITIES = (
    SPARQL_PREFIXES
    + """
SELECT ?entity ?class ?name WHERE {
  VALUES ?class { %s }
  ?entity a/rdfs:subClassOf* ?class ; rdfs:label|skos:altLabel ?name .
  FILTER(isIRI(?entity))
}
"""
)

_LINKS = (
    SPARQL_PREFIXES
    + """
SELECT ?graph ?entity ?target ?status ?source ?score ?endpoint ?time WHERE {
  VALUES ?graph { <%s> <%s> }
  GRAPH ?graph {
    ?entity gko:externalMatch ?target .
    OPTIONAL {
      ?link gko:linkedEntity ?entity ; gko:linkTarget ?target .
      OPTIONAL { ?link gko:linkStatus ?status }
      OPTIONAL { ?link dcterms:source ?source }
      OPTIONAL { ?link gko:matchScore ?score }
      OPTIONAL { ?link prov:wasAttributedTo ?endpoint }
      OPTIONAL { ?link prov:generatedAtTime ?time }
    }
  }
}
"""
)


@dataclass
class Entity:
    """A named entity of the graph: its IRI, its main label, every name (labels and aliases) and its kind."""

    iri: URIRef
    label: str = ""
    names: list = field(default_factory=list)
    kind: str = ""


@dataclass(frozen=True)
class StoredLink:
    """A link found in the store's links graphs."""

    entity: URIRef
    target: URIRef
    graph: URIRef
    status: str
    source: str
    score: str = ""
    endpoint: str = ""
    time: str = ""


def query(store: ox.Store, text: str) -> list[dict]:
    """Run a SELECT over the union of the named graphs (the store's default graph); rows of rdflib terms (unbound
    variables left out)."""
    results = store.query(text)
    assert isinstance(results, ox.QuerySolutions), "a SELECT query"
    names = [variable.value for variable in results.variables]
    return [{name: to_rdflib(solution[name]) for name in names if solution[name] is not None} for solution in results]


def is_entity_iri(iri: str) -> bool:
    """True for ``gkr:Name`` and ``gks:name`` (one path segment), false for sentences, statements, links."""
    for namespace in (str(GKS), str(GKR)):
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            return bool(local) and "/" not in local and "#" not in local
    return False


def named_entities(store: ox.Store) -> list[Entity]:
    """The graph's named entities, sorted by IRI, each with its kind and names."""
    ranks = {str(iri): rank for rank, (_, iri) in enumerate(KINDS)}
    classes = " ".join(f"<{iri}>" for _, iri in KINDS)
    found: dict[str, Entity] = {}
    best: dict[str, int] = {}
    for row in query(store, _ENTITIES % classes):
        iri = str(row["entity"])
        if not is_entity_iri(iri):
            continue
        entity = found.setdefault(iri, Entity(URIRef(iri)))
        rank = ranks[str(row["class"])]
        if rank < best.get(iri, len(KINDS)):
            best[iri] = rank
            entity.kind = KINDS[rank][0]
        if row["name"] not in entity.names:
            entity.names.append(row["name"])
    for entity in found.values():
        entity.label = _main_label(store, entity)
    return sorted(found.values(), key=lambda entity: str(entity.iri))


def _main_label(store: ox.Store, entity: Entity) -> str:
    """The entity's English (or untagged) rdfs:label, else any label, else any name."""
    quads = store.quads_for_pattern(ox.NamedNode(str(entity.iri)), ox.NamedNode(PREFIXES["rdfs"] + "label"), None)
    labels = [quad.object for quad in quads if isinstance(quad.object, ox.Literal)]
    for literal in sorted(labels, key=lambda literal: (literal.language not in (None, "en"), literal.value)):
        return literal.value
    return str(entity.names[0]) if entity.names else ""


def stored_links(store: ox.Store) -> dict[URIRef, StoredLink]:
    """Every entity's link from the curated and the reconciled links graphs (the curated one wins)."""
    links: dict[URIRef, StoredLink] = {}
    rows = query(store, _LINKS % (LINKS_GRAPH, RECONCILED_LINKS_GRAPH))
    for row in sorted(rows, key=lambda row: row["graph"] != LINKS_GRAPH):
        entity = row["entity"]
        if entity in links:
            continue
        links[entity] = StoredLink(
            entity=entity,
            target=row["target"],
            graph=row["graph"],
            status=str(row.get("status", "")),
            source=str(row.get("source", "")),
            score=str(row.get("score", "")),
            endpoint=str(row.get("endpoint", "")),
            time=str(row.get("time", "")),
        )
    return links


def graph_content(store: ox.Store, graph_iri: URIRef) -> Graph:
    """The triples of one named graph as an rdflib graph."""
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def replace_graph(store_dir: Path, graph_iri: URIRef, content: Graph) -> None:
    """Atomically replace the named graph ``graph_iri`` with ``content`` in a new store generation."""
    name = ox.NamedNode(str(graph_iri))
    with new_generation(Path(store_dir), copy_current=True) as store:
        if store.contains_named_graph(name):
            store.remove_graph(name)
        store.add_graph(name)
        store.extend(oxigraph_quads(content, str(graph_iri)))
