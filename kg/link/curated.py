"""The curated links: a project's links/wikidata.tsv (kg/links/ when bundled), read and checked, as the links graph.

The file has a header line ``entity label wikidata status source`` (tab
separated) and one row per entity; lines starting with ``#`` are comments.
``entity`` is a ``gkr:``/``gks:`` prefixed name (or a full IRI in those
namespaces), or ``-`` for an identifier that names no entity of the graph.
Only ``verified`` and ``likely`` rows become links; ``unknown`` rows keep an
empty identifier and leave their entity unlinked.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from govkg.errors import KgError
from govkg.link.model import QID, add_link, new_graph
from govkg.project import BUNDLED_LINKS
from govkg.rdf.namespaces import GKR, GKS

#: The curated file's name in a links folder, and the bundled one.
CURATED_NAME = "wikidata.tsv"
CURATED_FILE = BUNDLED_LINKS / CURATED_NAME
COLUMNS = ["entity", "label", "wikidata", "status", "source"]
CURATED_STATUSES = ("verified", "likely", "unknown")
NO_ENTITY = "-"
_PREFIXES = {"gkr:": str(GKR), "gks:": str(GKS)}


@dataclass(frozen=True)
class CuratedRow:
    """One row of the curated file; ``entity`` is None for a ``-`` row, ``qid`` is '' when unknown."""

    line: int
    entity: URIRef | None
    label: str
    qid: str
    status: str
    source: str


def _entity(text: str, where: str) -> URIRef | None:
    """The entity IRI that ``text`` names, None for ``-``; KgError if outside gkr:/gks:."""
    if text == NO_ENTITY:
        return None
    if any(char.isspace() or char in '<>"{}|^`\\' for char in text):
        raise KgError(f"{where}: entity {text!r} contains a character not allowed in an IRI")
    for prefix, namespace in _PREFIXES.items():
        if text.startswith(prefix) and len(text) > len(prefix):
            return URIRef(namespace + text[len(prefix):])
    if text.startswith(str(GKR)) and len(text) > len(str(GKR)):
        return URIRef(text)
    raise KgError(f"{where}: entity {text!r} is not a gkr:/gks: IRI nor '-'")


def _row(number: int, fields: list[str], where: str) -> CuratedRow:
    """Check and convert one data line."""
    if len(fields) != len(COLUMNS):
        raise KgError(
            f"{where}: expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), got {len(fields)}"
        )
    entity_text, label, qid, status, source = (field.strip() for field in fields)
    entity = _entity(entity_text, where)
    if status not in CURATED_STATUSES:
        raise KgError(f"{where}: status {status!r} is not one of {', '.join(CURATED_STATUSES)}")
    if status == "unknown" and qid:
        raise KgError(f"{where}: an unknown row must leave the wikidata column empty, got {qid!r}")
    if status != "unknown" and not QID.fullmatch(qid):
        raise KgError(f"{where}: wikidata {qid!r} is not a QID like Q232")
    if not label:
        raise KgError(f"{where}: the label column is empty")
    return CuratedRow(number, entity, label, qid, status, source)


def read_curated(path: Path = CURATED_FILE) -> list[CuratedRow]:
    """The rows of the curated file, checked; KgError naming the line on a malformed one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise KgError(f"{path}: cannot read the curated links: {error.strerror}") from None
    rows: list[CuratedRow] = []
    header_seen = False
    seen: dict[URIRef, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        fields = line.split("\t")
        if not header_seen:
            if [field.strip() for field in fields] != COLUMNS:
                raise KgError(f"{where}: expected the header line {' '.join(COLUMNS)} (tab separated)")
            header_seen = True
            continue
        row = _row(number, fields, where)
        if row.entity is not None:
            if row.entity in seen:
                raise KgError(f"{where}: entity {row.entity} already has a row on line {seen[row.entity]}")
            seen[row.entity] = number
        rows.append(row)
    if not header_seen:
        raise KgError(f"{path}: no header line (expected {' '.join(COLUMNS)})")
    return rows


def curated_links_graph(path: Path = CURATED_FILE) -> Graph:
    """The links graph built from the curated file: one link per verified or likely entity row."""
    graph = new_graph()
    for row in read_curated(path):
        if row.entity is not None and row.status != "unknown":
            add_link(graph, row.entity, row.qid, row.status, row.source, row.label)
    return graph
