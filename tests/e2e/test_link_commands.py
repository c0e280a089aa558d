"""`kg link status`, `kg link wikidata` and `kg link enrich` on a copy of the built store, against the local stand-in."""

import re
import shutil

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, XSD

from conftest import FIXTURES, free_port
from govkg.build import build
from govkg.cli import main
from govkg.link.entities import graph_content, named_entities, query
from govkg.link.model import WD, WDT
from govkg.rdf.namespaces import ENRICHMENT_GRAPH, GKO, GKR, GKS, LINKS_GRAPH, RECONCILED_LINKS_GRAPH
from govkg.store import current_generation, open_read_only
from support.standin_endpoint import ScriptedFailure, StandinEndpoint

BEKTENOV = "wd:Q900000001"  # the fixture's (fictitious) right candidate


@pytest.fixture(scope="module")
def endpoint():
    with StandinEndpoint(FIXTURES / "wikidata-fixture.ttl") as running:
        yield running


@pytest.fixture
def store_dir(built_store, tmp_path):
    """A private copy of the built store, safe to write to."""
    target = tmp_path / "kg-store"
    shutil.copytree(built_store, target, symlinks=True)
    return target


def kg(capsys, *argv) -> tuple[int, str, str]:
    """Run `kg` in-process; its exit status, stdout and stderr."""
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def quads_by_graph(store_dir) -> dict[str, set]:
    """Every quad of the store, per named graph (as strings, for comparison)."""
    store = open_read_only(store_dir)
    graphs: dict[str, set] = {}
    for quad in store.quads_for_pattern(None, None, None):
        graphs.setdefault(str(quad.graph_name), set()).add(str(quad))
    return graphs


def test_named_entities_are_the_graphs_things_not_its_sentences_or_events(built_store):
    entities = {entity.iri: entity for entity in named_entities(open_read_only(built_store))}
    kinds = {iri: entity.kind for iri, entity in entities.items()}
    assert kinds[GKR.OlzhasBektenov] == "person"
    assert kinds[GKR.Kazakhstan] == "country"
    assert kinds[GKR.Bishkek] == "city"
    assert kinds[GKR.KarasuCheckpoint] == "border crossing"
    assert kinds[GKR.PrimeMinisterOfKazakhstan] == "position"
    assert kinds[GKR.GovernmentOfKazakhstan] == "organization"
    assert kinds[GKS.food] == "sector"
    assert GKR.KazakhstanKyrgyzstanBorder in kinds
    store = open_read_only(built_store)
    excluded = query(store, f"SELECT DISTINCT ?x WHERE {{ VALUES ?c {{ <{GKO.Event}> <{GKO.Statement}> <{GKO.Amount}> <{GKO.Sentence}> }} ?x a ?c }}")
    assert excluded and not {row["x"] for row in excluded} & set(kinds)
    assert all(entity.label for entity in entities.values())


def test_status_lists_every_entity_with_its_link_or_unlinked(built_store, capsys):
    status, out, err = kg(capsys, "link", "status", "--store", built_store)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["entity", "label", "wikidata", "status", "source"]
    rows = {line.split()[0]: line for line in lines[2:] if line.startswith(("gkr:", "gks:"))}
    assert len(rows) == len(named_entities(open_read_only(built_store)))
    assert re.search(r"\bQ232\s+verified\b", rows["gkr:Kazakhstan"])
    assert re.search(r"\bQ3814905\s+likely\b", rows["gkr:GovernmentOfKazakhstan"])
    assert re.search(r"\bunlinked\s+unknown\b", rows["gkr:OlzhasBektenov"])
    assert re.search(r"\bunlinked\s+unknown\b", rows["gkr:KarasuCheckpoint"])
    assert "Olzhas Bektenov" in rows["gkr:OlzhasBektenov"]
    column = lines[0].index("wikidata")
    assert all(row[column:].split()[0] in ("unlinked",) or row[column] == "Q" for row in rows.values())
    assert re.match(r"\d+ entities: \d+ linked \(\d+ likely, \d+ verified\), \d+ unlinked$", lines[-1])


def test_reconcile_prints_scored_candidates_and_writes_nothing(store_dir, endpoint, capsys):
    before = current_generation(store_dir)
    status, out, err = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url)
    assert status == 0, err
    assert out.splitlines()[0].split() == ["entity", "candidate", "label", "description", "score", "why"]
    bektenov = [line for line in out.splitlines() if line.startswith("gkr:OlzhasBektenov ")]
    scores = {line.split()[1]: float(re.search(r"\s(\d\.\d\d)\s", line).group(1)) for line in bektenov}
    assert scores[BEKTENOV] == 1.0
    assert scores["wd:Q900000002"] < 0.9 and scores["wd:Q900000003"] < scores["wd:Q900000002"]
    assert "wd:Q900000004" not in scores and "wd:Q900000005" not in scores  # no position / not a human
    assert "context wd:Q2416315 = link of gkr:PrimeMinisterOfKazakhstan" in bektenov[0]
    assert f"gkr:OlzhasBektenov -> {BEKTENOV} (1.00)" in out and "dry run" in out
    assert current_generation(store_dir) == before
    assert all(request.user_agent.startswith("govkg/") for request in endpoint.requests)


