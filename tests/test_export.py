"""`kg export`: every format parsed back with rdflib and with pyoxigraph equals the store; graph choice; atomic files."""

import pyoxigraph as ox
import pytest
import rdflib
from conftest import run_kg, run_kg_after, store_graphs
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.export import export
from kg.load import FORMATS, rdflib_graph
from kg.namespaces import INFERRED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH

#: Our format names and rdflib's parser names for them.
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "rdfxml": "xml",
    "jsonld": "json-ld",
}


def union(graphs) -> rdflib.Graph:
    merged = rdflib.Graph()
    for graph in graphs:
        merged += graph
    return merged


def parsed_by_rdflib(path, name) -> dict[str, rdflib.Graph]:
    """The exported file parsed by rdflib: named graphs by IRI (dataset formats) or {'': graph}."""
    if FORMATS[name].supports_datasets:
        dataset = rdflib.Dataset()
        dataset.parse(path, format=RDFLIB_FORMATS[name])
        return {str(g.identifier): g for g in dataset.graphs() if len(g) and isinstance(g.identifier, rdflib.URIRef)}
    return {"": rdflib.Graph().parse(path, format=RDFLIB_FORMATS[name])}


def parsed_by_pyoxigraph(path, name) -> dict[str, rdflib.Graph]:
    """The exported file parsed by pyoxigraph, grouped the same way."""
    groups: dict[str, list] = {}
    for quad in ox.parse(path=path, format=FORMATS[name]):
        key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        groups.setdefault(key, []).append(quad)
    return {key: rdflib_graph(quads) for key, quads in groups.items()}


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_parses_back_to_the_store(built_store, tmp_path, name):
    output = tmp_path / f"export.{name}"
    count = export(built_store, output, name)
    graphs = {iri: graph for iri, graph in store_graphs(built_store).items() if len(graph)}
    expected = graphs if FORMATS[name].supports_datasets else {"": union(graphs.values())}
    assert count == sum(len(graph) for graph in expected.values())
    for parsed in (parsed_by_rdflib(output, name), parsed_by_pyoxigraph(output, name)):
        assert parsed.keys() == expected.keys()
        for key, graph in expected.items():
            assert isomorphic(parsed[key], graph), (name, key)


def test_chosen_graphs_and_no_inferred(built_store, tmp_path):
    output = tmp_path / "chosen.nq"
    export(built_store, output, graphs=[str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH)], inferred=False)
    parsed = parsed_by_pyoxigraph(output, "nquads")
    assert list(parsed) == [str(ONTOLOGY_GRAPH)]
    assert isomorphic(parsed[str(ONTOLOGY_GRAPH)], store_graphs(built_store)[str(ONTOLOGY_GRAPH)])


def test_default_export_without_inferred_is_the_asserted_union(built_store, tmp_path):
    output = tmp_path / "asserted.ttl"
    export(built_store, output, inferred=False)
    graphs = store_graphs(built_store)
    del graphs[str(INFERRED_GRAPH)]
    assert isomorphic(rdflib.Graph().parse(output), union(graphs.values()))


def test_export_to_stdout(built_store):
    result = run_kg("export", "--store", built_store, "--graph", str(LINKS_GRAPH), "--format", "ntriples")
    assert result.returncode == 0, result.stderr
    parsed = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert isomorphic(parsed, store_graphs(built_store)[str(LINKS_GRAPH)])


def test_failed_export_leaves_the_existing_file(built_store, tmp_path):
    output = tmp_path / "kept.ttl"
    output.write_text("old content\n")
    with pytest.raises(KgError, match="http://example.org/nope> is not in the store"):
        export(built_store, output, graphs=["http://example.org/nope"])
    assert output.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.ttl"]


def test_export_into_a_missing_folder_is_one_line(built_store, tmp_path):
    result = run_kg("export", "--store", built_store, "--output", tmp_path / "no" / "such" / "file.ttl")
    assert result.returncode == 1
    assert result.stderr.startswith("kg export: error: ") and len(result.stderr.splitlines()) == 1
    assert "file.ttl" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("output", [".", "folder", "folder/.."])
def test_export_onto_a_folder_is_one_line(built_store, tmp_path, output):
    (tmp_path / "folder").mkdir()
    result = run_kg("export", "--store", built_store, "--output", tmp_path / output)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("kg export: error: ") and "is a folder" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["folder"]


CTRL_C_HALF_WAY = """
import os, pathlib, signal
real_write_bytes = pathlib.Path.write_bytes
def write_half_then_ctrl_c(path, data):
    real_write_bytes(path, data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C in the middle of writing the file
pathlib.Path.write_bytes = write_half_then_ctrl_c
"""


def test_ctrl_c_while_exporting_leaves_no_half_written_file(built_store, tmp_path):
    output = tmp_path / "kept.ttl"
    output.write_text("old content\n")
    result = run_kg_after(CTRL_C_HALF_WAY, "export", "--store", built_store, "--output", output)
    assert result.returncode == 130 and result.stderr == "kg export: interrupted\n", result.stderr
    assert output.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.ttl"]
