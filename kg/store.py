"""The on-disk pyoxigraph store, its atomic generations and its writer lock.

A store folder ``DIR`` holds generations ``DIR/gen-<n>`` (each a pyoxigraph
database) and a symlink ``DIR/current`` to the one in use. Every write (a
build, a load, a link) makes a new generation and swaps the symlink with one
atomic rename, so a failed or interrupted write leaves the previous store
intact and readers never see a half-written one. The generation that was
current before a swap is kept so that a reader that opened it just before can
finish; older ones are pruned.

Writers to one store run one at a time: each holds the store's writer lock (an
OS file lock on ``DIR/.lock``, see :func:`writer_lock`) from the moment it copies
the generation it extends until its swap and pruning are done, so every write
that succeeds is in the generations after it. Readers never take the lock.
The on-disk format is described in docs/store.md.

Every triple is in a named graph; the store's default graph holds their union,
each triple once, written when a generation is committed (see
:func:`refresh_union`). Queries without a dataset run on it (govkg.sparql.run): the
union as an RDF merge, which pyoxigraph's own union option is not (a triple that
k named graphs hold matches k times there).
"""

import contextlib
import contextvars
import fcntl
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError

CURRENT = "current"
GENERATION_PREFIX = "gen-"
#: The file in a generation folder (beside the database) where `kg build` records its inputs (govkg.build.full).
MANIFEST = "govkg-build.json"
#: The file in a generation folder where its writer records how many triples each graph holds (see
#: :func:`graph_sizes`), so that readers need not count them.
GRAPH_SIZES = "govkg-graphs.json"
#: One query for the size of every named graph and (the row whose ?g is unbound) of the union default graph.
GRAPH_SIZES_QUERY = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
)
#: The names the store gives its own entries: generations, the symlink being swapped in and the writer lock.
#: A writer works in ``.work-*`` and publishes a checkpoint of it as the generation (see :func:`new_generation`).
WORK_PREFIX = ".work-"
#: The lock file a writer holds (and removes when done; see :func:`writer_lock`).
LOCK = ".lock"
_GENERATION = re.compile(rf"{GENERATION_PREFIX}\d+-\d+")
#: What a killed writer may leave: its swap link, its work folder, the checkpoint folder RocksDB was writing.
_LEFTOVER = re.compile(rf"\.{CURRENT}-\d+|{re.escape(WORK_PREFIX)}\d+-\d+|{_GENERATION.pattern}\.tmp")
_OWN_ENTRY = re.compile(rf"{_GENERATION.pattern}|{_LEFTOVER.pattern}|{re.escape(LOCK)}")

#: Whether a writer that finds the store locked waits for it (the default) or fails at once; see
#: :func:`waiting_for_writers`.
_WAIT = contextvars.ContextVar("govkg_store_wait", default=True)
#: The stores whose writer lock this thread holds, and how many nested blocks hold it (the lock is re-entrant).
_held = threading.local()


def current_generation(store_dir: Path) -> Path:
    """The folder of the generation in use (an absolute path); KgError if ``store_dir`` holds no built store.

    Two system calls (readlink, stat): the server asks on every request."""
    try:
        generation = os.path.join(os.path.abspath(store_dir), os.readlink(os.path.join(store_dir, CURRENT)))
    except OSError:
        generation = ""
    if not generation or not os.path.isdir(generation):
        raise KgError(f"{store_dir}: no store here (run 'kg build --store {store_dir}' first)")
    return Path(generation)


def has_store(store_dir: Path) -> bool:
    """True if ``store_dir`` holds a built store."""
    link = Path(store_dir) / CURRENT
    return link.is_symlink() and link.resolve().is_dir()


def open_read_only(store_dir: Path) -> pyoxigraph.Store:
    """Open the current generation read-only (many processes may do so at once)."""
    path = current_generation(store_dir)
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as error:
        raise KgError(f"{path}: cannot open the store: {error}") from None


