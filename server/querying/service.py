"""The QueryService: the one owner of query execution and its limits (timeout, row cap, memory, SERVICE allow-list).

pyoxigraph cannot interrupt a running query, so each query runs in a long-lived worker process
(govkg.server.querying.worker). A request thread borrows an idle worker (waiting at most the timeout), sends the
Job over a Pipe and polls for the Outcome; when the timeout passes it SIGKILLs the worker, which frees its CPU at
once, and starts a replacement. Workers come from a forkserver, so a replacement starts quickly and no thread
state is forked. Each worker's address space is limited (``Limits.memory_mb``), so a query that allocates
without bound fails in its worker instead of exhausting the machine; a worker that crashes (that, or a query
nested too deeply for the parser's stack) is replaced, and the client is told how it ended.

A new worker first runs ``ASK {}`` (govkg.server.querying.worker.self_check); the service remembers whether the
latest start succeeded (:attr:`QueryService.start_failure`) and when workers crashed (:meth:`QueryService.crashes`),
for /health; each crash and failed start is logged in one line.
"""

import logging
import multiprocessing
import queue
import signal
import threading
import time
from collections import deque
from pathlib import Path

from govkg.server.querying import worker
from govkg.server.querying.jobs import Ending, Job, Limits, Outcome
from govkg.sparql.negotiate import OFFERED, NotAcceptable, negotiate

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([worker.__name__])
_LOG = logging.getLogger(__name__)
#: How long a new worker may take to open the store and answer ``ASK {}``.
START_TIMEOUT = 60.0


class _Worker:
    """One worker process and the parent's end of its Pipe."""

    def __init__(self, store_dir: Path, limits: Limits):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=worker.main, args=(child, str(store_dir), limits), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> str | None:
        """None once the worker has run ``ASK {}``; else why it could not."""
        try:
            if not self.conn.poll(START_TIMEOUT):
                return f"it did not answer ASK {{}} within {START_TIMEOUT:g} s"
            said = self.conn.recv()
        except (EOFError, OSError):
            return f"it ended while opening the store ({self.ending()})"
        return None if said == worker.READY else said

    def ending(self) -> str:
        """How the process ended (after its end of the Pipe closed): the signal or exit status."""
        self.process.join(timeout=1)
        code = self.process.exitcode
        if code is None:
            return "it closed its connection"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit status {code}"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def acceptable_somehow(job: Job) -> NotAcceptable | None:
    """None if some query form could be answered in a format the client takes, else the refusal (checked before a
    worker is borrowed, since the query form is known only once the query runs)."""
    refusal = None
    for kind in OFFERED:
        try:
            negotiate(job.accept, job.format, kind)
            return None
        except NotAcceptable as error:
            refusal = error
    all_offered = sorted({media_type for types in OFFERED.values() for media_type in types})
    return NotAcceptable(str(refusal), all_offered)


class QueryService:
    """``size`` worker processes over the store in ``store_dir``; every job runs under ``limits`` and is stopped
    after ``timeout`` seconds."""

    def __init__(self, store_dir: Path, size: int, timeout: float, limits: Limits):
        self.store_dir = Path(store_dir)
        self.size = size
        self.timeout = timeout
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._workers: set[_Worker] = set()
        self._crashes: deque[float] = deque(maxlen=1000)
        #: Why the latest worker started could not run ``ASK {}`` (None: it could).
        self.start_failure: str | None = None
        for started in [self._start() for _ in range(size)]:
            self._ready(started)

    def _start(self) -> _Worker:
        started = _Worker(self.store_dir, self.limits)
        with self._lock:
            self._workers.add(started)
        return started

    def _ready(self, started: _Worker) -> None:
        """Wait for ``started`` to run ``ASK {}``, remember whether it could, and make it idle."""
        failure = started.wait_ready()
        self.start_failure = failure
        if failure is not None:
            self._crashes.append(time.monotonic())
            _LOG.warning("a query worker could not start: %s", failure)
        self._idle.put(started)

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and put a fresh worker in its place (unless the service is closing)."""
        dead.kill()
        with self._lock:
            self._workers.discard(dead)
            if self._closed:
                return
        self._ready(self._start())

    def crashes(self, seconds: float) -> int:
        """How many workers crashed or failed to start in the last ``seconds``."""
        since = time.monotonic() - seconds
        return sum(1 for moment in list(self._crashes) if moment >= since)

    def run(self, job: Job) -> Outcome:
        """The Outcome of ``job``: the worker's, or BUSY if no worker frees up within the timeout, TIMED_OUT if the
        query runs longer, CRASHED if the worker dies, NOT_ACCEPTABLE at once if no result could be negotiated."""
        refusal = acceptable_somehow(job)
        if refusal is not None:
            return Outcome(Ending.NOT_ACCEPTABLE, str(refusal), offered=tuple(refusal.offered))
        try:
            borrowed = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Outcome(Ending.BUSY, f"all {self.size} query workers are busy; try again shortly", retry_after=1)
        try:
            borrowed.conn.send(job)
            if borrowed.conn.poll(self.timeout):
                outcome = borrowed.conn.recv()
                self._idle.put(borrowed)
                return outcome
        except (EOFError, OSError):
            ending = borrowed.ending()
            self._replace(borrowed)
            if self._closed:
                return Outcome(Ending.BUSY, "the server is stopping")
            self._crashes.append(time.monotonic())
            _LOG.warning("a query worker crashed (%s) and was replaced", ending)
            return Outcome(
                Ending.CRASHED,
                f"the query worker crashed while running the query ({ending}): a query nested too deeply "
                f"or needing more than the worker memory cap ({self.limits.memory_mb} MiB beyond the open store) "
                "does this; the worker was replaced",
            )
        self._replace(borrowed)
        return Outcome(Ending.TIMED_OUT, f"query timed out after {self.timeout:g} s and was stopped")

    def busy(self) -> int:
        """How many workers are running a query right now."""
        return self.size - self._idle.qsize()

    def pids(self) -> set[int]:
        """The process ids of the running workers."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.is_alive() and w.process.pid is not None}

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for each in workers:
            each.kill()
