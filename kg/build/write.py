"""Writing a build into a new store generation: the inferred graph, the curated links, the carried-over graphs."""

from pathlib import Path

import pyoxigraph as ox

from govkg.build.plan import build_owned
from govkg.rdf.io import oxigraph_quads
from govkg.rdf.namespaces import INFERRED_GRAPH, LINKS_GRAPH
from govkg.reasoning.engine import ox_term
from govkg.store import has_store, open_read_only


def carry_over(store_dir: Path, store: ox.Store) -> list[str]:
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


def inferred_quads(
    store: ox.Store, triples, bulk: bool, union: bool = False, graph: ox.NamedNode | str = INFERRED_GRAPH
) -> list[ox.Quad]:
    """Write the bnode-free ``triples`` (N-Triples form) into ``graph`` (default: the inferred graph) of ``store``
    and, with ``union``, into its default graph that holds the union too (with the bulk loader if ``bulk``); return
    the others as quads of ``graph`` (loading would rename their blank nodes, which must stay those of the ontology
    graph)."""
    graph = ox.NamedNode(str(graph))
    store.add_graph(graph)
    data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples if not (s.startswith("_:") or o.startswith("_:"))).encode()
    load = store.bulk_load if bulk else store.load
    for target in (graph, ox.DefaultGraph()) if union else (graph,):
        load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    return [
        ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph)
        for s, p, o in triples
        if s.startswith("_:") or o.startswith("_:")
    ]


def write_links(store: ox.Store, links) -> None:
    """Replace the curated links graph of ``store`` by the rdflib graph ``links``."""
    name = ox.NamedNode(str(LINKS_GRAPH))
    if store.contains_named_graph(name):
        store.clear_graph(name)
    else:
        store.add_graph(name)
    store.extend(oxigraph_quads(links, LINKS_GRAPH))
