"""`kg link status`: every named entity of the graph with its Wikidata link, its status, or "unlinked"."""

from dataclasses import dataclass

import pyoxigraph as ox

from kg.link.curated import read_curated
from kg.link.entities import named_entities, stored_links
from kg.link.model import qid_of
from kg.load import shorten

UNLINKED = "unlinked"


@dataclass(frozen=True)
class StatusRow:
    """One line of the status table."""

    entity: str
    label: str
    qid: str
    status: str
    source: str


def link_status(store: ox.Store) -> list[StatusRow]:
    """One row per named entity: linked ones with QID, status and source; the others "unlinked".

    An unlinked entity that the curated file marks ``unknown`` shows that
    status and the file's note; one the file does not mention shows ``-``.
    """
    links = stored_links(store)
    curated = {row.entity: row for row in read_curated() if row.entity is not None}
    rows = []
    for entity in named_entities(store):
        link = links.get(entity.iri)
        if link is not None:
            source = link.source
            if link.score:
                source = f"score {float(link.score):.2f}; {source}"
            rows.append(StatusRow(shorten(str(entity.iri)), entity.label, qid_of(link.target), link.status, source))
            continue
        row = curated.get(entity.iri)
        status, source = (row.status, row.source) if row else ("-", "not in kg/links/wikidata.tsv")
        rows.append(StatusRow(shorten(str(entity.iri)), entity.label, UNLINKED, status, source))
    return rows


def summary(rows: list[StatusRow]) -> str:
    """One line: how many entities, linked per status, unlinked."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.qid != UNLINKED:
            counts[row.status] = counts.get(row.status, 0) + 1
    linked = sum(counts.values())
    detail = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    return f"{len(rows)} entities: {linked} linked ({detail or 'none'}), {len(rows) - linked} unlinked"
