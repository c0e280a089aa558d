"""Queries over one article's named graph alone (no inferences, no other article), for the per-article tests."""

import pyoxigraph

from govkg.rdf.namespaces import article_graph


def article_rows(store: pyoxigraph.Store, slug: str, query: str) -> list[dict]:
    """SELECT ``query`` over the graph of article ``slug``; each row as {variable: lexical value or None}."""
    solutions = store.query(query, default_graph=pyoxigraph.NamedNode(article_graph(slug)))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{name: row[name].value if row[name] is not None else None for name in names} for row in solutions]


def article_ask(store: pyoxigraph.Store, slug: str, query: str) -> bool:
    """ASK ``query`` (a full ASK query) over the graph of article ``slug``."""
    return bool(store.query(query, default_graph=pyoxigraph.NamedNode(article_graph(slug))))
