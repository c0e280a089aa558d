"""The landing page ``/`` (the dataset, its sources, graphs, downloads, named queries) and the ontology documentation.

``/docs/ontology/`` serves ontology/docs/index.html and ``/docs/ontology/classes.svg`` the class diagram, both made
by ``python docs/build_docs.py`` and installed with the ontology; config ``ONTOLOGY_DOCS_DIR`` points elsewhere. A
missing file is a 404 that says how to make it.
"""

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_from_directory, url_for

from govkg.errors import KgError
from govkg.export import graph_key
from govkg.project import BUNDLED_ONTOLOGY
from govkg.rdf.namespaces import PREFIXES
from govkg.server.errors import HttpError
from govkg.server.http import CONTENT_SECURITY_POLICY
from govkg.server.pages.catalogue import catalogue
from govkg.server.pages.paging import page_number, paginate
from govkg.server.pages.terms import web_href
from govkg.server.published import snapshot
from govkg.server.querying.answers import select
from govkg.server.urls import page_href, public_url
from govkg.server.views.graph_store import Download, downloads
from govkg.sparql import named

bp = Blueprint("landing", __name__)

ONTOLOGY_DOCS_DIR = BUNDLED_ONTOLOGY / "docs"
#: The site's policy, but the generated documentation carries its stylesheet inline (still no script runs).
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
#: The command that writes the ontology documentation.
BUILD_DOCS = "python docs/build_docs.py"
#: The files of the ontology documentation that are served.
DOCS_FILES = ("index.html", "classes.svg")
#: What each kind of graph holds, by its key (the graph IRI after .../graph/; articles by their "article/" prefix).
GRAPH_ROLES = {
    "ontology": "the ontology: core, alignments, concept schemes",
    "article/": "one article, encoded by hand, with its sentences",
    "inferred": "OWL 2 RL inferences about the articles' things (types, roll-ups, inverses)",
    "inferred-schema": "OWL 2 RL closure of the ontology alone (restated subclasses, domains, ranges)",
    "links": "curated Wikidata identifiers",
    "links-reconciled": "Wikidata links found by reconciliation",
    "enrichment": "facts fetched from Wikidata",
    "loaded": "files loaded with kg load",
}

#: Article graphs a page of the landing page lists (with their articles), so that its cost does not grow with the
#: store: further ones are on ``/?page=2`` and on.
ARTICLES_PER_PAGE = 50
#: The key prefix (after .../graph/) of the graph of one article.
ARTICLE_KEY = "article/"
#: The articles of some article graphs (bound by a VALUES block at {graphs}), with their publishers; the publisher's
#: URL and name (from the catalogue) may be stated in another article's graph.
ARTICLES_QUERY = f"""PREFIX gko: <{PREFIXES["gko"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX dcterms: <{PREFIXES["dcterms"]}>
PREFIX schema: <{PREFIXES["schema"]}>
SELECT ?graph ?article ?title ?publisher ?publisherUrl WHERE {{
  VALUES ?graph {{ {{graphs}} }}
  GRAPH ?graph {{
    ?article a gko:NewsArticle .
    OPTIONAL {{ ?article rdfs:label ?title }}
    OPTIONAL {{ ?article dcterms:publisher ?publisher }}
  }}
  OPTIONAL {{ ?publisher schema:url ?publisherUrl }}
}} ORDER BY ?graph ?article"""


@dataclass(frozen=True)
class GraphRow:
    """One row of the graph table: IRI, key (after .../graph/), what it holds, size and download links."""

    iri: str
    key: str | None
    role: str
    size: int
    downloads: dict[str, str]


def _is_article_graph(download: Download) -> bool:
    return (graph_key(download.graph or "") or "").startswith(ARTICLE_KEY)


def _graph_row(download: Download) -> GraphRow:
    key = graph_key(download.graph or "")
    role = GRAPH_ROLES.get(ARTICLE_KEY if key and key.startswith(ARTICLE_KEY) else key or "", "")
    return GraphRow(download.graph or "", key, role, download.triples, download.urls)


def _articles(graphs: list[str]) -> list[dict[str, str]]:
    """The articles of the article graphs ``graphs``, with their publishers' names and links; HttpError if the
    query workers could not answer."""
    if not graphs:
        return []
    query = ARTICLES_QUERY.replace("{graphs}", " ".join(f"<{graph}>" for graph in graphs))
    articles = [{name: cell["value"] for name, cell in row.items()} for row in select(query)]
    names = catalogue()
    for article in articles:
        article["publisherHref"] = web_href(article.get("publisherUrl"))
        if article.get("publisher"):
            article["publisherName"] = names.name(article["publisher"])
    return articles


@bp.route("/")
def index():
    """The landing page: one page (``?page=N``) of the article graphs, with their articles, beside the other graphs;
    503 (the page says why) when the store cannot be read. Graph sizes come from the store generation's record, so
    the page's cost does not grow with the store."""
    errors = []
    try:
        dataset, *graphs = downloads()
        union_size = snapshot().sizes.get(None)
    except KgError as failure:
        dataset, graphs, union_size = None, [], None
        errors.append(f"graphs: {failure}")
    article_graphs = [download for download in graphs if _is_article_graph(download)]
    paging = paginate(article_graphs, page_number(request.args.get("page")), ARTICLES_PER_PAGE)
    try:
        articles = _articles([download.graph or "" for download in paging.items])
    except HttpError as failure:
        articles = []
        errors.append(f"articles: {failure.message} (status {failure.code})")
    on_page = {download.graph for download in paging.items}
    shown = [download for download in graphs if not _is_article_graph(download) or download.graph in on_page]
    pages = {n: url_for("landing.index", page=n) + "#sources" for n in range(1, paging.pages + 1)}
    status = 503 if errors else 200
    try:
        queries = list(named.library(current_app.config["QUERIES_DIR"]).values())
    except KgError as failure:
        queries = []
        errors.append(f"named queries: {failure}")
    page = render_template(
        "index.html",
        articles=articles,
        paging=paging,
        pages=pages,
        graphs=[_graph_row(download) for download in shown],
        union_size=union_size,
        dataset_downloads=dataset.urls if dataset else {},
        queries=queries,
        errors=errors,
        page_href=page_href,
        public_base=current_app.config["PUBLIC_BASE"],
        endpoint=public_url("sparql.sparql"),
    )
    return page, status


@bp.route("/docs/ontology/")
def ontology_docs():
    """The ontology documentation (HTML generated by docs/build_docs.py)."""
    return ontology_docs_file("index.html")


@bp.route("/docs/ontology/<name>")
def ontology_docs_file(name: str):
    """One file of the ontology documentation: index.html or classes.svg; 404 naming how to make a missing one."""
    folder = Path(current_app.config.get("ONTOLOGY_DOCS_DIR", ONTOLOGY_DOCS_DIR))
    if name not in DOCS_FILES:
        files = ", ".join(DOCS_FILES)
        raise HttpError(404, f"no such file in the ontology documentation: {name!r} (there are {files})")
    if not (folder / name).is_file():
        raise HttpError(404, f"the ontology documentation is not built ({name} missing): run '{BUILD_DOCS}'")
    response = send_from_directory(folder, name)
    response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
    return response
