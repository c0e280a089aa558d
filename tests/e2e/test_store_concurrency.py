"""Concurrent writers to one store, as real `kg` processes: they are serialised by the store's writer lock, every
write that reported success is in the result, `current` always names a complete generation (polled while they
run), and what a writer killed with SIGKILL leaves is cleaned up by the next one."""

import os
import random
import select
import signal
import subprocess
import sys
import threading
import time

import pyoxigraph
import pytest

from conftest import FIXTURES, REPO_ROOT, run_kg, run_kg_after
from govkg.store import CURRENT, LOCK, WORK_PREFIX, open_read_only, writer_lock

BUILD_OK = FIXTURES / "build-ok"


def start_kg(*args) -> subprocess.Popen:
    """Start the real `kg` (this interpreter's) in a subprocess, text output captured."""
    command = [sys.executable, "-m", "govkg.cli", *map(str, args)]
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def data_file(folder, name: str, triples: int = 200):
    """An N-Triples file of ``triples`` triples about ``name`` (one blank node among them)."""
    path = folder / f"{name}.nt"
    lines = [f'<urn:x:{name}/{i}> <urn:x:value> "{name} {i}" .\n' for i in range(triples - 1)]
    path.write_text("".join(lines) + f"_:b <urn:x:of> <urn:x:{name}/0> .\n", encoding="utf-8")
    return path


def graph_sizes(store_dir) -> dict[str, int]:
    """Triples per named graph of the current generation."""
    store = open_read_only(store_dir)
    return {graph.value: len(list(store.quads_for_pattern(None, None, None, graph))) for graph in store.named_graphs()}


def leftovers(store_dir) -> list[str]:
    """What a writer leaves only while it runs (or when killed): work folders, swap links, checkpoints being
    written, the lock file."""
    return sorted(
        p.name
        for p in store_dir.iterdir()
        if p.name.startswith((WORK_PREFIX, f".{CURRENT}-")) or p.name.endswith(".tmp") or p.name == LOCK
    )


def generations(store_dir) -> list[str]:
    return sorted(p.name for p in store_dir.iterdir() if p.name.startswith("gen-"))


class CurrentWatcher(threading.Thread):
    """Polls ``current`` while writers run: every time, it must name a generation that opens and holds graphs (a
    reader that loses a race with two swaps in a row re-reads the link, as the server's readers do)."""

    def __init__(self, store_dir):
        super().__init__(daemon=True)
        self.store_dir, self.polls, self.problems, self.seen = store_dir, 0, [], False
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.005):
            try:
                problem = self.check()
            except BaseException as error:  # a crash of the check is a finding too, not a silent end of the polls
                problem = f"the check failed: {error!r}"
            if problem:
                self.problems.append(problem)
            self.polls += 1

    def current(self) -> str:
        try:
            return os.readlink(self.store_dir / CURRENT)
        except FileNotFoundError:
            return ""

    def check(self) -> str:
        name = self.current()
        if not name:
            return "current went away" if self.seen else ""
        self.seen = True
        try:
            graphs = list(pyoxigraph.Store.read_only(str(self.store_dir / name)).named_graphs())
            problem = "" if graphs else f"{name} holds no graph"
        except OSError as error:
            problem = f"{name} does not open: {error}"
        return problem if problem and self.current() == name else ""

    def stop(self) -> None:
        self.done.set()
        self.join()
        assert self.polls > 0
        assert self.problems == []


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=300)
    assert "Traceback" not in stderr, stderr
    return process.returncode, stdout, stderr


def test_two_loads_at_once_keep_both_graphs(tmp_path):
    store = tmp_path / "store"
    a, b = data_file(tmp_path, "a"), data_file(tmp_path, "b")
    loads = [start_kg("load", a, "--store", store, "--graph", "urn:A"),
             start_kg("load", b, "--store", store, "--graph", "urn:B")]
    assert [finish(process)[0] for process in loads] == [0, 0]
    assert graph_sizes(store) == {"urn:A": 200, "urn:B": 200}
    assert "urn:A" in run_kg("stats", "--store", store).stdout


def test_eight_loads_and_a_build_at_once_lose_nothing(tmp_path):
    store = tmp_path / "store"
    watcher = CurrentWatcher(store)
    watcher.start()
    writers = [start_kg("build", "--store", store, "--project", BUILD_OK)]
    for n in range(8):
        writers.append(start_kg("load", data_file(tmp_path, f"g{n}"), "--store", store, "--graph", f"urn:g{n}"))
    results = [finish(process) for process in writers]
    watcher.stop()
    assert [code for code, _, _ in results] == [0] * 9, [stderr for _, _, stderr in results]
    sizes = graph_sizes(store)
    assert {f"urn:g{n}": 200 for n in range(8)}.items() <= sizes.items()
    assert any(graph.endswith("/article/visit") for graph in sizes), sizes  # the build's graphs too
    assert leftovers(store) == [] and len(generations(store)) <= 2


