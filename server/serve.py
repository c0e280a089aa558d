"""Serve the app with waitress, the production WSGI server (threads), in the foreground or a thread.

waitress reads requests in one event loop and hands only complete ones to its threads, so a slow client costs a
socket, not a thread. On top of waitress's own limits, :class:`GuardedServer` enforces the deadlines of the
settings (govkg.server.settings): a request's head and body must arrive within READ_TIMEOUT of its first byte, an
idle keep-alive connection is closed after IDLE_TIMEOUT, a client that reads nothing of its response for
SEND_TIMEOUT is dropped, and the responses waiting to be sent may buffer MAX_BUFFERED_MB together (over it, the
clients that read least recently are dropped). Connections are watched with poll(), so CONNECTION_LIMIT may exceed
select()'s 1024 descriptors. The log lines of waitress and of the query workers are rate-limited (:class:`RateLimit`).
"""

import contextlib
import logging
import threading
import time

from waitress.adjustments import Adjustments
from waitress.buffers import ReadOnlyFileBasedBuffer
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher
from waitress.wasyncore import close_all

from govkg.errors import KgError
from govkg.server.published import DOWNLOAD_SLOTS, close_published
from govkg.server.querying.answers import admission_gate, query_service

_WAITRESS_HEAD_CAP = 262_144  # waitress's default max_request_header_size
_ALLOWANCE = 65_536  # beyond MAX_REQUEST_BYTES: room for the headers beside the URL, and for the app's JSON 413
#: Threads beyond those queries and downloads may hold: /health and the pages that run no query always get one.
SPARE_THREADS = 2
#: The loggers whose lines are rate-limited: waitress's (its "Task queue depth" warning comes once per request
#: under a burst) and the query service's (one line per crashed worker).
RATE_LIMITED_LOGGERS = ("waitress", "waitress.queue", "govkg.server.querying.service")


