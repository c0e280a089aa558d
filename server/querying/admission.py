"""Admission of queries to a query service: how many run at once, how many wait, and each client's share.

Every query the web app runs passes the one :class:`Gate` of the app (govkg.server.querying.answers.run) before
it reaches its service, whichever service that is, so a request thread never waits long for a worker: ``slots``
queries run at once (one per worker); a query that finds no free slot waits in a queue of at most ``queue``
places for at most ``wait`` seconds; when the queue is full, or the wait ends, it is refused at once (503 with
Retry-After). One client (an address, see answers.client_address) runs at most ``per_client`` queries at once;
its further queries wait like the others, so that with ``per_client`` below ``slots`` one client can never take
every worker: a client of its own finds a free slot at once. The request threads the gate may hold are
:attr:`Gate.capacity`; govkg.server.serve gives waitress more, so that /health always finds a thread.
"""

import math
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


class Refused(Exception):
    """A query the gate did not admit: why, and after how many seconds trying again makes sense."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Gate:
    """``slots`` queries at once, ``per_client`` of one client, ``queue`` more waiting at most ``wait`` seconds;
    ``timeout`` (the query timeout) is when a running query has surely ended (the Retry-After of a client at its
    share)."""

    def __init__(self, slots: int, queue: int, wait: float, per_client: int, timeout: float):
        self.slots, self.queue, self.wait, self.per_client = slots, queue, wait, per_client
        self.timeout = timeout
        self._changed = threading.Condition()
        self._running: Counter[str] = Counter()
        self._waiting = 0

    @property
    def capacity(self) -> int:
        """How many request threads the gate may hold at once: running and waiting."""
        return self.slots + self.queue

    def running(self) -> int:
        """How many admitted queries are running."""
        return sum(self._running.values())

    def waiting(self) -> int:
        """How many queries wait for a slot."""
        return self._waiting

    def _may_run(self, client: str) -> bool:
        return self.running() < self.slots and self._running[client] < self.per_client

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        """Hold a slot for ``client`` for the block, waiting for one in the queue if need be; Refused if the queue
        is full or no slot frees up within the wait."""
        with self._changed:
            if not self._may_run(client):
                if self._waiting >= self.queue:
                    raise Refused(
                        f"all {self.slots} query workers are busy and {self._waiting} queries are waiting; "
                        "try again shortly",
                        1,
                    )
                self._waiting += 1
                try:
                    admitted = self._changed.wait_for(lambda: self._may_run(client), timeout=self.wait)
                finally:
                    self._waiting -= 1
                if not admitted:
                    raise self._refusal(client)
            self._running[client] += 1
        try:
            yield
        finally:
            with self._changed:
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]
                self._changed.notify_all()

    def _refusal(self, client: str) -> Refused:
        if self._running[client] >= self.per_client:
            return Refused(
                f"you have {self._running[client]} queries running, the most one client may run at once; "
                "try again when one has ended",
                max(1, math.ceil(self.timeout)),
            )
        return Refused(f"no query worker freed up within {self.wait:g} s; try again shortly", 1)
