"""The store's writer lock and generations in one process: re-entrant in a thread, exclusive between threads, and
what a killed writer leaves is cleaned by the next writer (the cross-process cases are in
tests/e2e/test_store_concurrency.py)."""

import threading

import pyoxigraph
import pytest

from govkg.errors import KgError
from govkg.store import LOCK, current_generation, new_generation, open_read_only, waiting_for_writers, writer_lock

GRAPH = pyoxigraph.NamedNode("urn:x:graph")


def quad(name: str) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:x:{name}"), pyoxigraph.NamedNode("urn:x:p"),
                           pyoxigraph.Literal(name), GRAPH)


def subjects(store_dir) -> set[str]:
    return {q.subject.value for q in open_read_only(store_dir).quads_for_pattern(None, None, None, GRAPH)}


def test_the_lock_is_re_entrant_in_a_thread(tmp_path):
    store_dir = tmp_path / "store"
    with writer_lock(store_dir):
        with new_generation(store_dir) as store:
            store.add(quad("a"))
        with new_generation(store_dir, copy_current=True) as store:
            store.add(quad("b"))
        assert (store_dir / LOCK).exists()
    assert not (store_dir / LOCK).exists()  # removed by its last holder
    assert subjects(store_dir) == {"urn:x:a", "urn:x:b"}


def test_threads_write_one_at_a_time_and_lose_nothing(tmp_path):
    store_dir = tmp_path / "store"
    order: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def first():
        with new_generation(store_dir, copy_current=True) as store:
            order.append("first in")
            holding.set()
            release.wait(30)
            store.add(quad("first"))
        order.append("first out")

    def second():
        holding.wait(30)
        with new_generation(store_dir, copy_current=True) as store:
            order.append("second in")
            store.add(quad("second"))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    holding.wait(30)
    threads[1].join(0.5)  # the second writer is blocked on the lock meanwhile
    release.set()
    for thread in threads:
        thread.join(30)
    assert order == ["first in", "first out", "second in"]
    assert subjects(store_dir) == {"urn:x:first", "urn:x:second"}


def test_no_wait_fails_at_once_naming_the_holder(tmp_path):
    store_dir = tmp_path / "store"
    with new_generation(store_dir) as store:
        store.add(quad("a"))
    failed: list[str] = []

    def writer():
        with waiting_for_writers(False):
            try:
                with new_generation(store_dir, copy_current=True):
                    pass
            except KgError as error:
                failed.append(str(error))

    with writer_lock(store_dir):
        thread = threading.Thread(target=writer)
        thread.start()
        thread.join(30)
    assert len(failed) == 1 and "holds the store lock" in failed[0] and "PID" in failed[0]


def test_the_next_writer_removes_what_a_killed_writer_left(tmp_path):
    store_dir = tmp_path / "store"
    with new_generation(store_dir) as store:
        store.add(quad("a"))
    before = current_generation(store_dir)
    leftovers = [".work-1-2", "gen-3-4.tmp", "gen-5-6"]  # a work folder, a checkpoint half-made, one never swapped in
    for name in leftovers:
        (store_dir / name).mkdir()
    (store_dir / ".current-7").symlink_to("gen-5-6")
    (store_dir / LOCK).write_text("8\n")  # its lock file (the kernel released the lock itself)
    with new_generation(store_dir, copy_current=True) as store:
        store.add(quad("b"))
    names = sorted(p.name for p in store_dir.iterdir())
    assert names == sorted(["current", before.name, current_generation(store_dir).name])
    assert subjects(store_dir) == {"urn:x:a", "urn:x:b"}


def test_a_folder_holding_only_a_killed_writers_leftovers_is_a_store_folder(tmp_path):
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    (store_dir / ".work-1-2").mkdir()
    (store_dir / LOCK).write_text("")
    with new_generation(store_dir) as store:
        store.add(quad("a"))
    assert subjects(store_dir) == {"urn:x:a"}
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(KgError, match="not a store folder"), writer_lock(tmp_path / "other"):
        pass
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == ["notes.txt"]
