"""The link model: an entity's ``gko:externalMatch`` to a Wikidata item, described by a ``gko:ExternalLink`` node.

Every link is two things in its links graph: the direct triple
``entity gko:externalMatch wd:Q…`` (what queries join on) and a readable,
stable node ``gkr:link/<Entity>-<QID>`` of class ``gko:ExternalLink`` that
carries the link's status, source and, for reconciled links, score, endpoint
and time.
"""

import hashlib
import re
from datetime import datetime

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from govkg.rdf.namespaces import GKO, GKR, PREFIXES

WD = Namespace(PREFIXES["wd"])
WDT = Namespace(PREFIXES["wdt"])

#: A Wikidata item identifier.
QID = re.compile(r"Q[1-9][0-9]*")
#: Prefixes of the Wikidata vocabulary for queries sent to an endpoint (Wikidata's schema: is http://schema.org/).
WIKIDATA_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes (and wd:, wdt:) bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def link_node(entity: URIRef, qid: str) -> URIRef:
    """The IRI of the link node between ``entity`` and ``qid``, e.g. ``gkr:link/Kazakhstan-Q232``."""
    text = str(entity)
    if text.startswith(str(GKR)):
        local = text[len(str(GKR)):].replace("/", "-")
    else:
        local = hashlib.sha1(text.encode()).hexdigest()[:12]
    return GKR[f"link/{local}-{qid}"]


def is_wikidata_item(term) -> bool:
    """True for a Wikidata item IRI ``http://www.wikidata.org/entity/Q…``."""
    text = str(term or "")
    return text.startswith(str(WD)) and bool(QID.fullmatch(text[len(str(WD)):]))


def qid_of(item: str) -> str:
    """The QID at the end of a Wikidata entity IRI (or the QID itself)."""
    return str(item).rsplit("/", 1)[-1]


def add_link(
    graph: Graph,
    entity: URIRef,
    qid: str,
    status: str,
    source: str,
    label: str,
    score: float | None = None,
    endpoint: str | None = None,
    generated: datetime | None = None,
) -> URIRef:
    """Add the link ``entity`` → ``wd:qid`` and its node (labelled after ``label``) to ``graph``; return the node."""
    target = WD[qid]
    node = link_node(entity, qid)
    graph.add((entity, GKO.externalMatch, target))
    graph.add((node, RDF.type, GKO.ExternalLink))
    graph.add((node, RDFS.label, Literal(f"{label} → wd:{qid} ({status})")))
    graph.add((node, GKO.linkedEntity, entity))
    graph.add((node, GKO.linkTarget, target))
    graph.add((node, GKO.linkStatus, Literal(status)))
    graph.add((node, DCTERMS.source, Literal(source)))
    if score is not None:
        graph.add((node, GKO.matchScore, Literal(f"{score:.3f}", datatype=XSD.decimal)))
    if endpoint is not None:
        graph.add((node, PROV.wasAttributedTo, URIRef(endpoint)))
    if generated is not None:
        graph.add((node, PROV.generatedAtTime, Literal(generated.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    return node
