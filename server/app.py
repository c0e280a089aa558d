"""The Flask application factory."""

import atexit
import contextlib
from functools import partial
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from govkg.errors import KgError
from govkg.server import http, views
from govkg.server.errors import error_response
from govkg.server.published import PUBLISHED_KEY, Writer
from govkg.server.querying.answers import CACHE_KEY, SERVICE_KEY
from govkg.server.querying.cache import ResultCache, generation_name
from govkg.server.querying.jobs import Limits
from govkg.server.querying.remote import RemoteQueryService
from govkg.server.querying.service import QueryService
from govkg.server.remote_published import RemotePublished
from govkg.server.replay import Replay
from govkg.server.settings import make_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A SPARQL endpoint and web site over the store in ``config["STORE_DIR"]`` (the keys: govkg.server.settings).

    Starts the QueryService's ``WORKERS`` query worker processes; ``query_service(app).close()``
    (govkg.server.querying.answers) stops them (also done at interpreter exit).
    """
    app = Flask(__name__)
    app.config.update(make_config(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.register_blueprint(http.bp)
    views.register(app)
    app.register_error_handler(HTTPException, error_response)
    limits = Limits(
        row_cap=app.config["ROW_CAP"],
        service_allowlist=tuple(app.config["SERVICE_ALLOWLIST"]),
        memory_mb=app.config["WORKER_MEMORY_MB"],
        max_result_bytes=app.config["MAX_RESULT_MB"] * 1024 * 1024,
    )
    service: QueryService | RemoteQueryService
    if app.config["BACKEND"]:  # `kg serve --backend URL`: queries and whole-graph reads from a remote engine
        service = RemoteQueryService(app.config["BACKEND"], app.config["WORKERS"], app.config["QUERY_TIMEOUT"], limits)
        writer = Writer(app.config["WORKER_MEMORY_MB"], app.config["DOWNLOAD_TIMEOUT"])
        published = app.extensions[PUBLISHED_KEY] = RemotePublished(service.publication, writer)
        app.config["STORE_DIR"] = published.store_dir
        with contextlib.suppress(KgError):  # the engine is down or holds no publication yet: tried again on use
            published.sync()
    else:
        service = QueryService(app.config["STORE_DIR"], app.config["WORKERS"], app.config["QUERY_TIMEOUT"], limits)
    app.extensions[SERVICE_KEY] = service
    # A remote engine may change without the local copy knowing at once: its answers are not kept.
    version = (lambda: None) if app.config["BACKEND"] else partial(generation_name, app.config["STORE_DIR"])
    salt = repr((app.config["ROW_CAP"], app.config["SERVICE_ALLOWLIST"], app.config["MAX_RESULT_MB"]))
    cache = app.extensions[CACHE_KEY] = ResultCache(app.config["CACHE_MB"] * 1024 * 1024, version, salt)
    app.wsgi_app = Replay(app.wsgi_app, cache)  # type: ignore[method-assign]
    atexit.register(service.close)
    return app
