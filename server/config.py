"""The server's configuration keys, their defaults and their validation (see docs/architecture.md)."""

import re
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.project import BUNDLED_QUERIES, default_store_dir
from govkg.server.service_policy import is_absolute

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"

DEFAULTS = {
    "QUERY_TIMEOUT": 10.0,
    "ROW_CAP": 10_000,
    "MAX_REQUEST_BYTES": 1024 * 1024,
    "SERVICE_ALLOWLIST": [WIKIDATA_SPARQL],
    "WORKERS": 4,
    "WORKER_MEMORY_MB": 2048,
    "PUBLIC_BASE": "https://w3id.org/govkg/",
}


def public_base(iri) -> str:
    """``iri`` if it can be PUBLIC_BASE: an http(s) IRI with a host, ending in ``/`` (the server's root path maps
    onto it), without query or fragment; else KgError."""
    text = str(iri)
    try:
        valid = pyoxigraph.NamedNode(text).value == text
    except ValueError:
        valid = False
    if not valid or not re.fullmatch(r"https?://[^/?#]+/[^?#]*", text) or not text.endswith("/"):
        raise KgError(
            f"server configuration PUBLIC_BASE={text!r} must be an http(s) IRI ending in '/', "
            "without query or fragment (e.g. https://w3id.org/govkg/)"
        )
    return text


def make_config(overrides: dict | None = None) -> dict:
    """The defaults updated with ``overrides``, checked; KgError names a bad key."""
    config = {"STORE_DIR": default_store_dir(), "QUERIES_DIR": BUNDLED_QUERIES, **DEFAULTS, **(overrides or {})}
    config["STORE_DIR"] = Path(config["STORE_DIR"])
    config["QUERIES_DIR"] = Path(config["QUERIES_DIR"])
    allowlist = config["SERVICE_ALLOWLIST"]
    allowlist = [allowlist] if isinstance(allowlist, str) else allowlist
    config["SERVICE_ALLOWLIST"] = [str(iri) for iri in allowlist if iri]  # "" allows none
    for iri in config["SERVICE_ALLOWLIST"]:
        if not is_absolute(iri):
            raise KgError(f"server configuration SERVICE_ALLOWLIST: {iri!r} is not an absolute IRI")
    config["PUBLIC_BASE"] = public_base(config["PUBLIC_BASE"])
    minimums = {"QUERY_TIMEOUT": 0.001, "ROW_CAP": 1, "MAX_REQUEST_BYTES": 1, "WORKERS": 1, "WORKER_MEMORY_MB": 512}
    for key, minimum in minimums.items():
        try:
            value = float(config[key]) if key == "QUERY_TIMEOUT" else int(config[key])
        except (TypeError, ValueError):
            raise KgError(f"server configuration {key}={config[key]!r} is not a number") from None
        if value < minimum:
            raise KgError(f"server configuration {key}={config[key]!r} must be at least {minimum}")
        config[key] = value
    return config
