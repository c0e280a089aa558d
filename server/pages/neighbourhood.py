"""The neighbourhood of a resource drawn as an SVG picture by the server (pure Python, no Graphviz, no JavaScript).

The layout is fixed and deterministic: the resource in the middle, the nodes that link to it in a column on the
left (arrows into the middle), the nodes it links to in a column on the right (arrows out of the middle). Each
neighbour is one box, a link to its page, with the properties that join it to the middle written above the box.
A neighbour joined only by inferred triples gets a dashed line. At most ``MAX_NEIGHBOURS`` boxes are drawn; the
picture says how many more there are. The SVG scales to its container (``viewBox``, ``width="100%"``).
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

#: How many neighbour boxes the picture draws at most (both columns together).
MAX_NEIGHBOURS = 24

_WIDTH = 720
_COLUMN_WIDTH = 220
_LEFT_X = 4
_RIGHT_X = _WIDTH - 4 - _COLUMN_WIDTH
_CENTRE_WIDTH = 184
_CENTRE_X = (_WIDTH - _CENTRE_WIDTH) / 2
_TOP = 30  # room for the column headings
_ROW = 50
_BOX_OFFSET = 16  # from the top of a row to the top of its box (the property text sits above the box)
_BOX_HEIGHT = 26
#: Characters that fit a line of a box: about 0.6 em a character for the node text (12 px), 0.62 em for the bold
#: centre text (14 px), so that a label never spills out of its box (the whole label is in the box's tooltip).
_NODE_CHARS = 29
_PROPERTY_CHARS = 36
_CENTRE_CHARS = 19
_ARROW = (
    '<defs><marker id="nb-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
    'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#7a8794"/></marker></defs>'
)


@dataclass(frozen=True)
class Neighbour:
    """One node next to the resource: ``incoming`` when it links to the resource, else the resource links to it.

    ``properties`` are the labels of the properties that join the two (in that direction); ``inferred`` is True when
    every one of those triples is only in the inferred graph.
    """

    iri: str
    label: str
    href: str
    properties: tuple[str, ...]
    incoming: bool
    inferred: bool


def choose(neighbours: list[Neighbour], limit: int = MAX_NEIGHBOURS) -> tuple[list[Neighbour], int]:
    """The neighbours to draw (stated before inferred, then by property and label; the two columns share ``limit``
    fairly) and how many are left out."""
    ordered = sorted(neighbours, key=lambda n: (n.inferred, n.properties, n.label.casefold(), n.iri))
    incoming = [n for n in ordered if n.incoming]
    outgoing = [n for n in ordered if not n.incoming]
    half = limit // 2
    take_in = min(len(incoming), max(half, limit - len(outgoing)))
    take_out = min(len(outgoing), limit - take_in)
    chosen = incoming[:take_in] + outgoing[:take_out]
    return chosen, len(neighbours) - len(chosen)


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of about ``width`` characters (the last one cut)."""
    words, out, line = " ".join(text.split()).split(" "), [], ""
    for index, word in enumerate(words):
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
            continue
        out.append(_shorten(line, width))
        if len(out) == lines - 1:
            line = " ".join(words[index:])
            break
        line = word
    out.append(_shorten(line, width))
    return out


