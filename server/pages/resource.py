"""The model of the resource page (/page?iri=IRI), made by pure functions from the answers of its queries
(govkg.server.pages.resource_queries): label, full IRI, types (asserted and inferred), descriptions, every
property grouped by predicate, the links to it (capped, with their count), the named graphs involved, the
article sentences it comes from, its Wikidata links and the picture of its neighbourhood."""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph

from govkg.rdf.namespaces import INFERRED_GRAPHS, PREFIXES
from govkg.server.pages import neighbourhood
from govkg.server.pages.resource_queries import OUTGOING_CAP, SENTENCE_CAP
from govkg.server.pages.terms import LABELS, RDF_TYPE, IriTerm, Term, Terms, binding_key, sort_text, web_href
from govkg.sparql.table import compact

#: Properties whose literal values describe the resource, best first.
DESCRIPTIONS = [
    PREFIXES["skos"] + "definition",
    PREFIXES["rdfs"] + "comment",
    PREFIXES["dcterms"] + "description",
    PREFIXES["schema"] + "description",
    PREFIXES["rdf"] + "value",
]
#: Properties listed first in the property table (the types are shown above it).
FIRST_PROPERTIES = [*LABELS]
_WIKIDATA_ITEM = PREFIXES["wd"]
#: What each links graph holds, as the page says it (the graph IRI after .../graph/).
LINK_ORIGINS = {"links": "curated by the project", "links-reconciled": "found by reconciliation"}


def requested_iri(given: list[str]) -> str:
    """The IRI a request names in its ``iri`` parameter (``given``: its values): absolute, or a prefixed name
    with one of the project's prefixes (``gkr:X``); ValueError saying what is wrong."""
    if len(given) > 1:
        raise ValueError(f"parameter 'iri' given {len(given)} times: give it once")
    text = given[0].strip() if given else ""
    if not text:
        raise ValueError("no IRI given: ask for /page?iri=IRI, e.g. /page?iri=https://w3id.org/govkg/id/Kazakhstan")
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    try:
        return pyoxigraph.NamedNode(text).value
    except ValueError as error:
        raise ValueError(f"{text!r} is not an absolute IRI: {error}") from None


@dataclass(frozen=True)
class Rows:
    """The SPARQL JSON bindings of the page's queries about one resource."""

    outgoing: list[dict]
    incoming: list[dict]
    counts: list[dict]
    sentences: list[dict]
    wikidata: list[dict]


@dataclass(frozen=True)
class Stated:
    """A value and whether only the inferred graph states it."""

    term: Term
    inferred: bool


@dataclass(frozen=True)
class StatedType:
    """A type of the resource and whether only the inferred graph states it."""

    term: IriTerm
    inferred: bool


@dataclass(frozen=True)
class Description:
    property: IriTerm
    text: str


@dataclass(frozen=True)
class PropertyRow:
    predicate: IriTerm
    values: list[Stated]


@dataclass(frozen=True)
class GraphUse:
    """A named graph holding ``about`` triples about the resource and ``pointing`` triples pointing at it."""

    graph: IriTerm
    about: int
    pointing: int


@dataclass(frozen=True)
class IncomingLink:
    """A triple pointing at the resource; a blank subject comes with the node that holds it (``owner``)."""

    subject: Term
    owner: Term | None
    owner_predicate: IriTerm | None
    predicate: IriTerm
    inferred: bool


@dataclass(frozen=True)
class Sentence:
    """An article sentence, with the nodes it states that lead to the resource (``via``)."""

    sentence: IriTerm
    text: str
    position: str | None
    article: IriTerm | None
    via: list[IriTerm]


@dataclass(frozen=True)
class LinkStatus:
    """A link's status in one links graph: the graph, where the link comes from (``origin``) and the note of its
    source, if any (``note``)."""

    graph: str
    href: str
    origin: str
    note: str | None


@dataclass(frozen=True)
class WikidataLink:
    """An external match: a Wikidata item (``qid``) or another IRI, with its status per links graph; ``href`` is
    None when the IRI is no http(s) URL (it is shown as text, never as a link)."""

    qid: str | None
    label: str | None
    url: str
    href: str | None
    statuses: dict[str, LinkStatus]


