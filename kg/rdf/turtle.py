"""Turtle and TriG for people and for diffs: prefixes, subjects grouped, one stable order.

Layout: the `@prefix` lines of govkg.rdf.namespaces.PREFIXES that the text uses; then
one block per subject (IRIs sorted, then labelled blank nodes; numbers inside
names in numeric order: s2 before s10), the subject on its own line, one
predicate per line (`a` first, then sorted), several objects one per line
(sorted), every line ending in ` ;` and the block in a lone `.`, so that
adding or removing a statement changes only its own line. A blank node
that is the object of one statement only (in one graph only) is written in
place as `[ ... ]`, or `( ... )` when it is an RDF list; the others keep their
label (give canonical labels first, govkg.rdf.canonical, for the same bytes each time).
TriG writes the default graph first, then each named graph in IRI order, as
`<graph> { ... }` with the same blocks inside.
"""

import re
from collections import Counter, defaultdict

import pyoxigraph as ox

from govkg.errors import KgError
from govkg.rdf.namespaces import PREFIXES

INDENT = "    "
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode(_RDF + "type")
RDF_FIRST = ox.NamedNode(_RDF + "first")
RDF_REST = ox.NamedNode(_RDF + "rest")
RDF_NIL = ox.NamedNode(_RDF + "nil")
#: A local name written after a prefix: a safe subset of Turtle's PN_LOCAL (no escapes needed).
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
#: Literals Turtle can write bare, by datatype, with the lexical forms that read back unchanged.
_BARE_LITERALS = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_DIGITS = re.compile(r"([0-9]+)")
#: Deeper blank nodes are written as labelled blocks of their own rather than nested further.
MAX_NESTING = 8


def turtle(triples) -> bytes:
    """``triples`` (pyoxigraph triples, or quads whose graph is ignored) as Turtle."""
    return _Writer({"": triples}).document()


def trig(quads) -> bytes:
    """``quads`` (pyoxigraph) as TriG: the default graph's triples, then one `<graph> { ... }` per named graph."""
    graphs = defaultdict(list)
    for quad in quads:
        graphs["" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value].append(quad)
    return _Writer(graphs).document()


def natural_order(text: str) -> tuple[list, str]:
    """Sort key that puts numbers in numeric order (``s2`` before ``s10``), then the text itself."""
    parts: list = _DIGITS.split(text)
    parts[1::2] = map(int, parts[1::2])
    return parts, text


def _list_nodes(description: dict, once: set) -> set[ox.BlankNode]:
    """The blank nodes of one graph that start an RDF list to write as ``( ... )``.

    Each cell has exactly one rdf:first and one rdf:rest and nothing else; each rest is rdf:nil
    or another cell that is the object of that rdf:rest only.
    """
    valid: set[ox.BlankNode] = set()
    seen: set[ox.BlankNode] = set()
    for start in description:
        if not isinstance(start, ox.BlankNode) or start in seen:
            continue
        chain: list[ox.BlankNode] = []
        current = start
        while True:
            if current == RDF_NIL:
                ok = True
                break
            if chain and current not in once:  # a tail shared with something else (or an IRI): not a plain list
                ok = False
                break
            if current in seen:
                ok = current in valid
                break
            cell = description.get(current)
            if cell is None or len(cell) != 2 or len(cell.get(RDF_FIRST, ())) != 1 or len(cell.get(RDF_REST, ())) != 1:
                ok = False
                break
            seen.add(current)
            chain.append(current)
            current = cell[RDF_REST][0]
        if ok:
            valid.update(chain)
    return valid


