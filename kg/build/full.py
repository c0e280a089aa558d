"""A full build: load the ontology and articles, validate (SHACL), reason (OWL RL), write a new store generation.

Every step runs before the store is touched; the store is written as a new generation that replaces the
current one only when complete (govkg.store), so a failed or interrupted build leaves the previous store
as it was.
"""

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from govkg.build.plan import Plan
from govkg.build.report import BuildReport, Clock
from govkg.build.write import carry_over, inferred_quads, write_links
from govkg.link.curated import CURATED_NAME, curated_links_graph
from govkg.project import Sources
from govkg.rdf.io import Inputs, into_graph, rdflib_graph, read_inputs
from govkg.rdf.namespaces import INFERRED_SCHEMA_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.reasoning.engine import Unsupported, closure, compile_schema, schema_of, split_schema
from govkg.reasoning.owlrl import nt, owlrl_closure, reason
from govkg.store import extend_union, new_generation, open_read_only
from govkg.validate import raise_on_violation, validate

#: From this many triples on, the store is written with pyoxigraph's bulk loader (faster for many, slower for few).
BULK_FROM = 50_000


def stored_ontology(store_dir: Path, plan: Plan) -> tuple[list[ox.Quad], list] | None:
    """The current store's ontology graph and owlrl's closure of it, if the plan found them reusable; else None."""
    if plan.ontology_closure is None:
        return None
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return list(open_read_only(store_dir).quads_for_pattern(None, None, None, graph)), plan.ontology_closure


def infer(inputs: Inputs, reasoner: str, manifest: dict, stored: tuple | None) -> tuple[list, list, list, Counter]:
    """The ontology quads to store, the cleaned inferred triples (N-Triples form) in two parts (what the articles
    add; what the ontology implies alone: govkg.reasoning.engine.split_schema) and the dropped counts.

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
            return ontology, *split_schema(kept, schema.triples), dropped
        except Unsupported as why:
            manifest["reasoner"] = f"owlrl (the fast engine cannot: {why})"
    result = reason(rdflib_graph(ontology + articles))
    schema_triples = {(nt(s), nt(p), nt(o)) for s, p, o in owlrl_closure(rdflib_graph(ontology))}
    inferred = ((nt(s), nt(p), nt(o)) for s, p, o in result.inferred)
    return ontology, *split_schema(inferred, schema_triples), result.dropped


def build_full(store_dir: Path, sources: Sources, reasoner: str, plan: Plan) -> BuildReport:
    """Build the store in ``store_dir`` from ``sources`` from scratch (keeping the graphs a build does not own)."""
    manifest = plan.manifest
    report = BuildReport(full_because=plan.full_because)
    clock = Clock(report)
    report.inputs = inputs = read_inputs(sources)
    links = curated_links_graph(sources.links / CURATED_NAME)
    clock.step("load")
    report.shacl_results = raise_on_violation(validate(inputs, links=sources.links / CURATED_NAME))
    clock.step("validate")
    stored = stored_ontology(store_dir, plan)
    ontology, inferred, inferred_schema, report.dropped = infer(inputs, reasoner, manifest, stored)
    report.inferred, report.inferred_schema, report.reasoner = len(inferred), len(inferred_schema), manifest["reasoner"]
    clock.step("reason")
    graphs = {str(ONTOLOGY_GRAPH): ontology}
    for slug, (_, quads) in inputs.articles.items():
        graphs[article_graph(slug)] = quads
    bulk = len(inferred) + len(inferred_schema) + sum(map(len, graphs.values())) >= BULK_FROM
    with new_generation(store_dir, manifest=manifest, keep_union=True) as store:
        quads = inferred_quads(store, inferred, bulk, union=True)
        quads += inferred_quads(store, inferred_schema, bulk, union=True, graph=INFERRED_SCHEMA_GRAPH)
        for graph, graph_quads in graphs.items():
            store.add_graph(ox.NamedNode(graph))
            quads += into_graph(graph_quads, ox.NamedNode(graph))
        (store.bulk_extend if bulk else store.extend)(quads)
        write_links(store, links)
        report.carried_over = carry_over(store_dir, store)
        # the union (govkg.store), written like the graphs: much faster than recomputing it from the store
        extend_union(store, quads, bulk)
        for graph in [LINKS_GRAPH, *report.carried_over]:
            extend_union(store, list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))))
    clock.step("write")
    return report