def test_writers_killed_at_random_points_lose_only_their_own_write(tmp_path):
    store = tmp_path / "store"
    assert run_kg("load", data_file(tmp_path, "base"), "--store", store, "--graph", "urn:base").returncode == 0
    rng = random.Random(19)
    succeeded = {"urn:base"}
    watcher = CurrentWatcher(store)
    watcher.start()
    for round_ in range(3):
        names = [f"r{round_}w{n}" for n in range(3)]
        writers = {
            name: start_kg("load", data_file(tmp_path, name, 5_000), "--store", store, "--graph", f"urn:{name}")
            for name in names
        }
        time.sleep(rng.uniform(0.8, 2.0))
        victim = rng.choice(names)
        writers[victim].send_signal(signal.SIGKILL)
        for name, process in writers.items():
            code, _, _ = finish(process)
            if name != victim:
                assert code == 0
            if code == 0:
                succeeded.add(f"urn:{name}")
        assert succeeded <= graph_sizes(store).keys()
    watcher.stop()
    assert run_kg("load", data_file(tmp_path, "last"), "--store", store, "--graph", "urn:last").returncode == 0
    assert succeeded | {"urn:last"} <= graph_sizes(store).keys()
    assert leftovers(store) == [] and len(generations(store)) <= 2


#: Kill the `kg load` with SIGKILL at one point of its write: once it has written its work folder, when the new
#: generation is complete but not swapped in, after the swap but before pruning.
KILL_POINTS = {
    "after writing": "govkg.load._write",
    "before the swap": "govkg.store._swap",
    "before pruning": "govkg.store._prune",
}
KILL_AT = """
import importlib, os, signal
module, name = {where!r}.rsplit(".", 1)
module = importlib.import_module(module)
real = getattr(module, name)
def then_killed(*args, **kwargs):
    if name == "_write":
        real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
setattr(module, name, then_killed)
"""


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_writer_killed_at_any_point_leaves_a_store_the_next_writer_cleans(tmp_path, point):
    store = tmp_path / "store"
    assert run_kg("load", data_file(tmp_path, "first"), "--store", store, "--graph", "urn:first").returncode == 0
    killed = run_kg_after(KILL_AT.format(where=KILL_POINTS[point]), "load", data_file(tmp_path, "killed"),
                          "--store", store, "--graph", "urn:killed")
    assert killed.returncode == -signal.SIGKILL and "Traceback" not in killed.stderr
    assert "urn:first" in graph_sizes(store)  # the store opens, `current` names a complete generation
    assert ("urn:killed" in graph_sizes(store)) == (point == "before pruning")
    if point == "after writing":
        assert any(name.startswith(WORK_PREFIX) for name in leftovers(store))
    assert run_kg("load", data_file(tmp_path, "next"), "--store", store, "--graph", "urn:next").returncode == 0
    assert {"urn:first", "urn:next"} <= graph_sizes(store).keys()
    assert leftovers(store) == [] and len(generations(store)) <= 2


def test_a_second_writer_waits_with_a_message_or_fails_at_once_with_no_wait(tmp_path):
    store = tmp_path / "store"
    assert run_kg("load", data_file(tmp_path, "first"), "--store", store, "--graph", "urn:first").returncode == 0
    with writer_lock(store):  # this test process is the writer holding the store
        refused = run_kg("load", "--no-wait", data_file(tmp_path, "refused"), "--store", store, "--graph", "urn:no")
        assert refused.returncode == 1 and len(refused.stderr.splitlines()) == 1, refused.stderr
        assert refused.stderr.startswith("kg load: error: ")
        assert f"PID {os.getpid()}" in refused.stderr and "--no-wait" in refused.stderr
        waiting = start_kg("load", data_file(tmp_path, "waited"), "--store", store, "--graph", "urn:waited")
        ready, _, _ = select.select([waiting.stderr], [], [], 120)
        assert ready, "the waiting writer said nothing"
        assert f"waiting for the store lock held by PID {os.getpid()}" in waiting.stderr.readline()
        assert waiting.poll() is None
    code, stdout, _ = finish(waiting)
    assert code == 0 and "loaded 200 triples" in stdout
    assert graph_sizes(store).keys() == {"urn:first", "urn:waited"}


LOAD_WHILE_REASONING = """
import subprocess, sys
import govkg.build.full
real_infer = govkg.build.full.infer
def infer_while_a_load_finishes(*args):
    command = [sys.executable, "-m", "govkg.cli", "load", {file!r}, "--store", {store!r}, "--graph", "urn:during"]
    subprocess.run(command, check=True)
    return real_infer(*args)
govkg.build.full.infer = infer_while_a_load_finishes
"""


def test_a_full_build_carries_over_a_load_that_finished_while_it_reasoned(tmp_path):
    store = tmp_path / "store"
    assert run_kg("load", data_file(tmp_path, "before"), "--store", store, "--graph", "urn:before").returncode == 0
    prelude = LOAD_WHILE_REASONING.format(file=str(data_file(tmp_path, "during")), store=str(store))
    result = run_kg_after(prelude, "build", "--store", store, "--project", BUILD_OK)
    assert result.returncode == 0, result.stderr
    assert "carried over: urn:before, urn:during" in result.stdout
    assert {"urn:before": 200, "urn:during": 200}.items() <= graph_sizes(store).items()
