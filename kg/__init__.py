"""govkg: news articles about government visits as a reasoned, queryable knowledge graph.

``govkg.open("kg-store")`` opens a built graph from Python (govkg.api, docs/python.md).
"""

__version__ = "0.1.0"


def open(path="kg-store"):
    """The graph in ``path``, a store folder or a project folder: see govkg.api.open."""
    from govkg.api import open as open_graph

    return open_graph(path)
