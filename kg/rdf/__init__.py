"""RDF without a store: namespaces and graph IRIs, reading files, term conversion, Turtle writing, canonical labels."""
