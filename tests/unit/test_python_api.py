"""The Python API (govkg.open, govkg.api): the example of docs/python.md runs as written, on the seed store; a
project folder brings its own queries; errors are one-line KgErrors."""

import re
import subprocess
import sys

import pytest

import govkg
from conftest import REPO_ROOT
from govkg.errors import KgError
from govkg.project import init_project
from govkg.sparql.run import QueryError

GKR = "https://w3id.org/govkg/id/"


def test_the_example_of_docs_python_runs(built_store, tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", (REPO_ROOT / "docs" / "python.md").read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/python.md has no python example"
    (tmp_path / "kg-store").symlink_to(built_store)
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "docs/python.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Akylbek Japarov" in out and "Sadyr Japarov" in out


def test_import_govkg_stays_light():
    code = "import sys, govkg; print(sorted(m for m in sys.modules if m.startswith(('govkg.', 'pyoxigraph', 'rdflib'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def graph(built_store):
    return govkg.open(built_store)


def test_rows_follow_the_query_and_carry_labels(graph):
    rows = graph.query("SELECT * WHERE { ?post gko:heldBy ?holder } ORDER BY ?post LIMIT 1")
    assert rows.variables == ["post", "post_label", "holder", "holder_label"]
    assert rows == [{
        "post": GKR + "ChairmanOfTheCabinetOfMinistersOfKyrgyzstan",
        "post_label": "Chairman of the Cabinet of Ministers of Kyrgyzstan",
        "holder": GKR + "AkylbekJaparov",
        "holder_label": "Akylbek Japarov",
    }]
    assert graph.query("SELECT * WHERE { ?post gko:heldBy ?holder } LIMIT 1", labels=False).variables == [
        "post", "holder"]


def test_named_query_parameters_take_bare_names_prefixed_names_and_iris(graph):
    by_name = graph.query("posts-held", person="AkylbekJaparov")
    assert by_name == graph.query("posts-held", person="gkr:AkylbekJaparov")
    assert by_name == graph.query("posts-held", person=f"<{GKR}AkylbekJaparov>")
    assert {row["post_label"] for row in by_name} >= {"Chairman of the Cabinet of Ministers of Kyrgyzstan"}


def test_construct_gives_subject_predicate_object_rows(graph):
    rows = graph.query("CONSTRUCT { gkr:SadyrJaparov rdfs:label ?l } WHERE { gkr:SadyrJaparov rdfs:label ?l }")
    assert rows == [{"subject": GKR + "SadyrJaparov", "subject_label": "Sadyr Japarov",
                     "predicate": "http://www.w3.org/2000/01/rdf-schema#label", "object": "Sadyr Japarov"}]


def test_entity_facts_are_asserted_unless_inferred_is_asked(graph):
    entity = graph.entity("SadyrJaparov")
    assert entity.iri == GKR + "SadyrJaparov" and entity.label == "Sadyr Japarov"
    asserted, everything = entity.facts(), entity.facts(inferred=True)
    assert {"property": "http://www.w3.org/2000/01/rdf-schema#label", "value": "Sadyr Japarov"} in asserted
    assert len(everything) > len(asserted)
    assert all(fact in everything for fact in asserted)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: g.query("visitz"), "unknown named query 'visitz' (known: agreements, "),
        (lambda g: g.query("posts-held", colour="red"), "unknown parameter 'colour'"),
        (lambda g: g.query("SELECT * { ?s a gk:X }"), "line 1, column 17: unknown prefix `gk:`"),
        (lambda g: g.entity("not an iri"), "'not an iri' is not a valid IRI"),
    ],
)
def test_errors_are_one_line_kg_errors(graph, call, message):
    with pytest.raises(KgError) as raised:
        call(graph)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_bad_query_is_a_query_error(graph):
    with pytest.raises(QueryError):
        graph.query("SELECT * WHERE { ?s ?p ?o ")


def test_to_dataframe_needs_pandas_and_says_so(graph):
    rows = graph.query("posts-held", person="AkylbekJaparov")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(KgError, match=r"needs pandas: pip install pandas"):
            rows.to_dataframe()
    else:
        frame = rows.to_dataframe()
        assert list(frame.columns) == rows.variables and len(frame) == len(rows)


def test_a_project_folder_brings_its_store_and_queries(built_store, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    root = tmp_path / "project"
    init_project(root, empty=True)
    settings = root / "kg.toml"
    settings.write_text(
        re.sub(r'(?m)^store = .*$', f'store = "{built_store}"', settings.read_text(encoding="utf-8")), encoding="utf-8"
    )
    (root / "queries" / "presidents.rq").write_text(
        "# title: Presidents\n# question: Who is president of what?\n# reasoning: none\n# param: none\n"
        "SELECT ?who WHERE { ?who gko:holdsPost gkr:PresidentOfKyrgyzstan }\n",
        encoding="utf-8",
    )
    graph = govkg.open(root)
    assert list(graph.queries()) == ["presidents"]
    assert graph.query("presidents") == [{"who": GKR + "SadyrJaparov", "who_label": "Sadyr Japarov"}]


def test_a_folder_that_is_neither_store_nor_project_is_refused(tmp_path):
    with pytest.raises(KgError, match=r"neither a store .* nor a project folder"):
        govkg.open(tmp_path)
