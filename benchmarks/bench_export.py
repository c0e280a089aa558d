"""Time `kg export`'s serializer (govkg.export.serialize: read, label blank nodes, write) in every format,
on the built project and on a store of many article copies.

Usage: python benchmarks/bench_export.py [COPIES]   (default 1100 copies of the seed article, ~500k triples)

The big store holds the real build (ontology with its blank nodes, inferred, links) plus COPIES of
the seed article's graph, each under its own slug (IRIs and graph renamed), like a 1,000-article build.
"""

import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from environment import count_argument

from govkg.build import build
from govkg.export import chosen_graphs, statements, write
from govkg.rdf.canonical import canonical_statements
from govkg.rdf.io import FORMATS
from govkg.rdf.namespaces import article_graph
from govkg.store import new_generation, open_read_only

SEED = "kz-kg-government-visit"


def renamed(term, slug: str):
    """``term`` with the seed slug replaced by ``slug`` in IRIs."""
    return ox.NamedNode(term.value.replace(SEED, slug)) if isinstance(term, ox.NamedNode) else term


def add_copies(store_dir: Path, copies: int) -> None:
    """Add ``copies`` renamed copies of the seed article's graph to the store, in a new generation."""
    seed = list(open_read_only(store_dir).quads_for_pattern(None, None, None, ox.NamedNode(article_graph(SEED))))
    with new_generation(store_dir, copy_current=True) as store:
        for number in range(copies):
            slug = f"copy-{number:04d}"
            store.extend(
                ox.Quad(
                    renamed(q.subject, slug), q.predicate, renamed(q.object, slug), ox.NamedNode(article_graph(slug))
                )
                for q in seed
            )


def time_formats(store_dir: Path) -> None:
    """Print, for every graph of the store in each format, the seconds of govkg.export.serialize's steps and the
    size."""
    store = open_read_only(store_dir)
    graphs = chosen_graphs(store, None)
    print(f"{'format':<9} {'statements':>10} {'MB':>7} {'read s':>7} {'labels s':>8} {'write s':>8} {'total s':>8}")
    for name, rdf_format in FORMATS.items():
        start = time.perf_counter()
        content = statements(store, graphs, rdf_format)
        read = time.perf_counter()
        content = canonical_statements(content)
        labelled = time.perf_counter()
        data = write(content, rdf_format)
        end = time.perf_counter()
        print(
            f"{name:<9} {len(content):>10} {len(data) / 1e6:>7.1f} {read - start:>7.2f} {labelled - read:>8.2f}"
            f" {end - labelled:>8.2f} {end - start:>8.2f}"
        )


def main(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "kg-store"
        build(store_dir)
        print("built project:")
        time_formats(store_dir)
        add_copies(store_dir, copies)
        print(f"\nbuilt project + {copies} article copies:")
        time_formats(store_dir)


if __name__ == "__main__":
    main(count_argument(__doc__.splitlines()[0], "COPIES", 1100))
