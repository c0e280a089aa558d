"""SPARQL over the store: running a query (run), choosing a result format (negotiate), writing the result
(results), the named query library (named) and plain-text tables (table)."""
