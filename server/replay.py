"""Kept answers replayed before Flask: a GET that repeats one answered in this store generation costs a lookup.

A view whose response depends only on the request and the store generation marks it (:func:`mark_replayable`,
done by govkg.server.querying.answers.respond for every answer that has an entity tag). :class:`Replay`, the WSGI
layer around the Flask app, keeps each marked 200 response whole (status, headers, body) in the app's ResultCache
under the request's key (:func:`request_key`: method, path, query string, Host, Accept and the forwarding headers
but X-Forwarded-For; everything else a view reads is the app's settings), and answers the same request again from
there without entering Flask. The ResultCache's rules hold: the first request after a store swap empties it, its
byte budget bounds it, and nothing is kept for a query that calls SERVICE (such an answer has no entity tag, so it
is not marked). A request that revalidates (``If-None-Match``, ``If-Modified-Since``), asks for a range or is not
a GET goes to Flask, which answers 304 where it may.
"""

from collections.abc import Callable, Iterable
from typing import Any

from govkg.server.querying.cache import ResultCache

#: The WSGI environ key under which a view marks its response replayable: the generation it was answered in.
MARK = "govkg.replayable"
#: Request headers after which a request is never replayed (the app decides: 304 or a full answer).
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
                "HTTP_RANGE")

#: The forwarding headers that may change what a view writes (a proxy's scheme, host, port and prefix); not
#: X-Forwarded-For, which names the client and only counts for admission (a replayed answer is not admitted).
_FORWARDING = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT",
               "HTTP_X_FORWARDED_PREFIX")

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


def mark_replayable(environ: dict, version: str) -> None:
    """Say that the response to the request of ``environ`` depends only on the request and the store generation
    ``version``, so that it may be replayed for the same request in that generation."""
    environ[MARK] = version


def request_key(environ: dict) -> tuple | None:
    """What identifies a request whose answer may be replayed; None for one that is never replayed."""
    if environ.get("REQUEST_METHOD") != "GET" or any(name in environ for name in _CONDITIONAL):
        return None
    forwarded = tuple(sorted((name, value) for name, value in environ.items() if name in _FORWARDING))
    return (
        "request", environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT"), forwarded,
    )


class Replay:
    """The WSGI app ``app`` with the replay of kept answers from ``cache`` in front of it (see the module doc)."""

    def __init__(self, app: WsgiApp, cache: ResultCache):
        self.app = app
        self.cache = cache

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = request_key(environ)
        if key is None or self.cache.max_bytes <= 0:
            return self.app(environ, start_response)
        version = self.cache.version()
        kept = self.cache.recall(key, version)
        if kept is not None:
            status, headers, body = kept
            start_response(status, list(headers))
            return [body]
        seen: dict[str, Any] = {}

        def remembering_start_response(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        chunks = self.app(environ, remembering_start_response)
        if version is None or environ.get(MARK) != version or not str(seen.get("status", "")).startswith("200 "):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        self.cache.remember(key, version, (seen["status"], tuple(seen["headers"]), body), len(body))
        return [body]
