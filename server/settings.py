"""The settings of the web app and `kg serve`, declared once.

:data:`SETTINGS` is the one table: each setting's name (its key in the ``[server]`` table of a project's kg.toml
and in docs/settings.md), the app's config key, its type, default, help text and check. It feeds the `kg serve`
options (govkg.cli.serve), the defaults of :func:`make_config` (what ``create_app(config)`` reads) and
docs/settings.md (tests/web/test_settings.py checks that the page lists every setting with its default).
Command-line options win over kg.toml, kg.toml over the defaults (:func:`resolve`).

Besides the settings, the app's config holds ``STORE_DIR`` and ``QUERIES_DIR`` (the project's store and named
queries), and two keys for tests and mirrors: ``QUERY_SERVICE_MAP`` (dict FROM -> TO: the named queries'
``SERVICE <FROM>`` is sent to ``<TO>``, which must still be on the allow-list) and ``ONTOLOGY_DOCS_DIR``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph

from govkg.errors import KgError
from govkg.project import BUNDLED_QUERIES, default_store_dir
from govkg.remote.protocol import check_url
from govkg.server.querying.service_policy import is_absolute

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def public_base(iri: Any) -> str:
    """``iri`` if it can be the public base: an http(s) IRI with a host, ending in ``/`` (the server's root path
    maps onto it), without query or fragment; else ValueError saying so."""
    text = str(iri)
    try:
        valid = pyoxigraph.NamedNode(text).value == text
    except ValueError:
        valid = False
    if not valid or not re.fullmatch(r"https?://[^/?#]+/[^?#]*", text) or not text.endswith("/"):
        raise ValueError("must be an http(s) IRI ending in '/', without query or fragment (e.g. https://w3id.org/govkg/)")
    return text


def _absolute_iris(iris: list[str]) -> list[str]:
    """``iris`` without empty ones (an empty value allows none); ValueError naming one that is not absolute."""
    for iri in iris:
        if iri and not is_absolute(iri):
            raise ValueError(f"{iri!r} is not an absolute IRI")
    return [iri for iri in iris if iri]


@dataclass(frozen=True)
class Setting:
    """One setting: ``name`` in kg.toml's ``[server]`` and the docs, ``key`` in the app's config, its type
    (``int``, ``float``, ``str`` or ``list`` of strings), default and help; ``minimum`` for numbers, ``check`` for
    more (raises ValueError with the reason, returns the value as the app uses it)."""

    name: str
    key: str
    type: type
    default: Any
    help: str
    metavar: str
    minimum: float | None = None
    check: Callable[[Any], Any] | None = None

    @property
    def option(self) -> str:
        """The `kg serve` option."""
        return "--" + self.name.replace("_", "-")

    def parse(self, value: Any) -> Any:
        """``value`` as this setting's type, checked; ValueError with the reason."""
        if self.type is list:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
                raise ValueError("must be a list of strings")
            parsed: Any = list(items)
        elif self.type is str:
            if not isinstance(value, str | Path) or not (str(value) or self.default == ""):  # "" if it is the default
                raise ValueError("must be a non-empty string")
            parsed = str(value)
        else:
            parsed = self._number(value)
        if self.minimum is not None and parsed < self.minimum:
            raise ValueError(f"must be at least {self.minimum:g}")
        return self.check(parsed) if self.check else parsed

    def _number(self, value: Any) -> int | float:
        kind = "a whole number" if self.type is int else "a number"
        if isinstance(value, bool) or (self.type is int and isinstance(value, float)):
            raise ValueError(f"is not {kind}")
        try:
            return self.type(value)
        except (TypeError, ValueError):
            raise ValueError(f"is not {kind}") from None


def _backend(url: str) -> str:
    """``url`` if empty (no backend) or an http(s) URL without credentials; else ValueError saying so."""
    if url:
        try:
            check_url(url)
        except KgError as error:
            raise ValueError(str(error)) from None
    return url


def _port(port: int) -> int:
    if port > 65535:
        raise ValueError("must be at most 65535")
    return port


