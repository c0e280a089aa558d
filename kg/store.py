"""The on-disk pyoxigraph store and its atomic generations.

A store folder ``DIR`` holds generations ``DIR/gen-<n>`` (each a pyoxigraph
database) and a symlink ``DIR/current`` to the one in use. Every write (a
build, a load, a link) makes a new generation and swaps the symlink with one
atomic rename, so a failed or interrupted write leaves the previous store
intact and readers never see a half-written one. The generation before the
current one is kept so that a reader that opened it just before a swap can
finish; older ones are pruned.

Every triple is in a named graph; the store's default graph holds their union,
each triple once, written when a generation is committed (see
:func:`refresh_union`). Queries without a dataset run on it (govkg.sparql.execute): the
union as an RDF merge, which pyoxigraph's own union option is not (a triple that
k named graphs hold matches k times there).
"""

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError

CURRENT = "current"
GENERATION_PREFIX = "gen-"
#: The file in a generation folder (beside the database) where `kg build` records its inputs (govkg.build.full).
MANIFEST = "govkg-build.json"
#: The names the store gives its own entries: generations and the symlink being swapped in.
#: A writer works in ``.work-*`` and publishes a checkpoint of it as the generation (see :func:`new_generation`).
WORK_PREFIX = ".work-"
_OWN_ENTRY = re.compile(rf"{GENERATION_PREFIX}\d+-\d+|\.{CURRENT}-\d+|{re.escape(WORK_PREFIX)}\d+-\d+")


def current_generation(store_dir: Path) -> Path:
    """The folder of the generation in use; KgError if ``store_dir`` holds no built store."""
    link = Path(store_dir) / CURRENT
    if not link.is_symlink() or not link.resolve().is_dir():
        raise KgError(f"{store_dir}: no store here (run 'kg build --store {store_dir}' first)")
    return link.resolve()


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


def has_union(store: pyoxigraph.Store) -> bool:
    """True if the default graph holds the union (a store written before it did has an empty default graph)."""
    return next(iter(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())), None) is not None


@contextlib.contextmanager
def new_generation(
    store_dir: Path, copy_current: bool = False, manifest: dict | None = None, keep_union: bool = False
) -> Iterator[pyoxigraph.Store]:
    """Yield a writable store in a fresh generation; make it current only if the block succeeds.

    With ``copy_current`` the new generation starts as a copy of the current
    one (for ``kg load`` and ``kg link``); otherwise it starts empty (``kg build``).
    A non-empty ``manifest`` (which the block may fill) is written as JSON into the
    generation's folder (:func:`read_manifest`); a generation written without one has none.
    When the block is done, the default graph is made the union of the named graphs
    (:func:`refresh_union`), unless ``keep_union``: then the block keeps it so itself
    (:func:`extend_union` after adding only).
    The block writes into a work folder; the generation made current is a RocksDB
    checkpoint of it taken after the last write, so that no background job of the
    writer (a compaction) touches the files a reader opens.
    On any exception the new generation is deleted and the current one is untouched.
    KgError if ``store_dir`` is a file, a folder that holds other things than a
    store, or cannot be written.
    """
    store_dir = Path(store_dir)
    _check_store_folder(store_dir)
    name = f"{time.time_ns()}-{os.getpid()}"
    target, work = store_dir / f"{GENERATION_PREFIX}{name}", store_dir / f"{WORK_PREFIX}{name}"
    store = None
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
        if copy_current:
            source = pyoxigraph.Store.read_only(str(current_generation(store_dir)))
            source.backup(str(work))
            del source
        store = pyoxigraph.Store(str(work))
        yield store
        if not keep_union:
            refresh_union(store)
        store.flush()
        store.backup(str(target))
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
    try:  # outside the block above: once `current` names the target, nothing may delete it
        _swap(store_dir, target)
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise _write_error(store_dir, error) from None
    _prune(store_dir, keep={target.name})


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
    """Delete all generations but the current one and the newest one before it."""
    generations = sorted(
        (p for p in store_dir.iterdir() if p.name.startswith(GENERATION_PREFIX) and p.is_dir()),
        key=lambda p: p.stat().st_mtime_ns,
    )
    older = [p for p in generations if p.name not in keep]
    for old in older[:-1]:
        shutil.rmtree(old, ignore_errors=True)
