"""The build: load the ontology and articles, validate (SHACL), reason (OWL RL), write a new store generation.

Every step runs before the store is touched; the store is written as a new
generation that replaces the current one only when complete (kg.store), so a
failed or interrupted build leaves the previous store as it was.

A build records its inputs (a checksum per file) in the generation's manifest.
When the only change since then is new article files, the next build adds them
to a copy of the current generation (kg.incremental) instead of rebuilding
everything; ``full=True`` forces a full build.
"""

import hashlib
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.link.curated import curated_links_graph
from kg.load import Inputs, into_graph, oxigraph_quads, rdflib_graph, read_inputs
from kg.namespaces import GRAPH, INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from kg.paths import ARTICLES_DIR, ONTOLOGY_DIR
from kg.reason import nt, reason
from kg.rules import Unsupported, closure, compile_schema, ox_term, schema_of
from kg.store import extend_union, has_store, new_generation, open_read_only, read_manifest
from kg.validate import Result, raise_on_violation, validate

#: The reasoners `kg build --reasoner` accepts: the fast engine (kg.rules) and owlrl over everything (kg.reason).
REASONERS = ("fast", "owlrl")
#: Graphs the build writes; every other named graph of the previous store is carried over.
BUILD_GRAPHS = {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), str(LINKS_GRAPH)}
#: Every graph under this prefix belongs to the build too (so a deleted article's graph goes away).
ARTICLE_GRAPH_PREFIX = str(GRAPH["article/"])
MANIFEST_VERSION = 1
#: From this many triples on, the store is written with pyoxigraph's bulk loader (faster for many, slower for few).
BULK_FROM = 50_000


@dataclass
class BuildReport:
    """What a build did: seconds and peak memory (MiB, see peak_memory_mb) per step, its inputs, SHACL warnings,
    inferred and dropped counts, carried-over graphs.

    ``reasoner`` is the engine that ran ("fast", "owlrl", or "owlrl" with the reason the fast one could not);
    ``mode`` is "full" or "incremental" (then ``added`` names the new articles and ``inferred`` counts the
    triples added to the inferred graph); ``full_because`` says why a full build was needed.
    """

    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    inputs: Inputs = field(default_factory=Inputs)
    shacl_results: list[Result] = field(default_factory=list)
    inferred: int = 0
    dropped: Counter = field(default_factory=Counter)
    carried_over: list[str] = field(default_factory=list)
    reasoner: str = "fast"
    mode: str = "full"
    added: list[str] = field(default_factory=list)
    full_because: str = ""


def peak_memory_mb() -> float:
    """The peak resident memory so far, in MiB, of this process plus the largest of its finished worker processes."""
    own, workers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return (own + workers) / 1024


class Clock:
    """Records the seconds of each step of a build, and the peak memory at its end, in a report."""

    def __init__(self, report: BuildReport):
        self.report, self.last = report, time.perf_counter()

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self.report.seconds[name] = now - self.last
        self.report.peak_mb[name] = peak_memory_mb()
        self.last = now


def checksum(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_manifest(ontology_dir: Path, articles_dir: Path, reasoner: str) -> dict:
    """What a build read: a checksum per ontology file (shapes included) and per article, and the reasoner used."""
    return {
        "version": MANIFEST_VERSION,
        "reasoner": reasoner,
        "ontology": {path.name: checksum(path) for path in sorted(Path(ontology_dir).glob("*.ttl"))},
        "articles": {path.stem: checksum(path) for path in sorted(Path(articles_dir).glob("*.ttl"))},
    }


def build_owned(graph: str) -> bool:
    """True for the graphs a build writes (every other graph is carried over)."""
    return graph in BUILD_GRAPHS or graph.startswith(ARTICLE_GRAPH_PREFIX)


def _carry_over(store_dir: Path, store: ox.Store) -> list[str]:
    """Copy every named graph of the current store that the build does not write; their IRIs."""
    if not has_store(store_dir):
        return []
    previous = open_read_only(store_dir)
    carried = []
    for graph in sorted(previous.named_graphs(), key=lambda g: g.value):
        if not build_owned(graph.value):
            store.add_graph(graph)
            store.extend(previous.quads_for_pattern(None, None, None, graph))
            carried.append(graph.value)
    return carried


def inferred_quads(store: ox.Store, triples, bulk: bool, union: bool = False) -> list[ox.Quad]:
    """Write the bnode-free ``triples`` (N-Triples form) into the inferred graph of ``store`` and, with ``union``,
    into its default graph that holds the union too (with the bulk loader if ``bulk``); return the others as quads
    of the inferred graph (loading would rename their blank nodes, which must stay those of the ontology graph)."""
    graph = ox.NamedNode(str(INFERRED_GRAPH))
    store.add_graph(graph)
    data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples if not (s.startswith("_:") or o.startswith("_:"))).encode()
    load = store.bulk_load if bulk else store.load
    for target in (graph, ox.DefaultGraph()) if union else (graph,):
        load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    return [
        ox.Quad(*map(ox_term, triple), graph)
        for triple in triples
        if triple[0].startswith("_:") or triple[2].startswith("_:")
    ]


