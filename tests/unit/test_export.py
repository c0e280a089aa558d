"""`kg export`: every format parses back (rdflib and pyoxigraph) to the store; graph choice; the same bytes across
builds and processes; readable Turtle; blank nodes; export folders with a manifest; one-line errors; atomic writes."""

import hashlib
import json
import random
import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import run_kg, run_kg_after, store_graphs
from govkg.cli import main
from govkg.errors import KgError
from govkg.export import export, export_folder, graph_file, serialize, write
from govkg.load import load_files
from govkg.rdf.canonical import canonical_statements
from govkg.rdf.io import FORMATS, rdflib_graph
from govkg.rdf.namespaces import (
    GRAPH,
    INFERRED_GRAPH,
    INFERRED_SCHEMA_GRAPH,
    LINKS_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    article_graph,
)
from govkg.rdf.turtle import INDENT, MAX_NESTING, natural_order
from govkg.store import open_read_only

#: Our format names and rdflib's parser names for them.
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
ARTICLE_GRAPH = article_graph("kz-kg-government-visit")


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


def kg_in_process(capsys, *args) -> tuple[int, str]:
    """Run the real `kg ARGS` (govkg.cli.main) in this process, quicker than a subprocess; (exit status, stderr)."""
    try:
        status = main([*map(str, args)])
    except SystemExit as exit_:  # argparse's usage errors
        status = exit_.code
    return status, capsys.readouterr().err


def one_error_line(capsys, *args, status=1) -> str:
    """The one stderr line of a failing `kg export ARGS`, checked for shape."""
    code, stderr = kg_in_process(capsys, "export", *args)
    assert code == status, stderr
    assert stderr.startswith("kg export: error: ") and len(stderr.splitlines()) == 1, stderr
    return stderr


# --- every format reads back as the store ---


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


# --- graph choice ---


@pytest.mark.parametrize(
    "names, expected",
    [
        (None, "every"),
        (["all"], "every"),
        (["asserted"], "asserted"),
        (["inferred"], [str(INFERRED_GRAPH)]),
        (["inferred-schema"], [str(INFERRED_SCHEMA_GRAPH)]),
        (["ontology", "links"], [str(ONTOLOGY_GRAPH), str(LINKS_GRAPH)]),
        (["article/kz-kg-government-visit"], [ARTICLE_GRAPH]),
        ([str(ONTOLOGY_GRAPH), "ontology", "inferred"], [str(INFERRED_GRAPH), str(ONTOLOGY_GRAPH)]),
    ],
)
def test_graph_choices(built_store, tmp_path, names, expected):
    graphs = store_graphs(built_store)
    if expected == "every":
        expected = list(graphs)
    elif expected == "asserted":
        expected = [graph for graph in graphs if graph not in (str(INFERRED_GRAPH), str(INFERRED_SCHEMA_GRAPH))]
    output = tmp_path / "chosen.nq"
    export(built_store, output, graphs=names)
    parsed = parsed_by_pyoxigraph(output, "nquads")
    assert sorted(parsed) == sorted(expected)
    for graph in expected:
        assert isomorphic(parsed[graph], graphs[graph]), graph


def test_asserted_turtle_is_the_union_of_the_asserted_graphs(built_store, tmp_path):
    output = tmp_path / "asserted.ttl"
    export(built_store, output, graphs=["asserted"])
    graphs = store_graphs(built_store)
    del graphs[str(INFERRED_GRAPH)], graphs[str(INFERRED_SCHEMA_GRAPH)]
    assert isomorphic(rdflib.Graph().parse(output), union(graphs.values()))


def test_export_to_stdout(built_store):
    result = run_kg("export", "--store", built_store, "--graph", "links", "--format", "ntriples")
    assert result.returncode == 0, result.stderr
    parsed = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert isomorphic(parsed, store_graphs(built_store)[str(LINKS_GRAPH)])


# --- the same bytes every time ---


@pytest.fixture(scope="module")
def second_store(tmp_path_factory):
    """The real project built a second time, by `kg build` in a process of its own."""
    store_dir = tmp_path_factory.mktemp("second") / "kg-store"
    result = run_kg("build", "--store", store_dir)
    assert result.returncode == 0, result.stderr
    return store_dir


