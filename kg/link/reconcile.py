"""The reconciler: candidates on a SPARQL endpoint for the graph's unlinked entities, scored, optionally applied.

For every unlinked entity it asks the endpoint, in batches (``VALUES``), for
items whose label or alias equals one of the entity's names in English or a
language of the region (Kazakh, Kyrgyz, Russian), constrained by the entity's
kind (a human holding a position, a country, a city, an organization, a
position, a border crossing). Each candidate is scored from 0 to 1:

- name: 0.5 for the English label, 0.45 for a label in another language, 0.35 for an alias;
- type: 0.2 when the kind's type constraint applied (sectors, borders... have none);
- context: 0.3 when the item's position held (P39), country (P17), territory
  (P131) or jurisdiction (P1001) is an item that an entity next to ours in the
  graph (one or two hops away) is already linked to.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from govkg.link.client import SparqlClient
from govkg.link.entities import Entity, graph_content, named_entities, query, replace_graph, stored_links
from govkg.link.model import WIKIDATA_PREFIXES, add_link, is_wikidata_item, qid_of
from govkg.rdf.io import shorten
from govkg.rdf.namespaces import RECONCILED_LINKS_GRAPH, SPARQL_PREFIXES
from govkg.store import open_read_only, writer_lock

SEARCH_LANGUAGES = ("en", "kk", "ky", "ru")
DEFAULT_MIN_SCORE = 0.9
BATCH_SIZE = 20
#: Score of a name match: (matched as, language) -> score.
NAME_SCORES = {("label", "en"): 0.5, ("label", "other"): 0.45, ("alias", "en"): 0.35, ("alias", "other"): 0.35}
TYPE_SCORE = 0.2
CONTEXT_SCORE = 0.3
#: Wikidata properties whose values place a candidate in a context (position held, country, territory, jurisdiction).
CONTEXT_PROPERTIES = ("P39", "P17", "P131", "P1001")

#: Per entity kind: the type constraint on a candidate ``?item`` (Wikidata vocabulary), and how to say it.
TYPE_CONSTRAINTS = {
    "person": ("?item wdt:P31 wd:Q5 ; wdt:P39 [] .", "a human holding a position"),
    "country": ("?item wdt:P31/wdt:P279* wd:Q6256 .", "a country"),
    "city": ("?item wdt:P31/wdt:P279* wd:Q515 .", "a city"),
    "organization": ("?item wdt:P31/wdt:P279* wd:Q43229 .", "an organization"),
    "position": ("?item wdt:P31/wdt:P279* wd:Q4164871 .", "a position"),
    "border crossing": (
        "VALUES ?crossing { wd:Q757292 wd:Q55599109 } ?item wdt:P31/wdt:P279* ?crossing .",
        "a border crossing",
    ),
}

_CANDIDATES = WIKIDATA_PREFIXES + """SELECT DISTINCT ?entity ?name ?how ?item ?label ?description ?context WHERE {
  VALUES (?entity ?name) { %(values)s }
  { ?item rdfs:label ?name . BIND("label" AS ?how) } UNION { ?item skos:altLabel ?name . BIND("alias" AS ?how) }
  %(constraint)s
  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }
  OPTIONAL { ?item schema:description ?description . FILTER(LANG(?description) = "en") }
  OPTIONAL { ?item %(context)s ?context . }
}
"""

_NEIGHBOUR_LINKS = SPARQL_PREFIXES + """
SELECT DISTINCT ?entity ?neighbour ?target WHERE {
  VALUES ?entity { %s }
  { ?entity ?p ?neighbour } UNION { ?neighbour ?p ?entity }
  UNION { ?entity ?p ?middle . ?middle ?q ?neighbour } UNION { ?middle ?p ?entity . ?middle ?q ?neighbour }
  ?neighbour gko:externalMatch ?target .
  FILTER(?neighbour != ?entity)
}
"""


@dataclass
class Candidate:
    """One candidate item for one entity, with its score and the reasons for it."""

    entity: Entity
    item: URIRef
    label: str
    description: str
    score: float
    why: str


@dataclass
class Reconciliation:
    """A run's outcome: the unlinked entities, every candidate (best first per entity), and the chosen ones."""

    unlinked: list[Entity]
    candidates: list[Candidate]
    chosen: list[Candidate]


def search_names(entity: Entity) -> list[Literal]:
    """The literals to look up: each name as given, and untagged or English names in every search language."""
    names: list[Literal] = []
    for name in entity.names:
        tags = SEARCH_LANGUAGES if name.language in (None, "en") else (name.language,)
        for tag in tags:
            literal = Literal(str(name), lang=tag)
            if literal not in names:
                names.append(literal)
    return names


def candidate_query(entities: list[Entity], kind: str) -> str:
    """The SPARQL query for candidates of ``entities`` (all of one kind)."""
    values = " ".join(f"({entity.iri.n3()} {name.n3()})" for entity in entities for name in search_names(entity))
    constraint = TYPE_CONSTRAINTS.get(kind)
    return _CANDIDATES % {
        "values": values,
        "constraint": f"FILTER EXISTS {{ {constraint[0]} }}" if constraint else "",
        "context": "|".join(f"wdt:{pid}" for pid in CONTEXT_PROPERTIES),
    }


