"""Serve the app with waitress, the production WSGI server (threads), in the foreground or a thread."""

import threading

from waitress.server import create_server

from kg.errors import KgError
from server.execution import POOL_KEY


class RunningServer:
    """A waitress server bound to ``host:port`` (port 0: any free one); ``url`` is its base URL.

    KgError if the address cannot be bound (the app's workers are stopped then).
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 5000, threads: int = 8):
        self.app = app
        try:
            self._server = create_server(app, host=host, port=port, threads=threads, ident="govkg")
        except OSError as error:
            app.extensions[POOL_KEY].close()
            raise KgError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        self.host, self.port = self._server.effective_host, self._server.effective_port
        self.url = f"http://{self.host}:{self.port}"
        self._thread = None

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
        self._server.close()
        self._server.task_dispatcher.shutdown()
        self.app.extensions[POOL_KEY].close()

    def __enter__(self) -> "RunningServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