def blank_node_ids(store_dir) -> set[str]:
    quads = open_read_only(store_dir).quads_for_pattern(None, None, None, None)
    return {term.value for quad in quads for term in (quad.subject, quad.object) if isinstance(term, ox.BlankNode)}


def test_two_builds_give_their_blank_nodes_other_ids(corpus_store, second_store):
    """What the next test overcomes: the stores name the same blank nodes differently."""
    first, second = blank_node_ids(corpus_store), blank_node_ids(second_store)
    assert len(first) == len(second) > 20
    assert not first & second
    quads = [
        list(open_read_only(store_dir).quads_for_pattern(None, None, None, None))
        for store_dir in (corpus_store, second_store)
    ]
    assert same_dataset(*quads), "the two builds hold different data (was the build code edited during the session?)"


@pytest.mark.parametrize("name", list(FORMATS))
def test_exports_of_two_builds_are_the_same_bytes(corpus_store, second_store, tmp_path, name):
    outputs = []
    for number, store_dir in enumerate([corpus_store, second_store]):
        output = tmp_path / f"{number}.{name}"
        result = run_kg("export", "--store", store_dir, "--format", name, "--output", output)
        assert result.returncode == 0, result.stderr
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"_:") > 0 or name == "xml"  # the data has blank nodes (RDF/XML writes rdf:nodeID)


def test_export_folders_of_two_builds_are_the_same_files(corpus_store, second_store, tmp_path):
    folders = [tmp_path / "first", tmp_path / "second"]
    for folder, store_dir in zip(folders, [corpus_store, second_store], strict=True):
        export_folder(store_dir, folder, "trig")
    files = [sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()) for folder in folders]
    assert files[0] == files[1] and len(files[0]) == 7  # two articles, inferred, inferred-schema, links, ontology, manifest
    for name in files[0]:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


# --- readable Turtle ---


@pytest.fixture(scope="module")
def turtle_text(built_store) -> str:
    return serialize(
        open_read_only(built_store), [ox.NamedNode(g) for g in store_graphs(built_store)], FORMATS["turtle"]
    )[1].decode()


def test_turtle_declares_exactly_the_prefixes_it_uses(turtle_text):
    declared = re.findall(r"^@prefix (\w+): <([^>]+)> \.$", turtle_text, flags=re.MULTILINE)
    body = turtle_text.split("\n\n", 1)[1]
    assert [prefix for prefix, _ in declared] == [prefix for prefix in PREFIXES if prefix in dict(declared)]
    for prefix, namespace in declared:
        assert PREFIXES[prefix] == namespace
        assert re.search(rf"(^|\s|\(|\^\^){prefix}:\w", body, flags=re.MULTILINE), prefix
    assert {"gko", "gkr", "gks", "rdf", "rdfs", "owl", "skos"} <= {prefix for prefix, _ in declared}


def test_turtle_groups_subjects_in_a_stable_order(turtle_text):
    body = turtle_text.split("\n\n", 1)[1]
    blocks = body.split("\n.\n")
    subjects = [block.strip("\n").split("\n", 1)[0] for block in blocks if block.strip()]
    assert subjects == sorted(subjects, key=lambda subject: (subject.startswith("_:"), natural_order(subject)))
    sentences = [subject for subject in subjects if re.fullmatch(r"<.*/kz-kg-government-visit/s[0-9]+>", subject)]
    numbers = [int(sentence[sentence.rindex("/s") + 2 : -1]) for sentence in sentences]
    assert len(numbers) >= 10 and numbers == sorted(numbers)  # s2 before s10
    assert len(subjects) == len(set(subjects))  # one block per subject
    olzhas = next(block for block in blocks if block.strip("\n").startswith("gkr:OlzhasBektenov\n"))
    predicates = [
        line.split()[0] for line in olzhas.strip("\n").split("\n")[1:] if line.startswith("    ") and line[4] != " "
    ]
    assert predicates[0] == "a" and predicates[1:] == sorted(predicates[1:])


def test_turtle_writes_lists_and_once_used_blank_nodes_in_place(turtle_text):
    assert "rdf:first" not in turtle_text and "rdf:rest" not in turtle_text
    assert re.search(r"owl:members \( gko:\w+ gko:\w+", turtle_text)
    labels = set(re.findall(r"_:\w+", turtle_text))
    assert labels, "the seed data has blank nodes used more than once"
    for label in labels:
        uses = len(re.findall(rf"{label}\b", turtle_text))
        has_block = re.search(rf"^{label}$", turtle_text, flags=re.MULTILINE) is not None
        assert uses - has_block != 1, f"{label} is the object of one statement only but kept its label"


