"""govkg: news articles about government visits as a reasoned, queryable knowledge graph."""

__version__ = "0.1.0"
