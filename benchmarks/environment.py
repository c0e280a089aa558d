"""What the benchmarks share about where they run: the machine and package versions, and a free loopback port."""

import argparse
import os
import platform
import socket
from importlib import metadata
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_value(path: str, key: str) -> str | None:
    """The value after ``key:`` in the first matching line of a /proc file, None if absent."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return None


def machine(packages: tuple[str, ...]) -> dict:
    """The machine, the Python and the versions of ``packages`` (None when not installed) the figures come from."""
    versions = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    memory_kib = int((_proc_value("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    return {
        "cpu": _proc_value("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "packages": versions,
        "load_average_at_start": os.getloadavg(),
    }


def count_argument(description: str, name: str, default: int) -> int:
    """The script's one optional positional count (``NAME``, default ``default``); a bad one ends with a usage line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(name.lower(), metavar=name, type=int, nargs="?", default=default, help=f"default {default}")
    count = getattr(parser.parse_args(), name.lower())
    if count < 1:
        parser.error(f"{name} must be at least 1")
    return count