# --- blank nodes: stable labels whatever the input order and ids ---

TRICKY = """
@prefix ex: <https://w3id.org/govkg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:g1 {
    ex:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] ,
                         [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] ,
                         [ a owl:Restriction ; owl:onProperty ex:q ; owl:allValuesFrom ( ex:B [ ex:r ex:C ] ) ] .
    ex:A ex:members ( ex:x ex:x ex:y ) , ( ex:x ex:x ex:y ) .
    ex:A ex:shared _:s . ex:B ex:shared _:s . _:s ex:value "shared" .
    _:c1 ex:next _:c2 . _:c2 ex:next _:c1 . ex:A ex:empty [] .
    _:d1 ex:next _:d2 . _:d2 ex:next _:d1 .
    _:t1 ex:next _:t2 . _:t2 ex:next _:t3 . _:t3 ex:next _:t1 .
    ex:A ex:notAList [ <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ex:x ; ex:extra 1 ] .
    ex:A ex:literals 42, -7, 3.25, true, "1e3"^^xsd:double, "x\\"y\\nz"@en, "plain", "01"^^xsd:integer, "t"^^ex:dt .
    ex:A ex:both _:crossGraph .
}
ex:g2 { _:crossGraph ex:value 1 . ex:B ex:also [ ex:value 2 ] . }
"""


def tricky_quads(seed: int) -> list[ox.Quad]:
    """TRICKY plus chains longer than MAX_NESTING (a list, a plain chain, rdf:rest links without rdf:first),
    parsed with fresh blank node ids, in a shuffled order."""
    deep = MAX_NESTING + 5
    items = " ".join(f"ex:i{i}" for i in range(deep))
    chain = " ".join(f"_:n{i} ex:next _:n{i + 1} ." for i in range(deep))
    rests = " ".join(f"_:r{i} rdf:rest _:r{i + 1} ." for i in range(deep))
    text = TRICKY.replace(
        "ex:g1 {",
        "ex:g1 {\n"
        f"    ex:A ex:longList ( {items} ) ; ex:chain _:n0 ; ex:rests _:r0 . {chain} {rests} _:r{deep} rdf:rest rdf:nil .",
    )
    quads = list(ox.parse(text.encode(), format=ox.RdfFormat.TRIG, rename_blank_nodes=True))
    random.Random(seed).shuffle(quads)
    return quads


def same_dataset(first, second) -> bool:
    """Isomorphic datasets, by pyoxigraph's own canonicalization (independent of govkg.rdf.canonical)."""
    datasets = []
    for quads in (first, second):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        datasets.append(dataset)
    return datasets[0] == datasets[1]


@pytest.mark.parametrize("name", list(FORMATS))
def test_blank_node_shapes_give_the_same_bytes_and_read_back(name, tmp_path):
    rdf_format = FORMATS[name]
    outputs = []
    for seed in (1, 2, 3):
        quads = tricky_quads(seed)
        content = quads if rdf_format.supports_datasets else list(dict.fromkeys(quad.triple for quad in quads))
        outputs.append(write(canonical_statements(content), rdf_format))
    assert outputs[0] == outputs[1] == outputs[2]
    path = tmp_path / f"tricky.{name}"
    path.write_bytes(outputs[0])
    read_back = list(ox.parse(path=path, format=rdf_format))
    quads = tricky_quads(0)
    if rdf_format.supports_datasets:
        assert same_dataset(read_back, quads)
    else:
        assert same_dataset([ox.Quad(*q.triple) for q in read_back], {ox.Quad(*q.triple) for q in quads})
        plain = ox.serialize([quad.triple for quad in quads], format=ox.RdfFormat.N_TRIPLES)  # rdflib on both sides:
        expected = rdflib.Graph().parse(data=plain, format="nt")  # it normalizes "01"^^xsd:integer when parsing
        assert isomorphic(rdflib.Graph().parse(path, format=RDFLIB_FORMATS[name]), expected)


