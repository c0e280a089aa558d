"""The SPARQL queries the resource page (/page?iri=IRI) runs: five bind the resource to ``?this`` by substitution,
the sixth (:data:`LABELS`) reads the labels of every IRI the page shows from a VALUES clause."""

from govkg.rdf.namespaces import SPARQL_PREFIXES

#: How many links to the resource the page lists (the total is counted).
INCOMING_CAP = 200
#: How many triples about the resource (with their blank-node structure) the page reads.
OUTGOING_CAP = 2000
SENTENCE_CAP = 100

#: Predicates that lead from a blank node to the rest of its OWL structure (restrictions, lists, axioms).
_BLANK_PATH = (
    "rdf:first|rdf:rest|owl:onProperty|owl:onClass|owl:someValuesFrom|owl:allValuesFrom|owl:hasValue|owl:unionOf|"
    "owl:intersectionOf|owl:oneOf|owl:complementOf|owl:members|owl:propertyChainAxiom|owl:inverseOf|owl:onDataRange|"
    "owl:withRestrictions|owl:distinctMembers"
)
#: The resource's triples, with the blank-node structure they lead to.
OUTGOING = (
    SPARQL_PREFIXES
    + f"""SELECT ?this ?g ?p ?o ?b ?bp ?bo WHERE {{
  GRAPH ?g {{
    {{ ?this ?p ?o }}
    UNION {{ ?this ?p ?o FILTER(isBlank(?o)) ?o ({_BLANK_PATH})* ?b . ?b ?bp ?bo FILTER(isBlank(?b)) }}
  }}
}} LIMIT {OUTGOING_CAP}"""
)
#: The triples pointing at the resource. For a blank subject (a restriction, a list cell) the second branch finds
#: the node that holds it, the third its own triples (to show it inline).
INCOMING = (
    SPARQL_PREFIXES
    + f"""SELECT ?this ?g ?s ?p ?owner ?ownerP ?sp ?so WHERE {{
  GRAPH ?g {{
    {{ ?s ?p ?this }}
    UNION {{ ?s ?p ?this FILTER(isBlank(?s)) ?head rdf:rest* ?s . ?owner ?ownerP ?head FILTER(?ownerP != rdf:rest) }}
    UNION {{ ?s ?p ?this FILTER(isBlank(?s)) ?s ?sp ?so }}
  }}
}} ORDER BY ?p ?s LIMIT {INCOMING_CAP}"""
)
#: Per graph: the triples pointing at the resource, using it as predicate, and (as a graph name) held in it.
COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?this ?kind ?g (COUNT(*) AS ?n) WHERE {
  { GRAPH ?g { ?s ?p ?this } BIND("incoming" AS ?kind) }
  UNION { GRAPH ?g { ?s ?this ?o } BIND("predicate" AS ?kind) }
  UNION { GRAPH ?this { ?s ?p ?o } BIND("graph" AS ?kind) }
} GROUP BY ?this ?kind ?g"""
)
#: The article sentences that state the resource, or a node pointing at it.
SENTENCES = (
    SPARQL_PREFIXES
    + f"""SELECT DISTINCT ?this ?sentence ?text ?position ?article ?via WHERE {{
  {{ ?this gko:statedIn ?sentence BIND(?this AS ?via) }}
  UNION {{ ?via ?p ?this . ?via gko:statedIn ?sentence FILTER(isIRI(?via)) }}
  ?sentence rdf:value ?text .
  OPTIONAL {{ ?sentence gko:position ?position }}
  OPTIONAL {{ ?sentence dcterms:isPartOf ?article }}
}} ORDER BY ?article ?position ?sentence LIMIT {SENTENCE_CAP * 10}"""
)
#: When neither the resource nor a node pointing at it is stated in a sentence (a checkpoint of a planned
#: project), the sentences of the nodes two links away (the plan that names the project).
SENTENCES_TWO_LINKS_AWAY = (
    SPARQL_PREFIXES
    + f"""SELECT DISTINCT ?this ?sentence ?text ?position ?article ?via WHERE {{
  ?mid ?p ?this FILTER(isIRI(?mid))
  ?via ?q ?mid . ?via gko:statedIn ?sentence FILTER(isIRI(?via))
  ?sentence rdf:value ?text .
  OPTIONAL {{ ?sentence gko:position ?position }}
  OPTIONAL {{ ?sentence dcterms:isPartOf ?article }}
}} ORDER BY ?article ?position ?sentence LIMIT {SENTENCE_CAP * 10}"""
)
#: The resource's external matches (Wikidata items), with the status and source of each link.
WIKIDATA = (
    SPARQL_PREFIXES
    + """SELECT ?this ?g ?target ?status ?source WHERE {
  GRAPH ?g {
    ?this gko:externalMatch ?target
    OPTIONAL { ?link gko:linkedEntity ?this ; gko:linkTarget ?target ; gko:linkStatus ?status
               OPTIONAL { ?link dcterms:source ?source } }
  }
} ORDER BY ?target"""
)
#: The labels of a set of IRIs (``iris``: checked IRIs in angle brackets; ``properties``: the label properties).
LABELS = (
    SPARQL_PREFIXES + "SELECT ?x ?p ?label WHERE {{ VALUES ?x {{ {iris} }} VALUES ?p {{ {properties} }} ?x ?p ?label }}"
)
