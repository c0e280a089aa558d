"""Enrichment: chosen Wikidata facts about the linked entities, into a named graph of their own.

The facts are stored about the Wikidata items themselves (``wd:Q232
wdt:P1082 …``, ``wd:Q200881 rdfs:label "…"@kk``), so queries join them to our
entities through ``gko:externalMatch``. The graph's own IRI carries the
provenance: the endpoint it came from and the time it was retrieved. Every
batch is fetched before the store is touched, and the graph is replaced as a
whole in a new store generation: a failed run leaves the previous enrichment.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from govkg.link.client import SparqlClient
from govkg.link.entities import replace_graph, stored_links
from govkg.link.model import WDT, WIKIDATA_PREFIXES, is_wikidata_item, new_graph
from govkg.rdf.namespaces import ENRICHMENT_GRAPH

#: Labels fetched, in the languages of the region.
LABEL_LANGUAGES = ("kk", "ky", "ru")
#: Facts fetched: date of birth, position held, population, capital, head of state, head of government.
PROPERTIES = {"P569": "date of birth", "P39": "position held", "P1082": "population", "P36": "capital",
              "P35": "head of state", "P6": "head of government"}
BATCH_SIZE = 50

_FACTS = WIKIDATA_PREFIXES + """SELECT DISTINCT ?item ?property ?value ?valueLabel WHERE {
  VALUES ?item { %(items)s }
  {
    ?item rdfs:label ?value .
    FILTER(LANG(?value) IN (%(languages)s))
    BIND(rdfs:label AS ?property)
  } UNION {
    VALUES ?property { %(properties)s }
    ?item ?property ?value .
    OPTIONAL { ?value rdfs:label ?valueLabel . FILTER(LANG(?valueLabel) = "en") }
  }
}
"""


@dataclass
class Enrichment:
    """A run's outcome: how many items were asked about and how many facts came back, per property."""

    items: int
    facts: int
    per_property: dict


def facts_query(items: list[URIRef]) -> str:
    """The SPARQL query for the chosen facts of ``items``."""
    return _FACTS % {
        "items": " ".join(item.n3() for item in items),
        "languages": ", ".join(f'"{language}"' for language in LABEL_LANGUAGES),
        "properties": " ".join(f"wdt:{pid}" for pid in PROPERTIES),
    }


def enrich(store_dir: Path, store: ox.Store, client: SparqlClient, batch_size: int = BATCH_SIZE) -> Enrichment:
    """Fetch the facts of every linked item from ``client``'s endpoint and replace the enrichment graph."""
    items = sorted({link.target for link in stored_links(store).values() if is_wikidata_item(link.target)}, key=str)
    rows = []
    for start in range(0, len(items), batch_size):
        rows.extend(client.select(facts_query(items[start : start + batch_size])))
    graph = new_graph()
    names = {RDFS.label: "labels"} | {WDT[pid]: name for pid, name in PROPERTIES.items()}
    requested = set(items)
    facts: set[tuple] = set()
    for row in rows:
        if row.get("item") not in requested or row.get("property") not in names or "value" not in row:
            continue
        facts.add((row["item"], row["property"], row["value"]))
        if "valueLabel" in row:
            graph.add((row["value"], RDFS.label, row["valueLabel"]))
    per_property: dict[str, int] = {}
    for fact in facts:
        graph.add(fact)
        per_property[names[fact[1]]] = per_property.get(names[fact[1]], 0) + 1
    now = datetime.now(UTC).isoformat(timespec="seconds")
    graph.add((ENRICHMENT_GRAPH, RDF.type, PROV.Entity))
    graph.add((ENRICHMENT_GRAPH, RDFS.label, Literal("Wikidata enrichment of the linked entities")))
    graph.add((ENRICHMENT_GRAPH, DCTERMS.source, URIRef(client.endpoint)))
    graph.add((ENRICHMENT_GRAPH, PROV.wasAttributedTo, URIRef(client.endpoint)))
    graph.add((ENRICHMENT_GRAPH, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
    graph.add((ENRICHMENT_GRAPH, RDFS.comment, Literal(f"{len(facts)} facts about {len(items)} linked Wikidata items")))
    replace_graph(store_dir, ENRICHMENT_GRAPH, graph)
    return Enrichment(len(items), len(facts), per_property)
