"""Entity pages that read well: one type per concept, inferred facts behind a toggle, sentences as text with their
article, Wikidata items by label, link sources a user can read, labels that fit the picture's boxes."""

import re
import xml.etree.ElementTree as ET

from govkg.rdf.namespaces import GKR, GRAPH, LINKS_GRAPH
from govkg.server.pages import neighbourhood
from govkg.server.pages.resource import Rows, describe
from support.served import BROWSER

VISIT = str(GKR["kz-kg-government-visit/Visit"])


def page(client, iri: str) -> str:
    response = client.get("/page", query_string={"iri": iri}, headers={"Accept": BROWSER})
    assert response.status_code == 200
    return response.text


def test_visit_page_shows_stated_facts_and_hides_inferred_ones(client):
    text = page(client, VISIT)
    types = re.search(r'<p class="types">(.*?)</p>', text, re.DOTALL).group(1)
    labels = re.findall(r">([^<]+)</a>", types)
    assert labels == sorted(set(labels), key=labels.index) and "anonymous" not in types  # no duplicates, no blanks
    properties = text[text.index('id="properties"') : text.index('id="incoming"')]
    stated, inferred = properties.split('<details class="inferred" id="inferred-facts">')
    assert "visitor" in stated and "Inferred facts (" in inferred and "<details open" not in properties
    assert "_:" not in text  # no blank-node label anywhere


def test_sentences_are_text_with_their_article(client):
    sentences = page(client, str(GKR.OlzhasBektenov)).split('id="sentences"')[1]
    assert "<blockquote><p>On the instructions of the Head of State" in sentences  # the text itself, not a link
    assert "Olzhas Bektenov makes a short-term working visit to the Kyrgyz Republic</a>" in sentences  # its article


def test_wikidata_item_label_and_a_readable_link_source():
    item = "http://www.wikidata.org/entity/Q232"
    rows = Rows(
        outgoing=[], incoming=[], counts=[], sentences=[],
        wikidata=[{"g": {"type": "uri", "value": str(LINKS_GRAPH)}, "target": {"type": "uri", "value": item},
                   "status": {"type": "literal", "value": "verified"},
                   "source": {"type": "literal", "value": "shared identifiers.tsv: country"}}],
    )
    labels = {item: "Kazakhstan (Wikidata)"}
    described = describe(str(GKR.Kazakhstan), rows, lambda iris: {i: labels[i] for i in iris if i in labels}, str)
    link = described.wikidata[0]
    assert link.qid == "Q232" and link.label == "Kazakhstan (Wikidata)"
    status = link.statuses["verified"]
    assert status.origin == "curated by the project" and status.note == "country"
    assert status.graph == str(GRAPH["links"])


def test_wikidata_links_on_a_page_name_no_file(client):
    wikidata = page(client, str(GKR.Kazakhstan)).split('id="wikidata"')[1].split("</section>")[0]
    assert "Q232" in wikidata and "identifiers.tsv" not in wikidata and "curated by the project" in wikidata


def test_neighbourhood_labels_fit_their_boxes():
    long = "Short-term working visit of Olzhas Bektenov to the Kyrgyz Republic and its many consequences"
    node = neighbourhood.Neighbour("urn:n", long, "/n", ("visitor",), incoming=True, inferred=False)
    svg = ET.fromstring(neighbourhood.draw(long, "urn:x", "/x", [node]))
    texts = list(svg.iter("{http://www.w3.org/2000/svg}text"))
    centre = [t.text for t in texts if t.get("fill") == "#fff"]
    boxes = [t.text for t in texts if t.get("fill") == "#0b5cad"]
    assert len(centre) > 1 and all(len(line) <= 19 for line in centre)  # 184 px at 14 px bold: wrapped
    assert boxes and all(len(line) <= 29 for line in boxes)  # 220 px at 12 px: cut with an ellipsis
