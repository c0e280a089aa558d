"""A deterministic form of RDF statements: stable blank node labels and a stable order.

pyoxigraph and rdflib give blank nodes random identifiers, so one graph built
twice would be written with other labels each time. Here every blank node is
relabelled from a hash of what surrounds it (colour refinement, as in graph
isomorphism tests): its own statements first, then, round after round, the
colours of the blank nodes it is linked to, until the colours stop splitting.
Blank nodes that are still alike are told apart one at a time; when they are
truly interchangeable (e.g. two copies of one OWL restriction) the choice does
not change the output. Each colour is then prefixed with a digest of all the
statements of its group of linked blank nodes, so labels depend only on that
group: an edit elsewhere in the data leaves them unchanged.
"""

import hashlib
from collections import defaultdict

import pyoxigraph as ox

#: Hex digits of the colour kept in a label (``_:b`` + 16 hex digits = 64 bits).
LABEL_DIGITS = 16


def canonical_statements(statements) -> list:
    """``statements`` (pyoxigraph triples or quads) with every blank node relabelled by ``blank_node_labels``."""
    statements = list(statements)
    with_blank = [
        index
        for index, statement in enumerate(statements)
        if isinstance(statement.subject, ox.BlankNode) or isinstance(statement.object, ox.BlankNode)
    ]
    labels = blank_node_labels([statements[index] for index in with_blank])
    nodes = {old: ox.BlankNode(new) for old, new in labels.items()}

    def renamed(term):
        return nodes[term.value] if isinstance(term, ox.BlankNode) else term

    for index in with_blank:
        statement = statements[index]
        subject, predicate, obj = renamed(statement.subject), statement.predicate, renamed(statement.object)
        if isinstance(statement, ox.Quad):
            statements[index] = ox.Quad(subject, predicate, obj, statement.graph_name)
        else:
            statements[index] = ox.Triple(subject, predicate, obj)
    return statements


def statement_key(statement) -> tuple[str, str, str, str]:
    """Sort key of a triple or quad: graph, subject, predicate, object in N-Triples form."""
    graph = getattr(statement, "graph_name", None)
    graph_text = "" if graph is None or isinstance(graph, ox.DefaultGraph) else str(graph)
    return graph_text, str(statement.subject), str(statement.predicate), str(statement.object)


def blank_node_labels(statements) -> dict[str, str]:
    """A stable label (``b`` + hex digits) for the id of every blank node of ``statements``."""
    links = _blank_node_links(statements)
    colours: dict[str, str] = {}
    groups = _connected_groups(links)
    for group in groups:
        _colour_group(group, links, colours)
    _separate_alike_groups(groups, links, colours)
    labels = {node: "b" + colour[:LABEL_DIGITS] for node, colour in colours.items()}
    clashes = defaultdict(list)
    for node, label in labels.items():
        clashes[label].append(node)
    for nodes in clashes.values():
        if len(nodes) > 1:  # two different colours share their first digits: use the whole colour
            labels.update({node: "b" + colours[node] for node in nodes})
    return labels


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _blank_node_links(statements) -> dict[str, list[tuple[str, str | None, str]]]:
    """For each blank node id: (direction, predicate and graph; the other blank node or None; the other term)."""
    links = defaultdict(list)
    for statement in statements:
        subject, obj = statement.subject, statement.object
        graph = getattr(statement, "graph_name", None)
        context = f"{statement.predicate} {'' if graph is None or isinstance(graph, ox.DefaultGraph) else graph}"
        subject_blank, object_blank = isinstance(subject, ox.BlankNode), isinstance(obj, ox.BlankNode)
        if subject_blank:
            links[subject.value].append((">" + context, obj.value if object_blank else None, str(obj)))
        if object_blank:
            links[obj.value].append(("<" + context, subject.value if subject_blank else None, str(subject)))
    return links


def _connected_groups(links) -> list[list[str]]:
    """The blank nodes split into groups linked to each other through statements between blank nodes."""
    seen: set[str] = set()
    groups = []
    for start in links:
        if start in seen:
            continue
        seen.add(start)
        group, pending = [], [start]
        while pending:
            node = pending.pop()
            group.append(node)
            for _, other, _ in links[node]:
                if other is not None and other not in seen:
                    seen.add(other)
                    pending.append(other)
        groups.append(group)
    return groups


def _colour_group(group: list[str], links, colours: dict[str, str]) -> None:
    """Give every node of ``group`` a colour of its own (in ``colours``), from its surroundings."""
    for node in group:
        colours[node] = ""
    _refine(group, links, colours)
    while True:
        classes = defaultdict(list)
        for node in group:
            classes[colours[node]].append(node)
        alike = [colour for colour, nodes in classes.items() if len(nodes) > 1]
        if not alike:
            return
        colour = min(alike)
        colours[min(classes[colour])] = _digest(colour + "*")  # single out one of the alike nodes
        _refine(group, links, colours)


def _refine(group: list[str], links, colours: dict[str, str]) -> None:
    """Recolour the group round after round from each node's neighbours until its colour classes stop splitting."""
    count = len({colours[node] for node in group})
    while True:
        updated = {
            node: _digest(
                colours[node]
                + "\n"
                + "\n".join(
                    sorted(
                        f"{direction} {colours[other] if other is not None else term}"
                        for direction, other, term in links[node]
                    )
                )
            )
            for node in group
        }
        colours.update(updated)
        new_count = len(set(updated.values()))
        if new_count == count:
            return
        count = new_count


def _separate_alike_groups(groups: list[list[str]], links, colours: dict[str, str]) -> None:
    """Prefix each colour with its group's digest, numbering groups that are copies of one another.

    A group's digest covers all its statements, so blank nodes of different groups never share a colour.
    """
    copies = defaultdict(list)
    for group in groups:
        lines = sorted(
            f"{colours[node]} {direction} {colours[other] if other is not None else term}"
            for node in group
            for direction, other, term in links[node]
        )
        copies[_digest("\n".join(lines))].append(group)
    for digest, alike in copies.items():
        for number, group in enumerate(alike):
            for node in group:
                colours[node] = _digest(f"{digest} {number} {colours[node]}")
