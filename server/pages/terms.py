"""The RDF terms a resource page shows, made from SPARQL JSON bindings: IRIs with their label and link, literals
with language and datatype, blank nodes inline (an RDF list as its members, an OWL restriction as its
properties), and the choice of the best label of an IRI."""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

from govkg.rdf.namespaces import PREFIXES
from govkg.sparql.table import compact

RDF = PREFIXES["rdf"]
RDF_TYPE = RDF + "type"
#: Label properties, best first.
LABELS = [PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["schema"] + "name"]
_PLAIN_DATATYPES = {PREFIXES["xsd"] + "string", RDF + "langString"}
_LIST_LIMIT = 200  # members of one RDF list shown


@dataclass(frozen=True)
class IriTerm:
    """An IRI: ``href`` is its page on this server, ``label`` its best label (or local name), ``short`` its
    prefixed name (or ``<IRI>``)."""

    kind: ClassVar[str] = "iri"
    iri: str
    href: str
    label: str
    short: str


@dataclass(frozen=True)
class LiteralTerm:
    """A literal: its text, language tag, and datatype as a prefixed name (None for plain strings)."""

    kind: ClassVar[str] = "literal"
    text: str
    lang: str | None
    datatype: str | None


@dataclass(frozen=True)
class ListTerm:
    """An RDF list, shown as its members."""

    kind: ClassVar[str] = "list"
    members: tuple["Term", ...]


@dataclass(frozen=True)
class BlankTerm:
    """A blank node that is no list, shown as its (property, value) pairs."""

    kind: ClassVar[str] = "blank"
    properties: tuple[tuple[IriTerm, "Term"], ...]


Term = IriTerm | LiteralTerm | ListTerm | BlankTerm


def web_href(url: str | None) -> str | None:
    """``url`` if a page may link to it as another site: an http(s) URL with a host; else None (a ``javascript:``
    or ``data:`` IRI, a relative or protocol-relative reference, a literal that is no URL: shown as text)."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc and url == url.strip() else None


def sort_text(term: Term) -> str:
    """The text a term sorts by: an IRI's label, a literal's text, else nothing."""
    if isinstance(term, IriTerm):
        return term.label
    if isinstance(term, LiteralTerm):
        return term.text
    return ""


def binding_key(binding: dict) -> str:
    """A SPARQL JSON term as hashable text."""
    return json.dumps(binding, sort_keys=True)


def local_name(iri: str) -> str:
    """The last segment of ``iri`` (after ``#`` or the last ``/``), or the IRI itself."""
    for separator in ("#", "/", ":"):
        _, found, tail = iri.rstrip("/#").rpartition(separator)
        if found and tail:
            return tail
    return iri


def _best(literals: list[tuple[int, dict]]) -> dict:
    """The best of (rank, literal binding) pairs: English first, then no language, then any; lower rank first."""

    def key(item):
        rank, literal = item
        lang = literal.get("xml:lang", "").lower()
        return (0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2, rank, literal["value"])

    return min(literals, key=key)[1]


def best_labels(rows: list[dict]) -> dict[str, str]:
    """The best label of each IRI in the bindings of govkg.server.pages.resource_queries.LABELS (``?x ?p ?label``)."""
    found = defaultdict(list)
    for row in rows:
        if row["label"]["type"] == "literal":
            found[row["x"]["value"]].append((LABELS.index(row["p"]["value"]), row["label"]))
    return {iri: _best(literals)["value"] for iri, literals in found.items()}


class Terms:
    """Turns SPARQL JSON bindings into Terms, with ``labels`` (IRI -> label), the blank-node structure ``blanks``
    (node -> its (property, value) bindings) and ``href`` (IRI -> its page)."""

    def __init__(self, labels: dict[str, str], blanks: dict[str, list[tuple[dict, dict]]], href: Callable[[str], str]):
        self.labels = labels
        self.blanks = blanks
        self.href = href

    def name(self, iri: str) -> str:
        """The label of ``iri``, else its local name."""
        return self.labels.get(iri) or local_name(iri)

    def iri(self, iri: str) -> IriTerm:
        return IriTerm(iri=iri, href=self.href(iri), label=self.name(iri), short=compact({"type": "uri", "value": iri}))

    def term(self, binding: dict, seen: frozenset = frozenset()) -> Term:
        """One value: an IRI (linked, labelled), a literal (language and datatype) or a blank node (inline)."""
        kind, value = binding["type"], binding["value"]
        if kind == "uri":
            return self.iri(value)
        if kind == "literal":
            datatype = binding.get("datatype")
            shown = (
                None if not datatype or datatype in _PLAIN_DATATYPES else compact({"type": "uri", "value": datatype})
            )
            return LiteralTerm(text=value, lang=binding.get("xml:lang"), datatype=shown)
        return self._blank(value, seen)

    def _blank(self, node: str, seen: frozenset) -> Term:
        """A blank node: an RDF list as its members, else its properties (cycles cut)."""
        if node in seen:
            return BlankTerm(properties=())
        seen = seen | {node}
        items: list[Term] = []
        cell: str | None = node
        while cell and len(items) < _LIST_LIMIT:
            properties = {p["value"]: o for p, o in self.blanks.get(cell, [])}
            if RDF + "first" not in properties:
                break
            items.append(self.term(properties[RDF + "first"], seen))
            rest = properties.get(RDF + "rest", {})
            cell = rest.get("value") if rest.get("type") == "bnode" and rest.get("value") not in seen else None
            seen = seen | {cell}
        if items:
            return ListTerm(members=tuple(items))
        pairs = sorted(self.blanks.get(node, []), key=lambda pair: (pair[0]["value"] != RDF_TYPE, pair[0]["value"]))
        return BlankTerm(properties=tuple((self.iri(p["value"]), self.term(o, seen)) for p, o in pairs))
