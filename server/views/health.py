"""GET /health: is the store there, can the query workers run a query, and how many crashed lately.

It runs no query and takes no lock a query holds, so it answers at once whatever the load (govkg.server.serve
keeps a thread free for it): the workers are judged by their own start (each new worker runs ``ASK {}``, see
govkg.server.querying.service).
"""

from flask import Blueprint, current_app, jsonify

from govkg.errors import KgError
from govkg.server.errors import HttpError
from govkg.server.querying.answers import admission_gate, query_service
from govkg.store import current_generation

bp = Blueprint("health", __name__)

#: The window of ``worker_crashes_recent``, in seconds.
CRASH_WINDOW = 300


@bp.route("/health")
def health():
    """200 with the store generation, the workers and the queries running and waiting; 503 with what is wrong
    when there is no store or the latest query worker started could not run ``ASK {}``."""
    service = query_service()
    try:
        generation = current_generation(current_app.config["STORE_DIR"]).name
    except KgError as error:
        raise HttpError(503, str(error)) from None
    if service.start_failure is not None:
        raise HttpError(
            503,
            f"the query workers cannot run a query: {service.start_failure} (worker memory cap "
            f"{current_app.config['WORKER_MEMORY_MB']} MiB beyond the open store; see docs/security.md)",
        )
    gate = admission_gate()
    return jsonify(
        {
            "status": "ok",
            "store_generation": generation,
            "workers": len(service.pids()),
            "workers_busy": service.busy(),
            "workers_configured": service.size,
            "worker_crashes_recent": service.crashes(CRASH_WINDOW),
            "queries_running": gate.running(),
            "queries_waiting": gate.waiting(),
        }
    )
