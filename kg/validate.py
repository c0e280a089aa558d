"""SHACL validation of the articles (with the ontology, so that shapes see the class hierarchy) using pyshacl."""

import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, RDFS, SH

from govkg.errors import KgError
from govkg.rdf.io import Inputs, label, rdflib_graph, to_oxigraph, to_rdflib


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with the input file that describes its focus node."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    constraint: str
    file: str

    def line(self) -> str:
        """The result as one readable line."""
        path = f" path {self.path}" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        return f"{self.file}: SHACL {self.severity.lower()} at node {self.focus}{path}{value}: {self.message} ({self.constraint})"


def _text(graph: rdflib.Graph, node, predicate) -> str:
    """The value of ``predicate`` on ``node``, short (SHACL terms as ``sh:Name``), '' if absent."""
    value = graph.value(node, predicate)
    if value is None:
        return ""
    if isinstance(value, rdflib.URIRef) and value.startswith(str(SH)):
        return "sh:" + value[len(str(SH)) :]
    return label(value)


#: Shape features that look beyond a focus node's own triples and its values' types (see :func:`local_data`), or
#: whose result can turn false when a value gains a type (sh:not, sh:xone).
_NON_LOCAL_FEATURES = {
    SH[name]
    for name in (
        "targetNode", "targetObjectsOf", "inversePath", "sparql", "node", "qualifiedValueShape", "closed",
        "disjoint", "equals", "lessThan", "lessThanOrEquals", "not", "xone", "target", "rule", "expression",
    )
}  # fmt: skip
_RDF_TYPE = f"<{RDF.type}>"
_TARGETS = [SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf]
#: From this many data triples on, the shapes are checked in parallel processes.
PARALLEL_FROM = 50_000


def _results(report: rdflib.Graph, focus: set | None) -> list[tuple]:
    """(Result without its file, focus node) for each result of a pyshacl report, only for ``focus`` nodes if given."""
    found = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus_node = report.value(node, SH.focusNode)
        if focus is not None and focus_node not in focus:
            continue
        result = Result(
            severity=_text(report, node, SH.resultSeverity).removeprefix("sh:"),
            focus=label(focus_node),
            path=_text(report, node, SH.resultPath),
            value=_text(report, node, SH.value),
            message=_text(report, node, SH.resultMessage) or "(no message)",
            constraint=_text(report, node, SH.sourceConstraintComponent),
            file="",
        )
        found.append((result, focus_node))
    return found


def run_shacl(
    data: rdflib.Graph, shapes: rdflib.Graph, focus: set | None = None, shapes_file: str = "", use_shapes=None
) -> list[tuple]:
    """pyshacl over ``data`` (in place) with the node shapes ``use_shapes`` (all if None); (Result without file,
    focus node) for the ``focus`` nodes (all if None)."""
    try:
        _, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, advanced=True, allow_warnings=True, inplace=True, use_shapes=use_shapes
        )
    except ReportableRuntimeError as error:  # malformed shapes
        message = " ".join(str(error).split())
        raise KgError(f"{shapes_file}: the SHACL shapes cannot be used: {message}") from None
    return _results(report, focus)


def local_data(
    ontology: Iterable[tuple], triples: Iterable[tuple], subjects: set | None, literals: dict
) -> rdflib.Graph:
    """The data the shapes read for the focus nodes ``subjects`` (None: all): the ontology, their triples and their
    values' types.

    Triples are (s, p, o) in N-Triples form, ``literals`` maps the form of each literal to its pyoxigraph term.
    Enough for shapes without _NON_LOCAL_FEATURES, whose results on a focus node depend only on these.
    """
    if subjects is None:
        own, types = triples, ()
    else:
        own = [triple for triple in triples if triple[0] in subjects]
        values = {o for _, _, o in own}
        types = [triple for triple in triples if triple[1] == _RDF_TYPE and triple[0] in values]
    graph = rdflib_graph(())
    terms: dict = {}

    def rdflib_term(node: str):
        found = terms.get(node)
        if found is None:
            if node.startswith("<"):
                found = rdflib.URIRef(node[1:-1])
            elif node.startswith("_:"):
                found = rdflib.BNode(node[2:])
            else:
                found = to_rdflib(literals[node])
            terms[node] = found
        return found

    for triple in (*ontology, *own, *types):
        graph.add(tuple(map(rdflib_term, triple)))
    return graph


