"""A pool of query worker processes that can be killed when a query runs too long.

pyoxigraph cannot interrupt a running query, so each query runs in a
long-lived worker process (server.worker). A request thread borrows an idle
worker (waiting at most ``wait`` seconds), sends the job over a Pipe and polls
for the reply; when the query timeout passes it SIGKILLs the worker, which frees
its CPU at once, and starts a replacement. Workers come from a forkserver, so
a replacement starts quickly and no thread state is forked. Each worker's
address space is limited (``memory_mb``), so a query that allocates without
bound fails in its worker instead of exhausting the machine; a worker that
crashes (that, or a query nested too deeply for the parser's stack) is
replaced, and the client is told how it ended.
"""

import multiprocessing
import queue
import signal
import threading
from pathlib import Path

from govkg.server import worker

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["server.worker"])


class _Worker:
    """One worker process and the parent's end of its Pipe."""

    def __init__(self, store_dir: Path, memory_mb: int):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=worker.main, args=(child, str(store_dir), memory_mb), daemon=True)
        self.process.start()
        child.close()

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


class WorkerPool:
    """``size`` worker processes over the store in ``store_dir``, each limited to ``memory_mb`` MiB."""

    def __init__(self, store_dir: Path, size: int, memory_mb: int):
        self.store_dir = Path(store_dir)
        self.size = size
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._workers = set()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        started = _Worker(self.store_dir, self.memory_mb)
        with self._lock:
            self._workers.add(started)
        return started

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and put a fresh worker in its place (unless the pool is closing)."""
        dead.kill()
        with self._lock:
            self._workers.discard(dead)
            if self._closed:
                return
        self._idle.put(self._start())

    def run(self, job: dict, timeout: float, wait: float) -> dict:
        """The worker's reply to ``job``; a 503 reply if no worker frees up within ``wait``
        seconds, if the query runs longer than ``timeout`` seconds, or if the worker dies."""
        try:
            borrowed = self._idle.get(timeout=wait)
        except queue.Empty:
            return {"status": 503, "error": f"all {self.size} query workers are busy; try again shortly"}
        try:
            borrowed.conn.send(job)
            if borrowed.conn.poll(timeout):
                reply = borrowed.conn.recv()
                self._idle.put(borrowed)
                return reply
        except (EOFError, OSError):
            ending = borrowed.ending()
            self._replace(borrowed)
            return {
                "status": 503,
                "error": f"the query worker crashed while running the query ({ending}): a query nested too deeply "
                f"or needing more than {self.memory_mb} MiB does this; the worker was replaced",
            }
        self._replace(borrowed)
        return {"status": 503, "error": f"query timed out after {timeout:g} s and was stopped"}

    def busy(self) -> int:
        """How many workers are running a query right now."""
        return self.size - self._idle.qsize()

    def pids(self) -> set[int]:
        """The process ids of the running workers."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.is_alive()}

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for each in workers:
            each.kill()
