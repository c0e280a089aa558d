"""``/search?q=TEXT``: the things of the store whose label or alternative label matches TEXT
(govkg.server.pages.catalogue: exact, then prefix, then word, then substring matches; then the closer, shorter label;
ties by label), paginated (``page=N``); HTML for browsers,
JSON otherwise (or ``format=json``). ``/labels`` gives the labels of a list of IRIs (the result views of the query
pages use it). A browser's 404 (an unknown path or IRI) is a page with the search box, filled from the path."""

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from govkg.server.errors import HttpError, error_response
from govkg.server.http import html_response, wants_html
from govkg.server.pages import catalogue
from govkg.server.pages.paging import page_number, paginate
from govkg.server.pages.terms import local_name
from govkg.server.urls import page_href

bp = Blueprint("search", __name__)

#: Results a search page shows.
PAGE_SIZE = 25
#: The most IRIs one /labels request may ask for.
LABELS_CAP = 5000
JSON = ["application/json"]


def _hit(hit: catalogue.Hit, found: catalogue.Catalogue) -> dict:
    entity = found.entities.get(hit.iri)
    classes = sorted(entity.facets.get("class", ())) if entity else []
    return {
        "iri": hit.iri,
        "label": hit.label,
        "matched": hit.matched,
        "match": catalogue.RANK_NAMES[hit.rank],
        "href": page_href(hit.iri),
        "classes": [{"iri": c, "label": found.name(c), "href": page_href(c)} for c in classes],
    }


@bp.route("/search")
def search():
    """The things whose labels match ``q`` (see the module docstring)."""
    text = request.args.get("q", "").strip()
    found = catalogue.catalogue()
    hits = found.search(text) if text else []
    paging = paginate(hits, page_number(request.args.get("page")), PAGE_SIZE)
    results = [_hit(hit, found) for hit in paging.items]
    if not wants_html(JSON):
        return current_app.json.response(
            {"query": text, "total": paging.total, "page": paging.number, "pages": paging.pages, "results": results}
        )
    pages = {n: url_for("search.search", q=text, page=n) for n in range(1, paging.pages + 1)}
    body = render_template("search.html", q=text, site_q=text, results=results, paging=paging, pages=pages)
    return html_response(body)


@bp.route("/labels", methods=["POST"])
def labels():
    """The labels of the IRIs in the JSON body ``{"iris": [...]}``: ``{"labels": {iri: label}}`` (IRIs without
    a label are left out); 400 on a body that is no such list or longer than LABELS_CAP."""
    body = request.get_json(silent=True)
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or not all(isinstance(iri, str) for iri in iris):
        raise HttpError(400, 'send a JSON body {"iris": ["IRI", ...]}')
    if len(iris) > LABELS_CAP:
        raise HttpError(400, f"{len(iris)} IRIs asked for: at most {LABELS_CAP} a request")
    found = catalogue.catalogue()
    return current_app.json.response({"labels": {iri: found.labels[iri] for iri in iris if iri in found.labels}})


@bp.app_errorhandler(404)
@bp.app_errorhandler(HttpError)
def not_found(error: HTTPException):
    """A browser's 404 without a page of its own (an unknown path, an IRI no triple mentions): a page saying so, with
    the search box filled with the last segment of the path; anything else answers as every error does
    (govkg.server.errors.error_response)."""
    if error.code != 404 or (isinstance(error, HttpError) and error.page is not None) or not wants_html(JSON):
        return error_response(error)
    guess = local_name(request.path.rstrip("/")) if request.path.strip("/") else ""
    body = render_template("not_found.html", error=error.description, status=404, q=guess)
    return html_response(body, 404)
