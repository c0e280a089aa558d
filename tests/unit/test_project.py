"""Project folders: `kg init`, kg.toml and its errors, which project and store a command uses, bundled data."""

import os
from pathlib import Path

import pytest

from conftest import FIXTURES, run_kg
from govkg.errors import KgError
from govkg.project import (
    BUNDLED_ARTICLES,
    BUNDLED_LINKS,
    BUNDLED_ONTOLOGY,
    BUNDLED_QUERIES,
    BUNDLED_SOURCES,
    PROJECT_FILE,
    find_project,
    init_project,
    load_project,
)


def test_the_bundled_data_is_installed_with_the_package():
    assert (BUNDLED_ONTOLOGY / "govkg.ttl").is_file() and (BUNDLED_ONTOLOGY / "shapes.ttl").is_file()
    assert (BUNDLED_ONTOLOGY / "docs" / "index.html").is_file()
    assert sorted(path.name for path in BUNDLED_ARTICLES.glob("kz-kg-government-visit.*")) == [
        "kz-kg-government-visit.ttl",
        "kz-kg-government-visit.txt",
    ]
    assert (BUNDLED_LINKS / "wikidata.tsv").is_file()
    assert len(list(BUNDLED_QUERIES.glob("*.rq"))) >= 30


def test_init_copies_the_bundled_corpus_and_the_project_reads_it(tmp_path):
    written = init_project(tmp_path / "corpus")
    root = tmp_path / "corpus"
    assert "kg.toml" in written and "articles/kz-kg-government-visit.ttl" in written
    assert "articles/kz-kg-government-visit.txt" in written and "links/wikidata.tsv" in written
    assert {path.name for path in (root / "queries").glob("*.rq")} == {p.name for p in BUNDLED_QUERIES.glob("*.rq")}
    project = load_project(root)
    assert project.root == root.resolve()
    assert project.sources.ontology == (BUNDLED_ONTOLOGY, root.resolve() / "ontology")
    assert project.sources.articles == root.resolve() / "articles"
    assert project.sources.links == root.resolve() / "links"
    assert project.queries == root.resolve() / "queries"
    assert project.store == root.resolve() / "kg-store"
    assert project.server == {}
    assert not list(tmp_path.glob(".corpus.init-*"))  # the work folder was renamed into place


def test_init_empty_makes_empty_folders(tmp_path):
    init_project(tmp_path / "corpus", empty=True)
    root = tmp_path / "corpus"
    for folder in ("articles", "queries"):
        assert list((root / folder).iterdir()) == []
    assert [path.name for path in (root / "links").iterdir()] == ["wikidata.tsv"]  # its header line only
    assert [path.name for path in (root / "ontology").iterdir()] == ["README.md"]


def test_init_into_an_empty_folder_works_and_into_a_used_one_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    init_project(tmp_path / "empty")
    assert (tmp_path / "empty" / PROJECT_FILE).is_file()
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    with pytest.raises(KgError, match="already exists and is not an empty folder"):
        init_project(tmp_path / "used")
    assert [path.name for path in (tmp_path / "used").iterdir()] == ["notes.txt"]
    with pytest.raises(KgError, match="folder not found"):
        init_project(tmp_path / "nowhere" / "deeper")


@pytest.mark.parametrize(
    "text, message",
    [
        ("store = ", "kg.toml: cannot read: "),
        ("stor = 'x'\n", "unknown key 'stor'"),
        ("store = 3\n", "store must be a folder name"),
        ("ontology = 'bundled'\n", "ontology must be a non-empty list"),
        ("ontology = []\n", "ontology must be a non-empty list"),
        ("server = 1\n", "[server] must be a table"),
    ],
)
def test_a_bad_project_file_is_one_line_naming_it(tmp_path, text, message):
    (tmp_path / PROJECT_FILE).write_text(text)
    with pytest.raises(KgError, match=message.replace("[", r"\[")) as error:
        load_project(tmp_path)
    assert str(tmp_path / PROJECT_FILE) in str(error.value) and "\n" not in str(error.value)


def test_which_project_a_command_uses(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_project(None).root is None and find_project(None).sources == BUNDLED_SOURCES
    assert find_project(None).store == Path("kg-store")
    init_project(tmp_path / "corpus")
    with pytest.raises(KgError, match="not a project folder"):
        find_project(tmp_path)
    assert find_project(tmp_path / "corpus").root == (tmp_path / "corpus").resolve()
    monkeypatch.chdir(tmp_path / "corpus")
    assert find_project(None).root == (tmp_path / "corpus").resolve()
    monkeypatch.setenv("KG_STORE", str(tmp_path / "elsewhere"))
    assert find_project(None).store == tmp_path / "elsewhere"


def test_kg_init_build_and_queries_on_a_project(tmp_path):
    made = run_kg("init", tmp_path / "corpus")
    assert made.returncode == 0, made.stderr
    assert f"kg build --project {tmp_path / 'corpus'}" in made.stdout
    again = run_kg("init", tmp_path / "corpus")
    assert again.returncode == 1 and again.stderr.startswith("kg init: error: ") and len(again.stderr.splitlines()) == 1
    (tmp_path / "corpus" / "queries" / "visits.rq").unlink()
    listed = run_kg("queries", "--project", tmp_path / "corpus")
    assert listed.returncode == 0 and "\nvisits " not in listed.stdout and "greetings" in listed.stdout
    built = run_kg("build", "--project", tmp_path / "corpus", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert f"2 article(s) from {(tmp_path / 'corpus' / 'articles').resolve()}" in built.stdout
    assert (tmp_path / "corpus" / "kg-store" / "current").is_dir()
    asked = run_kg("query", "greetings", "--format", "csv", cwd=tmp_path / "corpus")  # the project of the folder
    assert asked.returncode == 0, asked.stderr
    assert len(asked.stdout.splitlines()) > 1


def test_an_empty_project_builds_the_ontology_alone_and_lists_no_query(tmp_path):
    assert run_kg("init", "--empty", tmp_path / "corpus").returncode == 0
    built = run_kg("build", "--project", tmp_path / "corpus")
    assert built.returncode == 0, built.stderr
    assert "0 article(s) from" in built.stdout
    listed = run_kg("queries", "--project", tmp_path / "corpus")
    assert listed.returncode == 0 and "no named query in" in listed.stderr


def test_a_project_ontology_file_is_read_after_the_bundled_one(tmp_path):
    init_project(tmp_path / "corpus")
    extra = tmp_path / "corpus" / "ontology" / "mine.ttl"
    extra.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/Summit> a owl:Class ; rdfs:label \"Summit\"@en ;\n"
        "  rdfs:subClassOf <https://w3id.org/govkg/ontology#Meeting> .\n"
    )
    built = run_kg("build", "--project", tmp_path / "corpus")
    assert built.returncode == 0, built.stderr
    assert "ontology file(s)" in built.stdout
    (tmp_path / "corpus" / "ontology" / "govkg.ttl").write_text(extra.read_text())
    clash = run_kg("build", "--project", tmp_path / "corpus")
    assert clash.returncode == 1 and "an ontology file of this name is read already" in clash.stderr


def test_the_fixture_projects_name_their_own_ontology():
    project = load_project(FIXTURES / "build-ok")
    assert project.sources.ontology == ((FIXTURES / "build-ok" / "ontology").resolve(),)
    assert os.path.samefile(project.sources.links, BUNDLED_LINKS)
