"""A polite SPARQL client for public endpoints such as the Wikidata query service.

It says who it is (a descriptive User-Agent), never waits forever (a timeout
on every request), retries with exponential backoff on HTTP 429 and 5xx
(honouring ``Retry-After`` in seconds or as an HTTP date, capped), and turns
every failure into a one-line :class:`~govkg.errors.KgError`. Only the standard
library is used (urllib).
"""

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

import govkg
from govkg.errors import KgError

#: The Wikidata query service, the default endpoint of `kg link`.
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"govkg/{govkg.__version__} (https://w3id.org/govkg; kg link)"
RESULTS_JSON = "application/sparql-results+json"
#: Queries longer than this (URL-encoded) go by POST rather than GET.
MAX_GET_LENGTH = 2000


class EndpointUnreachable(KgError):
    """The endpoint could not be reached at all (connection refused, DNS failure, timeout)."""


class SparqlClient:
    """SELECT queries against one SPARQL endpoint, with retries; results as rdflib terms.

    ``backoff`` is the first wait in seconds (doubled on each retry),
    ``max_wait`` caps any single wait (including ``Retry-After``), and
    ``sleep`` is injectable so that tests need not really wait.
    """

    def __init__(
        self,
        endpoint: str = WIKIDATA_ENDPOINT,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 2.0,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KgError(f"endpoint {endpoint!r} is not an http(s) URL")
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep

    def select(self, query: str) -> list[dict[str, Node]]:
        """Run a SELECT query; one dict per solution mapping variable names to rdflib terms."""
        document = self._json(self._send(query))
        try:
            bindings = document["results"]["bindings"]
            return [{name: _term(value) for name, value in row.items()} for row in bindings]
        except (KeyError, TypeError, AttributeError):
            raise KgError(f"{self.endpoint}: the answer is not SPARQL JSON results") from None

    def _request(self, query: str) -> urllib.request.Request:
        """A GET request for a short query, a form-encoded POST for a long one."""
        headers = {"Accept": RESULTS_JSON, "User-Agent": USER_AGENT}
        encoded = urllib.parse.urlencode({"query": query})
        if len(encoded) <= MAX_GET_LENGTH:
            separator = "&" if "?" in self.endpoint else "?"
            return urllib.request.Request(self.endpoint + separator + encoded, headers=headers)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return urllib.request.Request(self.endpoint, data=encoded.encode(), headers=headers, method="POST")

    def _send(self, query: str) -> bytes:
        """The body of a successful answer, after retrying 429 and 5xx answers."""
        attempt = 0
        while True:
            try:
                with urllib.request.urlopen(self._request(query), timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                if error.code != 429 and error.code < 500:
                    detail = f"HTTP {error.code} {_first_line(error)}".strip()
                    raise KgError(f"{self.endpoint}: the endpoint refused the query: {detail}") from None
                if attempt == self.retries:
                    raise KgError(f"{self.endpoint}: HTTP {error.code} after {attempt + 1} tries; giving up") from None
                self.sleep(self._wait(attempt, error.headers.get("Retry-After")))
                attempt += 1
            except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", None) or error
                raise EndpointUnreachable(f"cannot reach {self.endpoint}: {reason}") from None

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry ``attempt + 1``: Retry-After if given, else exponential backoff."""
        wait = self.backoff * (2**attempt)
        if retry_after:
            wait = _retry_after_seconds(retry_after.strip(), default=wait)
        return max(0.0, min(wait, self.max_wait))

    def _json(self, body: bytes) -> dict:
        try:
            return json.loads(body)
        except ValueError:
            raise KgError(f"{self.endpoint}: the answer is not JSON (is it a SPARQL endpoint?)") from None


def _retry_after_seconds(value: str, default: float) -> float:
    """A Retry-After header (delay in seconds, or an HTTP date) as seconds from now."""
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def _first_line(error: urllib.error.HTTPError) -> str:
    """The first line of an error answer's body, shortened, for the message."""
    try:
        text = error.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return text.splitlines()[0][:200] if text else ""


def _term(value: dict) -> Node:
    """The rdflib term for one SPARQL JSON binding."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    datatype = value.get("datatype")
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)
