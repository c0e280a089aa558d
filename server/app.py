"""The Flask application factory."""

import atexit
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from govkg.server import http, views
from govkg.server.errors import error_response
from govkg.server.querying.answers import SERVICE_KEY
from govkg.server.querying.jobs import Limits
from govkg.server.querying.service import QueryService
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
    )
    service = QueryService(app.config["STORE_DIR"], app.config["WORKERS"], app.config["QUERY_TIMEOUT"], limits)
    app.extensions[SERVICE_KEY] = service
    atexit.register(service.close)
    return app
