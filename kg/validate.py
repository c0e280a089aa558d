"""SHACL validation of the articles (with the ontology, so that shapes see the class hierarchy) using pyshacl."""

from dataclasses import dataclass

import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, SH

from kg.errors import KgError
from kg.load import Inputs, label, rdflib_graph, to_rdflib


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


def _node_files(inputs: Inputs) -> dict:
    """For each node of the inputs, the first file (in name order) with it as subject, else as object."""
    files: dict = {}
    for position in ("subject", "object"):
        for path, quads in sorted(inputs.files().items()):
            for quad in quads:
                files.setdefault(to_rdflib(getattr(quad, position)), str(path))
    return files


def validate(inputs: Inputs) -> list[Result]:
    """Validate the ontology and articles against the shapes; every result, violations first."""
    if not inputs.shapes:
        return []
    data = rdflib_graph(quad for quads in inputs.files().values() for quad in quads)
    shapes = rdflib_graph(quad for quads in inputs.shapes.values() for quad in quads)
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    except ReportableRuntimeError as error:  # malformed shapes
        message = " ".join(str(error).split())
        raise KgError(f"{next(iter(inputs.shapes))}: the SHACL shapes cannot be used: {message}") from None
    files = _node_files(inputs)
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        results.append(
            Result(
                severity=_text(report, node, SH.resultSeverity).removeprefix("sh:"),
                focus=label(focus),
                path=_text(report, node, SH.resultPath),
                value=_text(report, node, SH.value),
                message=_text(report, node, SH.resultMessage) or "(no message)",
                constraint=_text(report, node, SH.sourceConstraintComponent),
                file=files.get(focus, "(no input file)"),
            )
        )
    return sorted(results, key=lambda r: (r.severity != "Violation", r.file, r.focus, r.path, r.message))


def raise_on_violation(results: list[Result]) -> list[Result]:
    """KgError naming the file, focus node and message of the first violation, if any; else ``results``."""
    violations = [result for result in results if result.severity == "Violation"]
    if violations:
        more = f" (and {len(violations) - 1} more; run 'kg validate')" if len(violations) > 1 else ""
        raise KgError(f"{violations[0].line()}{more}")
    return results
