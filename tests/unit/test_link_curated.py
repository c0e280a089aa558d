"""The curated Wikidata links: kg/links/wikidata.tsv against the shared identifiers, its checks, the links graph."""

import csv

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF

from conftest import shared_dir
from govkg.errors import KgError
from govkg.link.curated import CURATED_FILE, curated_links_graph, read_curated
from govkg.link.entities import graph_content
from govkg.link.model import WD
from govkg.rdf.namespaces import GKO, GKR, GKS, LINKS_GRAPH
from govkg.store import open_read_only

#: Shared rows that name no entity of our graph: a class and a value (used by the reconciler), not things the article names.
NOT_ENTITIES = {"human", "male"}
HEADER = "entity\tlabel\twikidata\tstatus\tsource\n"


def shared_rows() -> list[dict]:
    """The rows of ../shared/wikidata/identifiers.tsv (skips or fails when the folder is absent)."""
    path = shared_dir() / "wikidata" / "identifiers.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.fixture(scope="module")
def store_links(built_store):
    return graph_content(open_read_only(built_store), LINKS_GRAPH)


@pytest.fixture(scope="module")
def encoded(built_store) -> set[str]:
    """The IRIs that occur as subjects in the built store."""
    store = open_read_only(built_store)
    return {quad.subject.value for quad in store.quads_for_pattern(None, None, None)}


def test_every_verified_or_likely_identifier_is_linked_with_that_qid(store_links, encoded):
    ours = {row.label: row for row in read_curated()}
    for shared in shared_rows():
        if shared["status"] not in ("verified", "likely"):
            continue
        row = ours[shared["entity"]]
        assert (row.qid, row.status) == (shared["wikidata"], shared["status"]), shared["entity"]
        if row.entity is None:
            assert shared["entity"] in NOT_ENTITIES or str(GKR[shared["entity"]]) not in encoded, shared["entity"]
            continue
        assert set(store_links.objects(row.entity, GKO.externalMatch)) == {WD[shared["wikidata"]]}, shared["entity"]


def test_no_other_qid_appears_and_unknown_entities_stay_unlinked(store_links):
    allowed = {WD[row["wikidata"]] for row in shared_rows() if row["status"] in ("verified", "likely")}
    assert set(store_links.objects(None, GKO.externalMatch)) <= allowed
    assert set(store_links.objects(None, GKO.linkTarget)) <= allowed
    for row in read_curated():
        if row.status == "unknown" and row.entity is not None:
            assert not set(store_links.objects(row.entity, GKO.externalMatch)), row.label
    assert (None, OWL.sameAs, None) not in store_links


def test_only_shared_qids_reach_the_built_store(built_store):
    """No Wikidata item but the shared verified/likely ones in any graph (the reconciler's fixture QIDs never leak)."""
    allowed = {str(WD[row["wikidata"]]) for row in shared_rows() if row["status"] in ("verified", "likely")}
    store = open_read_only(built_store)
    items = {
        term.value
        for quad in store.quads_for_pattern(None, None, None)
        for term in (quad.subject, quad.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(str(WD))
    }
    assert items and items <= allowed, sorted(items - allowed)


def test_every_shared_row_is_mapped():
    labels = [row.label for row in read_curated()]
    for shared in shared_rows():
        if "/" in shared["entity"]:  # the checkpoints row names seven checkpoints
            names = shared["entity"].removesuffix(" checkpoints").split(" / ")
            assert all(f"{name} checkpoint" in labels for name in names)
        else:
            assert shared["entity"] in labels


def test_unknown_rows_are_kept_without_qid():
    unknown = {row.label: row for row in read_curated() if row.status == "unknown"}
    assert unknown["Olzhas Bektenov"].entity == GKR.OlzhasBektenov
    assert unknown["Olzhas Bektenov"].qid == ""
    assert unknown["water management"].entity == GKS.waterManagement
    assert len([label for label in unknown if label.endswith(" checkpoint")]) == 7


def test_link_nodes_are_readable_and_described():
    graph = curated_links_graph()
    node = GKR["link/Kazakhstan-Q232"]
    assert (node, RDF.type, GKO.ExternalLink) in graph
    assert (node, GKO.linkedEntity, GKR.Kazakhstan) in graph
    assert (node, GKO.linkTarget, WD.Q232) in graph
    assert (node, GKO.linkStatus, Literal("verified")) in graph
    assert graph.value(node, DCTERMS.source)
    sector = GKR["link/sector-food-Q540912"]
    assert (sector, GKO.linkedEntity, GKS.food) in graph
    assert (GKR["link/GovernmentOfKazakhstan-Q3814905"], GKO.linkStatus, Literal("likely")) in graph


def test_the_build_stores_the_curated_graph(store_links):
    assert isomorphic(store_links, curated_links_graph())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("gkr:A\tA\tQ1\n", "expected 5 tab-separated columns"),
        ("gkr:A\tA\tX1\tverified\tnote\n", "is not a QID"),
        ("gkr:A\tA\tQ1\tsure\tnote\n", "status 'sure'"),
        ("gkr:A\tA\tQ1\tunknown\tnote\n", "must leave the wikidata column empty"),
        ("gkr:A\tA\t\tlikely\tnote\n", "is not a QID"),
        ("ex:A\tA\tQ1\tverified\tnote\n", "is not a gkr:/gks: IRI"),
        ("gkr:A B\tA\tQ1\tverified\tnote\n", "not allowed in an IRI"),
        ("gkr:A\t\tQ1\tverified\tnote\n", "label column is empty"),
    ],
)
def test_a_malformed_row_names_its_line(tmp_path, line, message):
    path = tmp_path / "links.tsv"
    path.write_text("# comment\n" + HEADER + "gkr:Ok\tOk\tQ2\tverified\tnote\n" + line, encoding="utf-8")
    with pytest.raises(KgError, match=f"^{path}:4: .*{message}"):
        curated_links_graph(path)


def test_duplicate_entity_and_missing_header(tmp_path):
    path = tmp_path / "links.tsv"
    path.write_text(HEADER + "gkr:A\tA\tQ1\tverified\tn\ngkr:A\tA\tQ2\tlikely\tn\n", encoding="utf-8")
    with pytest.raises(KgError, match=r":3: entity .* already has a row on line 2"):
        read_curated(path)
    path.write_text("gkr:A\tA\tQ1\tverified\tn\n", encoding="utf-8")
    with pytest.raises(KgError, match=r":1: expected the header line"):
        read_curated(path)


def test_the_project_file_is_well_formed():
    rows = read_curated(CURATED_FILE)
    assert rows and all(row.entity is None or isinstance(row.entity, URIRef) for row in rows)
