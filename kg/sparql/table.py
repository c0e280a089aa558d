"""Aligned plain-text tables of SPARQL results, with IRIs shortened to the project's prefixes."""

from govkg.rdf.namespaces import PREFIXES

#: Longest namespace first, so that ``gks:`` wins over ``gkr:`` for sector IRIs.
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def compact(binding: dict | None) -> str:
    """One SPARQL-JSON binding (``{"type": ..., "value": ...}``) as short text; ``""`` when unbound.

    IRIs become prefixed names when a known namespace fits (``gkr:OlzhasBektenov``),
    literals show their text (``@lang`` kept), blank nodes ``_:id``.
    """
    if binding is None:
        return ""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        for namespace, prefix in _NAMESPACES:
            local = value[len(namespace):]
            if value.startswith(namespace) and local and all(c.isalnum() or c in "_-./" for c in local):
                return f"{prefix}:{local}"
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if binding.get("xml:lang"):
        return f"{value}@{binding['xml:lang']}"
    return value


def rows(results: dict) -> tuple[list[str], list[list[str]]]:
    """Column names and compacted rows of a SPARQL 1.1 JSON results document (SELECT or ASK)."""
    if "boolean" in results:
        return ["ask"], [["true" if results["boolean"] else "false"]]
    columns = results["head"].get("vars", [])
    bindings = results["results"]["bindings"]
    return columns, [[" ".join(compact(b.get(c)).splitlines()) for c in columns] for b in bindings]


def render(columns: list[str], body: list[list[str]]) -> str:
    """An aligned table: header, a rule, one line per row, then ``(N rows)``."""
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(body)} row{'' if len(body) == 1 else 's'})")
    return "\n".join(out) + "\n"
