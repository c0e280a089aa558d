"""The web app's routes, one blueprint per concern (see docs/architecture.md, "Web routes")."""

from flask import Flask

from govkg.server.views import (
    browse,
    dereference,
    editor,
    graph_store,
    health,
    landing,
    queries,
    resources,
    search,
    sparql,
    void,
)

BLUEPRINTS = [
    sparql.bp,
    health.bp,
    queries.bp,
    landing.bp,
    editor.bp,
    resources.bp,
    graph_store.bp,
    dereference.bp,
    void.bp,
    search.bp,
    browse.bp,
]


def register(app: Flask) -> None:
    """Add every route to ``app``."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
