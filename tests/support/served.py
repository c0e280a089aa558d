"""The app of the web tests: made by ``create_app`` and used through Flask's test client (no HTTP server; the
query workers are real processes). The ``app`` and ``client`` fixtures of tests/conftest.py give the app over the
built project (:func:`built_app`: one for the whole session, so that its downloads are written once); a module
that needs settings of its own defines its ``app`` fixture with :func:`serving`, as in Flask's tutorial."""

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

from govkg.server import create_app
from govkg.server.querying.answers import query_service

#: The Accept header of a browser.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@contextlib.contextmanager
def serving(config: dict) -> Iterator[Flask]:
    """An app over ``config`` for the block; its query workers are stopped after."""
    app = create_app(config)
    app.config["TESTING"] = True
    try:
        yield app
    finally:
        query_service(app).close()


@functools.cache
def built_app(built_store: Path) -> Flask:
    """The app over the built project with the default settings (two query workers), shared by the test modules
    that only read it; its workers stop at exit."""
    app = create_app({"STORE_DIR": built_store, "WORKERS": 2})
    app.config["TESTING"] = True
    return app
