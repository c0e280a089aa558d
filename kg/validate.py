"""Validation of the articles: the SHACL shapes (with the ontology, so that shapes see the class hierarchy) using
pyshacl, run on what the ontology's inverses make explicit, and the checks SHACL cannot say well, each reported as
one line naming the file and line:

- every term of the project's vocabularies (``gko:``, and the concept schemes' namespaces such as ``gks:``) that an
  article uses is declared in the ontology, else the nearest declared names are suggested;
- every literal of a known XSD datatype is well-typed (``"twenty"^^xsd:gYear`` is not);
- every statement has exactly one modality class;
- two people holding one single-holder post at overlapping known times (a warning);
- the curated links graph, when its file is given.
"""

import calendar
import difflib
import multiprocessing
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, RDFS, SH

from govkg.errors import KgError
from govkg.link.curated import curated_links_graph
from govkg.rdf.io import Inputs, label, rdflib_graph, shorten, to_oxigraph, to_rdflib
from govkg.rdf.namespaces import GKO

#: The checks besides SHACL, in the order their results are listed (a violation of an earlier one often explains
#: the later ones: an undeclared class leaves a statement without modality).
TERMS, LITERALS, MODALITY, SHACL, HOLDERS, LINKS = "terms", "literals", "modality", "SHACL", "holders", "links"
_ORDER = [TERMS, LITERALS, MODALITY, SHACL, HOLDERS, LINKS]


@dataclass(frozen=True)
class Result:
    """One validation result, with the input file that describes its focus node (and the line, when known)."""

    severity: str
    focus: str
    path: str
    value: str
    message: str
    constraint: str
    file: str
    line_number: int = 0
    check: str = SHACL

    def line(self) -> str:
        """The result as one readable line."""
        if self.check != SHACL:
            where = f"{self.file}:{self.line_number}" if self.line_number else self.file
            return f"{where}: {self.severity.lower()}: {self.message}"
        path = f" path {self.path}" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        where = f"{self.file}: SHACL {self.severity.lower()} at node {self.focus}"
        return f"{where}{path}{value}: {self.message} ({self.constraint})"

    def sort_key(self) -> tuple:
        """Violations first, then by check, file, line, node."""
        return (self.severity != "Violation", _ORDER.index(self.check), self.file, self.line_number, self.focus,
                self.path, self.message)


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
    types: Iterable[tuple] = ()
    if subjects is None:
        own = triples
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
                literal = literals[node]
                problem = None if literal.language else lexical_error(literal.value, literal.datatype.value)
                if problem:  # rdflib would log a traceback converting it
                    raise KgError(f"ill-typed literal: {problem} (run 'kg validate' for its file and line)")
                found = to_rdflib(literal)
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


def validate(inputs: Inputs, workers: int | None = None, links: Path | None = None) -> list[Result]:
    """Validate the ontology and articles (and the curated links file ``links``, if given); every result, violations
    first.

    The checks of :func:`check_articles` run first; when a literal is ill-typed, SHACL does not run (its rdflib
    conversion of such literals is what crashed before). SHACL runs on the asserted triples plus what the ontology's
    inverses make explicit (:func:`explicit_triples`). With more than PARALLEL_FROM data
    triples, the node shapes are split into groups checked by ``workers`` forked processes (default: one per CPU),
    which share the data graph (each shape's results do not depend on the other shapes, so the results are the
    same).
    """
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    results = check_articles(ontology, inputs.articles)
    for path, quads in inputs.ontology.items():
        results += literal_results(path, quads)
    if any(result.check == LITERALS for result in results):
        return sorted(results, key=Result.sort_key)
    if inputs.shapes:
        results += _shacl(inputs, workers)
    if links is not None:
        results += link_results(links, inputs)
    return sorted(results, key=Result.sort_key)


def _shacl(inputs: Inputs, workers: int | None) -> list[Result]:
    """The SHACL results of the ontology and articles against the shapes, with the file of each focus node."""
    shapes = rdflib_graph(quad for quads in inputs.shapes.values() for quad in quads)
    shapes_file = str(next(iter(inputs.shapes)))
    literals: dict = {}
    triples = nt_triples((quad for quads in inputs.files().values() for quad in quads), literals)
    data = local_data((), explicit_triples(triples), None, literals)
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
    return _in_files(inputs, found)


