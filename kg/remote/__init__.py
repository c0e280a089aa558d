"""Remote SPARQL 1.1 stores: the HTTP client of the standard protocols (protocol), `kg publish` (publish) and the
rewriting that makes a query portable across engines (portable)."""
