"""The govkg SPARQL 1.1 endpoint: a Flask application over the store that `kg build` writes."""

from govkg.server.app import create_app

__all__ = ["create_app"]
