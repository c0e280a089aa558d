"""A closed-loop HTTP/1.1 load generator for loopback benchmarks (asyncio, one process).

Each of N clients holds one keep-alive connection and sends its next request as
soon as the previous answer is read, cycling through a list of prepared
requests from its own starting point, so every client runs the whole mix. A
run is bounded by a duration and, optionally, by a total request count; every
request has a timeout. The answers are read with a minimal HTTP/1.1 parser
(Content-Length or chunked bodies), which keeps the generator's own cost per
request low; ``serve_fixed`` is a trivial server that measures that ceiling.

    python benchmarks/loadgen.py --fixed-server PORT   # the trivial server (for the ceiling)
"""

import argparse
import asyncio
import itertools
import time
from dataclasses import dataclass
from urllib.parse import urlencode

#: What the trivial server answers to every request.
FIXED_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


@dataclass(frozen=True)
class Request:
    """One prepared request: a name for the report and the bytes sent."""

    name: str
    raw: bytes


@dataclass(frozen=True)
class Sample:
    """One answered (or failed) request: its name, when it started (s since the run began), latency (s), status.

    ``status`` is the HTTP status, or 0 when the request failed without one (timeout, connection error).
    """

    name: str
    started: float
    latency: float
    status: int


def get_request(name: str, host: str, port: int, path: str, params: dict | None = None, accept: str = "*/*") -> Request:
    """A keep-alive ``GET path?params`` to ``host:port``."""
    target = f"{path}?{urlencode(params)}" if params else path
    head = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\nUser-Agent: govkg-loadgen\r\n\r\n"
    return Request(name, head.encode("ascii"))


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; (status, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    keep_alive = headers.get("connection") != "close" and lines[0].startswith("HTTP/1.1")
    return status, keep_alive


async def _client(host, port, requests, start, deadline, budget, timeout, t0, samples):
    """Send ``requests`` in a cycle from index ``start`` until ``deadline`` or until ``budget`` runs out."""
    connection = None
    for request in itertools.islice(itertools.cycle(requests), start, None):
        if time.perf_counter() >= deadline or budget[0] <= 0:
            break
        budget[0] -= 1
        began = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
            reader, writer = connection
            writer.write(request.raw)
            status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            status, keep_alive = 0, False
        samples.append(Sample(request.name, began - t0, time.perf_counter() - began, status))
        if not keep_alive and connection is not None:
            connection[1].close()
            connection = None
    if connection is not None:
        connection[1].close()


async def _run(host, port, requests, clients, seconds, max_requests, timeout) -> list[Sample]:
    samples: list[Sample] = []
    t0 = time.perf_counter()
    budget = [max_requests if max_requests is not None else float("inf")]
    stride = max(1, len(requests) // clients)
    await asyncio.gather(
        *(
            _client(host, port, requests, i * stride % len(requests), t0 + seconds, budget, timeout, t0, samples)
            for i in range(clients)
        )
    )
    return samples


def run(
    host: str,
    port: int,
    requests: list[Request],
    clients: int,
    seconds: float,
    max_requests: int | None = None,
    timeout: float = 60.0,
) -> list[Sample]:
    """Drive ``host:port`` with ``clients`` concurrent keep-alive clients for ``seconds`` (or ``max_requests``)."""
    return asyncio.run(_run(host, port, requests, clients, seconds, max_requests, timeout))


async def _serve_fixed(port: int) -> None:
    async def answer(reader, writer):
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(FIXED_RESPONSE)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def serve_fixed(port: int) -> None:
    """Answer every GET on 127.0.0.1:``port`` with a fixed 200 until killed (measures the generator's ceiling)."""
    asyncio.run(_serve_fixed(port))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixed-server", type=int, required=True, metavar="PORT")
    serve_fixed(parser.parse_args().fixed_server)