def neighbour_links(store: ox.Store, entities: list[Entity]) -> dict[URIRef, dict[URIRef, URIRef]]:
    """Per entity: the Wikidata items its neighbours (one or two hops) are linked to, and which neighbour."""
    context: dict[URIRef, dict[URIRef, URIRef]] = {entity.iri: {} for entity in entities}
    if not entities:
        return context
    rows = query(store, _NEIGHBOUR_LINKS % " ".join(entity.iri.n3() for entity in entities))
    for row in rows:
        context[row["entity"]].setdefault(row["target"], row["neighbour"])
    return context


def _score(entity: Entity, rows: list[dict], context: dict[URIRef, URIRef]) -> tuple[float, str]:
    """The score of one candidate from its result rows, and why."""
    matches = []
    for row in rows:
        language = row["name"].language
        matches.append((NAME_SCORES[(str(row["how"]), "en" if language == "en" else "other")], row))
    name_score, best = max(matches, key=lambda match: match[0])
    reasons = [f"{best['how']} {best['name'].n3()}"]
    score = name_score
    constraint = TYPE_CONSTRAINTS.get(entity.kind)
    if constraint:
        score += TYPE_SCORE
        reasons.append(constraint[1])
    else:
        reasons.append(f"no type constraint for a {entity.kind}")
    shared = [row["context"] for row in rows if row.get("context") in context]
    if shared:
        score += CONTEXT_SCORE
        item = shared[0]
        reasons.append(f"context wd:{qid_of(item)} = link of {shorten(str(context[item]))}")
    return round(min(score, 1.0), 3), "; ".join(reasons)


def _batches(entities: list[Entity], size: int):
    """``entities`` grouped by kind, in batches of at most ``size``."""
    kinds: dict[str, list[Entity]] = {}
    for entity in entities:
        kinds.setdefault(entity.kind, []).append(entity)
    for kind, group in kinds.items():
        for start in range(0, len(group), size):
            yield kind, group[start : start + size]


def find_candidates(
    store: ox.Store, client: SparqlClient, min_score: float, batch_size: int = BATCH_SIZE
) -> Reconciliation:
    """Look up, score and choose candidates for every unlinked entity (reads the endpoint, writes nothing)."""
    links = stored_links(store)
    linked_items = {link.target: entity for entity, link in links.items()}
    unlinked = [entity for entity in named_entities(store) if entity.iri not in links]
    context = neighbour_links(store, unlinked)
    by_entity: dict[URIRef, list[Candidate]] = {entity.iri: [] for entity in unlinked}
    for kind, batch in _batches(unlinked, batch_size):
        entities = {entity.iri: entity for entity in batch}
        rows_by_pair: dict[tuple, list[dict]] = {}
        for row in client.select(candidate_query(batch, kind)):
            if not is_wikidata_item(row.get("item")):
                continue
            rows_by_pair.setdefault((row["entity"], row["item"]), []).append(row)
        for (iri, item), rows in rows_by_pair.items():
            entity = entities[iri]
            score, why = _score(entity, rows, context[iri])
            label = next((str(r["label"]) for r in rows if "label" in r), "")
            description = next((str(r["description"]) for r in rows if "description" in r), "")
            by_entity[iri].append(Candidate(entity, item, label, description, score, why))
    candidates, chosen = [], []
    for entity in unlinked:
        ranked = sorted(by_entity[entity.iri], key=lambda c: (-c.score, str(c.item)))
        candidates.extend(ranked)
        if not ranked or ranked[0].score < min_score:
            continue
        best = ranked[0]
        if len(ranked) > 1 and ranked[1].score == best.score:
            best.why += "; not applied: tied with another candidate"
        elif best.item in linked_items:
            best.why += f"; not applied: already the link of {shorten(str(linked_items[best.item]))}"
        else:
            chosen.append(best)
            linked_items[best.item] = entity.iri
    return Reconciliation(unlinked, candidates, chosen)


def apply_links(store_dir: Path, chosen: list[Candidate], endpoint: str) -> int:
    """Write ``chosen`` into the reconciled links graph (kept links stay), atomically; the number written."""
    if not chosen:
        return 0
    with writer_lock(store_dir):  # the graph read is the one replaced: a concurrent --apply is not overwritten
        graph = graph_content(open_read_only(store_dir), RECONCILED_LINKS_GRAPH)
        now = datetime.now(UTC)
        for candidate in chosen:
            add_link(
                graph,
                candidate.entity.iri,
                qid_of(candidate.item),
                "reconciled",
                f"reconciled against {endpoint}: {candidate.why}",
                candidate.entity.label,
                score=candidate.score,
                endpoint=endpoint,
                generated=now,
            )
        replace_graph(store_dir, RECONCILED_LINKS_GRAPH, graph)
    return len(chosen)
