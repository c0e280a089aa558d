"""``/page?iri=IRI``: the HTML page of any IRI of the store.

The page shows the resource's label, full IRI, types (asserted and inferred), description, every property
(grouped by predicate), the links to it (capped, with their count), the article sentences it comes from, its
Wikidata link(s) and a picture of its neighbourhood (server.neighbourhood). ``iri`` may also be a prefixed name
with one of the project's prefixes (``gkr:Kazakhstan``). Six SELECT queries per page run through the worker pool
(server.execution): five bind the resource by substitution, the sixth reads the labels of every IRI on the page from
a VALUES clause whose IRIs are each checked by pyoxigraph's IRI parser first. Answers: 200, 400 (no or bad ``iri``),
404 (no triple mentions the IRI), or the worker's status (503 on a timeout), always as an HTML page.
"""

import json
from collections import defaultdict
from urllib.parse import urlencode

import pyoxigraph
from flask import Blueprint, current_app, render_template, request

from govkg.rdf.namespaces import INFERRED_GRAPH, PREFIXES, SPARQL_PREFIXES
from govkg.server import neighbourhood
from govkg.server.execution import SelectFailed, select
from govkg.server.links import page_href
from govkg.sparql.table import compact

bp = Blueprint("resources", __name__, template_folder="templates")

#: How many links to the resource the page lists (the total is counted).
INCOMING_CAP = 200
#: How many triples about the resource (with their blank-node structure) the page reads.
OUTGOING_CAP = 2000
SENTENCE_CAP = 100

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]
RDF_TYPE = RDF + "type"
#: Label properties, best first.
LABELS = [RDFS + "label", SKOS + "prefLabel", SCHEMA + "name"]
#: Properties whose literal values describe the resource, best first.
DESCRIPTIONS = [SKOS + "definition", RDFS + "comment", DCTERMS + "description", SCHEMA + "description", RDF + "value"]
#: Properties listed first in the property table.
FIRST_PROPERTIES = [RDF_TYPE, *LABELS]
_PLAIN_DATATYPES = {PREFIXES["xsd"] + "string", RDF + "langString"}
_WIKIDATA_ITEM = PREFIXES["wd"]
_LIST_LIMIT = 200  # members of one RDF list shown

