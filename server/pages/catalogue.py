"""The catalogue of the store's named things, built once per store generation: every IRI with a label (its labels
and alternative labels), the classes of the ontology (with their superclasses), and for each entity of an article its
most specific classes, its articles, the states and the sectors it is linked to.

It serves the search box (:meth:`Catalogue.search`, ranked: exact, prefix, word, substring; ties by label), the
browse page's facets (:func:`facet_counts`), the labels of result tables (:attr:`Catalogue.labels`) and the most
specific types of a resource page (:meth:`Catalogue.most_specific`). It is made by a few SELECT queries through the
query service (govkg.server.querying.answers.run: timeout and row cap apply) the first time a request needs it after
a new `kg build` / `kg load` / `kg link`, and kept until the store's generation changes.
"""

import json
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app

from govkg.errors import KgError
from govkg.rdf.namespaces import (
    GKR,
    GKS,
    GRAPH,
    INFERRED_GRAPHS,
    LINKS_GRAPH,
    PREFIXES,
    RECONCILED_LINKS_GRAPH,
    SPARQL_PREFIXES,
)
from govkg.server.errors import HttpError
from govkg.server.pages.terms import local_name
from govkg.server.querying.answers import refusal, run
from govkg.server.querying.jobs import Job
from govkg.sparql.labels import pick_labels
from govkg.store import current_generation

CATALOGUE_KEY = "govkg.catalogue"
#: Label properties, best first: the first ones name a thing, the alternative ones are found by search too.
NAME_PROPERTIES = [PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["schema"] + "name"]
ALTERNATIVE_PROPERTIES = [
    PREFIXES["skos"] + "altLabel",
    PREFIXES["schema"] + "alternateName",
    PREFIXES["skos"] + "hiddenLabel",
    PREFIXES["dcterms"] + "title",
    PREFIXES["schema"] + "headline",
]
_LABEL_PROPERTIES = NAME_PROPERTIES + ALTERNATIVE_PROPERTIES
_ARTICLE_GRAPHS = str(GRAPH) + "article/"
#: Graphs whose labels are not read (they restate), and those whose labels name things that search does not find
#: (the link records of the links graphs: "Kazakhstan → wd:Q232 (verified)").
_SKIPPED_GRAPHS = " ".join(f"<{g}>" for g in INFERRED_GRAPHS)
_UNSEARCHED_GRAPHS = {str(LINKS_GRAPH), str(RECONCILED_LINKS_GRAPH)}

#: Every label of every IRI (inferred graphs left out: they only restate), with the graph that states it.
LABELS_QUERY = SPARQL_PREFIXES + (
    "SELECT DISTINCT ?x ?p ?label ?g WHERE {{ VALUES ?p {{ {properties} }} GRAPH ?g {{ ?x ?p ?label }} "
    "FILTER(isIRI(?x) && isLiteral(?label) && ?g NOT IN ({skipped})) }}"
).format(properties=" ".join(f"<{p}>" for p in _LABEL_PROPERTIES), skipped=_SKIPPED_GRAPHS.replace(" ", ", "))
#: Each thing an article graph types, with that graph and every named class it has (the inferred ones too).
TYPES_QUERY = SPARQL_PREFIXES + (
    "SELECT DISTINCT ?x ?class ?g WHERE { GRAPH ?g { ?x a ?stated } "
    f'FILTER(isIRI(?x) && STRSTARTS(STR(?g), "{_ARTICLE_GRAPHS}")) ?x a ?class FILTER(isIRI(?class)) }}'
)
#: Named classes and their named superclasses (the reasoned closure: the inferred graphs included).
SUBCLASS_QUERY = SPARQL_PREFIXES + (
    "SELECT DISTINCT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super FILTER(isIRI(?sub) && isIRI(?super)) }"
)
#: Which things each state is linked to (either way) and which sectors each thing names.
LINKS_QUERY = SPARQL_PREFIXES + (
    "SELECT DISTINCT ?x ?kind ?to WHERE { "
    "{ ?to a gko:SovereignState . { ?x ?p ?to } UNION { ?to ?p ?x } UNION { BIND(?to AS ?x) } "
    'BIND("state" AS ?kind) } '
    f'UNION {{ ?x ?p ?to FILTER(STRSTARTS(STR(?to), "{GKS}")) BIND("sector" AS ?kind) }} '
    "FILTER(isIRI(?x)) }"
)
#: The facets of the browse page, in order, with their headings.
FACETS = {"class": "Class", "article": "Article", "state": "State", "sector": "Sector"}


