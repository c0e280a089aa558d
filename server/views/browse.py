"""``/browse``: the things the articles state, by facet (Datasette style): class, article, state and sector, each
value with how many things have it. ``?class=IRI&article=IRI&state=IRI&sector=IRI`` (any of them) keeps the things
that have every value given; ``page=N`` pages the list. HTML for browsers, JSON otherwise (or ``format=json``).
The facets come from govkg.server.pages.catalogue (built once per store generation)."""

from flask import Blueprint, current_app, render_template, request, url_for

from govkg.server.http import html_response, wants_html
from govkg.server.pages import catalogue
from govkg.server.pages.paging import page_number, paginate
from govkg.server.urls import page_href

bp = Blueprint("browse", __name__)

#: Things a browse page lists.
PAGE_SIZE = 50
#: Values of a facet shown before "more".
FACET_SHOWN = 12


def _chosen() -> dict[str, str]:
    """The facet values the request filters on (empty ones ignored)."""
    return {name: request.args[name] for name in catalogue.FACETS if request.args.get(name)}


def _url(chosen: dict[str, str], **changes) -> str:
    values = {**chosen, **changes}
    return url_for("browse.browse", **{k: v for k, v in values.items() if v})


@bp.route("/browse")
def browse():
    """The filtered, paginated list of things with the facet counts (see the module docstring)."""
    found = catalogue.catalogue()
    chosen = _chosen()
    entities = [
        entity
        for entity in found.entities.values()
        if all(value in entity.facets.get(name, ()) for name, value in chosen.items())
    ]
    entities.sort(key=lambda e: (found.name(e.iri).casefold(), e.iri))
    paging = paginate(entities, page_number(request.args.get("page")), PAGE_SIZE)
    counts = catalogue.facet_counts(entities, found)
    rows = [
        {
            "iri": entity.iri,
            "label": found.name(entity.iri),
            "href": page_href(entity.iri),
            "classes": [{"iri": c, "label": found.name(c)} for c in sorted(entity.facets.get("class", ()))],
        }
        for entity in paging.items
    ]
    if not wants_html(["application/json"]):
        listing = {"filters": chosen, "total": paging.total, "page": paging.number, "pages": paging.pages}
        counted = {
            name: [{"iri": value, "label": label, "count": n} for value, label, n in values]
            for name, values in counts.items()
        }
        return current_app.json.response({**listing, "facets": counted, "results": rows})
    facets = [
        {
            "name": name,
            "heading": heading,
            "choices": [
                {"label": label, "count": n, "href": _url(chosen, **{name: value, "page": None})}
                for value, label, n in counts[name]
                if chosen.get(name) != value
            ],
        }
        for name, heading in catalogue.FACETS.items()
    ]
    filters = [
        {"heading": catalogue.FACETS[name], "label": found.name(value), "href": page_href(value),
         "remove": _url(chosen, **{name: None})}
        for name, value in chosen.items()
    ]
    pages = {n: _url(chosen, page=n) for n in range(1, paging.pages + 1)}
    body = render_template(
        "browse.html", facets=facets, filters=filters, rows=rows, paging=paging, pages=pages, shown=FACET_SHOWN,
        truncated=found.truncated,
    )
    return html_response(body)