#: Predicates that lead from a blank node to the rest of its OWL structure (restrictions, lists, axioms).
_BLANK_PATH = (
    "rdf:first|rdf:rest|owl:onProperty|owl:onClass|owl:someValuesFrom|owl:allValuesFrom|owl:hasValue|owl:unionOf|"
    "owl:intersectionOf|owl:oneOf|owl:complementOf|owl:members|owl:propertyChainAxiom|owl:inverseOf|owl:onDataRange|"
    "owl:withRestrictions|owl:distinctMembers"
)
OUTGOING = (
    SPARQL_PREFIXES
    + f"""SELECT ?this ?g ?p ?o ?b ?bp ?bo WHERE {{
  GRAPH ?g {{
    {{ ?this ?p ?o }}
    UNION {{ ?this ?p ?o FILTER(isBlank(?o)) ?o ({_BLANK_PATH})* ?b . ?b ?bp ?bo FILTER(isBlank(?b)) }}
  }}
}} LIMIT {OUTGOING_CAP}"""
)
#: For a blank subject (a restriction, a list cell) the second branch finds the node that holds it, the third its
#: own triples (to show it inline).
INCOMING = (
    SPARQL_PREFIXES
    + f"""SELECT ?this ?g ?s ?p ?owner ?ownerP ?sp ?so WHERE {{
  GRAPH ?g {{
    {{ ?s ?p ?this }}
    UNION {{ ?s ?p ?this FILTER(isBlank(?s)) ?head rdf:rest* ?s . ?owner ?ownerP ?head FILTER(?ownerP != rdf:rest) }}
    UNION {{ ?s ?p ?this FILTER(isBlank(?s)) ?s ?sp ?so }}
  }}
}} ORDER BY ?p ?s LIMIT {INCOMING_CAP}"""
)
COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?this ?kind ?g (COUNT(*) AS ?n) WHERE {
  { GRAPH ?g { ?s ?p ?this } BIND("incoming" AS ?kind) }
  UNION { GRAPH ?g { ?s ?this ?o } BIND("predicate" AS ?kind) }
  UNION { GRAPH ?this { ?s ?p ?o } BIND("graph" AS ?kind) }
} GROUP BY ?this ?kind ?g"""
)
SENTENCES = (
    SPARQL_PREFIXES
    + f"""SELECT DISTINCT ?this ?sentence ?text ?position ?article ?via WHERE {{
  {{ ?this gko:statedIn ?sentence BIND(?this AS ?via) }}
  UNION {{ ?via ?p ?this . ?via gko:statedIn ?sentence FILTER(isIRI(?via)) }}
  ?sentence rdf:value ?text .
  OPTIONAL {{ ?sentence gko:position ?position }}
  OPTIONAL {{ ?sentence dcterms:isPartOf ?article }}
}} ORDER BY ?article ?position ?sentence LIMIT {SENTENCE_CAP * 10}"""
)
#: When neither the resource nor a node pointing at it is stated in a sentence (a checkpoint of a planned
#: project), the sentences of the nodes two links away (the plan that names the project).
SENTENCES_TWO_LINKS_AWAY = (
    SPARQL_PREFIXES
    + f"""SELECT DISTINCT ?this ?sentence ?text ?position ?article ?via WHERE {{
  ?mid ?p ?this FILTER(isIRI(?mid))
  ?via ?q ?mid . ?via gko:statedIn ?sentence FILTER(isIRI(?via))
  ?sentence rdf:value ?text .
  OPTIONAL {{ ?sentence gko:position ?position }}
  OPTIONAL {{ ?sentence dcterms:isPartOf ?article }}
}} ORDER BY ?article ?position ?sentence LIMIT {SENTENCE_CAP * 10}"""
)
WIKIDATA = (
    SPARQL_PREFIXES
    + """SELECT ?this ?g ?target ?status ?source WHERE {
  GRAPH ?g {
    ?this gko:externalMatch ?target
    OPTIONAL { ?link gko:linkedEntity ?this ; gko:linkTarget ?target ; gko:linkStatus ?status
               OPTIONAL { ?link dcterms:source ?source } }
  }
} ORDER BY ?target"""
)
_LABELS_QUERY = (
    SPARQL_PREFIXES + "SELECT ?x ?p ?label WHERE {{ VALUES ?x {{ {iris} }} VALUES ?p {{ {properties} }} ?x ?p ?label }}"
)


class PageError(Exception):
    """A request this page cannot answer with a description: HTTP ``status`` and a message for the reader."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def requested_iri(args) -> str:
    """The IRI the request names (``iri``, absolute or a prefixed name such as ``gkr:X``); PageError 400 if none
    or not an IRI."""
    given = args.getlist("iri")
    if len(given) > 1:
        raise PageError(400, f"parameter 'iri' given {len(given)} times: give it once")
    text = given[0].strip() if given else ""
    if not text:
        raise PageError(400, "no IRI given: ask for /page?iri=IRI, e.g. /page?iri=https://w3id.org/govkg/id/Kazakhstan")
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    try:
        return pyoxigraph.NamedNode(text).value
    except ValueError as error:
        raise PageError(400, f"{text!r} is not an absolute IRI: {error}") from None


def _select(query: str, iri: str | None) -> list[dict]:
    """The bindings of a SELECT query (``?this`` bound to ``iri``) run by the worker pool; PageError on failure."""
    try:
        return select(query, {"this": f"<{iri}>"} if iri else None)
    except SelectFailed as failure:
        raise PageError(failure.status, f"the store could not be read for this page: {failure.message}") from None


def local_name(iri: str) -> str:
    """The last segment of ``iri`` (after ``#`` or the last ``/``), or the IRI itself."""
    for separator in ("#", "/", ":"):
        _, found, tail = iri.rstrip("/#").rpartition(separator)
        if found and tail:
            return tail
    return iri


def _best(literals: list[tuple[int, dict]]) -> dict:
    """The best of (rank, literal binding) pairs: English first, then no language, then any; lower rank first."""

    def key(item):
        rank, literal = item
        lang = literal.get("xml:lang", "").lower()
        return (0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2, rank, literal["value"])

    return min(literals, key=key)[1]