def fold(text: str) -> str:
    """``text`` for matching: case folded, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


#: Ranks of a match, best first.
EXACT, PREFIX, WORD, SUBSTRING, ALL_WORDS = range(5)
RANK_NAMES = ("exact", "prefix", "word", "substring", "words")


def match_rank(query: str, label: str) -> int | None:
    """How well the folded ``query`` matches the folded ``label``: EXACT, PREFIX, WORD (the start of a word),
    SUBSTRING, ALL_WORDS (each word of the query somewhere in it), or None."""
    if not query or not label:
        return None
    if label == query:
        return EXACT
    if label.startswith(query):
        return PREFIX
    if f" {query}" in f" {label}":
        return WORD
    if query in label:
        return SUBSTRING
    words = query.split()
    if len(words) > 1 and all(word in label for word in words):
        return ALL_WORDS
    return None


@dataclass(frozen=True)
class Hit:
    """A search result: the thing, its label, the label that matched (when an alternative one) and the rank."""

    iri: str
    label: str
    matched: str | None
    rank: int


@dataclass
class Entity:
    """A thing stated in an article, with the values of each facet (IRIs)."""

    iri: str
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class Catalogue:
    """The labels and facets of one store generation (see the module docstring)."""

    labels: dict[str, str]
    names: dict[str, list[str]]
    superclasses: dict[str, set[str]]
    entities: dict[str, Entity]
    truncated: bool = False
    _folded: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self):
        self._folded = [(iri, fold(text), text) for iri, texts in self.names.items() for text in texts]

    def name(self, iri: str) -> str:
        """The best label of ``iri``, else its local name."""
        return self.labels.get(iri) or local_name(iri)

    def search(self, text: str, limit: int | None = None) -> list[Hit]:
        """The things whose label or alternative label matches ``text``, best first: by rank, then the shorter label
        that matched (the closer match), then by label."""
        query = fold(text)
        best: dict[str, tuple[int, int, str]] = {}
        for iri, folded, original in self._folded:
            rank = match_rank(query, folded)
            if rank is not None and (iri not in best or (rank, len(folded)) < best[iri][:2]):
                best[iri] = (rank, len(folded), original)
        hits = [
            (length, Hit(iri, self.name(iri), matched if matched != self.name(iri) else None, rank))
            for iri, (rank, length, matched) in best.items()
        ]
        hits.sort(key=lambda pair: (pair[1].rank, pair[0], pair[1].label.casefold(), pair[1].iri))
        found = [hit for _, hit in hits]
        return found[:limit] if limit is not None else found

    def most_specific(self, classes: Iterable[str]) -> list[str]:
        """The named classes of ``classes`` that no other of them is a strict subclass of; of equivalent classes
        (each a subclass of the other) one is kept: the project's own, else the first by IRI."""
        named = sorted({c for c in classes if c}, key=lambda c: (not c.startswith(PREFIXES["gko"]), c))
        kept: list[str] = []
        for candidate in named:
            supers = self.superclasses.get(candidate, set())
            below = [c for c in named if c != candidate and candidate in self.superclasses.get(c, set())]
            if any(candidate not in self.superclasses.get(c, set()) or c not in supers for c in below):
                continue  # a strict subclass of it is there
            if any(k in supers and candidate in self.superclasses.get(k, set()) for k in kept):
                continue  # an equivalent class is kept already
            kept.append(candidate)
        return kept


def _bindings(query: str) -> tuple[list[dict], bool]:
    outcome = run(Job(query, format="json"))
    if not outcome.answered:
        raise refusal(outcome)
    return json.loads(outcome.body)["results"]["bindings"], outcome.truncated


