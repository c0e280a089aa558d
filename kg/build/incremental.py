"""Incremental builds: add new article files to a copy of the current store generation, without a full rebuild.

`kg build` records its inputs in the generation's manifest (govkg.build.plan.input_manifest). When
the only change since the last build is new article files (same ontology, shapes and
reasoner, no article changed or removed), the new articles are:

- validated with the data the shapes read for their subjects: every stored triple of those
  subjects and the types of their values (govkg.validate.local_data); the other nodes' results
  cannot change, since the shapes use only such local, monotone constraints (checked);
- reasoned semi-naively (govkg.reasoning.engine.extend) from their triples against the stored closure
  (OWL RL is monotonic, so the old closure stays true and only the new consequences are added);
- written into a new generation that starts as a copy of the current one (a RocksDB
  checkpoint: hard links, fast), with the inferred graph extended and the triples the new
  articles now assert removed from it.

The result equals a full build of all the articles (tests/test_incremental.py compares them).
"""

from pathlib import Path

import pyoxigraph as ox
import rdflib

from govkg.build.plan import ARTICLE_GRAPH_PREFIX, Plan, build_owned
from govkg.build.report import BuildReport, Clock
from govkg.build.write import inferred_quads, write_links
from govkg.link.curated import CURATED_NAME, curated_links_graph
from govkg.project import Sources
from govkg.rdf.io import SHAPES_FILE, Inputs, into_graph, ontology_files, rdflib_graph, read_quads
from govkg.rdf.namespaces import INFERRED_GRAPH, INFERRED_GRAPHS, LINKS_GRAPH, ONTOLOGY_GRAPH, article_graph
from govkg.reasoning.engine import (
    TYPE,
    Facts,
    Unsupported,
    cleaned_premises,
    compile_schema,
    extend,
    instance_triples,
    ox_term,
)
from govkg.reasoning.owlrl import clean, nt, raise_on_inconsistency
from govkg.store import extend_union, new_generation, open_read_only, refresh_union
from govkg.validate import (
    LITERALS,
    Result,
    check_articles,
    explicit_triples,
    inverse_properties,
    local_data,
    nt_triples,
    raise_on_violation,
    run_shacl,
    shapes_are_local,
)


def _reasoned(graph) -> bool:
    """True for the graphs the closure is made of: the ontology, the articles and the inferred graph."""
    return isinstance(graph, ox.NamedNode) and (
        graph.value in (str(ONTOLOGY_GRAPH), *INFERRED_GRAPHS) or graph.value.startswith(ARTICLE_GRAPH_PREFIX)
    )


def _asserted(graph) -> bool:
    """True for the graphs of the validated data: the ontology and the articles."""
    return isinstance(graph, ox.NamedNode) and (
        graph.value == str(ONTOLOGY_GRAPH) or graph.value.startswith(ARTICLE_GRAPH_PREFIX)
    )


class StoreFacts(Facts):
    """The facts of a stored closure (its ontology, article and inferred graphs) plus those added in memory."""

    def __init__(self, store: ox.Store):
        super().__init__()
        self.store = store
        self.found: dict[tuple, list] = {}

    def _stored(self, s: str | None, p: str | None, o: str | None) -> list:
        if s is not None and s.startswith('"'):  # no literal subjects in the store
            return []
        if (s, p, o) not in self.found:
            pattern = (None if node is None else ox_term(node) for node in (s, p, o))
            quads = self.store.quads_for_pattern(*pattern)
            self.found[s, p, o] = [quad for quad in quads if _reasoned(quad.graph_name)]
        return self.found[s, p, o]

    def has(self, s: str, p: str, o: str) -> bool:
        return super().has(s, p, o) or bool(self._stored(s, p, o))

    def objects(self, s: str, p: str):
        return set(super().objects(s, p)) | {str(quad.object) for quad in self._stored(s, p, None)}

    def subjects(self, p: str, o: str):
        return set(super().subjects(p, o)) | {str(quad.subject) for quad in self._stored(None, p, o)}


def _stored_triples(
    store: ox.Store, node: str, predicate: str | None, literals: dict, inverses: dict[str, set[str]] | None = None
) -> list[tuple]:
    """The (s, p, o) in N-Triples form of the ontology and article graphs with ``node`` as subject (and
    ``predicate``); with ``inverses`` (govkg.validate.inverse_properties), also those with ``node`` as object whose
    property has an inverse, as that inverse (the way govkg.validate.explicit_triples makes them explicit)."""
    found = []
    pattern = (ox_term(node), None if predicate is None else ox_term(predicate), None, None)
    for quad in store.quads_for_pattern(*pattern):
        if _asserted(quad.graph_name):
            found.append((str(quad.subject), str(quad.predicate), str(quad.object)))
            if isinstance(quad.object, ox.Literal):
                literals[found[-1][2]] = quad.object
    if inverses:
        for quad in store.quads_for_pattern(None, None, ox_term(node), None):
            if _asserted(quad.graph_name):
                found += [(node, inverse, str(quad.subject)) for inverse in inverses.get(str(quad.predicate), ())]
    return found