@dataclass(frozen=True)
class ResourcePage:
    """Everything the page shows about ``iri``."""

    iri: str
    label: str
    short: str
    types: list[StatedType]
    all_types: list[StatedType]
    descriptions: list[Description]
    properties: list[PropertyRow]
    inferred_properties: list[PropertyRow]
    properties_cut: bool
    graphs: list[GraphUse]
    incoming: list[IncomingLink]
    incoming_total: int
    as_predicate: int
    graph_size: int | None
    sentences: list[Sentence]
    wikidata: list[WikidataLink]
    neighbourhood: str


def mentioned(outgoing: list[dict], counts: list[dict]) -> bool:
    """True if some triple mentions the resource (as subject, object, predicate or graph name)."""
    return bool(outgoing) or any(int(row["n"]["value"]) for row in counts)


def _inferred_only(graphs: set[str]) -> bool:
    return graphs <= set(INFERRED_GRAPHS)


def describe(
    iri: str,
    rows: Rows,
    labels_of: Callable[[set[str]], dict[str, str]],
    href: Callable[[str], str],
    most_specific: Callable[[list[str]], list[str]] = list,
) -> ResourcePage:
    """The page of ``iri`` from ``rows``; ``labels_of`` gives the labels of a set of IRIs, ``href`` the page of an
    IRI, ``most_specific`` the classes of a list that no other of it is a subclass of (default: all of them)."""
    counts: dict[str, int] = defaultdict(int)
    incoming_by_graph = {}
    for row in rows.counts:
        counts[row["kind"]["value"]] += int(row["n"]["value"])
        if row["kind"]["value"] == "incoming":
            incoming_by_graph[row["g"]["value"]] = int(row["n"]["value"])

    statements: dict[tuple[str, str], set[str]] = defaultdict(set)  # (p, o as JSON text) -> graphs
    objects: dict[tuple[str, str], dict] = {}
    blanks: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows.outgoing:
        key = (row["p"]["value"], binding_key(row["o"]))
        statements[key].add(row["g"]["value"])
        objects[key] = row["o"]
        if "b" in row:
            blanks[row["b"]["value"]].add((binding_key(row["bp"]), binding_key(row["bo"])))
    for row in rows.incoming:
        if "sp" in row:
            blanks[row["s"]["value"]].add((binding_key(row["sp"]), binding_key(row["so"])))
    blank_pairs = {b: [(json.loads(p), json.loads(o)) for p, o in sorted(pairs)] for b, pairs in blanks.items()}

    iris = {iri} | {p for p, _ in statements} | {g for graphs in statements.values() for g in graphs}
    iris |= {o["value"] for o in objects.values() if o["type"] == "uri"}
    iris |= {o["value"] for pairs in blank_pairs.values() for pair in pairs for o in pair if o["type"] == "uri"}
    for row in rows.incoming:
        iris |= {
            row[k]["value"]
            for k in ("s", "p", "g", "owner", "ownerP", "sp", "so")
            if row.get(k, {}).get("type") == "uri"
        }
    iris |= {row[k]["value"] for row in rows.sentences for k in ("via", "article") if k in row}
    iris |= {row["target"]["value"] for row in rows.wikidata if row["target"]["type"] == "uri"}
    terms = Terms(labels_of(iris), blank_pairs, href)
    all_types = _types(statements, terms)
    specific = set(most_specific([t.term.iri for t in all_types]))
    properties = _properties(statements, objects, terms)

    return ResourcePage(
        iri=iri,
        label=terms.name(iri),
        short=compact({"type": "uri", "value": iri}),
        types=_distinct_labels([t for t in all_types if t.term.iri in specific]),
        all_types=all_types,
        descriptions=_descriptions(statements, objects, terms),
        properties=_stated(properties, inferred=False),
        inferred_properties=_stated(properties, inferred=True),
        properties_cut=len(rows.outgoing) >= OUTGOING_CAP,
        graphs=_graphs(rows.outgoing, incoming_by_graph, terms),
        incoming=_incoming(rows.incoming, terms),
        incoming_total=counts.get("incoming", 0),
        as_predicate=counts.get("predicate", 0),
        graph_size=counts.get("graph"),
        sentences=_sentences(rows.sentences, terms),
        wikidata=_wikidata(rows.wikidata, href, terms.labels),
        neighbourhood=_picture(iri, statements, objects, rows.incoming, terms),
    )