class RateLimit(logging.Filter):
    """Let one record of each kind (logger and message template) through per ``interval`` seconds; the next one let
    through says how many were held back meanwhile."""

    def __init__(self, interval: float = 60.0):
        super().__init__()
        self.interval = interval
        self._lock = threading.Lock()
        self._last: dict[tuple[str, str], float] = {}
        self._held: dict[tuple[str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, -self.interval) < self.interval:
                self._held[key] = self._held.get(key, 0) + 1
                return False
            self._last[key] = now
            held = self._held.pop(key, 0)
        if held:
            record.msg = f"{record.msg} ({held} similar lines held back in the last {self.interval:g} s)"
        return True


_RATE_LIMIT = RateLimit()


def limit_log_rate() -> None:
    """Put the rate limit on the loggers of RATE_LIMITED_LOGGERS (once)."""
    for name in RATE_LIMITED_LOGGERS:
        logger = logging.getLogger(name)
        if _RATE_LIMIT not in logger.filters:
            logger.addFilter(_RATE_LIMIT)


class GuardedChannel(HTTPChannel):
    """A waitress channel that remembers when the request it is receiving began."""

    request_started = 0.0

    def received(self, data):
        if self.request is None and data:
            self.request_started = time.time()
        return super().received(data)

    def buffered(self) -> int:
        """Bytes of response waiting to be sent from memory or temporary files (a file sent as it is, such as a
        download, is not counted: it is read as it is sent)."""
        return sum(len(buffer) for buffer in self.outbufs if not isinstance(buffer, ReadOnlyFileBasedBuffer))


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with the deadlines and the buffer budget of the module doc, checked every second."""

    channel_class = GuardedChannel

    def __init__(self, application, adj: Adjustments, limits: dict, **kwargs):
        self.limits = limits
        super().__init__(application, map={}, dispatcher=ThreadedTaskDispatcher(), adj=adj, **kwargs)
        self.task_dispatcher.set_thread_count(adj.threads)

    def maintenance(self, now: float) -> None:
        """Drop the connections past a deadline, then the stalest of those buffering until the budget holds."""
        read, idle, send = (self.limits[key] for key in ("READ_TIMEOUT", "IDLE_TIMEOUT", "SEND_TIMEOUT"))
        buffering = []
        for channel in list(self.active_channels.values()):
            if channel.total_outbufs_len:  # a response is waiting for the client to read it
                if now - channel.last_activity > send:
                    channel.handle_close()
                else:
                    buffering.append(channel)
            elif channel.requests:  # the app is answering
                continue
            elif channel.request is not None:  # a request is arriving
                if now - channel.request_started > read:
                    channel.handle_close()
            elif now - channel.last_activity > idle:
                channel.handle_close()
        budget = self.limits["MAX_BUFFERED_MB"] * 1024 * 1024
        total = sum(channel.buffered() for channel in buffering)
        for channel in sorted(buffering, key=lambda each: each.last_activity):
            if total <= budget:
                break
            total -= channel.buffered()
            channel.handle_close()

    def run(self) -> None:
        """Serve until interrupted; RunningServer.stop() then stops the rest in order (waitress's own run() would
        first wait for the request threads, which may be waiting on a download writer)."""
        with contextlib.suppress(SystemExit, KeyboardInterrupt):
            self.asyncore.loop(timeout=self.adj.asyncore_loop_timeout, map=self._map, use_poll=True)

    def buffered(self) -> int:
        """Bytes of response that all connections hold waiting to be sent (see GuardedChannel.buffered)."""
        return sum(channel.buffered() for channel in list(self.active_channels.values()))


class RunningServer:
    """A waitress server bound to ``host:port`` (port 0: any free one); ``url`` is its base URL.

    KgError if the address cannot be bound (the app's workers are stopped then). waitress reads
    request heads (the URL with the query) and bodies up to the app's MAX_REQUEST_BYTES and a little
    more: the app refuses what is over its cap with its JSON 413, and waitress does not buffer (to
    disk) a body of any size first. ``threads`` is raised to what the queries and downloads may hold
    at once plus SPARE_THREADS, so that /health never waits behind them.
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 5000, threads: int = 8):
        self.app = app
        config = app.config
        cap = config["MAX_REQUEST_BYTES"] + _ALLOWANCE
        self.threads = max(threads, admission_gate(app).capacity + DOWNLOAD_SLOTS + SPARE_THREADS)
        limit_log_rate()
        try:
            adjustments = Adjustments(
                host=host,
                port=port,
                threads=self.threads,
                ident="govkg",
                max_request_header_size=max(_WAITRESS_HEAD_CAP, cap),
                max_request_body_size=cap,
                connection_limit=config["CONNECTION_LIMIT"],
                asyncore_use_poll=True,
                cleanup_interval=1,
            )
            self._server = GuardedServer(app, adjustments, config, sockinfo=adjustments.listen[0])
        except OSError as error:
            self._close_app()
            raise KgError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        self.host, self.port = self._server.effective_host, self._server.effective_port
        self.url = f"http://{self.host}:{self.port}"
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        """Serve until interrupted."""
        self._server.run()

    def start(self) -> "RunningServer":
        """Serve from a background thread (for tests and benchmarks)."""
        self._thread = threading.Thread(target=self._server.run, name=f"waitress-{self.port}", daemon=True)
        self._thread.start()
        return self

    def buffered(self) -> int:
        """Bytes of response waiting to be sent to the clients."""
        return self._server.buffered()

    def connections(self) -> int:
        """How many client connections are open."""
        return len(self._server.active_channels)

    def _close_app(self) -> None:
        """Stop the download writers (so that the requests waiting on them end at once) and the query workers."""
        close_published(self.app)
        query_service(self.app).close()

    def stop(self) -> None:
        """Stop serving, the download writers and the query workers (so that no request thread waits on them)."""
        if self._thread is None:  # serve_forever() has returned: the loop no longer runs
            self._close_app()
            self._server.task_dispatcher.shutdown()  # a task ending pulls the trigger: close it only after
            close_all(self._server._map)
        else:
            # Sockets closed under the loop's running poll() raise EBADF in its thread, and a task that
            # ends after the trigger is closed raises it too: so empty the loop's map from inside the loop
            # (the loop ends), let the tasks finish, and only then close the sockets.
            channels = {}

            def detach():
                channels.update(self._server._map)
                self._server._map.clear()

            self._server.trigger.pull_trigger(detach)
            self._thread.join(timeout=10)
            self._close_app()
            self._server.task_dispatcher.shutdown()
            close_all(channels)

    def __enter__(self) -> "RunningServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
