"""Generate the ontology's documentation from its Turtle: HTML (pyLODE 3.3.4) and a class diagram (Graphviz SVG).

Usage: ``python docs/build_docs.py`` (needs ``pip install pylode==3.3.4`` and the Graphviz ``dot`` program).
Writes ontology/docs/index.html, ontology/docs/classes.dot and ontology/docs/classes.svg (package data: the
server's /docs/ontology/ pages).
"""

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
OUT_DIR = ROOT / "ontology" / "docs"
HTML_FILE = OUT_DIR / "index.html"
DOT_FILE = OUT_DIR / "classes.dot"
SVG_FILE = OUT_DIR / "classes.svg"
GKO = "https://w3id.org/govkg/ontology#"
#: Files documented in the HTML: the core and its alignments (the concept schemes are data, not terms).
DOCUMENTED = ["govkg.ttl", "alignments.ttl"]


def _local(term) -> str:
    return str(term)[len(GKO):]


def documented_graph() -> rdflib.Graph:
    """The core plus the alignments, with the alignments' own ontology header left out (one owl:Ontology)."""
    graph = rdflib.Graph()
    for name in DOCUMENTED:
        part = rdflib.Graph().parse(ONTOLOGY_DIR / name)
        for header in set(part.subjects(RDF.type, OWL.Ontology)):
            if str(header) != GKO.rstrip("#"):
                part.remove((header, None, None))
        graph += part
    return graph


def diagram_source() -> str:
    """Graphviz source of the class diagram: classes, subclass arrows, object properties between their domain and
    range."""
    core = rdflib.Graph().parse(ONTOLOGY_DIR / "govkg.ttl")
    classes = sorted(s for s in core.subjects(RDF.type, OWL.Class) if str(s).startswith(GKO))
    lines = [
        "digraph govkg {",
        '  graph [rankdir=BT, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.45,'
        ' label="govkg ontology: classes (boxes), subclass of (hollow arrows), object properties (labelled arrows)",'
        " labelloc=t];",
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8, color="#555555"];',
    ]
    lines += [f'  "{_local(c)}";' for c in classes]
    for sub in classes:
        for sup in sorted(core.objects(sub, RDFS.subClassOf)):
            if str(sup).startswith(GKO):
                lines.append(f'  "{_local(sub)}" -> "{_local(sup)}" [arrowhead=empty, color="#1f4e9c"];')
    for prop in sorted(core.subjects(RDF.type, OWL.ObjectProperty)):
        domain, range_ = core.value(prop, RDFS.domain), core.value(prop, RDFS.range)
        if prop in set(core.objects(None, OWL.inverseOf)):
            continue  # draw one direction of each inverse pair
        if domain in classes and range_ in classes:
            lines.append(f'  "{_local(domain)}" -> "{_local(range_)}" [label="{_local(prop)}", style=dashed];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_diagram() -> None:
    """Write classes.dot and render classes.svg with Graphviz."""
    if shutil.which("dot") is None:
        sys.exit("Graphviz 'dot' not found: apt-get install -y graphviz")
    DOT_FILE.write_text(diagram_source(), encoding="utf-8")
    subprocess.run(["dot", "-Tsvg", str(DOT_FILE), "-o", str(SVG_FILE)], check=True)


#: One term's block in pyLODE's page: its fragment id, then (before any other block starts) its IRI.
_TERM_BLOCK = re.compile(
    r'<div class="[^"]*\bentity\b[^"]*" id="(?P<id>[^"]*)">(?:(?!<div class=)[\s\S])*?<code>(?P<iri>[^<]*)</code>'
)
#: Links from the documentation back to the server's pages: relative, since the documentation is served at
#: /docs/ontology/ under the site's root, which may itself be under a prefix (behind a reverse proxy).
SITE_NAV = (
    '<p class="site-nav"><a href="../../">govkg home</a> · <a href="../../query">query editor</a> · '
    '<a href="../../queries">named queries</a> · <a href="#diagram">class diagram</a></p>'
)
DIAGRAM_SECTION = (
    '<div class="section" id="diagram"><h2>Class diagram</h2>'
    "<p>Boxes are classes, hollow arrows point to the superclass, dashed labelled arrows are object properties "
    "from their domain to their range.</p>"
    '<p><a href="classes.svg"><img src="classes.svg" style="max-width: 100%" '
    'alt="Class diagram of the govkg ontology: its classes, their subclass links and the object properties '
    'between them"></a></p></div>'
)


def anchor_terms(page: str) -> str:
    """pyLODE's page with every govkg term's block given the term's exact local name as id (``#Visit``, not
    pyLODE's ``#visit`` made from the label), so that the hash IRIs ``gko:Term`` land on their block; links follow."""
    renames = {}
    for block in _TERM_BLOCK.finditer(page):
        iri = html.unescape(block["iri"])
        if iri.startswith(GKO) and block["id"] != _local(iri):
            renames[block["id"]] = _local(iri)
    taken = set(re.findall(r'\bid="([^"]*)"', page)) - set(renames)
    clashes = sorted(set(renames.values()) & taken)
    if clashes:
        sys.exit(f"pyLODE page: ids {clashes} are taken by other elements; cannot anchor those terms")
    return re.sub(r'\b(id="|href="#)([^"]*)"', lambda m: f'{m[1]}{renames.get(m[2], m[2])}"', page)


def site_page(page: str) -> str:
    """pyLODE's page with the term anchors, links back to the server's pages and the class diagram."""
    page = anchor_terms(page)
    page = page.replace('<div id="content">', '<div id="content">\n' + SITE_NAV, 1)
    classes = '<div class="section" id="classes">'
    return page.replace(classes, DIAGRAM_SECTION + "\n" + classes, 1)


def write_html() -> None:
    """Write index.html with pyLODE's OntPub profile, adjusted by site_page()."""
    try:
        from pylode import OntPub
    except ImportError:
        sys.exit("pyLODE not installed: pip install pylode==3.3.4")
    HTML_FILE.write_text(site_page(OntPub(ontology=documented_graph()).make_html()), encoding="utf-8")


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_diagram()
    write_html()
    print(f"wrote {HTML_FILE.relative_to(ROOT)}, {DOT_FILE.relative_to(ROOT)}, {SVG_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
