"""Every kind of inference documented in docs/reasoning.md: in the inferred graph of the built store, not in the
article graph; and the fast reasoner (govkg.reasoning.engine) gives exactly owlrl's closure."""

import re
import shutil

import pytest

from conftest import REPO_ROOT, sources
from govkg.project import BUNDLED_ARTICLES, BUNDLED_ONTOLOGY, BUNDLED_QUERIES
from govkg.rdf.io import rdflib_graph, read_inputs
from govkg.rdf.namespaces import GKO, GKR, GKS, INFERRED_GRAPH, article_graph
from govkg.reasoning.engine import Unsupported, closure
from govkg.reasoning.owlrl import nt, reason
from govkg.store import open_read_only
from support.corpus import write_corpus

SLUG = "kz-kg-government-visit"
REASONING_DOC = REPO_ROOT / "docs" / "reasoning.md"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
V = str(GKR) + SLUG + "/"
ARTICLE = str(GKR) + "article/" + SLUG
MODALITY = str(GKR) + "modality/"

#: kind ID (as in docs/reasoning.md) -> the example triples that reasoning must add.
KINDS = {
    "R1": [
        (V + "Visit", RDF_TYPE, GKO.Visit),
        (V + "TradeTurnoverTarget", RDF_TYPE, GKO.Statement),
        (V + "MutualSuppliesMeasure", RDF_TYPE, GKO.Commitment),
    ],
    "S1": [
        (GKR.Kazakhstan, RDF_TYPE, SCHEMA + "Country"),
        (V + "Visit", RDF_TYPE, SEM + "Event"),
        (V + "TradeTurnoverTarget", RDF_TYPE, PROV + "Plan"),
    ],
    "R3": [(V + "Visit", GKO.participant, GKR.OlzhasBektenov), (V + "Visit", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R4": [
        (GKR.PrimeMinisterOfKazakhstan, GKO.heldBy, GKR.OlzhasBektenov),
        (V + "Visit", GKO.hasSubEvent, V + "Reception"),
        (GKR.TransitAndTransportPotentialConcept2030, GKO.envisages, GKR.BorderCheckpointsProject),
    ],
    "R5": [(GKR.Kyrgyzstan, GKO.borders, GKR.Kazakhstan)],
    "R6": [
        (V + "EducationCultureTourismDiscussion", GKO.subEventOf, V + "Visit"),
        (V + "Greetings", GKO.subEventOf, V + "Visit"),
    ],
    "R7": [(GKR.ChairmanOfTheCabinetOfMinistersOfKyrgyzstan, GKO.postOfState, GKR.Kyrgyzstan)],
    "R8": [(GKR.AkylbekJaparov, GKO.officialOf, GKR.Kyrgyzstan), (GKR.OlzhasBektenov, GKO.officialOf, GKR.Kazakhstan)],
    "R9": [(V + "Reception", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R10": [(V + "Greetings", GKO.takesPlaceIn, GKR.Bishkek), (V + "Negotiations", GKO.takesPlaceIn, GKR.Kyrgyzstan)],
    "R11": [(V + "Negotiations", GKO.topic, GKS.education), (V + "Negotiations", GKO.topic, V + "TradeTurnoverTarget")],
    "R12": [(V + "ExportReadiness", GKO.statedAt, V + "Visit")],
    "R13": [(V + "Negotiations", GKO.participant, GKR.AkylbekJaparov)],
    "R14": [(GKR.OlzhasBektenov, RDF_TYPE, GKO.Official)],
    "R15": [(GKR.KassymJomartTokayev, RDF_TYPE, GKO.HeadOfState), (GKR.OlzhasBektenov, RDF_TYPE, GKO.HeadOfGovernment)],
    "R16": [
        (V + "TradeTurnoverTarget", GKO.modality, MODALITY + "target"),
        (V + "ExportReadiness", GKO.modality, MODALITY + "readiness"),
    ],
    "S2": [
        (V + "Reception", SCHEMA + "location", GKR.Bishkek),
        (V + "TradeTurnoverTarget", DCTERMS + "source", ARTICLE + "/s5"),
    ],
    "S3": [(ARTICLE, DCTERMS + "hasPart", ARTICLE + "/s1")],
}


def documented_rows() -> dict[str, str]:
    """The rows of the tables in docs/reasoning.md, by kind ID (R1... used by named queries, S1... the others)."""
    rows = re.findall(r"^\| ([RS]\d+) \|(.*)$", REASONING_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(rows) == len({kind for kind, _ in rows}), "duplicate kind IDs in docs/reasoning.md"
    return dict(rows)


def ask(store, graph: str, triple) -> bool:
    s, p, o = (f"<{term}>" for term in triple)
    return store.query(f"ASK {{ GRAPH <{graph}> {{ {s} {p} {o} }} }}")


@pytest.fixture(scope="module")
def store(built_store):
    return open_read_only(built_store)


def test_every_documented_kind_has_a_check_and_at_least_ten_are_used_by_named_queries():
    documented = documented_rows()
    assert set(documented) == set(KINDS)
    used = [kind for kind in documented if kind.startswith("R")]
    assert len(used) >= 10
    for kind in used:
        names = re.findall(r"`([\w-]+\.rq)`", documented[kind].rsplit("|", 2)[-2])
        assert names, f"{kind}: no named query given"
        for name in names:
            header = [
                line for line in (BUNDLED_QUERIES / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")
            ]
            assert any(re.search(rf"\b{kind}\b", line) for line in header), f"{name} does not cite {kind} in its header"


@pytest.mark.parametrize("kind", sorted(KINDS, key=lambda k: (k[0], int(k[1:]))))
def test_kind_is_inferred_and_not_asserted(store, kind):
    for triple in KINDS[kind]:
        assert ask(store, str(INFERRED_GRAPH), triple), f"{kind}: {triple} missing from the inferred graph"
        assert not ask(store, article_graph(SLUG), triple), f"{kind}: {triple} is asserted in the article graph"


def test_the_modality_of_every_statement_is_inferred(store):
    rows = store.query(
        f"""SELECT ?s WHERE {{ GRAPH <{article_graph(SLUG)}> {{ ?s a ?c }}
            ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{GKO.Statement}>
            FILTER NOT EXISTS {{ GRAPH <{INFERRED_GRAPH}> {{ ?s <{GKO.modality}> ?m }} }} }}""",
    )
    assert [str(row["s"]) for row in rows] == []


def closures(ontology_dir, articles_dir) -> tuple[set, set]:
    """The cleaned inferred triples (N-Triples form) of the fast engine and of owlrl over the same inputs."""
    inputs = read_inputs(sources(articles_dir, ontology_dir))
    ontology = [quad for quads in inputs.ontology.values() for quad in quads]
    articles = [quad for _, quads in inputs.articles.values() for quad in quads]
    fast, _ = closure(ontology, articles)
    reference = reason(rdflib_graph(ontology + articles))
    return set(fast), {(nt(s), nt(p), nt(o)) for s, p, o in reference.inferred}


def test_the_fast_closure_equals_owlrls_on_the_seed_article():
    fast, reference = closures(BUNDLED_ONTOLOGY, BUNDLED_ARTICLES)
    assert len(reference) > 1000
    assert fast == reference


def test_the_fast_closure_equals_owlrls_on_synthetic_articles_merged_with_the_seed(tmp_path):
    """Three generated articles (shared states, people, posts, borders) beside the real one; N = 10 in benchmarks."""
    write_corpus(3, 1, tmp_path)
    shutil.copy(BUNDLED_ARTICLES / f"{SLUG}.ttl", tmp_path)
    fast, reference = closures(BUNDLED_ONTOLOGY, tmp_path)
    assert fast == reference


@pytest.mark.parametrize(
    "axiom, feature",
    [
        ("gko:borders a owl:FunctionalProperty .", "owl:FunctionalProperty"),
        ("gko:Person owl:hasKey ( rdfs:label ) .", "owl:hasKey"),
    ],
)
def test_the_fast_closure_refuses_what_it_does_not_compile(tmp_path, axiom, feature):
    ontology = tmp_path / "ontology"
    shutil.copytree(BUNDLED_ONTOLOGY, ontology)
    (ontology / "extra.ttl").write_text(
        "@prefix gko: <https://w3id.org/govkg/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n{axiom}\n"
    )
    inputs = read_inputs(sources(BUNDLED_ARTICLES, ontology))
    with pytest.raises(Unsupported, match=feature):
        closure([q for quads in inputs.ontology.values() for q in quads], [])
