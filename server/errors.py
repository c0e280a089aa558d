"""The web app's one error type and its one handler.

A view refuses a request by raising :class:`HttpError` (status, message; optionally the media types it offers,
extra headers, or an HTML page to show a browser). :func:`error_response` answers it, and werkzeug's own errors
(404 of an unknown path, 405 of a method, 413 of a body over the cap) alike: a JSON body
``{"error": message, "status": status, ...}``, or the error's HTML page when it has one.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException


@dataclass(frozen=True)
class ErrorPage:
    """The HTML page that shows an error to a browser: a template, rendered with ``context`` plus ``error`` (the
    message) and ``status``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


class HttpError(HTTPException):
    """A request this server refuses: HTTP ``status`` and a message saying why (and what to do instead)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        offered: list[str] | None = None,
        headers: dict[str, str] | None = None,
        page: ErrorPage | None = None,
    ):
        super().__init__(description=message)
        self.code = status
        self.message = message
        self.offered = offered
        self.extra_headers = headers or {}
        self.page = page


def error_response(error: HTTPException) -> ResponseReturnValue:
    """The answer to ``error``: its HTML page if it has one, else a JSON body; headers such as Allow kept."""
    status = error.code or 400
    message = error.description or error.name
    if isinstance(error, HttpError):
        headers = error.extra_headers
        if error.page is not None:
            body = render_template(error.page.template, **error.page.context, error=message, status=status)
            return current_app.response_class(body, status, headers, content_type="text/html; charset=utf-8")
        extra = {"offered": error.offered} if error.offered is not None else {}
    else:
        headers = {
            name: value
            for name, value in error.get_response().headers.items()
            if name.lower() not in ("content-type", "content-length")
        }
        extra = {}
    response = current_app.json.response({"error": message, "status": status, **extra})
    response.status_code = status
    response.headers.update(headers)
    return response
