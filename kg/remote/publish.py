"""`kg publish`: write a built store into a remote SPARQL 1.1 store, swapping every graph in with one update.

Every named graph of the store's current generation, the union of them all (each triple once, as the store's
default graph holds it) in the named graph :data:`UNION_GRAPH`, and a small record of the publication
(:data:`PUBLICATION_GRAPH`: the graphs, the build, the engine; `kg serve --backend` reads it) are uploaded with the
Graph Store Protocol to staging graphs ``urn:govkg:staging:<build>:<graph>``. Each upload's count is checked
against the store (and each graph's again after the swap). Then one SPARQL Update request moves every staging
graph onto its graph and drops the graphs the previous publication had and this one has not:
``MOVE <staging> TO <graph> ; ... ; DROP SILENT GRAPH <gone>``. An engine that applies an update request all or
nothing (Oxigraph, Fuseki) switches from the old graphs to the new ones at once; one that does not (Virtuoso) gets
the swap in requests of BATCH operations and may apply part of a swap that fails (docs/scale-out.md: blue/green).
A publish that fails, or is interrupted, before the swap drops its staging graphs and leaves the remote graphs as
they were; it says what it did either way. Graphs the store never published are never touched.

Blank nodes are scoped to each uploaded graph (as the Graph Store Protocol has them): a blank node that two graphs
of the store share becomes one per graph remotely.
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from govkg.errors import KgError
from govkg.remote.protocol import Remote, RemoteError
from govkg.store import current_generation, open_read_only

#: The named graph holding the union of the published graphs (each triple once).
UNION_GRAPH = "urn:govkg:union"
#: The named graph recording the last publication: its graphs, build and engine.
PUBLICATION_GRAPH = "urn:govkg:publication"
STAGING_PREFIX = "urn:govkg:staging:"
#: Operations per update request on an engine whose update is not atomic (see :func:`requests_of`).
BATCH = 100
_DCTERMS = "http://purl.org/dc/terms/"
#: The record's predicates: each published graph (dcterms:hasPart), the build (dcterms:identifier), when
#: (dcterms:modified), the union graph and the engine's name.
HAS_PART, IDENTIFIER, MODIFIED = _DCTERMS + "hasPart", _DCTERMS + "identifier", _DCTERMS + "modified"
UNION_OF, ENGINE = "urn:govkg:unionGraph", "urn:govkg:engine"


@dataclass
class Report:
    """What a publish did: the graphs swapped in and dropped, the triples and bytes uploaded, how long it took."""

    build: str
    graphs: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0


def published_graphs(remote: Remote) -> list[str]:
    """The graphs the last publication to ``remote`` swapped in (from its record; [] if there is none)."""
    record = f"<{PUBLICATION_GRAPH}>"
    rows = remote.select(f"SELECT ?g WHERE {{ GRAPH {record} {{ {record} <{HAS_PART}> ?g }} }}")
    return sorted(row["g"] for row in rows if "g" in row)


def staging_name(build: str, graph: str) -> str:
    """The staging graph of ``graph`` in publication ``build``."""
    return f"{STAGING_PREFIX}{build}:{graph}"


def _ntriples(triples) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def _record(build: str, graphs: list[str], engine: str) -> list[pyoxigraph.Triple]:
    """The triples of the publication record."""
    node = pyoxigraph.NamedNode(PUBLICATION_GRAPH)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    triples = [
        pyoxigraph.Triple(node, pyoxigraph.NamedNode(IDENTIFIER), pyoxigraph.Literal(build)),
        pyoxigraph.Triple(node, pyoxigraph.NamedNode(ENGINE), pyoxigraph.Literal(engine)),
        pyoxigraph.Triple(node, pyoxigraph.NamedNode(UNION_OF), pyoxigraph.NamedNode(UNION_GRAPH)),
        pyoxigraph.Triple(
            node, pyoxigraph.NamedNode(MODIFIED),
            pyoxigraph.Literal(stamp, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
        ),
    ]
    triples += [pyoxigraph.Triple(node, pyoxigraph.NamedNode(HAS_PART), pyoxigraph.NamedNode(g)) for g in graphs]
    return triples


def swap_operations(moves: dict[str, str], empty: list[str], dropped: list[str]) -> list[str]:
    """The update operations that swap the staging graphs in: ``moves`` maps staging graph -> graph; each graph of
    ``empty`` is emptied (an engine may not keep an empty staging graph to move); each of ``dropped`` dropped."""
    operations = [f"MOVE <{staging}> TO <{graph}>" for staging, graph in moves.items()]
    operations += [f"DROP SILENT GRAPH <{graph}> ; CREATE SILENT GRAPH <{graph}>" for graph in empty]
    operations += [f"DROP SILENT GRAPH <{graph}>" for graph in dropped]
    return operations


def requests_of(operations: list[str], atomic: bool) -> list[str]:
    """The update requests that run ``operations``: one for an engine that applies it all or nothing (that is the
    point of it), else batches of BATCH (an engine that does not may also refuse a long request: Virtuoso does, at
    about a thousand operations)."""
    size = len(operations) if atomic else BATCH
    return [" ;\n".join(operations[start : start + size]) for start in range(0, len(operations), max(size, 1))]


def publish(store_dir: Path, remote: Remote, progress: Callable[[str], None] | None = None) -> Report:
    """Publish the current generation of the store in ``store_dir`` to ``remote`` (see the module docstring);
    ``progress`` is told of each graph uploaded. KgError (one line, saying what was done) if it fails."""
    say = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    started = time.monotonic()
    build = f"{current_generation(store_dir).name.removeprefix('gen-')}-{time.time_ns()}"
    store = open_read_only(store_dir)
    graphs = sorted(graph.value for graph in store.named_graphs())
    reserved = [g for g in graphs if g in (UNION_GRAPH, PUBLICATION_GRAPH) or g.startswith(STAGING_PREFIX)]
    if reserved:
        raise KgError(f"{store_dir}: graph {reserved[0]} has a name kg publish keeps for itself")
    report = Report(build=build)
    previous = published_graphs(remote)
    engine = remote.endpoints.engine
    uploads: list[tuple[str, object]] = [(g, pyoxigraph.NamedNode(g)) for g in graphs]
    uploads += [(UNION_GRAPH, pyoxigraph.DefaultGraph())]
    moves: dict[str, str] = {}
    expected: dict[str, int] = {}
    empty: list[str] = []
    try:
        for number, (graph, source) in enumerate(uploads, start=1):
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, source)]  # type: ignore[arg-type]
            if not triples:
                empty.append(graph)
                continue
            staging = staging_name(build, graph)
            data = _ntriples(triples)
            remote.put_graph(staging, data)
            moves[staging] = graph
            counted = remote.count(staging)
            if counted != len(triples):
                raise RemoteError(
                    f"{graph}: the engine holds {counted} triples of the {len(triples)} uploaded (it merged or "
                    "dropped some)"
                )
            expected[graph] = len(triples)
            report.triples += len(triples)
            report.bytes += len(data)
            say(f"kg publish: {number}/{len(uploads) + 1} {graph} ({len(triples)} triples, {len(data):,} bytes)")
        record = _record(build, [*graphs, UNION_GRAPH], engine.name)
        staging = staging_name(build, PUBLICATION_GRAPH)
        remote.put_graph(staging, _ntriples(record))
        moves[staging] = PUBLICATION_GRAPH
    except BaseException as error:
        cleaned = _drop_staging(remote, list(moves))
        what = (
            f"{len(moves)} of {len(uploads) + 1} graphs were uploaded to staging and "
            f"{'dropped again' if cleaned else 'could not be dropped (names start ' + STAGING_PREFIX + build + ')'}; "
            "the remote graphs are as they were"
        )
        if isinstance(error, KeyboardInterrupt):
            say(f"kg publish: interrupted: {what}")
            raise
        if isinstance(error, KgError):
            raise KgError(f"publish failed: {error}; {what}") from None
        raise
    report.dropped = sorted(set(previous) - set(graphs) - {UNION_GRAPH})
    done = 0
    batches = requests_of(swap_operations(moves, empty, report.dropped), engine.atomic)
    try:
        for batch in batches:
            remote.update(batch)
            done += 1
    except KeyboardInterrupt:
        applied = "whole or not at all" if engine.atomic else "in part, maybe"
        say(f"kg publish: interrupted during the swap: it was applied {applied}; staging graphs may be left (names "
            f"start {STAGING_PREFIX}{build})")
        raise
    except RemoteError as error:
        cleaned = _drop_staging(remote, list(moves))
        state = (
            "the remote graphs are as they were" if engine.atomic
            else f"{done} of its {len(batches)} requests were applied, and {engine.name} may have applied part of the "
            "next: publish again, or publish blue/green (docs/scale-out.md)"
        )
        raise KgError(
            f"publish failed at the swap: {error}; {state}; staging graphs {'dropped' if cleaned else 'left'}"
        ) from None
    for graph, count in expected.items():  # an engine may lose triples as it moves them (Virtuoso can)
        held = remote.count(graph)
        if held != count:
            raise KgError(
                f"publish failed after the swap: {graph} holds {held} triples, not {count}: publish again, or "
                "publish blue/green (docs/scale-out.md)"
            )
    report.graphs = [*graphs, UNION_GRAPH]
    report.seconds = time.monotonic() - started
    return report


def _drop_staging(remote: Remote, staging: list[str]) -> bool:
    """Drop the staging graphs (best effort); True if that worked."""
    if not staging:
        return True
    try:
        for batch in requests_of([f"DROP SILENT GRAPH <{graph}>" for graph in staging], atomic=False):
            remote.update(batch)
    except (RemoteError, KeyboardInterrupt):
        return False
    return True
