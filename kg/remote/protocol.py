"""An HTTP client of a remote SPARQL 1.1 store: Query and Update (SPARQL 1.1 Protocol) and the Graph Store HTTP
Protocol, with authentication (none, basic, digest, bearer) and timeouts, over the standard library (urllib).

An engine exposes the three services at paths of its own; :data:`ENGINES` knows those of the engines this project
was tried on (Oxigraph server, Virtuoso 7, Fuseki), and :class:`Endpoints` may name each URL outright. Every
failure is a :class:`RemoteError` (a KgError) in one line naming the method, the URL and what the server said;
credentials never appear in a message.
"""

import base64
import http.client
import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlencode, urljoin, urlsplit

from govkg.errors import KgError

AUTH_KINDS = ("none", "basic", "digest", "bearer")
#: The environment variables credentials may come from (so that they stay out of the shell history and `ps`).
ENV_AUTH, ENV_USER = "KG_REMOTE_AUTH", "KG_REMOTE_USER"
ENV_PASSWORD, ENV_TOKEN = "KG_REMOTE_PASSWORD", "KG_REMOTE_TOKEN"
N_TRIPLES = "application/n-triples"
_MESSAGE_CHARS = 300


class RemoteError(KgError):
    """A request to the remote store failed (unreachable, refused, an HTTP error status, a timeout); ``status`` is
    the HTTP status of a refusal (None: no answer)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class TimedOut(RemoteError):
    """The remote store did not answer in time (the request was abandoned)."""


@dataclass(frozen=True)
class Engine:
    """Where one engine serves Query, Update and the Graph Store (paths relative to its base URL), the name of the
    Graph Store's graph parameter, whether one update request is applied all or nothing (``atomic``), the query
    parameter that sets its own timeout in milliseconds (None: set when the server starts, if at all)."""

    name: str
    query: str
    update: str
    store: str
    graph_param: str = "graph"
    atomic: bool = True
    timeout_param: str | None = None


#: The engines `kg publish --engine` and `kg serve --backend` know (docs/scale-out.md says how to start each).
ENGINES = {
    "oxigraph": Engine("oxigraph", "query", "update", "store"),
    "fuseki": Engine("fuseki", "query", "update", "data"),
    "virtuoso": Engine(
        "virtuoso", "sparql", "sparql-auth", "sparql-graph-crud-auth", graph_param="graph-uri", atomic=False,
        timeout_param="timeout",
    ),
}


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote store's three services, and its Engine."""

    query: str
    update: str
    store: str
    engine: Engine

    @classmethod
    def of(cls, base: str, engine: str, query: str | None = None, update: str | None = None,
           store: str | None = None) -> "Endpoints":
        """The endpoints of ``engine`` under the ``base`` URL, each replaced by the URL given for it."""
        if engine not in ENGINES:
            raise KgError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
        known = ENGINES[engine]
        root = check_url(base).rstrip("/") + "/"
        return cls(
            query=check_url(query) if query else urljoin(root, known.query),
            update=check_url(update) if update else urljoin(root, known.update),
            store=check_url(store) if store else urljoin(root, known.store),
            engine=known,
        )


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL without credentials in it; else KgError (which does not repeat it whole)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{url!r} is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise KgError(
            f"a URL of {parts.hostname} holds credentials: give them with --user and ${ENV_PASSWORD} (or "
            f"${ENV_TOKEN}), not in the URL"
        )
    return url


@dataclass(frozen=True)
class Auth:
    """How to authenticate: ``kind`` is one of AUTH_KINDS; ``user`` and ``password`` for basic and digest,
    ``token`` for bearer. The secrets are left out of ``repr``."""

    kind: str = "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def resolve(cls, kind: str | None = None, user: str | None = None, password: str | None = None,
                token: str | None = None, environ: Mapping[str, str] = os.environ) -> "Auth":
        """The Auth from options (None: not given), else the environment (``KG_REMOTE_AUTH``, ``KG_REMOTE_USER``,
        ``KG_REMOTE_PASSWORD``, ``KG_REMOTE_TOKEN``); the kind defaults to bearer with a token, basic with a
        user, else none. KgError if what the kind needs is missing."""
        user = user or environ.get(ENV_USER) or None
        password = password or environ.get(ENV_PASSWORD) or None
        token = token or environ.get(ENV_TOKEN) or None
        kind = kind or environ.get(ENV_AUTH) or ("bearer" if token else "basic" if user else "none")
        if kind not in AUTH_KINDS:
            raise KgError(f"unknown authentication {kind!r} (known: {', '.join(AUTH_KINDS)})")
        if kind in ("basic", "digest") and (user is None or password is None):
            raise KgError(f"{kind} authentication needs a user (--user or ${ENV_USER}) and a password "
                          f"(${ENV_PASSWORD} or --password)")
        if kind == "bearer" and token is None:
            raise KgError(f"bearer authentication needs a token (${ENV_TOKEN} or --token)")
        return cls(kind, user, password, token)