def test_apply_writes_the_chosen_links_with_endpoint_time_and_score(store_dir, endpoint, capsys):
    before = quads_by_graph(store_dir)
    status, out, err = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url, "--apply")
    assert status == 0, err
    assert f"wrote 1 link into {RECONCILED_LINKS_GRAPH}" in out
    after = quads_by_graph(store_dir)
    unchanged = {f"<{RECONCILED_LINKS_GRAPH}>", "DEFAULT"}  # the default graph is the union: it gains the links
    assert {g: q for g, q in after.items() if g not in unchanged} == {g: q for g, q in before.items() if g != "DEFAULT"}
    store = open_read_only(store_dir)
    reconciled = store.quads_for_pattern(None, None, None, ox.NamedNode(str(RECONCILED_LINKS_GRAPH)))
    added = {str(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())) for q in reconciled}
    assert after["DEFAULT"] == before["DEFAULT"] | added
    links = graph_content(open_read_only(store_dir), RECONCILED_LINKS_GRAPH)
    assert set(links.subject_objects(GKO.externalMatch)) == {(GKR.OlzhasBektenov, WD.Q900000001)}
    node = GKR["link/OlzhasBektenov-Q900000001"]
    assert links.value(node, GKO.linkStatus) == Literal("reconciled")
    assert links.value(node, GKO.matchScore).datatype == XSD.decimal
    assert float(links.value(node, GKO.matchScore)) == 1.0
    assert links.value(node, PROV.wasAttributedTo) == URIRef(endpoint.url)
    assert links.value(node, PROV.generatedAtTime).datatype == XSD.dateTime
    assert endpoint.url in str(links.value(node, DCTERMS.source))

    # a second run keeps the applied link and no longer looks for Bektenov
    status, out, _ = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url,
                        "--apply", "--min-score", "0.8")
    assert status == 0 and "gkr:OlzhasBektenov" not in out
    links = graph_content(open_read_only(store_dir), RECONCILED_LINKS_GRAPH)
    assert set(links.subjects(GKO.externalMatch)) == {
        GKR.OlzhasBektenov, GKR.KarasuCheckpoint, GKR.PresidentialAdministrationOfKyrgyzstan}

    status, out, _ = kg(capsys, "link", "status", "--store", store_dir)
    assert re.search(r"gkr:OlzhasBektenov\s+Olzhas Bektenov\s+Q900000001\s+reconciled\s+score 1.00", out)


def test_min_score(store_dir, endpoint, capsys):
    status, out, _ = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url, "--min-score", "0.5")
    chosen = re.findall(r"^  (\S+) -> (\S+) \((\S+)\)$", out, flags=re.M)
    assert {(entity, item) for entity, item, _ in chosen} == {
        ("gkr:OlzhasBektenov", BEKTENOV), ("gkr:KarasuCheckpoint", "wd:Q900000020"),
        ("gkr:PresidentialAdministrationOfKyrgyzstan", "wd:Q900000010"), ("gks:petrochemical", "wd:Q900000030")}
    status, out, _ = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url, "--min-score", "1")
    assert re.findall(r"^  (\S+) -> ", out, flags=re.M) == ["gkr:OlzhasBektenov"]
    with pytest.raises(SystemExit) as usage_error:
        main(["link", "wikidata", "--store", str(store_dir), "--min-score", "1.5"])
    assert usage_error.value.code == 2 and "is not between 0 and 1" in capsys.readouterr().err


