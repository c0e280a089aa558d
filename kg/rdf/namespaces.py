"""Every IRI the project mints: the ontology, its resources and the store's named graphs."""

import pyoxigraph
from rdflib import Namespace

BASE = "https://w3id.org/govkg/"

#: The ontology's terms (classes and properties), prefix ``gko:``.
GKO = Namespace(BASE + "ontology#")
#: The ontology itself (its ``owl:Ontology`` IRI).
ONTOLOGY_IRI = BASE + "ontology"
#: Named things the articles talk about (states, people, posts, checkpoints...), prefix ``gkr:``.
GKR = Namespace(BASE + "id/")
#: The sectors and spheres of cooperation (a SKOS concept scheme), prefix ``gks:``.
GKS = Namespace(BASE + "id/sector/")

# Named graphs of the store.
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
#: What the ontology implies on its own (restated subclasses, domains, ranges...), kept apart from the instance
#: inferences of INFERRED_GRAPH.
INFERRED_SCHEMA_GRAPH = GRAPH["inferred-schema"]
#: The graphs the reasoner writes.
INFERRED_GRAPHS = (str(INFERRED_GRAPH), str(INFERRED_SCHEMA_GRAPH))
LINKS_GRAPH = GRAPH["links"]
RECONCILED_LINKS_GRAPH = GRAPH["links-reconciled"]
ENRICHMENT_GRAPH = GRAPH["enrichment"]
LOADED_GRAPH = GRAPH["loaded"]


def article_graph(slug: str) -> str:
    """The named graph that holds the article ``slug`` (its file name without ``.ttl``)."""
    return str(GRAPH["article/" + slug])


def article_iri(slug: str) -> str:
    """The IRI of the article ``slug`` itself; its sentences are ``<article_iri>/s<N>``."""
    return str(GKR["article/" + slug])


PREFIXES = {
    "gko": str(GKO),
    "gkr": str(GKR),
    "gks": str(GKS),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

#: One ``PREFIX`` line per prefix of PREFIXES, to start a SPARQL query with.
SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


def used_prefixes(statements) -> dict[str, str]:
    """The prefixes of PREFIXES whose namespace some IRI of ``statements`` (pyoxigraph triples or quads) starts with."""
    iris = {term.value for statement in statements for term in statement if isinstance(term, pyoxigraph.NamedNode)}
    return {prefix: ns for prefix, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}
