"""The URLs pages link to, all built with ``url_for``, so that the site works under a URL prefix (SCRIPT_NAME).

An IRI links to its local dereferencing path when it is ``PUBLIC_BASE`` + ``id/...``, ``ontology`` or
``graph/...`` (``/id/Kazakhstan``), else to the generic resource page ``/page?iri=IRI``; nothing the data holds
becomes a link to another site here. A URL given to programs whole (the service description's endpoint, the VoID
links, the named queries' JSON) is :func:`public_url`: under ``PUBLIC_BASE``, never built from the request's
Host header.
"""

from flask import current_app, request, url_for

from govkg.server.published import DATASET_KEY, GRAPH_EXTENSIONS, download_key

#: Local paths under the public base, by the route that dereferences them: (prefix of the path, endpoint).
_DEREFERENCED = (("id/", "dereference.resource"), ("graph/", "dereference.graph"))


def page_href(iri: str) -> str:
    """The page that describes ``iri`` on this server (see the module docstring)."""
    base = current_app.config["PUBLIC_BASE"]
    if iri.startswith(base) and "#" not in iri:
        local = iri[len(base) :]
        if local == "ontology":
            return url_for("dereference.ontology")
        for prefix, endpoint in _DEREFERENCED:
            if local.startswith(prefix) and len(local) > len(prefix):
                return url_for(endpoint, path=local[len(prefix) :])
    return resource_page_url(iri)


def public_url(endpoint: str, **values) -> str:
    """The whole URL of ``endpoint`` (with ``values``) under the configured public base, which maps onto the app's
    root path (so the request's Host and prefix do not show)."""
    path = url_for(endpoint, **values)[len(request.script_root) :]
    return current_app.config["PUBLIC_BASE"] + path.removeprefix("/")


def resource_page_url(iri: str) -> str:
    """The HTML page of any IRI of the store."""
    return url_for("resources.page", iri=iri)


def data_url(iri: str, extension: str | None = None) -> str:
    """The RDF description of ``iri`` (in the format of ``extension``; without it, negotiated)."""
    return url_for("dereference.data", iri=iri, format=extension)


def graph_store_url(graph: str, extension: str | None = None) -> str:
    """``graph`` from the Graph Store (in the format of ``extension``; without it, negotiated)."""
    return url_for("graph_store.read_graph", graph=graph, format=extension)


def graph_url(graph: str | None, extension: str, public: bool = False) -> str:
    """The URL that serves ``graph`` (None: the whole dataset) in the format of ``extension``: its download, or
    the Graph Store for a graph without one; ``public``: the whole URL under the public base."""
    build = public_url if public else url_for
    if graph is None:
        return build("graph_store.download", name=f"{DATASET_KEY}.{extension}")
    key = download_key(graph)
    if key is not None and extension in GRAPH_EXTENSIONS:
        return build("graph_store.download", name=f"{key}.{extension}")
    return build("graph_store.read_graph", graph=graph, format=extension)