def _labels(iris: set[str]) -> dict[str, str]:
    """The best label of each of ``iris`` that has one (one query)."""
    checked = sorted(str(pyoxigraph.NamedNode(iri)) for iri in iris)  # store IRIs, checked before writing them
    if not checked:
        return {}
    properties = " ".join(f"<{p}>" for p in LABELS)
    found = defaultdict(list)
    for row in _select(_LABELS_QUERY.format(iris=" ".join(checked), properties=properties), None):
        if row["label"]["type"] == "literal":
            found[row["x"]["value"]].append((LABELS.index(row["p"]["value"]), row["label"]))
    return {iri: _best(literals)["value"] for iri, literals in found.items()}


class _Terms:
    """Turns SPARQL JSON bindings into the dicts the template shows, with labels and blank-node structure."""

    def __init__(self, labels: dict[str, str], blanks: dict[str, list[tuple[dict, dict]]]):
        self.labels = labels
        self.blanks = blanks

    def name(self, iri: str) -> str:
        return self.labels.get(iri) or local_name(iri)

    def iri(self, iri: str) -> dict:
        short = compact({"type": "uri", "value": iri})
        return {"kind": "iri", "iri": iri, "href": page_href(iri), "label": self.name(iri), "short": short}

    def term(self, binding: dict, seen: frozenset = frozenset()) -> dict:
        """One value: an IRI (linked, labelled), a literal (language and datatype) or a blank node (inline)."""
        kind, value = binding["type"], binding["value"]
        if kind == "uri":
            return self.iri(value)
        if kind == "literal":
            datatype = binding.get("datatype")
            shown = (
                None if not datatype or datatype in _PLAIN_DATATYPES else compact({"type": "uri", "value": datatype})
            )
            return {"kind": "literal", "text": value, "lang": binding.get("xml:lang"), "datatype": shown}
        return self._blank(value, seen)

    def _blank(self, node: str, seen: frozenset) -> dict:
        """A blank node: an RDF list as its members, else its properties (cycles cut)."""
        if node in seen:
            return {"kind": "blank", "properties": []}
        seen = seen | {node}
        items, cell = [], node
        while cell and len(items) < _LIST_LIMIT:
            properties = {p["value"]: o for p, o in self.blanks.get(cell, [])}
            if RDF + "first" not in properties:
                break
            items.append(self.term(properties[RDF + "first"], seen))
            rest = properties.get(RDF + "rest", {})
            cell = rest.get("value") if rest.get("type") == "bnode" and rest.get("value") not in seen else None
            seen = seen | {cell}
        if items:
            return {"kind": "list", "members": items}
        pairs = sorted(self.blanks.get(node, []), key=lambda pair: (pair[0]["value"] != RDF_TYPE, pair[0]["value"]))
        return {"kind": "blank", "properties": [(self.iri(p["value"]), self.term(o, seen)) for p, o in pairs]}


def _property_order(iri: str, label: str) -> tuple:
    return (FIRST_PROPERTIES.index(iri) if iri in FIRST_PROPERTIES else len(FIRST_PROPERTIES), label.casefold(), iri)


