"""The Flask application factory."""

import atexit

from flask import Flask

from govkg.server import (
    dereference,
    editor,
    graph_store,
    health,
    http,
    landing,
    protocol,
    query_pages,
    resource_pages,
    void,
)
from govkg.server.config import make_config
from govkg.server.execution import POOL_KEY
from govkg.server.pool import WorkerPool


def create_app(config: dict | None = None) -> Flask:
    """A SPARQL endpoint over the store in ``config["STORE_DIR"]`` (keys: server.config.DEFAULTS).

    Starts ``WORKERS`` query worker processes; ``app.extensions["govkg.pool"].close()``
    stops them (also done at interpreter exit).
    """
    app = Flask(__name__)
    app.config.update(make_config(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.json.sort_keys = False

    app.register_blueprint(http.bp)
    app.register_blueprint(protocol.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(query_pages.bp)
    app.register_blueprint(landing.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(resource_pages.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(dereference.bp)
    app.register_blueprint(void.bp)

    pool = WorkerPool(app.config["STORE_DIR"], app.config["WORKERS"], app.config["WORKER_MEMORY_MB"])
    app.extensions[POOL_KEY] = pool
    atexit.register(pool.close)
    return app