def _best_labels(rows: list[dict]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The label of each IRI, chosen from its name properties by govkg.sparql.labels.pick_labels (as every result of
    the project is labelled), and, for the IRIs search finds (not those labelled only in a links graph), every one of
    its labels: names first, English first."""
    chosen = pick_labels(
        (row["x"]["value"], row["p"]["value"], row["label"]["value"], row["label"].get("xml:lang", ""))
        for row in rows
        if row["p"]["value"] in NAME_PROPERTIES
    )
    searched = {row["x"]["value"] for row in rows if row["g"]["value"] not in _UNSEARCHED_GRAPHS}
    found: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        if row["x"]["value"] in searched:
            lang = row["label"].get("xml:lang", "").lower()
            english = lang == "en" or lang.startswith("en-")
            rank = (_LABEL_PROPERTIES.index(row["p"]["value"]), not english)
            found[row["x"]["value"]].append((rank, row["label"]["value"]))
    names = {iri: list(dict.fromkeys(text for _, text in sorted(entries))) for iri, entries in found.items()}
    return {iri: text for iri, text in chosen.items() if text}, names


def build() -> Catalogue:
    """The catalogue of the current store, from four queries; HttpError if one does not answer."""
    label_rows, cut_labels = _bindings(LABELS_QUERY)
    type_rows, cut_types = _bindings(TYPES_QUERY)
    subclass_rows, cut_classes = _bindings(SUBCLASS_QUERY)
    link_rows, cut_links = _bindings(LINKS_QUERY)
    labels, names = _best_labels(label_rows)
    superclasses: dict[str, set[str]] = defaultdict(set)
    for row in subclass_rows:
        if row["sub"]["value"] != row["super"]["value"]:
            superclasses[row["sub"]["value"]].add(row["super"]["value"])
    catalogue = Catalogue(labels, names, dict(superclasses), {})
    stated: dict[str, set[str]] = defaultdict(set)
    for row in type_rows:
        iri = row["x"]["value"]
        entity = catalogue.entities.setdefault(iri, Entity(iri))
        entity.facets["article"].add(row["g"]["value"])
        stated[iri].add(row["class"]["value"])
    for graph in {g for entity in catalogue.entities.values() for g in entity.facets["article"]}:
        article = labels.get(str(GKR) + graph[len(str(GRAPH)) :])  # graph/article/X holds id/article/X
        if article:
            labels[graph] = article
    for iri, classes in stated.items():
        catalogue.entities[iri].facets["class"].update(catalogue.most_specific(classes))
    for row in link_rows:
        linked = catalogue.entities.get(row["x"]["value"])
        if linked is not None:
            linked.facets[row["kind"]["value"]].add(row["to"]["value"])
    catalogue.truncated = cut_labels or cut_types or cut_classes or cut_links
    return catalogue


_LOCK = threading.Lock()


def catalogue() -> Catalogue:
    """The catalogue of the current app's store, built on first use in each store generation (HttpError 503 if
    there is no store or a query fails)."""
    try:
        generation = current_generation(current_app.config["STORE_DIR"])
    except KgError as error:
        raise HttpError(503, str(error)) from None
    with _LOCK:
        cached = current_app.extensions.get(CATALOGUE_KEY)
        if cached is None or cached[0] != generation:
            cached = (generation, build())
            current_app.extensions[CATALOGUE_KEY] = cached
        return cached[1]


def facet_counts(entities: list[Entity], catalogue: Catalogue) -> dict[str, list[tuple[str, str, int]]]:
    """Per facet: (value IRI, its label, how many of ``entities`` have it), most first, then by label."""
    counts: dict[str, dict[str, int]] = {name: defaultdict(int) for name in FACETS}
    for entity in entities:
        for name in FACETS:
            for value in entity.facets.get(name, ()):
                counts[name][value] += 1
    return {
        name: sorted(
            ((value, catalogue.name(value), n) for value, n in found.items()),
            key=lambda item: (-item[2], item[1].casefold(), item[0]),
        )
        for name, found in counts.items()
    }
