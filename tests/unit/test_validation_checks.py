"""The checks govkg.validate makes beside the SHACL shapes (issue 14): literals of the XSD datatypes, undeclared terms
with suggestions, one modality class per statement, shapes on what inverses, domains and ranges make explicit,
overlapping holders of a single-holder post, and the curated links file."""

import shutil

import pytest

from conftest import sources
from govkg.project import BUNDLED_ARTICLES, BUNDLED_LINKS
from govkg.rdf.io import read_inputs
from govkg.validate import lexical_error, validate

PREFIXES = """@prefix gko: <https://w3id.org/govkg/ontology#> .
@prefix gkr: <https://w3id.org/govkg/id/> .
@prefix gks: <https://w3id.org/govkg/id/sector/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""
SEED = "kz-kg-government-visit"


@pytest.mark.parametrize(
    "lexical, datatype",
    [("2024", "gYear"), ("-0044", "gYear"), ("2024Z", "gYear"), ("2024-04-18", "date"), ("2024-02-29", "date"),
     ("2024-04-18T10:30:00Z", "dateTime"), ("2024-04-18T10:30:00+05:00", "dateTimeStamp"), (" 26 ", "decimal"),
     ("1500000000", "decimal"), ("-.5", "decimal"), ("195", "integer"), ("1", "positiveInteger"), ("true", "boolean"),
     ("1.5E9", "double"), ("INF", "float"), ("en", "language"), ("en-GB", "language"), ("2024-04", "gYearMonth"),
     ("P2D", "duration"), ("anything at all", "string"), ("x", "anyURI")],
)
def test_a_valid_literal_passes(lexical, datatype):
    assert lexical_error(lexical, f"http://www.w3.org/2001/XMLSchema#{datatype}") is None


@pytest.mark.parametrize(
    "lexical, datatype",
    [("twenty", "gYear"), ("24", "gYear"), ("2024-13-01", "date"), ("2023-02-29", "date"), ("18 April 2024", "date"),
     ("2024-04-18T25:00:00", "dateTime"), ("2024-04-18T10:30:00", "dateTimeStamp"), ("abc", "decimal"),
     ("1,5", "decimal"), ("1.5", "integer"), ("0", "positiveInteger"), ("300", "byte"), ("yes", "boolean"),
     ("e n", "language"), ("2024-00", "gYearMonth"), ("P", "duration")],
)
def test_an_ill_typed_literal_is_named_with_an_example(lexical, datatype):
    problem = lexical_error(lexical, f"http://www.w3.org/2001/XMLSchema#{datatype}")
    assert problem.startswith(f'"{lexical}" is not a valid xsd:{datatype} (for example "')


def results_of(tmp_path, turtle: str, name: str = "extra.ttl", links=None):
    """The validation results of the seed article plus one more article file with ``turtle``."""
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    shutil.copy(BUNDLED_ARTICLES / f"{SEED}.ttl", articles)
    (articles / name).write_text(PREFIXES + turtle, encoding="utf-8")
    return validate(read_inputs(sources(articles)), links=links)


def test_an_ill_typed_literal_stops_validation_before_shacl(tmp_path):
    """Whatever property it is on (here one that no shape covers), with the file and line; SHACL does not run."""
    results = results_of(tmp_path, '\ngkr:x <https://schema.org/value> "abc"^^xsd:decimal ; rdfs:label "x" .\n')
    assert [(r.check, r.line_number, r.severity) for r in results] == [("literals", 8, "Violation")]
    assert results[0].line().startswith(f"{tmp_path / 'articles' / 'extra.ttl'}:8: violation: \"abc\" is not a valid")


def test_an_undeclared_term_of_a_concept_scheme_or_of_the_ontology_is_reported_once_with_the_nearest_names(tmp_path):
    results = results_of(tmp_path, """
gkr:kz-kg-government-visit\\/Visit gko:sector gks:tradee .
gkr:Kazakhstan gko:bordersOn gkr:Kyrgyzstan .
""")
    lines = {r.line_number: r.message for r in results if r.check == "terms"}
    assert lines == {
        8: "unknown term gks:tradee: the ontology declares no such term (did you mean gks:trade?)",
        9: "unknown property gko:bordersOn: the ontology declares no such term (did you mean gko:borders or gko:borderOf?)",
    }


def test_a_term_with_no_near_name_gets_no_suggestion(tmp_path):
    results = results_of(tmp_path, "\ngkr:Kazakhstan gko:xyzzy gkr:Kyrgyzstan .\n")
    assert [r.message for r in results] == ["unknown property gko:xyzzy: the ontology declares no such term"]


def test_a_statement_has_exactly_one_modality_class(tmp_path):
    results = results_of(tmp_path, """
