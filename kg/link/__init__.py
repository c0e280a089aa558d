"""Linking the graph with Wikidata: curated links, reconciliation against a SPARQL endpoint, enrichment, status."""
