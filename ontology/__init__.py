"""The govkg ontology, its alignments, concept schemes and SHACL shapes (*.ttl), installed as package data."""
