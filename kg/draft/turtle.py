"""Writing an encoding as Turtle with comments: nodes with their values, the guesses and the gaps.

rdflib cannot write comments, and the comments are the point of a draft (``# draft: "words" -> gko:Class`` for
every guess, ``# TODO`` for every gap), so the text is written here; :func:`check_parses` parses the result.
"""

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef

from govkg.errors import KgError
from govkg.rdf.namespaces import GKR, PREFIXES, article_iri

#: The prefixes every encoding declares, in the order of the seed article's (gka:, s: and v: are per article).
BASE_PREFIXES = ["gko", "gkr", "gks", "rdf", "rdfs", "xsd", "skos", "dcterms", "schema", "time"]
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def article_prefixes(slug: str) -> dict[str, str]:
    """The prefixes of an article's encoding: the project's and gka: (articles), s: (its sentences), v: (its nodes)."""
    prefixes = {name: PREFIXES[name] for name in BASE_PREFIXES}
    prefixes["gka"] = str(GKR["article/"])
    prefixes["s"] = article_iri(slug) + "/"
    prefixes["v"] = str(GKR[slug + "/"])
    return prefixes


def escape(text: str) -> str:
    """``text`` as the inside of a Turtle string in double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def one_line(text: str) -> str:
    """``text`` fit for a comment: one line, white space runs as one space."""
    return " ".join(text.split())


@dataclass
class Value:
    """One value of a property of a node, with an optional comment after it."""

    predicate: URIRef
    obj: URIRef | Literal
    comment: str = ""


@dataclass
class Node:
    """A node of the encoding: its IRI, classes, label, values and the comment lines before and inside it."""

    iri: URIRef
    types: list[URIRef] = field(default_factory=list)
    label: str | None = None
    values: list[Value] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)

    def add(self, predicate: URIRef, obj: URIRef | Literal, comment: str = "") -> None:
        """Add a value unless the node has it already."""
        if not any(v.predicate == predicate and v.obj == obj for v in self.values):
            self.values.append(Value(predicate, obj, comment))

    def objects(self, predicate: URIRef) -> list[URIRef | Literal]:
        """The values of ``predicate``."""
        return [value.obj for value in self.values if value.predicate == predicate]


class Writer:
    """Turns nodes into Turtle text with the prefixes of one article."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self._by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def name(self, iri: URIRef | str) -> str:
        """``iri`` as a prefixed name where one of the prefixes fits, else in angle brackets."""
        text = str(iri)
        for prefix, namespace in self._by_length:
            if text.startswith(namespace) and _LOCAL.fullmatch(text[len(namespace) :]):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"

    def term(self, obj: URIRef | Literal) -> str:
        """An IRI or a literal in Turtle."""
        if isinstance(obj, URIRef):
            return self.name(obj)
        text = f'"{escape(str(obj))}"'
        if obj.language:
            return f"{text}@{obj.language}"
        if obj.datatype is not None:
            if obj.datatype == URIRef(PREFIXES["xsd"] + "integer") and re.fullmatch(r"-?\d+", str(obj)):
                return str(obj)
            return f"{text}^^{self.name(obj.datatype)}"
        return text

    def prefix_block(self) -> str:
        """The @prefix lines."""
        width = max(len(prefix) for prefix in self.prefixes) + 2
        return "".join(f"@prefix {prefix + ':':<{width}}<{ns}> .\n" for prefix, ns in self.prefixes.items())

    def node(self, node: Node) -> str:
        """One node as a Turtle block (comments before it, TODOs inside it)."""
        lines = [f"# {one_line(note)}" for note in node.notes]
        head = self.name(node.iri)
        parts: list[tuple[str, str]] = []
        if node.types:
            parts.append(("a " + " , ".join(self.name(t) for t in node.types), ""))
        if node.label is not None:
            parts.append((f'rdfs:label "{escape(node.label)}"@en', ""))
        parts.extend((f"{self.name(v.predicate)} {self.term(v.obj)}", v.comment) for v in node.values)
        todos = [f"    # TODO {one_line(todo)}" for todo in node.todos]
        if not parts:
            # a node with nothing known yet: only comments, so that the file still parses
            return "\n".join([*lines, f"# {head}", *todos]) + "\n"
        body = []
        for index, (text, comment) in enumerate(parts):
            end = " ." if index == len(parts) - 1 else " ;"
            body.append(f"    {text}{end}" + (f"  # {one_line(comment)}" if comment else ""))
        body[0] = head + " " + body[0].lstrip()
        return "\n".join([*lines, body[0], *todos, *body[1:]]) + "\n"


def check_parses(text: str, where: str) -> list[ox.Quad]:
    """The triples of the Turtle ``text``; KgError if it does not parse (a bug of the writer, named as such)."""
    try:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise KgError(f"{where}: the written Turtle does not parse ({error.msg}); please report this") from None