def test_enrich_fetches_the_chosen_facts_with_provenance(store_dir, endpoint, capsys):
    status, out, err = kg(capsys, "link", "enrich", "--store", store_dir, "--endpoint", endpoint.url)
    assert status == 0, err
    assert re.match(rf"enriched \d+ linked items with \d+ facts \(.*\) from {re.escape(endpoint.url)} into ", out)
    store = open_read_only(store_dir)
    facts = graph_content(store, ENRICHMENT_GRAPH)
    assert (WD.Q200881, RDFS.label, Literal("Қасым-Жомарт Тоқаев", lang="kk")) in facts
    assert (WD.Q813, RDFS.label, Literal("Кыргызстан", lang="ky")) in facts
    assert (WD.Q232, RDFS.label, Literal("Казахстан", lang="ru")) in facts
    assert (WD.Q232, WDT.P36, WD.Q1520) in facts and (WD.Q813, WDT.P6, WD.Q4060344) in facts
    assert (WD.Q232, WDT.P35, WD.Q200881) in facts
    assert (WD.Q200881, WDT.P39, WD.Q5256775) in facts
    assert str(facts.value(WD.Q25597826, WDT.P569)).startswith("1968-12-06")
    assert facts.value(ENRICHMENT_GRAPH, DCTERMS.source) == URIRef(endpoint.url)
    assert facts.value(ENRICHMENT_GRAPH, PROV.generatedAtTime).datatype == XSD.dateTime
    assert (WD.Q900000001, WDT.P39, None) not in facts  # only linked items (Bektenov is not linked here)
    assert (WD.Q232, WDT.P6, WD.Q900000001) in facts  # a value item gets its English label
    assert (WD.Q900000001, RDFS.label, Literal("Olzhas Bektenov", lang="en")) in facts
    # the default union joins our entities to the facts through gko:externalMatch
    rows = query(store, f"""SELECT ?entity ?population WHERE {{
        ?entity <{GKO.externalMatch}> ?item . ?item <{WDT.P1082}> ?population }}""")
    assert {row["entity"] for row in rows} == {GKR.Kazakhstan, GKR.Kyrgyzstan, GKR.Bishkek, GKR.Astana}


def test_without_network_enrich_keeps_the_previous_enrichment(store_dir, endpoint, capsys):
    assert kg(capsys, "link", "enrich", "--store", store_dir, "--endpoint", endpoint.url)[0] == 0
    before = current_generation(store_dir)
    facts = graph_content(open_read_only(store_dir), ENRICHMENT_GRAPH)
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    status, out, err = kg(capsys, "link", "enrich", "--store", store_dir, "--endpoint", closed)
    assert status == 1 and out == ""
    assert re.fullmatch(rf"kg link enrich: error: cannot reach {re.escape(closed)}: .+; kept the previous enrichment\n", err)
    assert current_generation(store_dir) == before
    assert len(graph_content(open_read_only(store_dir), ENRICHMENT_GRAPH)) == len(facts)

    endpoint.fail_next(ScriptedFailure(503))  # a server error after the retries are used up: same outcome
    status, _, err = kg(capsys, "link", "enrich", "--store", store_dir, "--endpoint", endpoint.url, "--retries", "0")
    assert status == 1 and err.endswith("HTTP 503 after 1 tries; giving up; kept the previous enrichment\n")
    assert current_generation(store_dir) == before


def test_without_network_reconcile_writes_nothing(store_dir, capsys):
    before = current_generation(store_dir)
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    status, out, err = kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", closed, "--apply")
    assert status == 1 and out == ""
    assert re.fullmatch(rf"kg link wikidata: error: cannot reach {re.escape(closed)}: .+; no link written\n", err)
    assert current_generation(store_dir) == before


def test_a_build_keeps_reconciled_links_and_enrichment(store_dir, endpoint, capsys):
    kg(capsys, "link", "wikidata", "--store", store_dir, "--endpoint", endpoint.url, "--apply")
    kg(capsys, "link", "enrich", "--store", store_dir, "--endpoint", endpoint.url)
    before = quads_by_graph(store_dir)
    build(store_dir)
    after = quads_by_graph(store_dir)
    for graph in (RECONCILED_LINKS_GRAPH, ENRICHMENT_GRAPH):
        assert after[f"<{graph}>"] == before[f"<{graph}>"] and after[f"<{graph}>"]
    assert after[f"<{LINKS_GRAPH}>"] == before[f"<{LINKS_GRAPH}>"]
    assert ox.NamedNode(str(RECONCILED_LINKS_GRAPH)) in set(open_read_only(store_dir).named_graphs())


def test_one_query_joins_the_graph_with_the_stand_in_wikidata(built_store, endpoint):
    """A federated query from the store, through its links, to the (stand-in) Wikidata endpoint."""
    rows = query(open_read_only(built_store), f"""SELECT ?entity ?name WHERE {{
        ?entity <{GKO.externalMatch}> ?item .
        SERVICE <{endpoint.url}> {{ ?item <{RDFS.label}> ?name FILTER(LANG(?name) = "kk") }}
    }}""")
    names = {row["entity"]: row["name"] for row in rows}
    assert names[GKR.Kazakhstan] == Literal("Қазақстан", lang="kk")
    assert names[GKR.KassymJomartTokayev] == Literal("Қасым-Жомарт Тоқаев", lang="kk")
