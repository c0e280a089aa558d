"""The resource page model and its neighbourhood picture alone: pure functions over query answers, no app."""

import xml.etree.ElementTree as ET

import pytest

from govkg.rdf.namespaces import GKO, GKR, INFERRED_GRAPH
from govkg.server.pages import neighbourhood
from govkg.server.pages.resource import Rows, describe, mentioned, requested_iri
from govkg.server.pages.terms import BlankTerm, IriTerm, ListTerm, LiteralTerm, best_labels, local_name

SVG = "{http://www.w3.org/2000/svg}"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ARTICLE_GRAPH = "https://w3id.org/govkg/graph/article/a"
ME = str(GKR.Me)


def uri(value: str) -> dict:
    return {"type": "uri", "value": value}


def bnode(value: str) -> dict:
    return {"type": "bnode", "value": value}


def literal(value: str, lang: str | None = None) -> dict:
    return {"type": "literal", "value": value, **({"xml:lang": lang} if lang else {})}


def href(iri: str) -> str:
    return "/page?iri=" + iri


def rows(**answers) -> Rows:
    return Rows(**{name: answers.get(name, []) for name in ("outgoing", "incoming", "counts", "sentences", "wikidata")})


LABELS = {ME: "Me", str(GKO.Person): "person", RDFS_LABEL: "label"}


def test_types_are_marked_inferred_only_when_only_the_inferred_graph_states_them():
    person, agent = str(GKO.Person), str(GKO.Agent)
    outgoing = [
        {"g": uri(ARTICLE_GRAPH), "p": uri(RDF + "type"), "o": uri(person)},
        {"g": uri(str(INFERRED_GRAPH)), "p": uri(RDF + "type"), "o": uri(person)},
        {"g": uri(str(INFERRED_GRAPH)), "p": uri(RDF + "type"), "o": uri(agent)},
        {"g": uri(ARTICLE_GRAPH), "p": uri(RDFS_LABEL), "o": literal("Me", "en")},
    ]
    asked = []
    page = describe(ME, rows(outgoing=outgoing), lambda iris: asked.append(iris) or LABELS, href)
    assert asked == [{ME, RDF + "type", RDFS_LABEL, ARTICLE_GRAPH, str(INFERRED_GRAPH), person, agent}]
    assert page.label == "Me" and page.short == "gkr:Me"
    assert [(t.term.iri, t.inferred) for t in page.types] == [(person, False), (agent, True)]
    assert [row.predicate.iri for row in page.properties] == [RDFS_LABEL]  # the types are shown apart
    assert page.properties[0].values[0].term == LiteralTerm("Me", "en", None) and page.inferred_properties == []
    assert [(g.graph.iri, g.about) for g in page.graphs] == [(ARTICLE_GRAPH, 2), (str(INFERRED_GRAPH), 2)]
    assert page.types[0].term.href == href(person)


def test_a_blank_list_and_a_restriction_are_shown_inline():
    outgoing = [
        {"g": uri(ARTICLE_GRAPH), "p": uri("urn:p"), "o": bnode("l1"), "b": bnode("l1"),
         "bp": uri(RDF + "first"), "bo": literal("one")},
        {"g": uri(ARTICLE_GRAPH), "p": uri("urn:p"), "o": bnode("l1"), "b": bnode("l1"),
         "bp": uri(RDF + "rest"), "bo": bnode("l2")},
        {"g": uri(ARTICLE_GRAPH), "p": uri("urn:p"), "o": bnode("l1"), "b": bnode("l2"),
         "bp": uri(RDF + "first"), "bo": uri(ME)},
        {"g": uri(ARTICLE_GRAPH), "p": uri("urn:q"), "o": bnode("r"), "b": bnode("r"),
         "bp": uri("urn:on"), "bo": uri(ME)},
    ]
    page = describe(ME, rows(outgoing=outgoing), lambda iris: LABELS, href)
    values = {row.predicate.iri: row.values[0].term for row in page.properties}
    assert isinstance(values["urn:p"], ListTerm)
    assert values["urn:p"].members[0] == LiteralTerm("one", None, None)
    assert values["urn:p"].members[1] == IriTerm(ME, href(ME), "Me", "gkr:Me")
    assert isinstance(values["urn:q"], BlankTerm) and values["urn:q"].properties[0][0].iri == "urn:on"