class _Writer:
    """Writes one document; remembers which prefixes the text used."""

    def __init__(self, graphs: dict[str, list]):
        #: namespace -> prefix; every namespace of PREFIXES ends in '/' or '#', which a local name never holds
        self.prefixes = {namespace: prefix for prefix, namespace in PREFIXES.items()}
        self.used: set[str] = set()
        self.texts: dict = {}
        #: graph name ("" for the default graph) -> subject -> predicate -> objects
        self.graphs: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        references: Counter = Counter()
        places = defaultdict(set)
        blank = ox.BlankNode
        for graph, statements in graphs.items():
            subjects = self.graphs[graph]
            for statement in statements:
                subject, obj = statement.subject, statement.object
                subjects[subject][statement.predicate].append(obj)
                if type(subject) is blank:
                    places[subject].add(graph)
                if type(obj) is blank:
                    references[obj] += 1
                    places[obj].add(graph)
        self.graph_names = {graph: ox.NamedNode(graph) for graph in self.graphs if graph}
        once = {node for node, count in references.items() if count == 1 and len(places[node]) == 1}
        self.lists = {graph: _list_nodes(description, once) for graph, description in self.graphs.items()}
        self.nested = {graph: self._nested_nodes(graph, once) for graph in self.graphs}

    def document(self) -> bytes:
        """The prefix lines the text uses, then the graphs."""
        parts = []
        for graph in sorted(self.graphs):
            blocks = self._blocks(graph, INDENT if graph else "")
            parts.append(f"{self._term(self.graph_names[graph])} {{\n{blocks}}}\n" if graph else blocks)
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items() if p in self.used)
        return "\n".join(([prefixes] if prefixes else []) + parts).encode()

    def _nested_nodes(self, graph: str, once: set) -> set[ox.BlankNode]:
        """The blank nodes of one graph written in place: objects of one statement, reached from a block.

        Walks from every subject that gets a block of its own; a node nested MAX_NESTING deep (list links
        apart) starts a block of its own, and so does, in label order, a cycle of otherwise unreached nodes.
        """
        description, lists = self.graphs[graph], self.lists[graph]
        nested: set[ox.BlankNode] = set()
        blocks: set = set()

        def walk_from(start) -> None:
            starts = [start]
            while starts:
                block = starts.pop()
                blocks.add(block)
                pending = [(block, 0)]
                while pending:
                    node, depth = pending.pop()
                    for predicate, objects in description.get(node, {}).items():
                        deeper = depth if predicate == RDF_REST and node in lists else depth + 1
                        for obj in objects:
                            if obj not in once or obj in nested or obj in blocks:
                                continue
                            if deeper <= MAX_NESTING:
                                nested.add(obj)
                                pending.append((obj, deeper))
                            else:
                                starts.append(obj)

        for subject in description:
            if subject not in once:
                walk_from(subject)
        for node in sorted((node for node in once if node in description), key=lambda node: node.value):
            if node not in nested and node not in blocks:
                walk_from(node)
        return nested

    def _blocks(self, graph: str, indent: str) -> str:
        """One block per subject of ``graph`` that is not written in place, blank-line separated."""
        description = self.graphs[graph]
        subjects = [subject for subject in description if subject not in self.nested[graph]]
        blocks = sorted(
            ((isinstance(subject, ox.BlankNode), natural_order(self._term(subject)), subject) for subject in subjects),
            key=lambda block: block[:2],
        )
        return "\n".join(
            f"{indent}{text}\n{self._predicates(description[subject], graph, indent + INDENT)}{indent}.\n"
            for _, (_, text), subject in blocks
        )

    def _predicates(self, description: dict, graph: str, indent: str) -> str:
        """One line per predicate (objects one per line when several), each ending in ` ;`."""
        lines = []
        verbs = sorted((predicate != RDF_TYPE, self._verb(predicate), predicate) for predicate in description)
        for _, verb, predicate in verbs:
            objects = description[predicate]
            if len(objects) == 1:
                lines.append(f"{indent}{verb} {self._object(objects[0], graph, indent)} ;\n")
            else:
                rendered = sorted((self._object(obj, graph, indent + INDENT) for obj in objects), key=natural_order)
                lines.append(f"{indent}{verb}\n" + " ,\n".join(f"{indent}{INDENT}{text}" for text in rendered) + " ;\n")
        return "".join(lines)

    def _object(self, term, graph: str, indent: str) -> str:
        """An object: a term, or a nested blank node as `[ ... ]` or `( ... )` closing at ``indent``."""
        if not (isinstance(term, ox.BlankNode) and term in self.nested[graph]):
            return self._term(term)
        items = self._list_items(term, graph)
        if items is not None:
            rendered = [self._object(item, graph, indent + INDENT) for item in items]
            if not any("\n" in text for text in rendered):
                return "( " + " ".join(rendered) + " )"
            return "(\n" + "".join(f"{indent}{INDENT}{text}\n" for text in rendered) + f"{indent})"
        description = self.graphs[graph].get(term)
        if not description:
            return "[]"
        return "[\n" + self._predicates(description, graph, indent + INDENT) + f"{indent}]"

    def _list_items(self, node: ox.BlankNode, graph: str) -> list | None:
        """The items of the RDF list starting at ``node``, or None if it does not start one (see _list_nodes)."""
        if node not in self.lists[graph]:
            return None
        items = []
        while node != RDF_NIL:
            items.append(self.graphs[graph][node][RDF_FIRST][0])
            node = self.graphs[graph][node][RDF_REST][0]
        return items

    def _verb(self, predicate: ox.NamedNode) -> str:
        return "a" if predicate == RDF_TYPE else self._term(predicate)

    def _term(self, term) -> str:
        """An IRI (prefixed when a prefix fits), a blank node label or a literal (bare when Turtle allows)."""
        text = self.texts.get(term)
        if text is None:
            text = self.texts[term] = self._text(term)
        return text

    def _text(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            split = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self.prefixes.get(iri[:split])
            if prefix is None or not _LOCAL_NAME.fullmatch(iri[split:]):
                return str(term)
            self.used.add(prefix)
            return f"{prefix}:{iri[split:]}"
        if isinstance(term, ox.BlankNode):
            return str(term)
        if isinstance(term, ox.Literal):
            quoted = str(ox.Literal(term.value))
            if term.language:
                return f"{quoted}@{term.language}"
            datatype = term.datatype.value
            if datatype == _XSD + "string":
                return quoted
            bare = _BARE_LITERALS.get(datatype)
            if bare is not None and bare.fullmatch(term.value):
                return term.value
            return f"{quoted}^^{self._term(term.datatype)}"
        raise KgError(f"cannot write {term} in Turtle (RDF-star terms are not supported)")