gkr:x/Both a gko:Target , gko:Plan ; rdfs:label "both"@en .
gkr:x/None gko:attributedTo gkr:Kazakhstan ; rdfs:label "none"@en .
gkr:x/Measure a gko:Measure ; rdfs:label "a measure is a commitment"@en .
""".replace("gkr:x/", "gkr:x\\/"))
    messages = sorted(r.message for r in results if r.check == "modality")
    assert len(messages) == 2
    assert messages[0].startswith("statement gkr:x/Both has 2 (gko:Plan, gko:Target): a statement has exactly one of ")
    assert messages[1].startswith("statement gkr:x/None has no modality class: ")


def test_a_post_holder_is_checked_whichever_direction_it_is_asserted_in(tmp_path):
    """gko:heldBy is the inverse of gko:holdsPost: the shape on the holder of a post sees it."""
    results = results_of(tmp_path, "\ngkr:PresidentOfKazakhstan gko:heldBy gkr:Kyrgyzstan .\n")
    shacl = [(r.focus, r.path, r.constraint) for r in results if r.check == "SHACL"]
    assert ("gkr:Kyrgyzstan", "", "sh:ClassConstraintComponent") in shacl, [r.line() for r in results]


def test_a_sector_of_an_event_is_checked(tmp_path):
    results = results_of(tmp_path, "\ngkr:kz-kg-government-visit\\/Negotiations gko:sector gkr:Kazakhstan .\n")
    found = [(r.focus, r.path, r.constraint) for r in results]
    assert found == [("gkr:kz-kg-government-visit/Negotiations", "gko:sector", "sh:ClassConstraintComponent")]


def test_the_links_file_is_validated_too(tmp_path):
    """The curated links against the shapes, and a note for an entity that no article names (the seed alone does
    not name Astana, which the second report does)."""
    results = results_of(tmp_path, "", links=BUNDLED_LINKS / "wikidata.tsv")
    links = [r for r in results if r.check == "links"]
    assert [(r.severity, r.focus) for r in links] == [("Info", "<https://w3id.org/govkg/id/Astana>")]
    assert links[0].line().startswith(f"{BUNDLED_LINKS / 'wikidata.tsv'}:8: info: gkr:Astana is linked to Wikidata")
    bad = tmp_path / "links.tsv"
    bad.write_text("entity\tlabel\twikidata\tstatus\tsource\ngkr:Kazakhstan\tKazakhstan\tQ232\tverified\tx\n"
                   "gkr:Nowhere\tNowhere\tQ1\tlikely\tx\n", encoding="utf-8")
    results = results_of(tmp_path, "", links=bad)
    assert [(r.line_number, r.focus) for r in results] == [(3, "<https://w3id.org/govkg/id/Nowhere>")]


def test_the_bundled_corpus_conforms_with_its_links():
    from govkg.project import BUNDLED_SOURCES

    assert [r.line() for r in validate(read_inputs(BUNDLED_SOURCES), links=BUNDLED_LINKS / "wikidata.tsv")] == []


def test_a_node_used_as_a_statement_or_an_event_is_checked_without_its_class(tmp_path):
    """A statement or event whose class is missing (or misspelt) still needs its sentence."""
    results = results_of(tmp_path, """
gkr:x\\/Said gko:attributedTo gkr:Kazakhstan ; rdfs:label "said"@en .
gkr:x\\/Part gko:subEventOf gkr:kz-kg-government-visit\\/Visit ; rdfs:label "a part"@en .
""")
    found = {(r.focus, r.path) for r in results if r.check == "SHACL"}
    assert {("gkr:x/Said", "gko:statedIn"), ("gkr:x/Part", "gko:statedIn")} <= found
    assert [r.focus for r in results if r.check == "modality"] == ["<https://w3id.org/govkg/id/x/Said>"]