def test_tricky_turtle_keeps_labels_only_where_needed():
    text = write(canonical_statements(q.triple for q in tricky_quads(0)), FORMATS["turtle"]).decode()
    assert "        ( gkr:x gkr:x gkr:y ) ,\n        ( gkr:x gkr:x gkr:y ) ;\n" in text
    assert re.search(r"owl:allValuesFrom \(\n\s+gkr:B\n\s+\[\n\s+gkr:r gkr:C ;\n\s+\]\n\s+\) ;", text)
    assert "gkr:empty [] ;" in text and "gkr:notAList [\n        gkr:extra 1 ;\n        rdf:first gkr:x ;" in text
    assert "gkr:literals\n" in text and "        42 ,\n" in text and '"1e3"^^xsd:double' in text
    assert '"x\\"y\\nz"@en' in text and "        01 ,\n" in text and '"t"^^gkr:dt' in text
    indents = [len(line) - len(line.lstrip(" ")) for line in text.splitlines()]
    assert max(indents) == len(INDENT) * (1 + MAX_NESTING)  # MAX_NESTING levels in place, then a block of its own
    assert "gkr:longList ( " + " ".join(f"gkr:i{i}" for i in range(MAX_NESTING + 5)) + " ) ;" in text
    # labels: the node used twice, the two 2-cycles, the 3-cycle, the rest of each chain beyond MAX_NESTING
    assert len(set(re.findall(r"_:\w+", text))) == 1 + 2 + 1 + 2


def test_blank_node_shared_by_two_graphs_keeps_its_label_in_trig():
    text = write(canonical_statements(tricky_quads(0)), FORMATS["trig"]).decode()
    shared = re.search(r"gkr:both (_:\w+) ;", text).group(1)
    assert re.search(rf"^gkr:g2 {{\n(.*\n)*    {shared}\n        gkr:value 1 ;\n    \.\n}}", text, flags=re.MULTILINE)
    assert "gkr:also [\n            gkr:value 2 ;\n        ] ;" in text


# --- export folders ---


