"""GET /health: is the store there and are the query workers running."""

from flask import Blueprint, current_app, jsonify

from govkg.errors import KgError
from govkg.server.execution import POOL_KEY, json_error
from govkg.store import current_generation

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    """200 with the store generation and worker count, or 503 with what is wrong."""
    pool = current_app.extensions[POOL_KEY]
    try:
        generation = current_generation(current_app.config["STORE_DIR"]).name
    except KgError as error:
        return json_error(503, str(error))
    return jsonify(
        {
            "status": "ok",
            "store_generation": generation,
            "workers": len(pool.pids()),
            "workers_busy": pool.busy(),
            "workers_configured": pool.size,
        }
    )