_OWL = "http://www.w3.org/2002/07/owl#"
_INVERSE = f"<{_OWL}inverseOf>"


def inverse_properties(triples: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """The owl:inverseOf pairs of ``triples`` (N-Triples form), both ways: property -> its inverses."""
    inverses: dict[str, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if p == _INVERSE:
            inverses[s].add(o)
            inverses[o].add(s)
    return inverses


def explicit_triples(
    triples: set[tuple[str, str, str]], inverses: dict[str, set[str]] | None = None
) -> set[tuple[str, str, str]]:
    """``triples`` (N-Triples form, ontology and articles) with the inverse of every triple whose property has an
    owl:inverseOf (in ``inverses``, default: those ``triples`` declare), as reasoning would make it explicit: a
    shape on the holder of a post (the subject of gko:holdsPost) sees one asserted with gko:heldBy, a shape on a
    statement's event one asserted with gko:hasStatement. Domains and ranges are not applied: they would satisfy
    the very sh:class constraints that check a value (a state given as a visitor would become a person), which OWL
    then reports as a clash."""
    if inverses is None:
        inverses = inverse_properties(triples)
    added = {(o, inverse, s) for s, p, o in triples if not o.startswith('"') for inverse in inverses.get(p, ())}
    return triples | added


# ------------------------------------------------------------------------------------------------------------------
#  The checks beside SHACL

_XSD = "http://www.w3.org/2001/XMLSchema#"
_TZ = r"(Z|[+-]\d{2}:\d{2})"
_DATE = r"-?\d{4,}-(\d{2})-(\d{2})"
_TIME = r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
_INTEGER = r"[+-]?\d+"
#: XSD datatypes whose lexical forms are checked: (pattern, an example of a valid literal, value bounds or None).
_LEXICAL: dict[str, tuple[str, str, tuple[int | None, int | None] | None]] = {
    "decimal": (r"[+-]?(\d+(\.\d*)?|\.\d+)", "1500000000", None),
    "integer": (_INTEGER, "195", (None, None)),
    "nonNegativeInteger": (_INTEGER, "0", (0, None)),
    "positiveInteger": (_INTEGER, "1", (1, None)),
    "nonPositiveInteger": (_INTEGER, "0", (None, 0)),
    "negativeInteger": (_INTEGER, "-1", (None, -1)),
    "long": (_INTEGER, "195", (-(2**63), 2**63 - 1)),
    "int": (_INTEGER, "195", (-(2**31), 2**31 - 1)),
    "short": (_INTEGER, "195", (-(2**15), 2**15 - 1)),
    "byte": (_INTEGER, "19", (-128, 127)),
    "unsignedLong": (_INTEGER, "195", (0, 2**64 - 1)),
    "unsignedInt": (_INTEGER, "195", (0, 2**32 - 1)),
    "unsignedShort": (_INTEGER, "195", (0, 2**16 - 1)),
    "unsignedByte": (_INTEGER, "195", (0, 255)),
    "double": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "1.5E9", None),
    "float": (r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN", "1.5E9", None),
    "boolean": (r"true|false|1|0", "true", None),
    "date": (_DATE + _TZ + "?", "2024-04-18", None),
    "dateTime": (_DATE + "T" + _TIME + _TZ + "?", "2024-04-18T10:30:00", None),
    "dateTimeStamp": (_DATE + "T" + _TIME + _TZ, "2024-04-18T10:30:00Z", None),
    "time": (_TIME + _TZ + "?", "10:30:00", None),
    "gYear": (r"-?\d{4,}" + _TZ + "?", "2024", None),
    "gYearMonth": (r"-?\d{4,}-(\d{2})" + _TZ + "?", "2024-04", None),
    "gMonthDay": (r"--(\d{2})-(\d{2})" + _TZ + "?", "--04-18", None),
    "gMonth": (r"--(\d{2})" + _TZ + "?", "--04", None),
    "gDay": (r"---(\d{2})" + _TZ + "?", "---18", None),
    "duration": (r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?", "P2D", None),
    "language": (r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", "en", None),
    "hexBinary": (r"([0-9a-fA-F]{2})*", "0FB7", None),
}


def lexical_error(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a valid literal of the XSD ``datatype`` (a full IRI); None if it is, or if the datatype
    is not one this check knows."""
    if not datatype.startswith(_XSD) or datatype[len(_XSD):] not in _LEXICAL:
        return None
    name = datatype[len(_XSD):]
    pattern, example, bounds = _LEXICAL[name]
    text = lexical.strip()  # XSD collapses the white space of these types
    problem = f'"{lexical}" is not a valid xsd:{name} (for example "{example}"^^xsd:{name})'
    match = re.fullmatch(pattern, text)
    if match is None:
        return problem
    valid = True
    if bounds is not None:
        low, high = bounds
        valid = (low is None or int(text) >= low) and (high is None or int(text) <= high)
    if valid and name in ("date", "dateTime", "dateTimeStamp"):
        year = int(text[: text.index("-", 1)])
        month, day = int(match.group(1)), int(match.group(2))
        valid = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000 if year <= 0 else year, month)[1]
    if valid and name in ("dateTime", "dateTimeStamp", "time"):
        hour, minute, second = (int(match.group(i)) for i in ((3, 4, 5) if name != "time" else (1, 2, 3)))
        valid = hour <= 24 and minute <= 59 and second <= 59
    if valid and name in ("gYearMonth", "gMonth"):
        valid = 1 <= int(match.group(1)) <= 12
    if valid and name == "gMonthDay":
        valid = 1 <= int(match.group(1)) <= 12 and 1 <= int(match.group(2)) <= 31
    if valid and name == "gDay":
        valid = 1 <= int(match.group(1)) <= 31
    return None if valid else problem


@cache
def _file_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _prefixes(text: str) -> dict[str, str]:
    """The prefixes a Turtle file declares (``@prefix`` and ``PREFIX``), namespace -> prefixes."""
    found: dict[str, str] = {}
    for prefix, namespace in re.findall(r"(?im)^\s*@?prefix\s+([\w.-]*):\s*<([^>]*)>", text):
        found.setdefault(namespace, prefix)
    return found


def line_of(path: Path, iri: str | None = None, lexical: str | None = None) -> int:
    """The first line of the Turtle file ``path`` (comment lines aside) where the IRI (written whole or with one of
    the file's prefixes) or the typed literal with that lexical form occurs; 0 if it cannot be found."""
    text = _file_text(str(path))
    patterns = []
    if iri is not None:
        patterns.append(re.escape(f"<{iri}>"))
        for namespace, prefix in _prefixes(text).items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                patterns.append(rf"(?<![\w:.-]){re.escape(prefix)}:{re.escape(iri[len(namespace):])}(?![\w-])")
    if lexical is not None:
        patterns.append(re.escape(f'"{lexical}"') + r"\s*\^\^")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("#") and any(re.search(pattern, line) for pattern in patterns):
            return number
    return 0


def _result(check: str, message: str, path: Path, line: int, focus: str = "", severity: str = "Violation") -> Result:
    return Result(severity, focus, "", "", message, check, str(path), line, check)


def literal_results(path: Path, quads: Iterable[ox.Quad]) -> list[Result]:
    """One violation per ill-typed literal of a known XSD datatype in the file ``path``."""
    results, seen = [], set()
    for quad in quads:
        literal = quad.object
        if isinstance(literal, ox.Literal) and not literal.language and (literal.value, literal.datatype) not in seen:
            seen.add((literal.value, literal.datatype))
            problem = lexical_error(literal.value, literal.datatype.value)
            if problem:
                subject = str(quad.subject)
                on = shorten(subject.strip("<>"))
                message = f"{problem}, as the object of {_short(quad.predicate.value)} on {on}"
                results.append(_result(LITERALS, message, path, line_of(path, lexical=literal.value), subject))
    return results


@dataclass
class _Vocabulary:
    """What the ontology declares, as N-Triples-free IRIs: its terms by namespace, its class hierarchy, the domains
    of properties, the modality classes."""

    declared: dict[str, set[str]]
    properties: set[str]
    classes: set[str]
    superclasses: dict[str, set[str]]
    domains: dict[str, set[str]]
    modality_classes: set[str]

    def ancestors(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.superclasses.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


_TYPE = str(RDF.type)
_CONTROLLED_MARK = "http://www.w3.org/2004/02/skos/core#inScheme"


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def vocabulary(ontology: Iterable[ox.Quad]) -> _Vocabulary:
    """The declarations of the ontology quads: ``gko:`` terms and the concepts of its SKOS schemes, by namespace."""
    typed: dict[str, set[str]] = defaultdict(set)
    superclasses: dict[str, set[str]] = defaultdict(set)
    domains: dict[str, set[str]] = defaultdict(set)
    concepts, restrictions_on_modality = set(), set()
    on_property: dict[str, str] = {}
    has_value: set[str] = set()
    for quad in ontology:
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if p == _TYPE and isinstance(o, ox.NamedNode):
            typed[str(s)].add(o.value)
        elif p == str(RDFS.subClassOf):
            superclasses[str(s)].add(str(o))
        elif p == str(RDFS.domain) and isinstance(o, ox.NamedNode):
            domains[str(s)].add(o.value)
        elif p == _CONTROLLED_MARK and isinstance(s, ox.NamedNode):
            concepts.add(s.value)
        elif p == _OWL + "onProperty":
            on_property[str(s)] = str(o)
        elif p == _OWL + "hasValue":
            has_value.add(str(s))
    modality = f"<{GKO.modality}>"
    restrictions_on_modality = {r for r in has_value if on_property.get(r) == modality}
    controlled = {str(GKO)} | {_namespace(concept) for concept in concepts}
    declared: dict[str, set[str]] = defaultdict(set)
    for node in typed:
        iri = node[1:-1] if node.startswith("<") else ""
        if iri and _namespace(iri) in controlled:
            declared[_namespace(iri)].add(iri)
    kinds = {f"{_OWL}{name}" for name in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
    properties = {node[1:-1] for node, types in typed.items() if types & kinds}
    classes = {node[1:-1] for node, types in typed.items() if f"{_OWL}Class" in types}
    modality_classes = {c[1:-1] for c, parents in superclasses.items() if parents & restrictions_on_modality}
    return _Vocabulary(
        {ns: declared.get(ns, set()) for ns in controlled},
        properties,
        classes,
        {c[1:-1]: {p[1:-1] for p in parents if p.startswith("<")} for c, parents in superclasses.items()},
        {p[1:-1]: classes_ for p, classes_ in domains.items()},
        modality_classes,
    )


def _short(iri: str) -> str:
    return shorten(iri) if shorten(iri) != iri else f"<{iri}>"


#: Predicates and types whose subject a file defines as a term of a vocabulary.
_DEFINING = {str(RDFS[name]) for name in ("subClassOf", "subPropertyOf", "domain", "range")} | {
    _OWL + name for name in ("equivalentClass", "equivalentProperty", "inverseOf")
}
_TERM_KINDS = {_OWL + name for name in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")} | {
    str(RDFS.Class), str(RDF.Property)
}


def term_results(path: Path, quads: list[ox.Quad], vocabulary: _Vocabulary) -> list[Result]:
    """One violation per term of a controlled namespace that the article ``path`` uses and neither the ontology
    declares nor the article defines, with the nearest declared names of that namespace and position (class,
    property or concept)."""
    used: dict[str, str] = {}
    defined = set()  # terms the article itself defines (schema in an article: the build hands it to owlrl)
    for quad in quads:
        for position, term in (("subject", quad.subject), ("property", quad.predicate), ("object", quad.object)):
            if isinstance(term, ox.NamedNode) and term.value not in used:
                kind = "class" if position == "object" and quad.predicate.value == _TYPE else position
                used[term.value] = kind
        predicate, kind_of = quad.predicate.value, str(quad.object)[1:-1]
        if isinstance(quad.subject, ox.NamedNode) and (
            predicate in _DEFINING or (predicate == _TYPE and kind_of in _TERM_KINDS)
        ):
            defined.add(quad.subject.value)
    results = []
    for iri, kind in sorted(used.items()):
        namespace = _namespace(iri)
        if namespace not in vocabulary.declared or iri in vocabulary.declared[namespace] or iri in defined:
            continue
        candidates = vocabulary.declared[namespace]
        if kind == "property":
            candidates = candidates & vocabulary.properties or candidates
        elif kind == "class":
            candidates = candidates & vocabulary.classes or candidates
        names = {term[len(namespace):]: term for term in candidates}
        nearest = difflib.get_close_matches(iri[len(namespace):], list(names), n=3, cutoff=0.6)
        hint = f" (did you mean {' or '.join(_short(names[name]) for name in nearest)}?)" if nearest else ""
        what = {"property": "property", "class": "class"}.get(kind, "term")
        message = f"unknown {what} {_short(iri)}: the ontology declares no such term{hint}"
        results.append(_result(TERMS, message, path, line_of(path, iri=iri), f"<{iri}>"))
    return results


def modality_results(
    path: Path, quads: list[ox.Quad], types: dict[str, set[str]], vocabulary: _Vocabulary
) -> list[Result]:
    """One violation per statement of the article ``path`` that has no modality class, or more than one.

    A statement is a node with a type under gko:Statement, or the subject of a property whose domain is one
    (gko:statedAt, gko:attributedTo...); ``types`` are the asserted types of every node of the corpus."""
    if not vocabulary.modality_classes:
        return []
    statement = str(GKO.Statement)
    statement_properties = {
        p for p, classes in vocabulary.domains.items() if any(statement in vocabulary.ancestors(c) for c in classes)
    }
    nodes = {str(q.subject) for q in quads if q.predicate.value in statement_properties}
    nodes |= {node for node in {str(q.subject) for q in quads} if any(
        statement in vocabulary.ancestors(c) for c in types.get(node, ()))}
    results = []
    for node in sorted(nodes):
        modalities = sorted(
            {m for c in types.get(node, ()) for m in vocabulary.ancestors(c) if m in vocabulary.modality_classes}
        )
        if len(modalities) == 1:
            continue
        names = ", ".join(_short(m) for m in sorted(vocabulary.modality_classes))
        found = "no modality class" if not modalities else f"{len(modalities)} ({', '.join(map(_short, modalities))})"
        iri = node[1:-1]
        message = f"statement {_short(iri)} has {found}: a statement has exactly one of {names}"
        results.append(_result(MODALITY, message, path, line_of(path, iri=iri), node))
    return results


_OWL_TIME = "http://www.w3.org/2006/time#"
_PERIOD_BOUNDS = {f"{_OWL_TIME}hasBeginning": 0, f"{_OWL_TIME}hasEnd": 1}


def _day(literal) -> tuple[date, date] | None:
    """The days an xsd:date (or the date of an xsd:dateTime/dateTimeStamp) covers; None for coarser or bad values."""
    if not isinstance(literal, ox.Literal):
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", literal.value.strip())
    if not match or lexical_error(literal.value, literal.datatype.value):
        return None
    day = date(*map(int, match.groups()))
    return day, day


def known_interval(node: str, facts: dict[tuple[str, str], list]) -> tuple[date, date] | None:
    """The days a time node (a time:Instant with a day, or a period whose beginning and end have days) covers, as
    far as known to the day; None when a bound is missing or coarser than a day (a year says too little)."""
    for predicate in (f"{_OWL_TIME}inXSDDate", f"{_OWL_TIME}inXSDDateTimeStamp"):
        for literal in facts.get((node, predicate), ()):
            return _day(literal)
    bounds: list[date | None] = [None, None]
    for predicate, index in _PERIOD_BOUNDS.items():
        for instant in facts.get((node, predicate), ()):
            days = known_interval(str(instant), facts)
            if days is not None:
                bounds[index] = days[index]
    start, end = bounds
    return (start, end) if start is not None and end is not None else None


def holder_results(articles: dict[str, tuple[Path, list[ox.Quad]]], vocabulary: _Vocabulary) -> list[Result]:
    """A warning for every two people whose holdings of one single-holder post overlap at known times (days)."""
    facts: dict[tuple[str, str], list] = defaultdict(list)
    where: dict[str, Path] = {}
    for path, quads in articles.values():
        for quad in quads:
            facts[(str(quad.subject), quad.predicate.value)].append(quad.object)
            where.setdefault(str(quad.subject), path)
    single = {c for c in vocabulary.classes if str(GKO.SingleHolderPost) in vocabulary.ancestors(c)}
    holdings: dict[str, list[tuple[str, str, tuple[date, date]]]] = defaultdict(list)
    for (node, predicate), objects in sorted(facts.items()):
        if predicate != _TYPE or not any(o.value == str(GKO.PostHolding) for o in objects):
            continue
        posts = facts.get((node, str(GKO.heldPost)), [])
        holders = facts.get((node, str(GKO.holder)), [])
        times = [known_interval(str(t), facts) for t in facts.get((node, str(GKO.validDuring)), [])]
        for post in posts:
            if not {t.value for t in facts.get((str(post), _TYPE), [])} & single:
                continue
            for holder in holders:
                holdings[str(post)] += [(node, str(holder), time) for time in times if time is not None]
    results = []
    for post, found in sorted(holdings.items()):
        for i, (first, first_holder, (a, b)) in enumerate(found):
            for second, second_holder, (c, d) in found[i + 1:]:
                if first_holder != second_holder and a <= d and c <= b:
                    message = (
                        f"{_short(post[1:-1])} is a single-holder post, but {_short(first_holder[1:-1])} "
                        f"({_short(first[1:-1])}, {a}..{b}) and {_short(second_holder[1:-1])} "
                        f"({_short(second[1:-1])}, {c}..{d}) hold it at overlapping known times"
                    )
                    path = where[first]
                    results.append(_result(HOLDERS, message, path, line_of(path, iri=first[1:-1]), first, "Warning"))
    return results


def check_articles(ontology: list[ox.Quad], articles: dict[str, tuple[Path, list[ox.Quad]]]) -> list[Result]:
    """The checks beside SHACL on the articles (slug -> (file, quads)) against the ontology quads: undeclared terms,
    ill-typed literals, one modality class per statement, overlapping holders of a single-holder post."""
    known = vocabulary(ontology)
    types: dict[str, set[str]] = defaultdict(set)
    for _, quads in articles.values():
        for quad in quads:
            if quad.predicate.value == _TYPE and isinstance(quad.object, ox.NamedNode):
                types[str(quad.subject)].add(quad.object.value)
    results: list[Result] = []
    for path, quads in articles.values():
        results += term_results(path, quads, known)
        results += literal_results(path, quads)
        results += modality_results(path, quads, types, known)
    return results + holder_results(articles, known)


def link_results(links: Path, inputs: Inputs) -> list[Result]:
    """The curated links file checked: its rows (a malformed one is a KgError naming its line), the link records
    against the shapes, and a warning for an entity linked but named by no article or ontology file."""
    graph = curated_links_graph(links)
    shapes = rdflib_graph(quad for quads in inputs.shapes.values() for quad in quads)
    results = []
    if len(shapes):
        data = graph + rdflib_graph(quad for quads in inputs.ontology.values() for quad in quads)
        for result, focus in run_shacl(data, shapes, shapes_file=str(next(iter(inputs.shapes)))):
            entity = graph.value(focus, GKO.linkedEntity)
            number = line_of(links, iri=str(entity)) if entity is not None else 0
            results.append(replace(result, file=str(links), line_number=number))
    named = {str(quad.subject) for quads in inputs.files().values() for quad in quads}
    for entity in sorted({str(node) for node in graph.subjects(GKO.externalMatch, None)}):
        if f"<{entity}>" not in named:
            message = f"{_short(str(entity))} is linked to Wikidata but no article or ontology file names it"
            results.append(_result(LINKS, message, links, _link_line(links, str(entity)), f"<{entity}>", "Info"))
    return results


def _link_line(links: Path, entity: str) -> int:
    """The line of the curated links file that names ``entity`` (as gkr:/gks: prefixed name or IRI)."""
    short = shorten(entity)
    for number, line in enumerate(_file_text(str(links)).splitlines(), start=1):
        if line.split("\t", 1)[0] in (short, entity):
            return number
    return 0


_forked_function: Callable[[int], Any] | None = None


def _call_forked(index: int):
    assert _forked_function is not None  # set by in_processes before the pool forks
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