def test_output_dir_has_one_file_per_graph_and_a_manifest(built_store, tmp_path):
    folder = tmp_path / "export"
    result = run_kg("export", "--store", built_store, "--output-dir", folder)
    assert result.returncode == 0, result.stderr
    graphs = store_graphs(built_store)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "turtle" and manifest["media_type"] == "text/turtle"
    assert [entry["graph"] for entry in manifest["graphs"]] == sorted(graphs)
    files = {entry["graph"]: entry["file"] for entry in manifest["graphs"]}
    assert files[str(ONTOLOGY_GRAPH)] == "ontology.ttl" and files[ARTICLE_GRAPH] == "article/kz-kg-government-visit.ttl"
    store = open_read_only(built_store)
    for entry in manifest["graphs"]:
        data = (folder / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
        assert entry["triples"] == len(graphs[entry["graph"]])
        assert isomorphic(rdflib.Graph().parse(data=data, format="turtle"), graphs[entry["graph"]])
        assert data == serialize(store, [ox.NamedNode(entry["graph"])], FORMATS["turtle"])[1]
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted([*files.values(), "manifest.json"])
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_output_dir_in_a_dataset_format_keeps_graph_names_and_replaces_a_previous_export(built_store, tmp_path):
    folder = tmp_path / "export"
    export_folder(built_store, folder)
    manifest = export_folder(built_store, folder, "nquads", ["asserted"])
    assert str(INFERRED_GRAPH) not in [entry["graph"] for entry in manifest["graphs"]]
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted([entry["file"] for entry in manifest["graphs"]] + ["manifest.json"])
    links = list(ox.parse(path=folder / "links.nq", format=ox.RdfFormat.N_QUADS))
    assert {quad.graph_name.value for quad in links} == {str(LINKS_GRAPH)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def test_graph_files_are_safe_names(fixture_store, tmp_path):
    turtle = ox.RdfFormat.TURTLE
    assert graph_file(str(GRAPH) + "article/x", turtle) == "article/x.ttl"
    assert (
        graph_file(str(GRAPH) + "../etc/passwd", turtle)
        == "https%3A%2F%2Fw3id.org%2Fgovkg%2Fgraph%2F..%2Fetc%2Fpasswd.ttl"
    )
    assert graph_file("http://example.org/g", ox.RdfFormat.RDF_XML) == "http%3A%2F%2Fexample.org%2Fg.rdf"
    source = tmp_path / "extra.nt"
    source.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    load_files(fixture_store, [source], graph="http://example.org/g")
    folder = tmp_path / "export"
    export_folder(fixture_store, folder, "xml", ["http://example.org/g"])
    assert len(list(ox.parse(path=folder / "http%3A%2F%2Fexample.org%2Fg.rdf", format=ox.RdfFormat.RDF_XML))) == 1


def test_xml_is_one_format_name_for_load_and_export(built_store, fixture_store, tmp_path, capsys):
    output = tmp_path / "links.owl"
    assert (
        kg_in_process(capsys, "export", "--store", built_store, "--graph", "links", "--format", "xml", "-o", output)[0]
        == 0
    )
    status, stderr = kg_in_process(
        capsys, "load", "--store", fixture_store, "--format", "xml", "--graph", "http://example.org/links", output
    )
    assert status == 0, stderr
    loaded = store_graphs(fixture_store)["http://example.org/links"]
    assert isomorphic(loaded, store_graphs(built_store)[str(LINKS_GRAPH)])


@pytest.mark.parametrize("content", ["a note of mine\n", None])
def test_output_dir_never_replaces_a_folder_of_other_files(built_store, tmp_path, capsys, content):
    folder = tmp_path / "mine"
    if content is None:  # a previous export where the user added a file
        export_folder(built_store, folder, graphs=["links"])
    (folder / "notes.txt").parent.mkdir(exist_ok=True)
    (folder / "notes.txt").write_text("a note of mine\n")
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    error = one_error_line(capsys, "--store", built_store, "--output-dir", folder)
    assert str(folder) in error and ("no manifest.json" in error or "notes.txt" in error)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


CTRL_C_ON_SECOND_FILE = """
import os, pathlib, signal
real_write_bytes = pathlib.Path.write_bytes
written = []
def write_then_ctrl_c(path, data):
    written.append(path)
    real_write_bytes(path, data[: len(data) // 2])
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C while writing the second graph's file
pathlib.Path.write_bytes = write_then_ctrl_c
"""


def test_ctrl_c_while_exporting_a_folder_keeps_the_previous_export(built_store, tmp_path):
    folder = tmp_path / "export"
    export_folder(built_store, folder, graphs=["links"])
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = run_kg_after(CTRL_C_ON_SECOND_FILE, "export", "--store", built_store, "--output-dir", folder)
    assert result.returncode == 130 and result.stderr == "kg export: interrupted\n", result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


# --- bad options: one line, non-zero exit, nothing written ---


@pytest.mark.parametrize("graph", ["nope", "http://example.org/nope"])
def test_unknown_graph_is_one_line_naming_the_choices(built_store, tmp_path, capsys, graph):
    output = tmp_path / "kept.ttl"
    output.write_text("old content\n")
    error = one_error_line(capsys, "--store", built_store, "--graph", graph, "-o", output)
    assert f"unknown graph '{graph}'" in error
    assert "ontology" in error and "article/kz-kg-government-visit" in error and "asserted" in error
    assert output.read_text() == "old content\n" and [p.name for p in tmp_path.iterdir()] == ["kept.ttl"]


def test_predicate_rdf_xml_cannot_write_is_a_kg_error():
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p/"), ox.Literal("o"))
    with pytest.raises(KgError, match="RDF/XML cannot write the predicate <http://example.org/p/>"):
        write([triple], FORMATS["xml"])


def test_failed_export_raises_kg_error_and_leaves_the_existing_file(built_store, tmp_path):
    output = tmp_path / "kept.ttl"
    output.write_text("old content\n")
    with pytest.raises(KgError, match="unknown graph 'http://example.org/nope'"):
        export(built_store, output, graphs=["http://example.org/nope"])
    assert output.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.ttl"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "rdfxml"], "invalid choice: 'rdfxml'"),
        (["-o", "a.ttl", "--output-dir", "out"], "not allowed with argument"),
    ],
)
def test_bad_option_is_one_usage_line(built_store, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert message in one_error_line(capsys, "--store", built_store, *args, status=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--output", "no/such/file.ttl"], "file.ttl: cannot write: No such file or directory"),
        (["--output", "a-file/x.ttl"], "x.ttl: cannot write: Not a directory"),
        (["--output-dir", "a-file"], "a-file: is a file; --output-dir needs a folder"),
        (["--output-dir", "a-file/out"], "out: cannot write: Not a directory"),
        (["--output-dir", "no/such/out"], "out: cannot write: No such file or directory"),
    ],
)
def test_unwritable_destination_is_one_line_and_writes_nothing(
    built_store, tmp_path, capsys, monkeypatch, args, message
):
    (tmp_path / "a-file").write_text("kept\n")
    monkeypatch.chdir(tmp_path)
    assert message in one_error_line(capsys, "--store", built_store, *args)
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"] and (tmp_path / "a-file").read_text() == "kept\n"


