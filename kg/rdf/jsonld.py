"""JSON-LD with a ``@context``: the one writer of JSON-LD (exports, downloads, CONSTRUCT results, entity documents).

pyoxigraph writes expanded JSON-LD: full IRIs everywhere and ``rdf:type`` as a property. This writer starts from it
and compacts it: a ``@context`` declares the project's prefixes (govkg.rdf.namespaces.PREFIXES) that the statements
use, IRIs become compact IRIs (``gkr:SadyrJaparov``) wherever a prefix fits, and ``rdf:type`` with IRI objects
becomes ``@type``. The document reads back as the same statements (a JSON-LD processor expands the compact IRIs),
and the same statements give the same bytes (the statements' order is the caller's; pyoxigraph keeps it)::

    {"@context": {"gko": "https://w3id.org/govkg/ontology#", ...},
     "@graph": [{"@id": "gkr:SadyrJaparov", "@type": ["gko:Person"], "rdfs:label": [{"@value": ..., ...}]}]}

Named graphs (quads) stay nodes with ``@id`` and ``@graph`` inside the top-level ``@graph``.
"""

import json

import pyoxigraph as ox

from govkg.rdf.namespaces import PREFIXES, used_prefixes

RDF_TYPE = PREFIXES["rdf"] + "type"


def write_jsonld(statements: list, indent: int | None = 2) -> bytes:
    """``statements`` (pyoxigraph triples or quads) as JSON-LD with a ``@context``, indented by ``indent`` (None:
    one line), ending with a newline."""
    expanded = json.loads(ox.serialize(statements, format=ox.RdfFormat.JSON_LD) or b"[]")
    context = used_prefixes(statements)
    namespaces = sorted(((ns, prefix) for prefix, ns in context.items()), key=lambda item: -len(item[0]))

    def short(iri: str) -> str:
        for namespace, prefix in namespaces:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def node(item: dict) -> dict:
        out: dict = {}
        for key, values in item.items():
            if key == "@id":
                out[key] = short(values)
            elif key == "@graph":
                out[key] = [node(member) for member in values]
            elif key == RDF_TYPE:
                types = [v["@id"] for v in values if set(v) == {"@id"} and not v["@id"].startswith("_:")]
                others = [value(v) for v in values if not (set(v) == {"@id"} and not v["@id"].startswith("_:"))]
                if types:
                    out["@type"] = [short(t) for t in types]
                if others:
                    out[short(key)] = others
            else:
                out[short(key)] = [value(v) for v in values]
        return out

    def value(item: dict) -> dict:
        if "@id" in item:
            return {"@id": short(item["@id"])}
        return {k: short(v) if k == "@type" else v for k, v in item.items()}

    document = {"@context": context, "@graph": [node(item) for item in expanded]}
    return (json.dumps(document, indent=indent, ensure_ascii=False) + "\n").encode("utf-8")
