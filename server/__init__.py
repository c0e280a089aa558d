"""The govkg SPARQL 1.1 endpoint and web site: a Flask application over the store that `kg build` writes.

``create_app`` is imported on first use, so that reading the settings (`kg` builds its options from them) does
not load the web app.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govkg.server.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from govkg.server.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