class Remote:
    """A client of one remote store: every request carries ``auth`` and gives up after ``timeout`` seconds
    without an answer (the socket timeout: no byte received for that long)."""

    def __init__(self, endpoints: Endpoints, auth: Auth = Auth(), timeout: float = 60.0):
        self.endpoints = endpoints
        self.timeout = timeout
        self._headers: dict[str, str] = {}
        handlers: list[urllib.request.BaseHandler] = []
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        if auth.kind == "basic":
            pair = f"{auth.user}:{auth.password}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        elif auth.kind == "bearer":
            self._headers["Authorization"] = f"Bearer {auth.token}"
        elif auth.kind == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (endpoints.query, endpoints.update, endpoints.store):
                passwords.add_password(None, url, auth.user or "", auth.password or "")
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers.append(self._digest)
        self._opener = urllib.request.build_opener(*handlers)

    def _digest_header(self, request: urllib.request.Request, timeout: float) -> str | None:
        """The digest Authorization header for ``request``, from the challenge a body-less probe of its URL gets:
        so that a large body is sent once, authenticated (a server may close the connection on a body it
        refuses unauthenticated, before it has read it)."""
        assert self._digest is not None
        try:
            urllib.request.urlopen(urllib.request.Request(request.full_url, method="GET"), timeout=timeout).close()
        except urllib.error.HTTPError as error:
            challenge = error.headers.get("WWW-Authenticate", "")
            error.close()
            if error.code == 401 and challenge.lower().startswith("digest "):
                fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
                answer = self._digest.get_authorization(request, fields)
                return f"Digest {answer}" if answer else None
        except (urllib.error.URLError, OSError):
            return None
        return None

    def open(self, method: str, url: str, params: Mapping[str, str] | list[tuple[str, str]] | None = None,
             body: bytes | None = None, content_type: str | None = None, accept: str | None = None,
             timeout: float | None = None) -> http.client.HTTPResponse:
        """Send one request and return the response, open for reading (the caller closes it); RemoteError if it
        cannot be sent or the status is not 2xx."""
        target = f"{url}?{urlencode(params)}" if params else url
        request = urllib.request.Request(target, data=body, method=method, headers=dict(self._headers))
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        if self._digest is not None and body:
            header = self._digest_header(request, timeout or self.timeout)
            if header:
                request.add_header("Authorization", header)
        try:
            return cast(http.client.HTTPResponse, self._opener.open(request, timeout=timeout or self.timeout))
        except urllib.error.HTTPError as error:
            said = " ".join(error.read(_MESSAGE_CHARS * 2).decode("utf-8", "replace").split())[:_MESSAGE_CHARS]
            error.close()
            raise RemoteError(
                f"{method} {url}: HTTP {error.code} {error.reason}{': ' + said if said else ''}", error.code
            ) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, TimeoutError):
                raise TimedOut(f"{method} {url}: no answer within {timeout or self.timeout:g} s") from None
            raise RemoteError(f"{method} {url}: {' '.join(str(reason).split()) or type(reason).__name__}") from None

    def request(self, method: str, url: str, **options) -> bytes:
        """The whole body of the answer to one request (see :meth:`open`)."""
        with self.open(method, url, **options) as response:
            try:
                return response.read()
            except (OSError, http.client.HTTPException) as error:
                raise RemoteError(f"{method} {url}: {' '.join(str(error).split())}") from None

    def query(self, text: str, accept: str, dataset: list[tuple[str, str]] | None = None,
              timeout: float | None = None) -> http.client.HTTPResponse:
        """POST ``text`` to the query service (form-encoded, with the protocol's ``dataset`` parameters and the
        engine's own timeout, if it has one); the response, open for reading."""
        params = [("query", text), *(dataset or [])]
        engine = self.endpoints.engine
        if engine.timeout_param and timeout:
            params.append((engine.timeout_param, str(int(timeout * 1000))))
        return self.open(
            "POST", self.endpoints.query, body=urlencode(params).encode(),
            content_type="application/x-www-form-urlencoded", accept=accept, timeout=timeout,
        )

    def select(self, text: str) -> list[dict]:
        """The SPARQL JSON bindings of a SELECT (as ``{variable: value}``)."""
        with self.query(text, "application/sparql-results+json") as response:
            try:
                data = json.loads(response.read())
                return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]
            except (OSError, http.client.HTTPException, ValueError, KeyError, TypeError) as error:
                raise RemoteError(f"POST {self.endpoints.query}: unreadable SELECT results: {error}") from None

    def update(self, text: str) -> None:
        """Run one SPARQL Update request (form-encoded ``update=``)."""
        self.request(
            "POST", self.endpoints.update, body=urlencode({"update": text}).encode(),
            content_type="application/x-www-form-urlencoded",
        )

    def put_graph(self, graph: str, data: bytes) -> None:
        """Replace ``graph`` with ``data`` (N-Triples) through the Graph Store Protocol."""
        self.request("PUT", self.endpoints.store, params=self._graph(graph), body=data, content_type=N_TRIPLES)

    def get_graph(self, graph: str) -> bytes:
        """``graph`` as N-Triples from the Graph Store."""
        return self.request("GET", self.endpoints.store, params=self._graph(graph), accept=N_TRIPLES)

    def count(self, graph: str) -> int:
        """How many triples ``graph`` holds (0 if it does not exist)."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        try:
            return int(rows[0]["n"]) if rows else 0
        except (KeyError, ValueError):
            raise RemoteError(f"POST {self.endpoints.query}: no count in the answer for {graph}") from None

    def _graph(self, graph: str) -> dict[str, str]:
        return {self.endpoints.engine.graph_param: graph}
