"""Serve the app with waitress, the production WSGI server (threads), in the foreground or a thread."""

import threading

from waitress.server import create_server
from waitress.wasyncore import close_all

from govkg.errors import KgError
from govkg.server.querying.answers import query_service

_WAITRESS_HEAD_CAP = 262_144  # waitress's default max_request_header_size
_ALLOWANCE = 65_536  # beyond MAX_REQUEST_BYTES: room for the headers beside the URL, and for the app's JSON 413


class RunningServer:
    """A waitress server bound to ``host:port`` (port 0: any free one); ``url`` is its base URL.

    KgError if the address cannot be bound (the app's workers are stopped then). waitress reads
    request heads (the URL with the query) and bodies up to the app's MAX_REQUEST_BYTES and a little
    more: the app refuses what is over its cap with its JSON 413, and waitress does not buffer (to
    disk) a body of any size first.
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 5000, threads: int = 8):
        self.app = app
        cap = app.config["MAX_REQUEST_BYTES"] + _ALLOWANCE
        try:
            self._server = create_server(
                app,
                host=host,
                port=port,
                threads=threads,
                ident="govkg",
                max_request_header_size=max(_WAITRESS_HEAD_CAP, cap),
                max_request_body_size=cap,
            )
        except OSError as error:
            query_service(app).close()
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

    def stop(self) -> None:
        """Stop serving and stop the app's query workers."""
        if self._thread is None:  # serve_forever() has returned
            self._server.close()
            self._server.task_dispatcher.shutdown()
        else:
            # Sockets closed under the loop's running select() raise EBADF in its thread, and a task that
            # ends after the trigger is closed raises it too: so empty the loop's map from inside the loop
            # (the loop ends), let the tasks finish, and only then close the sockets.
            channels = {}

            def detach():
                channels.update(self._server._map)
                self._server._map.clear()

            self._server.trigger.pull_trigger(detach)
            self._thread.join(timeout=10)
            self._server.task_dispatcher.shutdown()
            close_all(channels)
        query_service(self.app).close()

    def __enter__(self) -> "RunningServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
