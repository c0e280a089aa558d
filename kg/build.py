"""The build: load the ontology and articles, validate (SHACL), reason (OWL RL), write a new store generation.

Every step runs before the store is touched; the store is written as a new
generation that replaces the current one only when complete (kg.store), so a
failed or interrupted build leaves the previous store as it was.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.link.curated import curated_links_graph
from kg.load import Inputs, into_graph, oxigraph_quads, rdflib_graph, read_inputs
from kg.namespaces import GRAPH, INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from kg.paths import ARTICLES_DIR, ONTOLOGY_DIR
from kg.reason import reason
from kg.store import has_store, new_generation, open_read_only
from kg.validate import Result, raise_on_violation, validate

#: Graphs the build writes; every other named graph of the previous store is carried over.
BUILD_GRAPHS = {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), str(LINKS_GRAPH)}
#: Every graph under this prefix belongs to the build too (so a deleted article's graph goes away).
ARTICLE_GRAPH_PREFIX = str(GRAPH["article/"])


@dataclass
class BuildReport:
    """What a build did: seconds per step, its inputs, SHACL warnings, inferred and dropped counts, carried-over graphs."""

    seconds: dict[str, float] = field(default_factory=dict)
    inputs: Inputs = field(default_factory=Inputs)
    shacl_results: list[Result] = field(default_factory=list)
    inferred: int = 0
    dropped: Counter = field(default_factory=Counter)
    carried_over: list[str] = field(default_factory=list)


def _build_owned(graph: str) -> bool:
    return graph in BUILD_GRAPHS or graph.startswith(ARTICLE_GRAPH_PREFIX)


def _carry_over(store_dir: Path, store: ox.Store) -> list[str]:
    """Copy every named graph of the current store that the build does not write; their IRIs."""
    if not has_store(store_dir):
        return []
    previous = open_read_only(store_dir)
    carried = []
    for graph in sorted(previous.named_graphs(), key=lambda g: g.value):
        if not _build_owned(graph.value):
            store.add_graph(graph)
            store.extend(previous.quads_for_pattern(None, None, None, graph))
            carried.append(graph.value)
    return carried


def build(store_dir: Path, ontology_dir: Path = ONTOLOGY_DIR, articles_dir: Path = ARTICLES_DIR) -> BuildReport:
    """Build the store in ``store_dir`` from ``ontology_dir`` and ``articles_dir``; KgError on bad input."""
    report = BuildReport()
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = now - clock
        clock = now

    report.inputs = inputs = read_inputs(ontology_dir, articles_dir)
    links = curated_links_graph()
    step("load")
    report.shacl_results = raise_on_violation(validate(inputs))
    step("validate")
    closure = reason(rdflib_graph(quad for quads in inputs.files().values() for quad in quads))
    report.inferred, report.dropped = len(closure.inferred), closure.dropped
    step("reason")
    graphs = {str(ONTOLOGY_GRAPH): [quad for quads in inputs.ontology.values() for quad in quads]}
    for slug, (_, quads) in inputs.articles.items():
        graphs[article_graph(slug)] = quads
    with new_generation(store_dir) as store:
        for graph, quads in graphs.items():
            store.add_graph(ox.NamedNode(graph))
            store.extend(into_graph(quads, ox.NamedNode(graph)))
        for graph, content in ((INFERRED_GRAPH, closure.inferred), (LINKS_GRAPH, links)):
            store.add_graph(ox.NamedNode(str(graph)))
            store.extend(oxigraph_quads(content, graph))
        report.carried_over = _carry_over(store_dir, store)
    step("write")
    return report
