"""What goes to a query worker and what comes back: a Job, the Limits every job of a service runs under, and the
Outcome (what happened, in words; the HTTP layer, govkg.server.querying.answers, picks the status)."""

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Job:
    """One query to run.

    ``default_graph_uris`` and ``named_graph_uris`` are the protocol's dataset (None for both: the union default
    graph, or the query's FROM / FROM NAMED); ``substitutions`` pre-binds variables to N-Triples terms; ``accept``
    (the Accept header) and ``format`` (the ``format`` parameter) choose the result format; ``base_iri`` resolves
    the query's relative IRIs (the protocol uses the endpoint's URL); ``client`` names who asked (the address the
    admission gate shares the workers by; govkg.server.querying.answers fills it in from the request).
    """

    query: str
    default_graph_uris: tuple[str, ...] | None = None
    named_graph_uris: tuple[str, ...] | None = None
    substitutions: dict[str, str] | None = None
    accept: str | None = None
    format: str | None = None
    base_iri: str | None = None
    client: str | None = None


@dataclass(frozen=True)
class Limits:
    """What every job of a QueryService runs under: at most ``row_cap`` rows or triples, SERVICE calls only to
    ``service_allowlist`` (exact IRIs), in at most ``memory_mb`` MiB of address space per worker, with a serialized
    result of at most ``max_result_bytes`` (None: no cap)."""

    row_cap: int
    service_allowlist: tuple[str, ...]
    memory_mb: int
    max_result_bytes: int | None = None


class Ending(StrEnum):
    """How a job ended."""

    ANSWERED = "answered"
    BAD_QUERY = "bad query"  # the query does not parse or evaluate, or names a bad graph
    SERVICE_REFUSED = "service refused"  # a SERVICE endpoint off the allow-list, or unverifiable
    NOT_ACCEPTABLE = "not acceptable"  # no offered format fits the request
    NO_STORE = "no store"  # the store is missing or cannot be opened
    READ_FAILED = "read failed"  # reading the store or calling a SERVICE failed
    OUT_OF_MEMORY = "out of memory"  # the query needed more than the worker's memory cap
    TIMED_OUT = "timed out"  # the query ran past the timeout; its worker was killed
    CRASHED = "crashed"  # the worker died (memory cap, a query nested too deeply)
    TOO_LARGE = "too large"  # the serialized result is over the result cap
    BUSY = "busy"  # no worker freed up in time, or the client already has its share running


@dataclass(frozen=True)
class Outcome:
    """What happened to a Job: ``ending``; when ANSWERED, the body in ``media_type`` and whether the row cap
    (``row_cap``) cut it; else a ``message`` for the client (and, when NOT_ACCEPTABLE, the ``offered`` types; when
    BUSY, ``retry_after``: the seconds after which trying again makes sense)."""

    ending: Ending
    message: str = ""
    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    row_cap: int | None = None
    offered: tuple[str, ...] = ()
    retry_after: int | None = None

    @property
    def answered(self) -> bool:
        return self.ending is Ending.ANSWERED
