"""The SHACL shapes: they cover the article's classes, the article conforms, a broken article is reported shape by shape."""

import shutil

import pytest
import rdflib
from rdflib import RDF, RDFS, SH

from conftest import FIXTURES, sources
from govkg.errors import KgError
from govkg.project import BUNDLED_ARTICLES, BUNDLED_ONTOLOGY, BUNDLED_SOURCES
from govkg.rdf.io import read_inputs
from govkg.rdf.namespaces import GKO
from govkg.validate import raise_on_violation, validate

SHAPES = BUNDLED_ONTOLOGY / "shapes.ttl"
LABELLED_SHAPE = rdflib.URIRef("https://w3id.org/govkg/shapes#LabelledShape")
BROKEN = FIXTURES / "broken-article.ttl"


@pytest.fixture(scope="module")
def shapes():
    return rdflib.Graph().parse(SHAPES)


def superclasses(ontology: rdflib.Graph, cls) -> set:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def test_every_class_the_articles_use_has_a_shape(shapes):
    ontology = rdflib.Graph()
    for path in BUNDLED_ONTOLOGY.glob("*.ttl"):
        if path != SHAPES:
            ontology.parse(path)
    article = rdflib.Graph()
    for path in BUNDLED_ARTICLES.glob("*.ttl"):  # the seed and the later reports
        article.parse(path)
    # shapes with property constraints beyond the label that every entity needs
    targeted = {o for s, o in shapes.subject_objects(SH.targetClass) if s != LABELLED_SHAPE}
    used = {o for o in article.objects(None, RDF.type) if o.startswith(str(GKO))}
    assert used
    for cls in sorted(used):
        assert superclasses(ontology, cls) & targeted, f"no shape constrains the properties of {cls}"


def test_every_property_shape_has_a_message(shapes):
    for node in set(shapes.objects(None, SH.property)):
        assert shapes.value(node, SH.message) is not None, f"property shape on {shapes.value(node, SH.path)} lacks sh:message"


def test_the_articles_conform():
    results = validate(read_inputs(BUNDLED_SOURCES))
    assert [r.line() for r in results] == []


@pytest.fixture(scope="module")
def broken_results(tmp_path_factory):
    articles = tmp_path_factory.mktemp("broken-articles")
    shutil.copy(BROKEN, articles / "broken-article.ttl")
    return validate(read_inputs(sources(articles))), articles


@pytest.mark.parametrize(
    "focus, path, message",
    [
        # wrong datatype
        ("broken/s1", "gko:position", "A sentence needs exactly one position (gko:position), an xsd:integer from 1."),
        # missing required property
        ("broken/Visit", "gko:hostState", "A visit needs exactly one host state (gko:hostState)."),
        # an amount without currency
        ("broken/Amount", "gko:currency", "A monetary amount needs exactly one currency (gko:currency), a gko:Currency."),
    ],
)
def test_broken_article_reports_each_violation_with_the_shape_message(broken_results, focus, path, message):
    results, _ = broken_results
    matching = [r for r in results if r.focus.endswith(focus) and r.path == path]
    assert matching, f"no result for {focus} {path}; got: {[r.line() for r in results]}"
    assert all(r.severity == "Violation" and r.message == message for r in matching)
    assert all(r.file.endswith("broken-article.ttl") for r in matching)


def test_broken_article_reports_nothing_else(broken_results):
    results, _ = broken_results
    assert len({(r.focus, r.path) for r in results}) == 3, [r.line() for r in results]


def test_a_violation_fails_with_one_line_naming_the_file_and_node(broken_results):
    results, _ = broken_results
    with pytest.raises(KgError) as error:
        raise_on_violation(results)
    text = str(error.value)
    assert "\n" not in text and "broken-article.ttl" in text and "broken/" in text
