"""`kg link status`: every named entity of the graph with its Wikidata link, its status, or "unlinked"."""

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govkg.link.curated import CURATED_FILE, read_curated
from govkg.link.entities import named_entities, stored_links
from govkg.link.model import qid_of
from govkg.rdf.io import shorten

UNLINKED = "unlinked"


@dataclass(frozen=True)
class StatusRow:
    """One line of the status table."""

    entity: str
    label: str
    qid: str
    status: str
    source: str


def link_status(store: ox.Store, curated_file: Path = CURATED_FILE) -> list[StatusRow]:
    """One row per named entity: linked ones with QID, status and source; the others "unlinked".

    An unlinked entity that the curated file marks ``unknown`` shows that
    status and the file's note; one the file does not mention shows ``-``.
    """
    links = stored_links(store)
    curated = {row.entity: row for row in read_curated(curated_file) if row.entity is not None}
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
        unlisted = ("-", f"not in {curated_file.parent.name}/{curated_file.name}")
        status, source = (row.status, row.source) if row else unlisted
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
