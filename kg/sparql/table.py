"""Aligned plain-text tables of SPARQL results, with IRIs shortened to the project's prefixes."""

from govkg.rdf.namespaces import PREFIXES

#: Longest namespace first, so that ``gks:`` wins over ``gkr:`` for sector IRIs.
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))

#: How literals are shown (see compact()).
TAGGED, PLAIN, RAW = "tagged", "plain", "raw"


def short_iri(iri: str) -> str:
    """``iri`` as a prefixed name when a known namespace fits (``gkr:OlzhasBektenov``), else ``<iri>``."""
    for namespace, prefix in _NAMESPACES:
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-./" for c in local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def compact(binding: dict | None, literals: str = TAGGED) -> str:
    """One SPARQL-JSON binding (``{"type": ..., "value": ...}``) as short text; ``""`` when unbound.

    IRIs become prefixed names when a known namespace fits (``gkr:OlzhasBektenov``), blank nodes ``_:id``.
    Literals show their text: TAGGED keeps ``@lang``; PLAIN (`kg query`'s tables) shows the language only when it
    is not English and the datatype only when it is not XSD's (``"x"^^gko:code``); RAW writes every literal as
    Turtle does (``"Astana"@en``, ``"3"^^xsd:integer``).
    """
    if binding is None:
        return ""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return short_iri(value)
    if kind == "bnode":
        return f"_:{value}"
    language, datatype = binding.get("xml:lang"), binding.get("datatype")
    if literals == RAW:
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return quoted + (f"@{language}" if language else f"^^{short_iri(datatype)}" if datatype else "")
    if literals == PLAIN:
        if language and not (language.lower() == "en" or language.lower().startswith("en-")):
            return f"{value}@{language}"
        if datatype and not datatype.startswith(PREFIXES["xsd"]):
            return f'"{value}"^^{short_iri(datatype)}'
        return value
    if language:
        return f"{value}@{language}"
    return value


def rows(results: dict, literals: str = TAGGED) -> tuple[list[str], list[list[str]]]:
    """Column names and compacted rows (see compact()) of a SPARQL 1.1 JSON results document (SELECT or ASK)."""
    if "boolean" in results:
        return ["ask"], [["true" if results["boolean"] else "false"]]
    columns = results["head"].get("vars", [])
    bindings = results["results"]["bindings"]
    return columns, [[" ".join(compact(b.get(c), literals).splitlines()) for c in columns] for b in bindings]


#: The widest a text cell of `kg query`'s tables is by default, in characters (a sentence is cut with "…").
CELL_WIDTH = 60


def cut(cell: str, width: int | None) -> str:
    """``cell`` cut to ``width`` characters, its last one "…", when it is a longer text (None or 0: whole); a cell
    of one word (an IRI, a prefixed name, a number, a date) is never cut, so that it can be copied."""
    if not width or len(cell) <= width or " " not in cell:
        return cell
    return cell[: max(width - 1, 0)] + "…"


def render(columns: list[str], body: list[list[str]], max_width: int | None = None) -> str:
    """An aligned table: header, a rule, one line per row, then ``(N rows)``; with ``max_width``, no cell is wider
    (see :func:`cut`)."""
    body = [[cut(cell, max_width) for cell in row] for row in body] if max_width else body
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(body)} row{'' if len(body) == 1 else 's'})")
    return "\n".join(out) + "\n"