def _read(iri: str) -> dict:
    """Everything the page shows about ``iri``, read from the store; PageError 404 if no triple mentions it."""
    outgoing = _select(OUTGOING, iri)
    incoming = _select(INCOMING, iri)
    counts, incoming_by_graph = defaultdict(int), {}
    for row in _select(COUNTS, iri):
        counts[row["kind"]["value"]] += int(row["n"]["value"])
        if row["kind"]["value"] == "incoming":
            incoming_by_graph[row["g"]["value"]] = int(row["n"]["value"])
    if not outgoing and not any(counts.values()):
        raise PageError(404, f"no triple of the store mentions <{iri}>")
    sentences = _select(SENTENCES, iri) or _select(SENTENCES_TWO_LINKS_AWAY, iri)
    wikidata = _select(WIKIDATA, iri)

    statements = defaultdict(set)  # (p, o as JSON text) -> graphs
    objects, blanks = {}, defaultdict(set)
    for row in outgoing:
        key = (row["p"]["value"], _key(row["o"]))
        statements[key].add(row["g"]["value"])
        objects[key] = row["o"]
        if "b" in row:
            blanks[row["b"]["value"]].add((_key(row["bp"]), _key(row["bo"])))
    for row in incoming:
        if "sp" in row:
            blanks[row["s"]["value"]].add((_key(row["sp"]), _key(row["so"])))
    blank_pairs = {b: [(json.loads(p), json.loads(o)) for p, o in sorted(pairs)] for b, pairs in blanks.items()}

    iris = {iri} | {p for p, _ in statements} | {g for graphs in statements.values() for g in graphs}
    iris |= {o["value"] for o in objects.values() if o["type"] == "uri"}
    iris |= {o["value"] for pairs in blank_pairs.values() for pair in pairs for o in pair if o["type"] == "uri"}
    for row in incoming:
        iris |= {
            row[k]["value"]
            for k in ("s", "p", "g", "owner", "ownerP", "sp", "so")
            if row.get(k, {}).get("type") == "uri"
        }
    iris |= {row[k]["value"] for row in sentences for k in ("via", "article") if k in row}
    terms = _Terms(_labels(iris), blank_pairs)

    return {
        "iri": iri,
        "label": terms.name(iri),
        "short": compact({"type": "uri", "value": iri}),
        "types": _types(statements, terms),
        "descriptions": _descriptions(statements, objects, terms),
        "properties": _properties(statements, objects, terms),
        "properties_cut": len(outgoing) >= OUTGOING_CAP,
        "graphs": _graphs(outgoing, incoming_by_graph, terms),
        "incoming": _incoming(incoming, terms),
        "incoming_total": counts.get("incoming", 0),
        "as_predicate": counts.get("predicate", 0),
        "graph_size": counts.get("graph"),
        "sentences": _sentences(sentences, terms),
        "wikidata": _wikidata(wikidata),
        "neighbourhood": _picture(iri, statements, objects, incoming, terms),
    }


def _key(term: dict) -> str:
    """A SPARQL JSON term as hashable text."""
    return json.dumps(term, sort_keys=True)


def _inferred_only(graphs: set[str]) -> bool:
    return graphs == {str(INFERRED_GRAPH)}


def _types(statements: dict, terms: _Terms) -> list[dict]:
    """The resource's types, asserted first, each marked inferred when only the inferred graph states it."""
    types = [
        {**terms.iri(json.loads(o)["value"]), "inferred": _inferred_only(graphs)}
        for (p, o), graphs in statements.items()
        if p == RDF_TYPE and json.loads(o)["type"] == "uri"
    ]
    return sorted(types, key=lambda t: (t["inferred"], t["label"].casefold(), t["iri"]))


def _descriptions(statements: dict, objects: dict, terms: _Terms) -> list[dict]:
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
    return [{"property": prop, "text": text} for _, text, prop in sorted(found, key=lambda f: (f[0], f[1]))]


def _properties(statements: dict, objects: dict, terms: _Terms) -> list[dict]:
    """Every outgoing triple grouped by predicate: [{predicate, values: [{term, inferred}]}]."""
    grouped = defaultdict(list)
    for (p, o), graphs in statements.items():
        grouped[p].append({**terms.term(objects[(p, o)]), "inferred": _inferred_only(graphs)})
    rows = []
    for p, values in grouped.items():
        values.sort(key=lambda v: (v["inferred"], v.get("label", v.get("text", "")).casefold()))
        rows.append({"predicate": terms.iri(p), "values": values})
    return sorted(rows, key=lambda r: _property_order(r["predicate"]["iri"], r["predicate"]["label"]))


def _graphs(outgoing: list[dict], incoming_by_graph: dict[str, int], terms: _Terms) -> list[dict]:
    """The named graphs that hold triples about the resource (as subject) or pointing at it, with counts."""
    about = defaultdict(set)
    for row in outgoing:
        about[row["g"]["value"]].add((row["p"]["value"], _key(row["o"])))
    graphs = sorted(set(about) | set(incoming_by_graph))
    return [{**terms.iri(g), "about": len(about[g]), "pointing": incoming_by_graph.get(g, 0)} for g in graphs]


