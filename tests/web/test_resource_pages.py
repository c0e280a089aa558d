"""The HTML resource pages (/page?iri=IRI) and their neighbourhood pictures, through the test client over real
stores."""

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest

from govkg.link.curated import read_curated
from govkg.rdf.namespaces import BASE, GKO, GKR, INFERRED_GRAPH, article_graph, article_iri
from govkg.server.pages import neighbourhood
from govkg.server.pages.resource_queries import INCOMING_CAP
from govkg.store import new_generation, open_read_only
from support.served import serving

SVG = "{http://www.w3.org/2000/svg}"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
STATED_IN = str(GKO.statedIn)
SLUG = "kz-kg-government-visit"
#: Elements html.parser reports without an end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: SVG elements written self-closed (html.parser reports them as start-end tags).
SELF_CLOSED = {"line", "rect", "path"}


@pytest.fixture(scope="module")
def store(built_store):
    return open_read_only(built_store)


class Page(HTMLParser):
    """A parsed page: nesting checked, the head's alternate links, the form controls and their labels."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.alternates, self.controls, self.label_for = [], [], [], [], set()
        self.labelled = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)
        if tag == "label" and "for" in attributes:
            self.label_for.add(attributes["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append((attributes, "label" in self.stack))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in SELF_CLOSED and tag not in VOID:
            self.errors.append(f"self-closed <{tag}/> in HTML")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} ")
            return
        self.stack.pop()


def get_page(client, iri: str):
    return client.get("/page", query_string={"iri": iri})


def checked(response) -> str:
    """The body of an HTML page, after checking it is HTML, well nested and every form control is labelled."""
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = Page(response.text)
    assert page.errors == []
    for attributes, inside_label in page.controls:
        assert inside_label or attributes.get("id") in page.label_for, f"control without a label: {attributes}"
    return response.text


def section(text: str, name: str) -> str:
    match = re.search(rf'<section aria-labelledby="{name}">(.*?)</section>', text, re.DOTALL)
    assert match, f"no section {name}"
    return match.group(1)


def svg_of(text: str) -> ET.Element:
    """The neighbourhood picture, parsed as XML."""
    figure = re.search(r'<figure class="neighbourhood">(.*?)</figure>', text, re.DOTALL)
    assert figure, "no figure.neighbourhood"
    assert "<figcaption>" in figure.group(1)
    svg = re.search(r"<svg .*?</svg>", figure.group(1), re.DOTALL).group(0)
    return ET.fromstring(svg)


def href_iri(href: str) -> str:
    """The IRI a page link stands for (``/page?iri=X`` or a local path under the public base)."""
    parts = urlsplit(href)
    if parts.path == "/page":
        return parse_qs(parts.query)["iri"][0]
    return BASE + href.lstrip("/")


def select(store, query: str) -> list:
    return list(store.query(query))  # the default graph is the union (govkg.store)


def types_by_origin(store, iri: str) -> tuple[set[str], set[str]]:
    """(asserted, inferred-only) types of ``iri``, read from the store directly."""
    rows = select(store, f"SELECT ?t ?g WHERE {{ GRAPH ?g {{ <{iri}> <{RDF_TYPE}> ?t FILTER(isIRI(?t)) }} }}")
    asserted = {r["t"].value for r in rows if r["g"].value != str(INFERRED_GRAPH)}
    inferred = {r["t"].value for r in rows if r["g"].value == str(INFERRED_GRAPH)} - asserted
    return asserted, inferred


def type_links(text: str) -> tuple[list[str], dict[str, bool]]:
    """The types of a page: those of its types line (the most specific), and every type (IRI -> marked inferred)
    from its "all types" list."""
    line = re.search(r'<p class="types">(.*?)</p>', text, re.DOTALL).group(1)
    shown = [html.unescape(m) for m in re.findall(r'title="([^" ]+) \(', line)]
    listed = re.search(r'<details class="all-types">(.*?)</details>', text, re.DOTALL)
    found = {}
    for match in re.finditer(
        r'title="([^"]+)">[^<]*</a> <code class="hint">[^<]*</code>( <span class="flag inferred">)?',
        listed.group(1) if listed else "",
    ):
        found[html.unescape(match.group(1))] = bool(match.group(2))
    return shown, found


def test_country_page(client, store):
    iri = str(GKR.Kazakhstan)
    text = checked(get_page(client, "gkr:Kazakhstan"))  # a prefixed name is accepted
    assert "<h1>Kazakhstan</h1>" in text and f"<code>{iri}</code>" in text
    asserted, inferred = types_by_origin(store, iri)
    assert asserted and inferred
    shown, every = type_links(text)
    assert shown == [str(GKO.SovereignState)]  # one type: the most specific, none of its superclasses
    assert every == {**{t: False for t in asserted}, **{t: True for t in inferred}}  # the rest behind "all types"
    graphs = section(text, "graphs")
    for graph in (article_graph(SLUG), str(INFERRED_GRAPH)):
        assert f'title="{graph}"' in graphs


def test_a_person_has_one_type_per_concept(client):
    shown, every = type_links(checked(get_page(client, str(GKR.OlzhasBektenov))))
    assert shown == [str(GKO.HeadOfGovernment)] and len(every) > 3  # not "Agent, Agent, agent, Person, ..."


def test_alternate_links_to_the_data(client):
    text = checked(get_page(client, str(GKR.Kazakhstan)))
    alternates = {a["type"]: a["href"] for a in Page(text).alternates}
    assert set(alternates) == {"text/turtle", "application/ld+json", "application/n-triples"}
    for href in alternates.values():
        parts = urlsplit(href)
        assert parts.path == "/data" and parse_qs(parts.query)["iri"] == [str(GKR.Kazakhstan)]
    assert parse_qs(urlsplit(alternates["text/turtle"]).query)["format"] == ["turtle"]


def test_every_property_is_listed(client, store):
    iri = str(GKR.OlzhasBektenov)
    text = checked(get_page(client, iri))
    properties = section(text, "properties")
    predicates = {r["p"].value for r in select(store, f"SELECT DISTINCT ?p WHERE {{ <{iri}> ?p ?o }}")}
    shown = {html.unescape(m) for m in re.findall(r'<th scope="row"><a href="[^"]*" title="([^"]+)"', properties)}
    assert shown == predicates - {RDF_TYPE}  # the types are shown above the table
    stated, inferred = properties.split('<details class="inferred"')
    assert f'title="{GKO.holdsPost}"' not in stated and f'title="{GKO.holdsPost}"' in inferred  # only inferred
    assert '<span class="literal">Olzhas Bektenov</span> <span class="lang">@en</span>' in properties


def test_incoming_links_with_their_origin(client, store):
    iri = str(GKR.OlzhasBektenov)
    text = checked(get_page(client, iri))
    incoming = section(text, "incoming")
    rows = select(store, f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} }}")
    assert f"{len(rows)} triples point here." in incoming
    visit = str(GKR[f"{SLUG}/Visit"])
    assert re.search(rf'title="{visit}">[^<]*</a></td>\s*<td><a [^>]*title="{GKO.visitor}">visitor</a></td>', incoming)
    inferred_only = [r for r in rows if r["g"].value == str(INFERRED_GRAPH)]
    behind_toggle = incoming.split('<details class="inferred">')[1]
    assert behind_toggle.count("<tr><td>") == len(
        {(r["s"].value, r["p"].value) for r in inferred_only}
        - {(r["s"].value, r["p"].value) for r in rows if r["g"].value != str(INFERRED_GRAPH)}
    )


def test_source_sentences_of_a_person(client, store):
    iri = str(GKR.OlzhasBektenov)
    text = checked(get_page(client, iri))
    sentences = section(text, "sentences")
    expected = select(
        store,
        f"SELECT DISTINCT ?sentence ?text WHERE {{ ?via ?p <{iri}> . ?via <{STATED_IN}> ?sentence . "
        f"?sentence <{RDF_VALUE}> ?text }}",
    )
    assert expected
    for row in expected:
        assert html.escape(row["text"].value, quote=False) in sentences
        assert f'title="{row["sentence"].value}"' in sentences
    assert f'title="{article_iri(SLUG)}"' in sentences  # each sentence names its article


def test_source_sentences_two_links_away(client, store):
    """A checkpoint is stated in no sentence, nor is the project naming it; the plan naming the project is."""
    iri = str(GKR.KarasuCheckpoint)
    one_link = f"SELECT ?s WHERE {{ {{ <{iri}> <{STATED_IN}> ?s }} UNION {{ ?v ?p <{iri}> . ?v <{STATED_IN}> ?s }} }}"
    assert not select(store, one_link)
    expected = select(
        store,
        f"SELECT DISTINCT ?sentence ?text WHERE {{ ?mid ?p <{iri}> FILTER(isIRI(?mid)) ?via ?q ?mid . "
        f"?via <{STATED_IN}> ?sentence . ?sentence <{RDF_VALUE}> ?text }}",
    )
    assert expected
    sentences = section(checked(get_page(client, iri)), "sentences")
    for row in expected:
        assert html.escape(row["text"].value, quote=False) in sentences
        assert f'title="{row["sentence"].value}"' in sentences


def wikidata_rows():
    return [row for row in read_curated() if row.entity is not None]


@pytest.mark.parametrize("row", wikidata_rows(), ids=lambda row: str(row.entity).rsplit("/", 1)[-1])
def test_wikidata_link_or_not_linked(client, row):
    text = checked(get_page(client, str(row.entity)))
    wikidata = section(text, "wikidata")
    if row.status == "unknown":
        assert "Not linked to Wikidata." in wikidata and "wikidata.org/wiki/" not in wikidata
    else:
        assert f'<a href="https://www.wikidata.org/wiki/{row.qid}">{row.qid}</a>' in wikidata
        assert f'<span class="flag status-{row.status}">{row.status}</span>' in wikidata


def test_a_person_without_wikidata_link_says_so(client):
    olzhas = next(row for row in read_curated() if row.entity == GKR.OlzhasBektenov)
    assert olzhas.status == "unknown"
    assert "Not linked to Wikidata." in section(checked(get_page(client, str(GKR.OlzhasBektenov))), "wikidata")


def test_ontology_term_page(client, store):
    iri = str(GKO.Visit)
    text = checked(get_page(client, iri))
    definition = select(store, f"SELECT ?d WHERE {{ <{iri}> <http://www.w3.org/2004/02/skos/core#definition> ?d }}")
    assert "<h1>visit</h1>" in text
    assert f'<blockquote class="description"><p>{html.escape(definition[0]["d"].value)}</p>' in text
    incoming = section(text, "incoming")
    instances = select(store, f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ ?s <{RDF_TYPE}> <{iri}> }} }}")
    assert instances and all(r["g"].value == str(INFERRED_GRAPH) for r in instances)  # Visit is only inferred
    behind_toggle = incoming.split('<details class="inferred">')[1]
    for row in instances:
        assert re.search(rf'title="{row["s"].value}">[^<]*</a></td>\s*<td><a [^>]*>type</a></td>', behind_toggle)


def test_ontology_restrictions_render_inline(client):
    incoming = section(checked(get_page(client, str(GKO.holdsPost))), "incoming")
    assert '<span class="blank">[<span class="hint">anonymous</span>' in incoming  # the restriction on holdsPost
    assert '<span class="rdf-list">(' in incoming  # a property chain holding it


def test_sentence_page(client, store):
    iri = f"{article_iri(SLUG)}/s1"
    text = checked(get_page(client, iri))
    sentence = select(store, f"SELECT ?text WHERE {{ <{iri}> <{RDF_VALUE}> ?text }}")[0]["text"].value
    assert f'<blockquote class="description"><p>{html.escape(sentence)}</p>' in text
    stated = select(store, f"SELECT ?s WHERE {{ ?s <{STATED_IN}> <{iri}> }}")
    incoming = section(text, "incoming")
    for row in stated:
        assert f'title="{row["s"].value}"' in incoming


def test_graph_page(client, store):
    text = checked(get_page(client, str(INFERRED_GRAPH)))
    size = len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(INFERRED_GRAPH)))))
    assert f"holding {size} triples" in text
    href = re.search(r'<a href="([^"]*)">download it</a>', text).group(1)
    assert urlsplit(href).path == "/rdf-graph-store" and parse_qs(urlsplit(href).query) == {"graph": [str(INFERRED_GRAPH)]}


def neighbour_boxes(store, iri: str) -> set[tuple[str, bool]]:
    """(neighbour IRI, incoming) pairs the picture should have: every IRI neighbour in either direction, except
    types that are only inferred (the types line lists them)."""
    out = select(store, f"SELECT ?p ?n ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?n FILTER(isIRI(?n)) }} }}")
    graphs = {}
    for row in out:
        graphs.setdefault((row["p"].value, row["n"].value), set()).add(row["g"].value)
    boxes = {(n, False) for (p, n), g in graphs.items() if not (p == RDF_TYPE and g == {str(INFERRED_GRAPH)})}
    into = select(store, f"SELECT DISTINCT ?n WHERE {{ ?n ?p <{iri}> FILTER(isIRI(?n)) }}")
    return boxes | {(row["n"].value, True) for row in into}


@pytest.mark.parametrize("iri", [str(GKR.OlzhasBektenov), str(GKR.Kazakhstan)])
def test_neighbourhood_picture(client, store, iri):
    svg = svg_of(checked(get_page(client, iri)))
    assert svg.get("role") == "img" and svg.get("aria-label").startswith("Neighbourhood of ")
    assert svg.get("width") == "100%" and svg.get("viewBox").startswith("0 0 ")
    assert svg.find(f"{SVG}title") is not None
    links = svg.findall(f".//{SVG}a")
    assert href_iri(links[-1].get("href")) == iri  # the centre
    boxes = neighbour_boxes(store, iri)
    neighbours = {n for n, _ in boxes}
    for link in links[:-1]:
        assert href_iri(link.get("href")) in neighbours
        assert link.find(f"{SVG}title") is not None
    for href in {link.get("href") for link in links}:
        assert get_page(client, href_iri(href)).status_code == 200
    drawn = len(links) - 1
    more = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("+")]
    assert drawn == min(len(boxes), neighbourhood.MAX_NEIGHBOURS)
    assert more == (
        [f"+{len(boxes) - drawn} more not drawn (every link is in the tables below)"] if drawn < len(boxes) else []
    )


@pytest.mark.parametrize("iri", ["https://example.org/not-in-the-store", str(GKR.NoSuchEntity)])
def test_unknown_iri_is_404_with_a_page(client, iri):
    response = get_page(client, iri)
    assert response.status_code == 404
    text = checked(response)
    assert "<h1>Not found</h1>" in text and html.escape(iri) in text


@pytest.mark.parametrize("query", ["", "?iri=", "?iri=http://a%20b", "?iri=not-an-iri", "?iri=a:b&iri=c:d"])
def test_bad_or_missing_iri_is_400_with_a_page(client, query):
    response = client.get(f"/page{query}")
    assert response.status_code == 400
    text = checked(response)
    assert '<p class="error">' in text and 'name="iri"' in text


# --- a store with many instances of one class, and a server that times out ---

MANY = INCOMING_CAP + 50
PERSON = str(GKO.Person)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("crowded") / "kg-store"
    graph = pyoxigraph.NamedNode(article_graph("crowd"))
    with new_generation(store_dir) as store:
        for n in range(MANY):
            person = pyoxigraph.NamedNode(str(GKR[f"P{n:03d}"]))
            store.add(pyoxigraph.Quad(person, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(PERSON), graph))
    with serving({"STORE_DIR": store_dir, "WORKERS": 1}) as app:
        yield app.test_client()


def test_incoming_links_are_capped_with_their_count(crowded):
    text = checked(get_page(crowded, PERSON))
    incoming = section(text, "incoming")
    assert f"The first {INCOMING_CAP} of {MANY} triples" in incoming
    assert incoming.count("<tr><td>") == INCOMING_CAP
    svg = svg_of(text)
    assert len(svg.findall(f".//{SVG}a")) == neighbourhood.MAX_NEIGHBOURS + 1
    more = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("+")]
    assert more == [
        f"+{INCOMING_CAP - neighbourhood.MAX_NEIGHBOURS} more not drawn (every link is in the tables below)"
    ]


def test_a_timeout_is_an_html_503_not_a_500(built_store):
    with serving({"STORE_DIR": built_store, "WORKERS": 1, "QUERY_TIMEOUT": 0.001}) as app:
        response = get_page(app.test_client(), str(GKR.Kazakhstan))
    assert response.status_code == 503
    assert "timed out" in checked(response)
