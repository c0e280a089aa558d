"""SPARQL over the store: running a query, negotiating and writing its result, the named query library, tables."""