def nt_triples(quads: Iterable[ox.Quad], literals: dict) -> set[tuple[str, str, str]]:
    """The triples of ``quads`` in N-Triples form; records each literal's term in ``literals``."""
    triples = set()
    for quad in quads:
        triple = (str(quad.subject), str(quad.predicate), str(quad.object))
        if isinstance(quad.object, ox.Literal):
            literals[triple[2]] = quad.object
        triples.add(triple)
    return triples


def _in_files(inputs: Inputs, found: list[tuple]) -> list[Result]:
    """The results with the input file that describes each focus node: the first (in name order) with it as subject,
    else as object."""
    if not found:
        return []
    wanted = {to_oxigraph(focus) for _, focus in found}
    files: dict = {}
    for position in ("subject", "object"):
        for path, quads in sorted(inputs.files().items()):
            for quad in quads:
                node = getattr(quad, position)
                if node in wanted:
                    files.setdefault(node, str(path))
    return [replace(result, file=files.get(to_oxigraph(focus), "(no input file)")) for result, focus in found]


def shapes_are_local(shapes: rdflib.Graph) -> bool:
    """True if the shapes use none of _NON_LOCAL_FEATURES (so :func:`local_data` is enough to validate a node)."""
    return not any(predicate in _NON_LOCAL_FEATURES for predicate in shapes.predicates())


def _shape_groups(shapes: rdflib.Graph, data: rdflib.Graph, count: int) -> list[list]:
    """The node shapes split into ``count`` groups of about equal work (instances targeted times constraints)."""

    def work(shape) -> int:
        targets = shapes.objects(shape, SH.targetClass)
        classes = {c for target in targets for c in data.transitive_subjects(RDFS.subClassOf, target)}
        instances = sum(1 for c in classes for _ in data.subjects(RDF.type, c))
        return (instances + 1) * (len(list(shapes.objects(shape, SH.property))) + 1)

    declared = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)}
    targeted = {s for target in _TARGETS for s in shapes.subjects(target, None)}
    groups: list[tuple[int, list]] = [(0, []) for _ in range(count)]
    for weight, shape in sorted(((work(s), s) for s in declared | targeted), reverse=True):
        total, members = min(groups, key=lambda group: group[0])
        groups.remove((total, members))
        groups.append((total + weight, members + [shape]))
    return [members for _, members in groups if members]


def validate(inputs: Inputs, workers: int | None = None) -> list[Result]:
    """Validate the ontology and articles against the shapes; every result, violations first.

    With more than PARALLEL_FROM data triples, the node shapes are split into groups checked by ``workers``
    forked processes (default: one per CPU), which share the data graph (each shape's results do not
    depend on the other shapes, so the results are the same).
    """
    if not inputs.shapes:
        return []
    shapes = rdflib_graph(quad for quads in inputs.shapes.values() for quad in quads)
    shapes_file = str(next(iter(inputs.shapes)))
    literals: dict = {}
    triples = nt_triples((quad for quads in inputs.files().values() for quad in quads), literals)
    data = local_data((), triples, None, literals)
    del triples, literals
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(data) < PARALLEL_FROM:
        found = run_shacl(data, shapes, shapes_file=shapes_file)
    else:
        groups = _shape_groups(shapes, data, 2 * workers)  # more groups than processes: each takes the next free one
        parts = in_processes(
            lambda index: run_shacl(data, shapes, None, shapes_file, groups[index]), len(groups), workers
        )
        found = [item for part in parts for item in part]
    results = _in_files(inputs, found)
    return sorted(results, key=lambda r: (r.severity != "Violation", r.file, r.focus, r.path, r.message))


_forked_function = None


def _call_forked(index: int):
    return _forked_function(index)


def in_processes(function, count: int, processes: int) -> list:
    """``[function(i) for i in range(count)]`` in ``processes`` forked processes (which share the caller's memory)."""
    global _forked_function
    _forked_function = function
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_call_forked, range(count), chunksize=1)
    finally:
        _forked_function = None


def raise_on_violation(results: list[Result]) -> list[Result]:
    """KgError naming the file, focus node and message of the first violation, if any; else ``results``."""
    violations = [result for result in results if result.severity == "Violation"]
    if violations:
        more = f" (and {len(violations) - 1} more; run 'kg validate')" if len(violations) > 1 else ""
        raise KgError(f"{violations[0].line()}{more}")
    return results
