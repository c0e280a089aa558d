"""The checks that refuse a file built to exhaust the parser (govkg.rdf.io.refuse_hostile), on real files, read in
chunks of every size: what they refuse, the line they name, and that they pass what pyoxigraph reads well."""

import json

import pyoxigraph as ox
import pytest

from govkg.errors import KgError
from govkg.rdf import io
from govkg.rdf.io import MAX_DEPTH, parse_file, refuse_hostile

CHUNKS = [1, 2, 3, 7, 64, io._CHUNK]
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def nested_json(depth: int, leaf: str = '"x"') -> str:
    """A JSON-LD node whose property value is ``depth`` objects deep (plus the node itself), over several lines."""
    return '{"@id": "http://example.org/a",\n' + '"http://example.org/p": {\n' * depth + f'"@value": {leaf}' + "}" * depth + "}"


def depth_of(value) -> int:
    """The nesting depth of objects and arrays of a parsed JSON value."""
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


#: JSON-LD whose strings hold what a naive scan would count: brackets, escaped quotes, backslashes at the end.
TRICKY_JSON = [
    '{"@id": "http://example.org/a", "http://example.org/p": "' + "[{" * 400 + '"}',
    '{"@id": "http://example.org/a", "http://example.org/p": "a \\" [[[[ \\\\", "http://example.org/q": [1, [2]]}',
    '{"@id": "http://example.org/a", "http://example.org/p": "\\\\\\\\\\"{{{{{{\\\\"}',
    '[{"@id": "http://example.org/a", "http://example.org/p": "\\u005b\\u007b"}, {"@id": "http://example.org/b"}]',
    nested_json(MAX_DEPTH - 1),
    nested_json(MAX_DEPTH - 2, '"' + "}]" * 300 + '\\\\"'),
]


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("text", TRICKY_JSON)
def test_json_ld_within_the_limits_passes_whatever_the_chunks(tmp_path, monkeypatch, chunk, text):
    assert depth_of(json.loads(text)) <= MAX_DEPTH
    path = tmp_path / "ok.jsonld"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(io, "_CHUNK", chunk)
    refuse_hostile(path, ox.RdfFormat.JSON_LD)
    assert list(parse_file(path))


@pytest.mark.parametrize("chunk", CHUNKS)
def test_json_ld_nested_too_deep_is_refused_at_its_line(tmp_path, monkeypatch, chunk):
    path = tmp_path / "deep.jsonld"
    path.write_text(nested_json(MAX_DEPTH), encoding="utf-8")
    monkeypatch.setattr(io, "_CHUNK", chunk)
    with pytest.raises(KgError, match=rf"deep.jsonld:{MAX_DEPTH + 1}: refused: .* nested deeper than {MAX_DEPTH}$"):
        refuse_hostile(path, ox.RdfFormat.JSON_LD)


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_json_ld_string_longer_than_the_limit_is_refused_at_its_line(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(io, "_CHUNK", chunk)
    monkeypatch.setattr(io, "MAX_TERM", 100)
    path = tmp_path / "long.jsonld"
    fits = '{"@id": "http://example.org/a",\n"http://example.org/p": "' + "\\\\" * 45 + '",\n'
    path.write_text(fits + '"http://example.org/q": "' + "[x" * 60 + '"}', encoding="utf-8")
    with pytest.raises(KgError, match=r"long.jsonld:3: refused: a string longer than"):
        refuse_hostile(path, ox.RdfFormat.JSON_LD)
    path.write_text(fits + '"http://example.org/q": "x"}', encoding="utf-8")
    refuse_hostile(path, ox.RdfFormat.JSON_LD)


BOMB_DOCTYPE = """<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
"""
DOCUMENT = f'<rdf:RDF {RDF}>\n<rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description>\n</rdf:RDF>\n'


@pytest.mark.parametrize(
    "text, line",
    [
        ('<?xml version="1.0"?>\n' + BOMB_DOCTYPE + DOCUMENT, 2),  # declared, not even used
        ('<?xml version="1.0"?>\n' + BOMB_DOCTYPE + DOCUMENT.replace(">x<", ">&b;<"), 2),
        ("<!-- a comment -->\n\n" + BOMB_DOCTYPE.replace("rdf:RDF [", 'rdf:RDF SYSTEM "a>b" [') + DOCUMENT, 3),
    ],
)
def test_rdf_xml_doctype_with_an_internal_subset_is_refused_at_its_line(tmp_path, text, line):
    path = tmp_path / "bomb.rdf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=rf"bomb.rdf:{line}: refused: a DOCTYPE with an internal subset"):
        list(parse_file(path))


def test_rdf_xml_doctype_inside_the_document_is_refused_as_a_syntax_error(tmp_path):
    path = tmp_path / "inner.rdf"
    path.write_text(DOCUMENT.replace("<rdf:Description", BOMB_DOCTYPE + "<rdf:Description"), encoding="utf-8")
    with pytest.raises(KgError, match=r"inner.rdf:2:\d+: RDF/XML syntax error"):
        list(parse_file(path))


def test_rdf_xml_doctype_without_internal_subset_is_read(tmp_path):
    path = tmp_path / "external.rdf"
    path.write_text('<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/never-fetched.dtd">\n' + DOCUMENT, encoding="utf-8")
    assert len(list(parse_file(path))) == 1


def test_rdf_xml_nested_too_deep_is_refused_at_its_line(tmp_path):
    path = tmp_path / "deep.rdf"
    levels = MAX_DEPTH // 2 + 1  # a node element and a property element per level, inside rdf:RDF
    path.write_text(f"<rdf:RDF {RDF}>" + "<rdf:Description>\n<ex:p>" * levels + "</ex:p></rdf:Description>" * levels
                    + "</rdf:RDF>", encoding="utf-8")
    with pytest.raises(KgError, match=rf"deep.rdf:{MAX_DEPTH // 2 + 1}: refused: elements nested deeper than"):
        list(parse_file(path))


def test_rdf_xml_text_or_attribute_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_TERM", 100)
    path = tmp_path / "long.rdf"
    path.write_text(DOCUMENT.replace(">x<", ">" + "x" * 60 + "&amp;" + "y" * 60 + "<"), encoding="utf-8")
    with pytest.raises(KgError, match=r"long.rdf:2: refused: a text longer than"):
        refuse_hostile(path, ox.RdfFormat.RDF_XML)
    path.write_text(DOCUMENT.replace("http://example.org/a", "http://example.org/" + "a" * 100), encoding="utf-8")
    with pytest.raises(KgError, match=r"long.rdf:2: refused: an attribute value longer than"):
        refuse_hostile(path, ox.RdfFormat.RDF_XML)


@pytest.mark.parametrize(
    "name, text",
    [
        ("long.nt", '<http://example.org/a> <http://example.org/p> "' + "x" * (17 << 20) + '" .\n'),
        ("long.ttl", "# " + "x" * (17 << 20) + "\n<http://example.org/a> <http://example.org/p> 1 .\n"),
    ],
)
def test_a_term_or_line_beyond_the_parsers_buffer_is_refused_in_one_line(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=rf"^{path}: refused: a term, line or comment longer than 16 MiB$"):
        list(parse_file(path))