@pytest.mark.parametrize("output", [".", "folder", "folder/.."])
def test_export_onto_a_folder_is_one_line(built_store, tmp_path, capsys, output):
    (tmp_path / "folder").mkdir()
    assert "is a folder" in one_error_line(capsys, "--store", built_store, "--output", tmp_path / output)
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


def test_jsonld_has_a_context_of_the_prefixes_it_uses_and_reads_back_as_the_same_graphs(built_store):
    store = open_read_only(built_store)
    graphs = [ox.NamedNode(ARTICLE_GRAPH), ox.NamedNode(str(LINKS_GRAPH))]
    content, data = serialize(store, graphs, FORMATS["jsonld"])
    document = json.loads(data)
    iris = {term.value for quad in content for term in quad if isinstance(term, ox.NamedNode)}
    used = {p for p, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}
    assert document["@context"] == {p: PREFIXES[p] for p in PREFIXES if p in used}  # in PREFIXES' order
    assert {"gko", "gkr", "wd"} <= used
    assert [graph["@id"] for graph in document["@graph"]] == [ARTICLE_GRAPH, str(LINKS_GRAPH)]
    assert '"https://w3id.org/govkg/id/' not in json.dumps(document["@graph"])  # every gkr: IRI is compacted
    japarov = next(node for node in document["@graph"][0]["@graph"] if node["@id"] == "gkr:SadyrJaparov")
    assert "gko:Person" in japarov["@type"] and "rdfs:label" in japarov
    assert set(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == set(content)
    for name, graph in parsed_by_rdflib_bytes(data, "jsonld").items():
        expected = rdflib.Graph()
        for quad in content:
            if quad.graph_name.value == name:
                expected.parse(data=str(ox.Triple(*quad.triple)) + " .", format="nt")
        assert isomorphic(graph, expected)


def parsed_by_rdflib_bytes(data: bytes, name: str) -> dict[str, rdflib.Graph]:
    """Serialized bytes of a dataset format parsed by rdflib: named graphs by IRI."""
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMATS[name])
    return {str(g.identifier): g for g in dataset.graphs() if len(g) and isinstance(g.identifier, rdflib.URIRef)}


def test_construct_results_in_jsonld_have_a_context_too(built_store):
    from govkg.sparql.negotiate import JSON_LD
    from govkg.sparql.results import serialize as serialize_result
    from govkg.sparql.run import run_query

    result = run_query(open_read_only(built_store), "CONSTRUCT WHERE { ?s a <https://w3id.org/govkg/ontology#Person> }")
    document = json.loads(serialize_result(result, JSON_LD))
    assert document["@context"] == {"gko": PREFIXES["gko"], "gkr": PREFIXES["gkr"], "rdf": PREFIXES["rdf"]}
    assert {node["@id"] for node in document["@graph"]} >= {"gkr:SadyrJaparov", "gkr:OlzhasBektenov"}
    assert set(ox.parse(serialize_result(result, JSON_LD), format=ox.RdfFormat.JSON_LD)) == {
        ox.Quad(*t, ox.DefaultGraph()) for t in result.triples}


@pytest.mark.parametrize(
    ("path", "params", "headers"),
    [
        ("/downloads/links.jsonld", {}, {}),
        ("/data", {"iri": "https://w3id.org/govkg/id/SadyrJaparov", "format": "jsonld"}, {}),
        ("/sparql", {"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/govkg/ontology#Person> }"},
         {"Accept": "application/ld+json"}),
    ],
)
def test_downloads_descriptions_and_negotiated_results_in_jsonld_have_a_context(client, path, params, headers):
    response = client.get(path, query_string=params, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    document = json.loads(response.data)
    assert document["@context"]["gkr"] == PREFIXES["gkr"]
    assert list(ox.parse(response.data, format=ox.RdfFormat.JSON_LD))
