"""`kg query` as a reader sees it: label columns beside IRIs, plain literals, the project's prefixes undeclared,
`SELECT *` in query order, readable parse errors. Output snapshots of the real command on the seed store."""

import subprocess
import sys

from conftest import REPO_ROOT, run_kg


def kg(*args, stdin=None) -> subprocess.CompletedProcess:
    """Run kg (with ``stdin`` as its standard input, if given)."""
    if stdin is None:
        return run_kg(*args)
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120, check=False)


def ok(*args, stdin=None) -> str:
    """Run kg; assert success and an empty stderr; the stdout."""
    done = kg(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_a_table_shows_labels_beside_iris(built_store):
    assert ok("query", "--store", built_store, "people-with-several-posts") == (
        "person              person_label     post                                                 post_label"
        "                                                 posts\n"
        "------------------  ---------------  ---------------------------------------------------  "
        "---------------------------------------------------------  -----\n"
        "gkr:AkylbekJaparov  Akylbek Japarov  gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan      "
        "Chairman of the Cabinet of Ministers of Kyrgyzstan         2\n"
        "gkr:AkylbekJaparov  Akylbek Japarov  gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan  "
        "Head of the Administration of the President of Kyrgyzstan  2\n"
        "(2 rows)\n"
    )


QUERY = "SELECT * WHERE { ?post gko:heldBy ?holder ; rdfs:label ?name } ORDER BY ?post LIMIT 2"


def test_prefixes_go_undeclared_select_star_keeps_query_order_and_literals_are_plain(built_store):
    assert ok("query", "--store", built_store, "-", stdin=QUERY) == (
        "post                                                 post_label                                                 "
        "holder              holder_label     name\n"
        "---------------------------------------------------  ---------------------------------------------------------  "
        "------------------  ---------------  ---------------------------------------------------------\n"
        "gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan      Chairman of the Cabinet of Ministers of Kyrgyzstan         "
        "gkr:AkylbekJaparov  Akylbek Japarov  Chairman of the Cabinet of Ministers of Kyrgyzstan\n"
        "gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan  Head of the Administration of the President of Kyrgyzstan  "
        "gkr:AkylbekJaparov  Akylbek Japarov  Head of the Administration of the President of Kyrgyzstan\n"
        "(2 rows)\n"
    )


def test_raw_keeps_language_tags_and_no_labels_drops_the_label_columns(built_store):
    out = ok("query", "--store", built_store, "-", "--raw", "--no-labels", stdin=QUERY)
    assert out.splitlines()[0].split() == ["post", "holder", "name"]
    assert out.splitlines()[2].endswith('"Chairman of the Cabinet of Ministers of Kyrgyzstan"@en')


def test_csv_gets_label_columns_on_request_only(built_store):
    plain = ok("query", "--store", built_store, "-", "--format", "csv", stdin=QUERY)
    assert plain.splitlines()[0] == "post,holder,name"
    labelled = ok("query", "--store", built_store, "-", "--format", "csv", "--labels", stdin=QUERY)
    assert labelled.splitlines()[:2] == [
        "post,post_label,holder,holder_label,name",
        "https://w3id.org/govkg/id/ChairmanOfTheCabinetOfMinistersOfKyrgyzstan,"
        "Chairman of the Cabinet of Ministers of Kyrgyzstan,https://w3id.org/govkg/id/AkylbekJaparov,Akylbek Japarov,"
        "Chairman of the Cabinet of Ministers of Kyrgyzstan",
    ]
    tsv = ok("query", "--store", built_store, "-", "--format", "tsv", "--labels", stdin=QUERY)
    assert tsv.splitlines()[0] == "?post\t?post_label\t?holder\t?holder_label\t?name"


def test_sentences_about_gives_the_sentences_text(built_store):
    out = ok("query", "--store", built_store, "sentences-about", "--param", "entity=gkr:AkylbekJaparov")
    assert out.splitlines()[0].split()[:5] == ["entity", "entity_label", "article", "article_label", "position"]
    assert "During the negotiations at the Government level with the" in out  # the cell is cut at 60 characters
    whole = ok("query", "--store", built_store, "sentences-about", "--param", "entity=gkr:AkylbekJaparov",
               "--max-width", "0")
    assert "During the negotiations at the Government level with the Chairman of the Cabinet of Ministers" in whole


def test_a_parse_error_is_one_readable_line(built_store):
    done = kg("query", "--store", built_store, "-", stdin="SELECT * WHERE {\n  ?s a gk:Person .\n}")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "kg query: error: <stdin>: line 2, column 8: unknown prefix `gk:` (known: dcat, dcterms, foaf, gko, gkr, gks, "
        "org, owl, prov, rdf, rdfs, schema, sem, skos, time, void, wd, wdt, xsd)\n"
    )
    done = kg("query", "--store", built_store, "-", stdin="SELECT * WHERE { ?s ?p ?o ")
    assert done.stderr == "kg query: error: <stdin>: line 1, column 27: expected `}` (found the end of the query)\n"


SENTENCES = "SELECT ?sentence ?text WHERE { ?sentence a gko:Sentence ; rdf:value ?text } ORDER BY ?sentence LIMIT 3"


def test_long_cells_are_cut_in_tables_unless_asked_whole(built_store):
    cut = ok("query", "--store", built_store, "--no-labels", "-", stdin=SENTENCES)
    rows = [row.split(None, 1) for row in cut.splitlines()[2:-1]]
    iris, texts = [iri for iri, _ in rows], [text.strip() for _, text in rows]
    assert len(texts) == 3 and all(len(text) <= 60 for text in texts) and all(text.endswith("…") for text in texts)
    whole = ok("query", "--store", built_store, "--no-labels", "--max-width", "0", "-", stdin=SENTENCES)
    assert iris == [row.split(None, 1)[0] for row in whole.splitlines()[2:-1]]  # one word (an IRI): never cut
    assert ok("query", "--store", built_store, "--no-labels", "--max-width", "20", "-", stdin=SENTENCES).count(
        "…") == 3 and all(len(iri) > 20 for iri in iris)
    assert max(len(line) for line in whole.splitlines()) > 150
    for text in texts:
        assert text.rstrip("…") in whole and text not in whole
    assert ok("query", "--store", built_store, "--format", "csv", "-", stdin=SENTENCES).count("…") == 0


def test_a_bad_max_width_is_one_line(built_store):
    done = kg("query", "--store", built_store, "--max-width", "wide", "-", stdin=SENTENCES)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "--max-width" in done.stderr and "'wide'" in done.stderr