def _types(statements: dict, terms: Terms) -> list[StatedType]:
    """The resource's types, asserted first, each marked inferred when only the inferred graph states it."""
    found = [
        (terms.iri(json.loads(o)["value"]), _inferred_only(graphs))
        for (p, o), graphs in statements.items()
        if p == RDF_TYPE and json.loads(o)["type"] == "uri"
    ]
    found.sort(key=lambda pair: (pair[1], pair[0].label.casefold(), pair[0].iri))
    return [StatedType(term, inferred) for term, inferred in found]


def _distinct_labels(types: list[StatedType]) -> list[StatedType]:
    """``types`` with one type per label (the first: asserted before inferred)."""
    seen: set[str] = set()
    kept = []
    for stated in types:
        if stated.term.label.casefold() not in seen:
            seen.add(stated.term.label.casefold())
            kept.append(stated)
    return kept


def _stated(rows: list[PropertyRow], inferred: bool) -> list[PropertyRow]:
    """The rows with only their values that are (``inferred``) or are not only inferred; empty rows left out."""
    kept = [PropertyRow(row.predicate, [v for v in row.values if v.inferred == inferred]) for row in rows]
    return [row for row in kept if row.values]


def _descriptions(statements: dict, objects: dict, terms: Terms) -> list[Description]:
    """The describing literals (definition, comment, description, text), English or untagged, best property first."""
    found = []
    for key in statements:
        value = objects[key]
        lang = value.get("xml:lang", "").lower()
        if (
            key[0] in DESCRIPTIONS
            and value["type"] == "literal"
            and (not lang or lang == "en" or lang.startswith("en-"))
        ):
            found.append((DESCRIPTIONS.index(key[0]), value["value"], terms.iri(key[0])))
    return [Description(prop, text) for _, text, prop in sorted(found, key=lambda f: (f[0], f[1]))]


def _property_order(iri: str, label: str) -> tuple:
    return (FIRST_PROPERTIES.index(iri) if iri in FIRST_PROPERTIES else len(FIRST_PROPERTIES), label.casefold(), iri)


def _properties(statements: dict, objects: dict, terms: Terms) -> list[PropertyRow]:
    """Every outgoing triple grouped by predicate."""
    grouped = defaultdict(list)
    for (p, o), graphs in statements.items():
        if p != RDF_TYPE:
            grouped[p].append(Stated(terms.term(objects[(p, o)]), _inferred_only(graphs)))
    rows = []
    for p, values in grouped.items():
        values.sort(key=lambda v: (v.inferred, sort_text(v.term).casefold()))
        rows.append(PropertyRow(terms.iri(p), values))
    return sorted(rows, key=lambda r: _property_order(r.predicate.iri, r.predicate.label))


def _graphs(outgoing: list[dict], incoming_by_graph: dict[str, int], terms: Terms) -> list[GraphUse]:
    """The named graphs that hold triples about the resource (as subject) or pointing at it, with counts."""
    about = defaultdict(set)
    for row in outgoing:
        about[row["g"]["value"]].add((row["p"]["value"], binding_key(row["o"])))
    graphs = sorted(set(about) | set(incoming_by_graph))
    return [GraphUse(terms.iri(g), len(about[g]), incoming_by_graph.get(g, 0)) for g in graphs]


def _incoming(rows: list[dict], terms: Terms) -> list[IncomingLink]:
    """The links to the resource: subject (a blank one inline, with the node that holds it), predicate, inferred."""
    links: dict[tuple, tuple[dict, set[str]]] = {}
    owned = {(row["s"]["value"], row["p"]["value"]) for row in rows if "owner" in row}
    for row in rows:
        subject, owner = row["s"], row.get("owner")
        if "sp" in row or (owner is None and (subject["value"], row["p"]["value"]) in owned):
            continue  # a blank subject's own triple, or a link also found with the node that holds its subject
        entry = {
            "subject": terms.term(subject),
            "owner": terms.term(owner) if owner and owner["type"] == "uri" else None,
            "owner_predicate": terms.iri(row["ownerP"]["value"]) if owner else None,
            "predicate": terms.iri(row["p"]["value"]),
        }
        key = (subject["value"], row["p"]["value"], owner["value"] if owner else None)
        links.setdefault(key, (entry, set()))[1].add(row["g"]["value"])
    entries = [IncomingLink(**entry, inferred=_inferred_only(graphs)) for entry, graphs in links.values()]
    return sorted(entries, key=lambda e: (e.inferred, e.predicate.label.casefold(), _sort_label(e)))


