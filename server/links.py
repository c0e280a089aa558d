"""Where a page links an IRI: its local dereferencing path under PUBLIC_BASE, else the generic resource page."""

from urllib.parse import urlencode

from flask import current_app


def page_href(iri: str) -> str:
    """``/id/X`` for ``PUBLIC_BASE + "id/X"`` (also ``/ontology``, ``/graph/...``), else ``/page?iri=IRI``."""
    base = current_app.config["PUBLIC_BASE"]
    if iri.startswith(base) and "#" not in iri:
        return "/" + iri[len(base) :]
    return "/page?" + urlencode({"iri": iri})
