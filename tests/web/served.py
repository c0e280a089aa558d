"""The app of the web tests: made by ``create_app`` and used through Flask's test client (no HTTP server; the
query workers are real processes). Each test module defines its ``app`` fixture, with :func:`built_app` (the
built project, one app for the whole session, so that its downloads are written once) or :func:`serving` (an app
of its own settings), and a ``client`` fixture (``app.test_client()``), as in Flask's tutorial."""

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