def _sort_label(link: IncomingLink) -> str:
    named = link.subject if isinstance(link.subject, IriTerm) else link.owner
    return sort_text(named).casefold() if named else ""


def _sentences(rows: list[dict], terms: Terms) -> list[Sentence]:
    """The article sentences the resource is stated in, or that state something mentioning it, in article order."""
    sentences: dict[str, dict] = {}
    for row in rows:
        iri = row["sentence"]["value"]
        if iri not in sentences:
            if len(sentences) >= SENTENCE_CAP:
                continue
            sentences[iri] = {
                "sentence": terms.iri(iri),
                "text": row["text"]["value"],
                "position": row.get("position", {}).get("value"),
                "article": terms.iri(row["article"]["value"]) if "article" in row else None,
                "via": {},
            }
        via = row["via"]["value"]
        sentences[iri]["via"].setdefault(via, terms.iri(via))
    return [
        Sentence(**{**s, "via": sorted(s["via"].values(), key=lambda v: v.label.casefold())})
        for s in sentences.values()
    ]


def _note(source: str | None) -> str | None:
    """What a link's source says about it, without the name of the file it was curated in (``file.tsv: note``)."""
    if not source:
        return None
    name, separator, note = source.partition(": ")
    return note if separator and name.endswith((".tsv", ".csv")) else source


def _wikidata(rows: list[dict], href: Callable[[str], str], labels: dict[str, str]) -> list[WikidataLink]:
    """The Wikidata items the resource is linked to (with their label when the enrichment graph has it), with the
    status, origin and note of each link."""
    links: dict[str, WikidataLink] = {}
    for row in rows:
        target = row["target"]["value"]
        if target.startswith(_WIKIDATA_ITEM):
            qid = target[len(_WIKIDATA_ITEM) :]
            url = f"https://www.wikidata.org/wiki/{qid}"
            link = links.setdefault(target, WikidataLink(qid, labels.get(target), url, web_href(url), {}))
        else:
            link = links.setdefault(target, WikidataLink(None, labels.get(target), target, web_href(target), {}))
        status = row.get("status", {}).get("value", "unrecorded")
        graph = row["g"]["value"]
        origin = LINK_ORIGINS.get(graph.rsplit("/", 1)[-1], "from the graph " + graph)
        link.statuses[status] = LinkStatus(graph, href(graph), origin, _note(row.get("source", {}).get("value")))
    return list(links.values())


def _picture(iri: str, statements: dict, objects: dict, incoming: list[dict], terms: Terms) -> str:
    """The neighbourhood SVG: IRI neighbours in both directions, merged per neighbour and direction."""
    edges: dict[tuple[str, bool], tuple[list[str], set[str]]] = defaultdict(lambda: ([], set()))
    for (p, o), graphs in statements.items():
        value = objects[(p, o)]
        if value["type"] == "uri" and value["value"] != iri and not (p == RDF_TYPE and _inferred_only(graphs)):
            labels, seen = edges[(value["value"], False)]
            labels.append(terms.name(p))
            seen.update(graphs)
    for row in incoming:
        if row["s"]["type"] == "uri" and row["s"]["value"] != iri:
            labels, seen = edges[(row["s"]["value"], True)]
            labels.append(terms.name(row["p"]["value"]))
            seen.add(row["g"]["value"])
    neighbours = [
        neighbourhood.Neighbour(
            iri=node,
            label=terms.name(node),
            href=terms.href(node),
            properties=tuple(sorted(set(labels), key=str.casefold)),
            incoming=is_incoming,
            inferred=_inferred_only(graphs),
        )
        for (node, is_incoming), (labels, graphs) in edges.items()
    ]
    chosen, left_out = neighbourhood.choose(neighbours)
    return neighbourhood.draw(terms.name(iri), iri, terms.href(iri), chosen, left_out)
