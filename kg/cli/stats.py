"""`kg stats`: the store's named graphs with their triple counts and the total."""

from pathlib import Path

import pyoxigraph as ox

from govkg.store import current_generation, open_read_only

NAME = "stats"
_COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_COUNT_UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Triple count per named graph (empty ones included), sorted by IRI."""
    sizes = {graph.value: 0 for graph in store.named_graphs()}
    rows = store.query(_COUNT_PER_GRAPH)
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        sizes[row["g"].value] = int(row["n"].value)
    return dict(sorted(sizes.items()))


def union_size(store: ox.Store) -> int:
    """The number of distinct triples of the union of the named graphs (the store's default graph, govkg.store)."""
    rows = store.query(_COUNT_UNION)
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def format_sizes(sizes: dict[str, int], union: int | None = None) -> str:
    """A table of graph IRIs and triple counts, with the total and, if given, the union's size as its last lines."""
    width = max([len(graph) for graph in sizes] + [len("graph")])
    lines = [f"{'graph':<{width}}  {'triples':>9}"]
    lines += [f"{graph:<{width}}  {count:>9}" for graph, count in sizes.items()]
    lines.append(f"{'total':<{width}}  {sum(sizes.values()):>9}")
    if union is not None:
        lines.append(f"{'union (each triple once)':<{width}}  {union:>9}")
    return "\n".join(lines)


def store_summary(store_dir: Path) -> str:
    """The generation in use and its graph table."""
    store = open_read_only(store_dir)
    return f"store {current_generation(store_dir)}\n{format_sizes(graph_sizes(store), union_size(store))}"


def run(args) -> int:
    """Print the graphs of the store and their sizes."""
    print(store_summary(Path(args.store)))
    return 0


def register(subparsers, common) -> None:
    """Add `kg stats`."""
    parser = subparsers.add_parser(
        NAME, parents=[common], help="print the store's named graphs and their triple counts"
    )
    parser.set_defaults(func=run)
