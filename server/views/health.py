"""GET /health: is the store there and are the query workers running."""

from flask import Blueprint, current_app, jsonify

from govkg.errors import KgError
from govkg.server.errors import HttpError
from govkg.server.querying.answers import query_service
from govkg.store import current_generation

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    """200 with the store generation and worker count, or 503 with what is wrong."""
    service = query_service()
    try:
        generation = current_generation(current_app.config["STORE_DIR"]).name
    except KgError as error:
        raise HttpError(503, str(error)) from None
    return jsonify(
        {
            "status": "ok",
            "store_generation": generation,
            "workers": len(service.pids()),
            "workers_busy": service.busy(),
            "workers_configured": service.size,
        }
    )
