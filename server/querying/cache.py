"""Answers kept for as long as the store does not change: a bounded result cache per store generation.

The store changes only by a new generation (`kg build`, `kg load`, `kg link` swap it in whole), so an answer
stays right until the next swap. :class:`ResultCache` keeps answered Outcomes, keyed by everything that decides
the body (the query text, its dataset, the pre-bound variables, the Accept header and ``format``, the base IRI)
under the name of the generation they were computed on; the first lookup after a swap empties it. A query that
calls SERVICE is never kept (the remote side may change), nor an answer larger than an eighth of the budget.
Least recently used answers go first when the bodies kept would pass ``max_bytes``. The same budget holds the
whole responses that govkg.server.replay keeps per request.

The same key gives each answer its entity tag (:meth:`ResultCache.etag`), so a client that revalidates
(``If-None-Match``) is answered 304 without the query running again.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govkg.errors import KgError
from govkg.server.querying.jobs import Job, Outcome
from govkg.store import current_generation

#: A query that may call a remote endpoint: its answer is not the store's alone.
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
#: What one entry costs beside its body (the key, the Outcome object), roughly, in bytes.
_ENTRY_OVERHEAD = 512


def generation_name(store_dir: Path) -> str | None:
    """The name of the current generation of the store in ``store_dir`` (None if there is none)."""
    try:
        return current_generation(store_dir).name
    except KgError:
        return None


class ResultCache:
    """At most ``max_bytes`` of answered Outcomes of the generation ``version()`` names (None: the store cannot
    say, and nothing is kept); ``salt`` (the row cap, the SERVICE allow-list...) goes into every entity tag."""

    def __init__(self, max_bytes: int, version: Callable[[], str | None], salt: str = ""):
        self.max_bytes = max_bytes
        self._version = version
        self._salt = salt
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._kept_for: str | None = None
        self.size = 0
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(job: Job) -> tuple | None:
        """What decides the answer to ``job``, or None when it may change without the store changing (SERVICE)."""
        if _SERVICE.search(job.query):
            return None
        substitutions = tuple(sorted((job.substitutions or {}).items()))
        return (
            job.query, job.default_graph_uris, job.named_graph_uris, substitutions, job.accept, job.format,
            job.base_iri,
        )

    def version(self) -> str | None:
        """The name of the current generation (what the other methods take), having emptied the cache if it changed
        since the last call: look it up once per request."""
        version = self._version()
        with self._lock:
            if version != self._kept_for:
                self._entries.clear()
                self.size = 0
                self._kept_for = version
        return version

    def etag(self, job: Job, version: str | None) -> str | None:
        """The entity tag (unquoted) of the answer to ``job`` in the generation ``version`` (None when it has none:
        see key)."""
        key = self.key(job)
        if key is None or version is None:
            return None
        return hashlib.sha256(repr((version, self._salt, key)).encode()).hexdigest()[:32]

    def get(self, job: Job, version: str | None) -> Outcome | None:
        """The kept answer to ``job`` in the generation ``version``, if any."""
        key = self.key(job)
        return None if key is None else self.recall(key, version)

    def put(self, job: Job, outcome: Outcome, version: str | None) -> None:
        """Keep ``outcome`` (if answered) as the answer to ``job`` in the generation ``version`` (the one current
        when the job started: an answer computed across a swap is not kept)."""
        key = self.key(job)
        if key is not None and outcome.answered:
            self.remember(key, version, outcome, len(outcome.body))

    def recall(self, key: tuple, version: str | None) -> Any:
        """What was kept under ``key`` in the generation ``version`` (an Outcome, or what govkg.server.replay
        keeps), None if nothing."""
        if self.max_bytes <= 0 or version is None:
            return None
        with self._lock:
            if version != self._kept_for:
                return None
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def remember(self, key: tuple, version: str | None, value: Any, size: int) -> None:
        """Keep ``value`` of ``size`` bytes under ``key`` in the generation ``version``, unless it is larger than an
        eighth of the budget or the generation is no longer current; the least recently used go first."""
        cost = size + _ENTRY_OVERHEAD
        if cost > self.max_bytes // 8 or version is None:
            return
        with self._lock:
            if version != self._kept_for:
                return
            if key in self._entries:
                self.size -= self._entries.pop(key)[1]
            self._entries[key] = (value, cost)
            self.size += cost
            while self.size > self.max_bytes:
                self.size -= self._entries.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._entries)