def stored_ontology(store_dir: Path, manifest: dict) -> tuple[list[ox.Quad], list] | None:
    """The current store's ontology graph and owlrl's closure of it, if its last build used the fast reasoner on the
    same ontology files (then a full build need not run owlrl on the ontology again); else None."""
    previous = read_manifest(store_dir)
    if (
        previous is None
        or previous.get("version") != MANIFEST_VERSION
        or previous.get("reasoner") != "fast"
        or previous.get("ontology") != manifest["ontology"]
        or "ontology_closure" not in previous
    ):
        return None
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return list(open_read_only(store_dir).quads_for_pattern(None, None, None, graph)), previous["ontology_closure"]


def infer(inputs: Inputs, reasoner: str, manifest: dict, stored: tuple | None) -> tuple[list, list, Counter]:
    """The ontology quads to store, the cleaned inferred triples (N-Triples form) and the dropped counts.

    With the fast reasoner and a ``stored`` ontology (:func:`stored_ontology`), that one and its closure are used
    (same triples as the files; its blank node labels are kept). Records in ``manifest`` the reasoner that ran
    and, for the fast one, owlrl's closure of the ontology (for the next builds).
    """
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    articles = [quad for _, quads in inputs.articles.values() for quad in quads]
    if reasoner == "fast":
        try:
            if stored is not None:
                ontology, schema = stored[0], compile_schema(tuple(triple) for triple in stored[1])
            else:
                schema = schema_of(ontology)
            kept, dropped = closure(ontology, articles, schema)
            manifest["ontology_closure"] = sorted(schema.triples)
            return ontology, kept, dropped
        except Unsupported as why:
            manifest["reasoner"] = f"owlrl (the fast engine cannot: {why})"
    result = reason(rdflib_graph(ontology + articles))
    return ontology, [(nt(s), nt(p), nt(o)) for s, p, o in result.inferred], result.dropped


def build(
    store_dir: Path,
    ontology_dir: Path = ONTOLOGY_DIR,
    articles_dir: Path = ARTICLES_DIR,
    reasoner: str = "fast",
    full: bool = False,
) -> BuildReport:
    """Build the store in ``store_dir`` from ``ontology_dir`` and ``articles_dir``; KgError on bad input.

    Adds new articles to the current store when that is all that changed (unless ``full``); see kg.incremental.
    """
    from kg.incremental import add_articles, incremental_plan  # it builds on this module

    manifest = input_manifest(ontology_dir, articles_dir, reasoner)
    plan = incremental_plan(store_dir, manifest, articles_dir, reasoner, full)
    full_because = plan.full_because
    if plan.new_articles is not None:
        try:
            return add_articles(store_dir, ontology_dir, plan.new_articles, manifest, plan.previous)
        except Unsupported as why:
            full_because = f"an incremental build cannot be exact here: {why}"
    report = BuildReport(full_because=full_because)
    clock = Clock(report)
    report.inputs = inputs = read_inputs(ontology_dir, articles_dir)
    links = curated_links_graph()
    clock.step("load")
    report.shacl_results = raise_on_violation(validate(inputs))
    clock.step("validate")
    ontology, inferred, report.dropped = infer(inputs, reasoner, manifest, stored_ontology(store_dir, manifest))
    report.inferred, report.reasoner = len(inferred), manifest["reasoner"]
    clock.step("reason")
    graphs = {str(ONTOLOGY_GRAPH): ontology}
    for slug, (_, quads) in inputs.articles.items():
        graphs[article_graph(slug)] = quads
    bulk = len(inferred) + sum(map(len, graphs.values())) >= BULK_FROM
    with new_generation(store_dir, manifest=manifest, keep_union=True) as store:
        quads = inferred_quads(store, inferred, bulk, union=True)
        for graph, graph_quads in graphs.items():
            store.add_graph(ox.NamedNode(graph))
            quads += into_graph(graph_quads, ox.NamedNode(graph))
        (store.bulk_extend if bulk else store.extend)(quads)
        write_links(store, links)
        report.carried_over = _carry_over(store_dir, store)
        # the union (kg.store), written like the graphs: much faster than recomputing it from the store
        extend_union(store, quads, bulk)
        for graph in [LINKS_GRAPH, *report.carried_over]:
            extend_union(store, list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))))
    clock.step("write")
    return report


def write_links(store: ox.Store, links) -> None:
    """Replace the curated links graph of ``store`` by the rdflib graph ``links``."""
    name = ox.NamedNode(str(LINKS_GRAPH))
    if store.contains_named_graph(name):
        store.clear_graph(name)
    else:
        store.add_graph(name)
    store.extend(oxigraph_quads(links, LINKS_GRAPH))