def test_incoming_links_counts_sentences_and_wikidata():
    visit = str(GKR.Visit)
    incoming = [{"g": uri(ARTICLE_GRAPH), "s": uri(visit), "p": uri(str(GKO.visitor))}]
    counts = [{"kind": literal("incoming"), "g": uri(ARTICLE_GRAPH), "n": literal("1")}]
    sentences = [{"sentence": uri("urn:s1"), "text": literal("I visited."), "position": literal("1"), "via": uri(visit)}]
    wikidata = [
        {"g": uri("urn:links"), "target": uri("http://www.wikidata.org/entity/Q1"), "status": literal("confirmed")}
    ]
    answers = rows(incoming=incoming, counts=counts, sentences=sentences, wikidata=wikidata)
    assert mentioned([], counts) and not mentioned([], [])
    page = describe(ME, answers, lambda iris: LABELS, href)
    assert page.incoming_total == 1 and page.incoming[0].subject.iri == visit and not page.incoming[0].inferred
    assert page.sentences[0].text == "I visited." and [v.iri for v in page.sentences[0].via] == [visit]
    (link,) = page.wikidata
    assert link.qid == "Q1" and link.url == "https://www.wikidata.org/wiki/Q1"
    assert link.statuses["confirmed"].href == href("urn:links")


@pytest.mark.parametrize(
    "given, expected",
    [
        (["gkr:Kazakhstan"], str(GKR.Kazakhstan)),
        (["  https://example.org/x "], "https://example.org/x"),
        (["gkr://not-a-prefixed-name"], "gkr://not-a-prefixed-name"),
    ],
)
def test_requested_iri(given, expected):
    assert requested_iri(given) == expected


@pytest.mark.parametrize(
    "given, message", [([], "no IRI given"), (["a:b", "c:d"], "given 2 times"), (["not an iri"], "not an absolute")]
)
def test_requested_iri_refuses(given, message):
    with pytest.raises(ValueError, match=message):
        requested_iri(given)


def test_labels_prefer_english_then_untagged_then_the_first_property():
    rows_ = [
        {"x": uri(ME), "p": uri(RDFS_LABEL), "label": literal("Moi", "fr")},
        {"x": uri(ME), "p": uri(RDFS_LABEL), "label": literal("Me plain")},
        {"x": uri(ME), "p": uri("http://www.w3.org/2004/02/skos/core#prefLabel"), "label": literal("Me", "en")},
        {"x": uri("urn:y"), "p": uri(RDFS_LABEL), "label": uri("urn:not-a-literal")},
    ]
    assert best_labels(rows_) == {ME: "Me"}
    assert [local_name(i) for i in ("https://a/b#c", "https://a/b/c/", "urn:x:y")] == ["c", "c", "y"]


# --- the picture alone ---


def _neighbour(n: int, incoming: bool, inferred: bool = False) -> neighbourhood.Neighbour:
    return neighbourhood.Neighbour(
        f"urn:x:{n}", f'node <{n}> & "co"', f"/page?iri=urn:x:{n}&x=1", ("p",), incoming, inferred
    )


def test_picture_is_deterministic_escaped_xml():
    nodes = [_neighbour(n, incoming=n % 3 == 0, inferred=n % 5 == 0) for n in range(10)]
    first = neighbourhood.draw("centre <&>", "urn:x:c", "/page?iri=urn:x:c", nodes)
    assert first == neighbourhood.draw("centre <&>", "urn:x:c", "/page?iri=urn:x:c", nodes)
    svg = ET.fromstring(first)
    assert [a.get("href") for a in svg.findall(f"{SVG}a")][:10] == [n.href for n in nodes if n.incoming] + [
        n.href for n in nodes if not n.incoming
    ]
    dashed = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == sum(n.inferred for n in nodes)


@pytest.mark.parametrize("incoming, outgoing", [(40, 0), (0, 40), (3, 40), (40, 3), (20, 20)])
def test_choose_caps_and_shares_the_columns(incoming, outgoing):
    nodes = [_neighbour(n, True) for n in range(incoming)] + [_neighbour(100 + n, False) for n in range(outgoing)]
    chosen, left_out = neighbourhood.choose(nodes)
    total = incoming + outgoing
    assert len(chosen) == min(total, neighbourhood.MAX_NEIGHBOURS) and left_out == total - len(chosen)
    taken_in = sum(n.incoming for n in chosen)
    assert taken_in == min(incoming, max(neighbourhood.MAX_NEIGHBOURS // 2, neighbourhood.MAX_NEIGHBOURS - outgoing))


def test_choose_prefers_stated_links():
    nodes = [_neighbour(n, False, inferred=n < 30) for n in range(40)]
    chosen, _ = neighbourhood.choose(nodes)
    assert sum(not n.inferred for n in chosen) == 10