def _incoming(rows: list[dict], terms: _Terms) -> list[dict]:
    """The links to the resource: subject (a blank one inline, with the node that holds it), predicate, inferred."""
    links = {}
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
    entries = [{**entry, "inferred": _inferred_only(graphs)} for entry, graphs in links.values()]
    return sorted(entries, key=lambda e: (e["inferred"], e["predicate"]["label"].casefold(), _sort_label(e)))


def _sort_label(entry: dict) -> str:
    named = entry["subject"] if entry["subject"]["kind"] == "iri" else entry["owner"]
    return named["label"].casefold() if named else ""


def _sentences(rows: list[dict], terms: _Terms) -> list[dict]:
    """The article sentences the resource is stated in, or that state something mentioning it, in article order."""
    sentences = {}
    for row in rows:
        iri = row["sentence"]["value"]
        if iri not in sentences:
            if len(sentences) >= SENTENCE_CAP:
                continue
            sentences[iri] = {
                **terms.iri(iri),
                "text": row["text"]["value"],
                "position": row.get("position", {}).get("value"),
                "article": terms.iri(row["article"]["value"]) if "article" in row else None,
                "via": {},
            }
        via = row["via"]["value"]
        sentences[iri]["via"].setdefault(via, terms.iri(via))
    return [{**s, "via": sorted(s["via"].values(), key=lambda v: v["label"].casefold())} for s in sentences.values()]


def _wikidata(rows: list[dict]) -> list[dict]:
    """The Wikidata items the resource is linked to, with status, source and the links graph."""
    links = {}
    for row in rows:
        target = row["target"]["value"]
        if target.startswith(_WIKIDATA_ITEM):
            qid = target[len(_WIKIDATA_ITEM) :]
            link = links.setdefault(target, {"qid": qid, "url": f"https://www.wikidata.org/wiki/{qid}", "statuses": {}})
        else:
            link = links.setdefault(target, {"qid": None, "url": target, "statuses": {}})
        status = row.get("status", {}).get("value", "unrecorded")
        graph = row["g"]["value"]
        link["statuses"][status] = {
            "graph": graph,
            "href": page_href(graph),
            "source": row.get("source", {}).get("value"),
        }
    return list(links.values())


def _picture(iri: str, statements: dict, objects: dict, incoming: list[dict], terms: _Terms) -> str:
    """The neighbourhood SVG: IRI neighbours in both directions, merged per neighbour and direction."""
    edges = defaultdict(lambda: ([], set()))  # (neighbour, incoming) -> (property labels, graphs)
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
            href=page_href(node),
            properties=tuple(sorted(set(labels), key=str.casefold)),
            incoming=is_incoming,
            inferred=_inferred_only(graphs),
        )
        for (node, is_incoming), (labels, graphs) in edges.items()
    ]
    chosen, left_out = neighbourhood.choose(neighbours)
    return neighbourhood.draw(terms.name(iri), iri, page_href(iri), chosen, left_out)


def _data_links(iri: str) -> list[dict]:
    """The /data links of the resource's RDF description, one per format."""
    formats = [
        ("turtle", "text/turtle", "Turtle"),
        ("jsonld", "application/ld+json", "JSON-LD"),
        ("ntriples", "application/n-triples", "N-Triples"),
    ]
    return [{"href": "/data?" + urlencode({"iri": iri, "format": f}), "type": t, "name": n} for f, t, n in formats]


def _html(body: str, status: int):
    return current_app.response_class(body, status=status, content_type="text/html; charset=utf-8")


@bp.route("/page")
def page():
    """The HTML page of the IRI in ``iri`` (see the module docstring)."""
    given = request.args.get("iri", "")
    try:
        iri = requested_iri(request.args)
        resource = _read(iri)
    except PageError as error:
        return _html(
            render_template("resource.html", error=error.message, status=error.status, given=given), error.status
        )
    graph_store_href = "/rdf-graph-store?" + urlencode({"graph": iri})
    body = render_template(
        "resource.html",
        r=resource,
        data_links=_data_links(iri),
        graph_store_href=graph_store_href,
        outgoing_cap=OUTGOING_CAP,
        given=iri,
    )
    return _html(body, 200)