def validate_new(store: ox.Store, ontology: list, shapes: rdflib.Graph, articles: dict) -> list[Result]:
    """The results of the new ``articles`` (slug -> (file, quads)): the checks beside SHACL (undeclared terms,
    ill-typed literals, modality classes), then, if no literal is ill-typed, SHACL against the ``shapes`` in the
    context of the stored data, with the inverses of the ontology made explicit as a full build does
    (govkg.validate.explicit_triples): the focus nodes are the subjects of the new triples and of their inverses."""
    checked = check_articles(ontology, articles)
    if any(result.check == LITERALS for result in checked):
        return sorted(checked, key=Result.sort_key)
    literals: dict = {}
    schema = nt_triples(ontology, literals)
    inverses = inverse_properties(schema)
    new = explicit_triples(nt_triples((quad for _, quads in articles.values() for quad in quads), literals), inverses)
    subjects = {s for s, _, _ in new}
    old = {triple for subject in subjects for triple in _stored_triples(store, subject, None, literals, inverses)}
    values = {o for _, _, o in (*new, *old) if not o.startswith('"')}
    types = [triple for value in values for triple in _stored_triples(store, value, TYPE, literals)]
    data = local_data(schema, [*new, *old, *types], subjects, literals)
    focus = {rdflib.URIRef(s[1:-1]) if s.startswith("<") else rdflib.BNode(s[2:]) for s in subjects}
    found = run_shacl(data, shapes, focus)
    files = {}
    for _, (path, quads) in sorted(articles.items(), reverse=True):
        files.update({str(node): str(path) for quad in quads for node in (quad.object, quad.subject)})
    results = checked + [
        Result(**{**result.__dict__, "file": files.get(nt(focus_node), "(no input file)")})
        for result, focus_node in found
    ]
    return sorted(results, key=Result.sort_key)


def add_articles(store_dir: Path, sources: Sources, plan: Plan) -> BuildReport:
    """Add the plan's new article files to a copy of the current generation; the report of this incremental build.

    govkg.reasoning.engine.Unsupported if the shapes or the new articles need a full build (the caller then makes one).
    """
    manifest = plan.manifest
    report = BuildReport(mode="incremental", added=sorted(plan.new_articles))
    clock = Clock(report)
    articles = {slug: (path, read_quads(path)) for slug, path in sorted(plan.new_articles.items())}
    shape_files = {path: read_quads(path) for path in ontology_files(sources) if path.name == SHAPES_FILE}
    shapes = [quad for quads in shape_files.values() for quad in quads]
    report.inputs = Inputs(shapes=shape_files, articles=articles)
    links = curated_links_graph(sources.links / CURATED_NAME)
    current = open_read_only(store_dir)
    ontology = list(current.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))))
    clock.step("load")
    if shapes:
        shapes_graph = rdflib_graph(shapes)
        if not shapes_are_local(shapes_graph):
            raise Unsupported("the shapes look beyond a node's own triples and its values' types")
        report.shacl_results = raise_on_violation(validate_new(current, ontology, shapes_graph, articles))
    clock.step("validate")
    triples, errors = instance_triples(quad for _, quads in articles.values() for quad in quads)
    schema = compile_schema(tuple(triple) for triple in plan.ontology_closure or [])
    manifest["ontology_closure"] = plan.ontology_closure
    premises = cleaned_premises(schema)
    if premises:
        raise Unsupported(f"the ontology's rules read the types {', '.join(premises)}")
    facts = StoreFacts(current)
    for triple in schema.triples:
        facts.add(*triple)
    extension = extend(schema, facts, triples)
    raise_on_inconsistency(errors | extension.errors)
    inferred, report.dropped = clean(t for t in extension.derived if not t[1].startswith("_:"))
    report.inferred = len(inferred)
    inferred_graph = ox.NamedNode(str(INFERRED_GRAPH))
    now_asserted = [  # triples the closure held that the new articles now assert: not "inferred" any more
        ox.Quad(q.subject, q.predicate, q.object, inferred_graph)
        for _, quads in articles.values()
        for q in quads
        if any(True for _ in current.quads_for_pattern(q.subject, q.predicate, q.object, inferred_graph))
    ]
    clock.step("reason")
    report.carried_over = sorted(g.value for g in current.named_graphs() if not build_owned(g.value))
    del current
    with new_generation(store_dir, copy_current=True, manifest=manifest, keep_union=True) as store:
        for quad in now_asserted:  # still in the union: the new article asserts them
            store.remove(quad)
        quads = inferred_quads(store, inferred, bulk=False, union=True)
        for slug, (_, article) in articles.items():
            quads += into_graph(article, ox.NamedNode(article_graph(slug)))
        store.extend(quads)
        old_links = {quad.triple for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(str(LINKS_GRAPH)))}
        write_links(store, links)
        new_links = list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(LINKS_GRAPH))))
        if old_links <= {quad.triple for quad in new_links}:  # only additions: extend the union with them
            extend_union(store, quads + new_links)
        else:  # a curated link was removed: it may have to leave the union
            refresh_union(store)
    clock.step("write")
    return report