def read_manifest(store_dir: Path) -> dict | None:
    """The build manifest of the current generation (see :func:`new_generation`), None if there is none."""
    if not has_store(store_dir):
        return None
    try:
        return json.loads((current_generation(store_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def count_graphs(store: pyoxigraph.Store) -> dict[str | None, int]:
    """Triples per named graph IRI of ``store`` and, under the key None, in its default graph (the union)."""
    sizes: dict[str | None, int] = {None: 0}
    rows = store.query(GRAPH_SIZES_QUERY)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    for row in rows:
        graph = row["g"]
        sizes[graph.value if graph is not None else None] = int(row["n"].value)
    return sizes


def graph_sizes(generation: Path) -> dict[str | None, int] | None:
    """The sizes (as :func:`count_graphs` gives them) that the writer of the generation folder ``generation``
    recorded; None if it recorded none (a generation written before they were recorded)."""
    try:
        recorded = json.loads((Path(generation) / GRAPH_SIZES).read_text(encoding="utf-8"))
        sizes: dict[str | None, int] = {None: int(recorded["union"])}
        sizes.update((iri, int(size)) for iri, size in recorded["graphs"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return sizes


def _record_graph_sizes(store: pyoxigraph.Store, generation: Path) -> None:
    """Write the sizes of ``store``'s graphs into the generation folder ``generation`` (see :func:`graph_sizes`)."""
    sizes = count_graphs(store)
    graphs = {iri: size for iri, size in sizes.items() if iri is not None}
    recorded = {"union": sizes[None], "graphs": dict(sorted(graphs.items()))}
    (generation / GRAPH_SIZES).write_text(json.dumps(recorded), encoding="utf-8")


#: Replace the default graph by the union of the named graphs.
_UNION_UPDATE = "CLEAR SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def refresh_union(store: pyoxigraph.Store) -> None:
    """Make the default graph of ``store`` the union of its named graphs (each triple once)."""
    store.update(_UNION_UPDATE)


def extend_union(store: pyoxigraph.Store, quads, bulk: bool = False) -> None:
    """Add the triples of ``quads`` to the default graph (when a writer only added them to named graphs); with
    ``bulk``, by pyoxigraph's bulk loader."""
    default = pyoxigraph.DefaultGraph()
    add = store.bulk_extend if bulk else store.extend
    add(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, default) for quad in quads)


@contextlib.contextmanager
def waiting_for_writers(wait: bool) -> Iterator[None]:
    """Within the block, a writer that finds the store locked by another waits for it (``wait``, the default) or
    fails at once with a KgError (`kg --no-wait`)."""
    token = _WAIT.set(wait)
    try:
        yield
    finally:
        _WAIT.reset(token)


@contextlib.contextmanager
def writer_lock(store_dir: Path) -> Iterator[None]:
    """Hold the writer lock of ``store_dir`` for the block: one writer at a time per store, across processes.

    The lock is an exclusive ``fcntl.flock`` on ``DIR/.lock``, released by the kernel if the process dies. A writer
    that finds it held says so on stderr and waits (or fails at once: :func:`waiting_for_writers`). Once it holds
    the lock, it removes what a killed writer left (``.work-*`` folders, ``.current-*`` links). Re-entrant within a
    thread: a block that holds it may call :func:`new_generation`, which takes it too. A writer must take it before
    it reads the generation it extends. KgError if ``store_dir`` is a file or a folder that holds other things than a
    store (nothing is created there then), or cannot be written.
    """
    store_dir = Path(store_dir)
    held: dict[str, int] = vars(_held).setdefault("stores", {})
    key = os.path.realpath(store_dir)
    if key in held:
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    _check_store_folder(store_dir)
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        descriptor = _acquire(store_dir / LOCK, store_dir)
    except OSError as error:
        raise _write_error(store_dir, error) from None
    held[key] = 1
    try:
        _remove_leftovers(store_dir)
        yield
    finally:
        del held[key]
        with contextlib.suppress(OSError):
            os.unlink(store_dir / LOCK)  # still ours: a waiter that got this file's lock sees it gone and retries
        os.close(descriptor)


def _acquire(lock: Path, store_dir: Path) -> int:
    """Lock ``lock`` exclusively (creating it) and write our PID into it; the open file descriptor."""
    announced = False
    while True:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(descriptor)
                if not _WAIT.get():
                    raise KgError(
                        f"{store_dir}: another writer ({holder}) holds the store lock; try again when it is done, "
                        "or leave out --no-wait to wait for it"
                    ) from None
                if not announced:
                    print(f"{store_dir}: waiting for the store lock held by {holder}", file=sys.stderr, flush=True)
                    announced = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            if _same_file(descriptor, lock):
                os.ftruncate(descriptor, 0)
                os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)  # the holder removed this lock file as it let go: lock the one now there


def _holder(descriptor: int) -> str:
    """Who holds the lock, from the PID its holder wrote into the lock file."""
    pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"PID {pid}" if pid.isdigit() else "another process"


def _same_file(descriptor: int, path: Path) -> bool:
    """True if ``path`` still names the file open as ``descriptor``."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _remove_leftovers(store_dir: Path) -> None:
    """Delete the work folders and swap links a killed writer left (only under the writer lock, before we make our
    own). A generation a killed writer finished but did not swap in is pruned by the next successful write."""
    for entry in store_dir.iterdir():
        if _LEFTOVER.fullmatch(entry.name):
            if entry.is_symlink() or not entry.is_dir():
                entry.unlink(missing_ok=True)
            else:
                _remove(entry)


@contextlib.contextmanager
def new_generation(
    store_dir: Path, copy_current: bool = False, manifest: dict | None = None, keep_union: bool = False
) -> Iterator[pyoxigraph.Store]:
    """Yield a writable store in a fresh generation; make it current only if the block succeeds.

    The whole write holds the store's writer lock (:func:`writer_lock`), so writers never overwrite each other.
    With ``copy_current`` the new generation starts as a copy of the current one
    if there is one (for ``kg load`` and ``kg link``), read under the lock; otherwise it starts empty (``kg build``).
    A non-empty ``manifest`` (which the block may fill) is written as JSON into the
    generation's folder (:func:`read_manifest`); a generation written without one has none.
    When the block is done, the default graph is made the union of the named graphs
    (:func:`refresh_union`), unless ``keep_union``: then the block keeps it so itself
    (:func:`extend_union` after adding only); then the graphs' sizes are recorded beside the database
    (:func:`graph_sizes`).
    The block writes into a work folder; the generation made current is a RocksDB
    checkpoint of it taken after the last write, so that no background job of the
    writer (a compaction) touches the files a reader opens.
    On any exception the new generation is deleted and the current one is untouched.
    KgError if ``store_dir`` is a file, a folder that holds other things than a
    store, or cannot be written.
    """
    store_dir = Path(store_dir)
    with writer_lock(store_dir):
        name = f"{time.time_ns()}-{os.getpid()}"
        target, work = store_dir / f"{GENERATION_PREFIX}{name}", store_dir / f"{WORK_PREFIX}{name}"
        store = None
        try:
            if copy_current and has_store(store_dir):
                source = pyoxigraph.Store.read_only(str(current_generation(store_dir)))
                source.backup(str(work))
                del source
            store = pyoxigraph.Store(str(work))
            yield store
            if not keep_union:
                refresh_union(store)
            store.flush()
            store.backup(str(target))
            _record_graph_sizes(store, target)
            if manifest:
                (target / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        except BaseException as error:
            _remove(target)
            if isinstance(error, OSError):
                raise _write_error(store_dir, error) from None
            raise
        finally:
            store = None
            _remove(work)
        previous = _current_name(store_dir)
        try:  # outside the block above: once `current` names the target, nothing may delete it
            _swap(store_dir, target)
        except OSError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise _write_error(store_dir, error) from None
        _prune(store_dir, keep={target.name, previous})


def _remove(folder: Path) -> None:
    """Delete a generation folder, again while the database's background jobs (compactions after a bulk load) may
    still be writing files into it, for up to a second."""
    for _ in range(50):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.02)


def _write_error(store_dir: Path, error: OSError) -> KgError:
    """The one-line error for an OSError while writing a generation of ``store_dir``."""
    return KgError(f"{store_dir}: cannot write the store: {error.strerror or ' '.join(str(error).split())}")


def _check_store_folder(store_dir: Path) -> None:
    """KgError unless ``store_dir`` is absent, empty, or a store folder (so a write never litters another folder)."""
    if store_dir.exists() and not store_dir.is_dir():
        raise KgError(f"{store_dir}: not a folder; --store needs a store folder (a new or empty one for a new store)")
    if store_dir.is_dir() and not (store_dir / CURRENT).is_symlink():
        others = sorted(p.name for p in store_dir.iterdir() if not _OWN_ENTRY.fullmatch(p.name))
        if others:
            raise KgError(
                f"{store_dir}: not a store folder (it holds {others[0]!r}); give a new or empty folder for a new store"
            )


def _current_name(store_dir: Path) -> str:
    """The name of the generation ``current`` points at ('' if there is none)."""
    try:
        return os.readlink(store_dir / CURRENT)
    except OSError:
        return ""


def _swap(store_dir: Path, target: Path) -> None:
    """Point ``store_dir/current`` at ``target`` with one atomic rename."""
    tmp_link = store_dir / f".{CURRENT}-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    os.symlink(target.name, tmp_link)
    try:
        os.replace(tmp_link, store_dir / CURRENT)
    except OSError:
        tmp_link.unlink()
        raise


def _prune(store_dir: Path, keep: set[str]) -> None:
    """Delete every generation but those named in ``keep`` (the current one and the one it replaced), under the
    writer lock: no other writer is about to swap one in."""
    for entry in store_dir.iterdir():
        if _GENERATION.fullmatch(entry.name) and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