def _column(neighbours: list[Neighbour], x: float, anchor_x: float, centre_y: float, incoming: bool) -> list[str]:
    """The boxes of one column and their lines to the centre box."""
    parts = []
    box_side = x + _COLUMN_WIDTH if incoming else x
    for row, node in enumerate(neighbours):
        top = _TOP + row * _ROW
        box_y = top + _BOX_OFFSET
        mid_y = box_y + _BOX_HEIGHT / 2
        line = (box_side, mid_y, anchor_x, centre_y) if incoming else (anchor_x, centre_y, box_side, mid_y)
        dash = ' stroke-dasharray="5 4"' if node.inferred else ""
        parts.append(
            f'<line x1="{line[0]:g}" y1="{line[1]:g}" x2="{line[2]:g}" y2="{line[3]:g}" stroke="#7a8794" '
            f'stroke-width="1.2"{dash} marker-end="url(#nb-arrow)"/>'
        )
        properties = ", ".join(node.properties) + (" (inferred)" if node.inferred else "")
        text_x = x + _COLUMN_WIDTH - 2 if incoming else x + 2
        text_anchor = "end" if incoming else "start"
        parts.append(
            f'<text x="{text_x:g}" y="{top + 12:g}" font-size="11" font-style="italic" fill="#555" '
            f'text-anchor="{text_anchor}">{escape(_shorten(properties, _PROPERTY_CHARS))}</text>'
        )
        title = f"{node.label} ({node.iri})"
        parts.append(
            f"<a href={quoteattr(node.href)}><title>{escape(title)}</title>"
            f'<rect x="{x:g}" y="{box_y:g}" width="{_COLUMN_WIDTH}" height="{_BOX_HEIGHT}" rx="4" fill="#eef4fb" '
            f'stroke="#0b5cad"/>'
            f'<text x="{x + _COLUMN_WIDTH / 2:g}" y="{box_y + 17:g}" font-size="12" text-anchor="middle" '
            f'fill="#0b5cad">{escape(_shorten(node.label, _NODE_CHARS))}</text></a>'
        )
    return parts


def draw(label: str, iri: str, href: str, neighbours: list[Neighbour], left_out: int = 0) -> str:
    """The SVG (an ``<svg>`` element, ready to put inline in HTML) of the resource ``iri`` and its ``neighbours``.

    ``left_out`` is how many further neighbours were not drawn (the picture notes "+N more").
    """
    incoming = [n for n in neighbours if n.incoming]
    outgoing = [n for n in neighbours if not n.incoming]
    rows = max(len(incoming), len(outgoing), 1)
    height = _TOP + rows * _ROW + (24 if left_out else 4)
    centre_lines = _wrap(label, _CENTRE_CHARS, 4)
    centre_height = 16 + 18 * len(centre_lines)
    centre_y = _TOP + (rows * _ROW + _BOX_OFFSET) / 2
    centre_top = centre_y - centre_height / 2
    summary = f"{label}: {len(incoming)} linking to it, {len(outgoing)} it links to" + (
        f", {left_out} more not drawn" if left_out else ""
    )
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height:g}" width="100%" role="img" '
        f'aria-label={quoteattr("Neighbourhood of " + summary)} font-family="system-ui, sans-serif">'
    )
    parts = [opening, f"<title>{escape('Neighbourhood of ' + summary)}</title>", _ARROW]
    if incoming:
        parts.append(
            f'<text x="{_LEFT_X}" y="14" font-size="12" font-weight="bold" fill="#1b1b1b">links to this</text>'
        )
    if outgoing:
        parts.append(
            f'<text x="{_RIGHT_X + _COLUMN_WIDTH:g}" y="14" font-size="12" font-weight="bold" fill="#1b1b1b" '
            f'text-anchor="end">this links to</text>'
        )
    parts += _column(incoming, _LEFT_X, _CENTRE_X, centre_y, incoming=True)
    parts += _column(outgoing, _RIGHT_X, _CENTRE_X + _CENTRE_WIDTH, centre_y, incoming=False)
    parts.append(
        f"<a href={quoteattr(href)}><title>{escape(f'{label} ({iri})')}</title>"
        f'<rect x="{_CENTRE_X:g}" y="{centre_top:g}" width="{_CENTRE_WIDTH}" height="{centre_height:g}" rx="6" '
        f'fill="#0b5cad"/>'
    )
    for number, text in enumerate(centre_lines):
        parts.append(
            f'<text x="{_WIDTH / 2:g}" y="{centre_top + 22 + 18 * number:g}" font-size="14" font-weight="bold" '
            f'text-anchor="middle" fill="#fff">{escape(text)}</text>'
        )
    parts.append("</a>")
    if left_out:
        parts.append(
            f'<text x="{_WIDTH / 2:g}" y="{height - 8:g}" font-size="12" text-anchor="middle" fill="#555">'
            f"+{left_out} more not drawn (every link is in the tables below)</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
