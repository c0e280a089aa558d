"""The synthetic corpus (benchmarks/corpus.py) and a smoke run of benchmarks/bench_pipeline.py at tiny sizes.

No timing is asserted here: the figures are measured and published by the benchmark itself.
"""

import json
import subprocess
import sys
from collections import Counter

import pytest
import rdflib

from conftest import REPO_ROOT, run_kg, sources
from govkg.rdf.io import read_inputs
from govkg.validate import validate
from support.corpus import BENCHMARKS_DIR, write_corpus

SENTENCE_QUERY = """SELECT ?text WHERE {
    ?s a <https://w3id.org/govkg/ontology#Sentence> ; <https://w3id.org/govkg/ontology#position> ?n ;
       <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?text } ORDER BY ?n"""


def files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_corpus_is_deterministic_and_each_article_depends_only_on_seed_and_index(tmp_path):
    write_corpus(3, 5, tmp_path / "a")
    write_corpus(3, 5, tmp_path / "b")
    write_corpus(4, 5, tmp_path / "c")
    write_corpus(3, 6, tmp_path / "d")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert len(files(tmp_path / "a")) == 6  # a .ttl and a .txt per article
    assert files(tmp_path / "a").items() <= files(tmp_path / "c").items()
    assert files(tmp_path / "a") != files(tmp_path / "d")


def test_the_corpus_is_valid_alone_and_together_and_its_text_is_its_sentences(tmp_path):
    write_corpus(6, 3, tmp_path / "all")
    assert validate(read_inputs(sources(tmp_path / "all"))) == []
    seen_in = Counter()
    for article in sorted((tmp_path / "all").glob("*.ttl")):
        alone = tmp_path / article.stem
        alone.mkdir()
        (alone / article.name).write_bytes(article.read_bytes())
        assert validate(read_inputs(sources(alone))) == [], article.name
        graph = rdflib.Graph().parse(article)
        sentences = [str(row.text) for row in graph.query(SENTENCE_QUERY)]
        paragraphs = article.with_suffix(".txt").read_text(encoding="utf-8").strip().split("\n\n")
        assert " ".join(sentences) == " ".join(paragraphs)
        seen_in.update(
            {str(s) for s in graph.subjects() if "/id/synthetic-" not in str(s) and "/article/" not in str(s)}
        )
    assert sum(1 for count in seen_in.values() if count > 1) > 10  # articles merge on shared entities


def test_the_corpus_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS_DIR / "corpus.py"), "--articles", "2", "--seed", "9", "--out", tmp_path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["articles", "kg.toml"]
    assert sorted(path.name for path in (tmp_path / "articles").iterdir()) == [
        "synthetic-9-00001.ttl",
        "synthetic-9-00001.txt",
        "synthetic-9-00002.ttl",
        "synthetic-9-00002.txt",
    ]
    built = run_kg("build", "--project", tmp_path, "--store", tmp_path / "store")
    assert built.returncode == 0, built.stderr
    assert "2 article(s) from" in built.stdout


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """bench_pipeline.py at 1 and 2 articles, owlrl at 1, the check at 2, without plots."""
    out = tmp_path_factory.mktemp("results")
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS_DIR / "bench_pipeline.py"), "--sizes", "1", "2", "--owlrl-sizes", "1",
         "--check-size", "2", "--out", str(out), "--no-plots"],
        capture_output=True, text=True, check=False, cwd=REPO_ROOT, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def test_the_pipeline_benchmark_runs_and_writes_its_tables(smoke_run):
    out, stdout = smoke_run
    results = json.loads((out / "pipeline.json").read_text())
    builds = [(row["reasoner"], row["articles"], row["mode"]) for row in results["builds"]]
    assert builds == [("fast", 1, "full"), ("fast", 2, "full"), ("owlrl", 1, "full")]
    for row in results["builds"]:
        assert set(row["seconds"]) == set(row["peak_mb"]) == {"load", "validate", "reason", "write"}
    assert results["builds"][0]["inferred"] == results["builds"][2]["inferred"]  # fast and owlrl agree
    incremental = results["incremental"]
    assert (incremental["mode"], incremental["command_mode"], incremental["store_articles"]) == (
        "incremental",
        "incremental",
        2,
    )
    assert results["check"]["equal"] is True and results["check"]["articles"] == 2
    assert results["machine"]["cores"] >= 1 and "pyoxigraph" in results["machine"]["packages"]
    table = (out / "pipeline.md").read_text()
    assert "| fast | 2 |" in table and "| owlrl | 1 |" in table and table in stdout
    assert (out / "pipeline.csv").read_text().count("\n") == 5  # header, three builds, the incremental add


def test_the_pipeline_benchmark_draws_its_plots(smoke_run, tmp_path):
    pytest.importorskip("matplotlib", reason="the plots need the 'bench' extra (pip install -e '.[bench]')")
    sys.path.insert(0, str(BENCHMARKS_DIR))
    import bench_pipeline

    out, _ = smoke_run
    results = json.loads((out / "pipeline.json").read_text())
    written = bench_pipeline.write_results(results, tmp_path, with_plots=True)
    for png in (tmp_path / "pipeline-time.png", tmp_path / "pipeline-memory.png"):
        assert png in written and png.read_bytes().startswith(b"\x89PNG")