#: Every setting, in the order `kg serve --help` and docs/settings.md list them.
SETTINGS = (
    Setting("host", "HOST", str, "127.0.0.1", "address to listen on", "ADDRESS"),
    Setting("port", "PORT", int, 5000, "port to listen on, 0 for any free one", "N", minimum=0, check=_port),
    Setting(
        "threads", "THREADS", int, 16,
        "HTTP threads of waitress (raised to workers + queue + 3 if lower, so that /health always has one)", "N",
        minimum=1,
    ),
    Setting(
        "timeout", "QUERY_TIMEOUT", float, 10.0, "stop a query after this many seconds and answer 503", "SECONDS",
        minimum=0.001,
    ),
    Setting(
        "row_cap", "ROW_CAP", int, 10_000, "return at most N rows or triples, with header X-SPARQL-Truncated", "N",
        minimum=1,
    ),
    Setting("max_request_bytes", "MAX_REQUEST_BYTES", int, 1024 * 1024, "refuse larger requests with 413", "N",
            minimum=1),
    Setting(
        "allow_service",
        "SERVICE_ALLOWLIST",
        list,
        [WIKIDATA_SPARQL],
        "the SERVICE endpoints queries may call, exactly as written in the query (an empty one allows none)",
        "URL",
        check=_absolute_iris,
    ),
    Setting("workers", "WORKERS", int, 4, "query worker processes", "N", minimum=1),
    Setting(
        "worker_memory", "WORKER_MEMORY_MB", int, 2048,
        "address space each query worker may use, in MiB (at least 512; the process itself takes about 550 of it), "
        "plus half the open store's size on disk; a query needing more fails with 503", "MB", minimum=512,
    ),
    Setting(
        "public_base", "PUBLIC_BASE", str, "https://w3id.org/govkg/",
        "the IRI prefix that maps onto this server's root path: IRIs PUBLIC_BASE/id/..., /ontology and "
        "/graph/... dereference here", "IRI", check=public_base,
    ),
    Setting(
        "queue", "QUEUE_SIZE", int, 8,
        "queries that may wait for a free worker; when the workers and the queue are full, 503 with Retry-After at "
        "once", "N", minimum=0,
    ),
    Setting(
        "queue_wait", "QUEUE_WAIT", float, 2.0, "seconds a queued query waits for a worker before 503", "SECONDS",
        minimum=0,
    ),
    Setting(
        "client_queries", "CLIENT_QUERIES", int, 3,
        "queries one client (address) may have running at once; more wait in the queue", "N", minimum=1,
    ),
    Setting(
        "trusted_proxy", "TRUSTED_PROXIES", list, [],
        "addresses of reverse proxies whose X-Forwarded-For names the client (for client_queries)", "ADDRESS",
    ),
    Setting(
        "max_result_mb", "MAX_RESULT_MB", int, 64, "a query result larger than this many MiB is refused with 503",
        "MB", minimum=1,
    ),
    Setting(
        "max_buffered_mb", "MAX_BUFFERED_MB", int, 256,
        "what the unsent responses of all clients may buffer together, in MiB; over it the clients that read "
        "least recently are dropped", "MB", minimum=1,
    ),
    Setting(
        "cache_mb", "CACHE_MB", int, 64,
        "MiB of answers kept until the store changes, answered again without running (0: none; docs/endpoint.md)",
        "MB", minimum=0,
    ),
    Setting(
        "connection_limit", "CONNECTION_LIMIT", int, 1000,
        "open connections at most; slow and idle ones are closed by the timeouts below", "N", minimum=1,
    ),
    Setting(
        "read_timeout", "READ_TIMEOUT", float, 15.0,
        "seconds a client has to send a whole request (head and body) once it starts one", "SECONDS", minimum=0.1,
    ),
    Setting(
        "idle_timeout", "IDLE_TIMEOUT", float, 30.0, "seconds an idle keep-alive connection stays open", "SECONDS",
        minimum=0.1,
    ),
    Setting(
        "send_timeout", "SEND_TIMEOUT", float, 30.0,
        "seconds a client may read nothing of its response before it is dropped", "SECONDS", minimum=0.1,
    ),
    Setting(
        "download_timeout", "DOWNLOAD_TIMEOUT", float, 300.0,
        "seconds writing one download file (whole graph or dataset) may take before it is stopped with 503",
        "SECONDS", minimum=0.1,
    ),
    Setting(
        "backend", "BACKEND", str, "",
        "answer queries from this remote SPARQL engine's query service, where `kg publish` wrote the store, instead "
        "of the embedded store (e.g. http://127.0.0.1:7878/query; docs/scale-out.md); empty: the embedded store",
        "URL", check=_backend,
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def make_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The app's config: every setting's default by its key (and the store and queries folders), updated with
    ``overrides``, each checked; KgError names a bad key and value."""
    config: dict[str, Any] = {
        "STORE_DIR": default_store_dir(),
        "QUERIES_DIR": BUNDLED_QUERIES,
        "QUERY_SERVICE_MAP": {},
        **{setting.key: setting.default for setting in SETTINGS},
        **(overrides or {}),
    }
    config["STORE_DIR"] = Path(config["STORE_DIR"])
    config["QUERIES_DIR"] = Path(config["QUERIES_DIR"])
    for setting in SETTINGS:
        try:
            config[setting.key] = setting.parse(config[setting.key])
        except ValueError as error:
            raise KgError(f"server configuration {setting.key}={config[setting.key]!r}: {error}") from None
    return config


def resolve(options: dict[str, Any], project: dict[str, Any], project_file: Path | None) -> dict[str, Any]:
    """The config keys and values of the settings: ``options`` (by name; None: not given on the command line)
    win over ``project`` (the ``[server]`` table of ``project_file``, a kg.toml), which wins over the defaults.
    KgError in one line naming the option, or kg.toml and the key, of a bad value or an unknown key."""
    unknown = sorted(set(project) - set(BY_NAME))
    if unknown:
        raise KgError(f"{project_file}: [server]: unknown setting {unknown[0]!r} (known: {', '.join(BY_NAME)})")
    config = {}
    for setting in SETTINGS:
        if options.get(setting.name) is not None:
            value, where = options[setting.name], setting.option
        elif setting.name in project:
            value, where = project[setting.name], f"{project_file}: [server] {setting.name} ="
        else:
            value, where = setting.default, f"default {setting.name} ="
        try:
            config[setting.key] = setting.parse(value)
        except ValueError as error:
            raise KgError(f"{where} {value!r}: {error}") from None
    return config
