"""The seed article's encoding, paragraph by paragraph, through SPARQL on the built store (article graph only)."""

import re

import pytest
import rdflib

from conftest import REPO_ROOT, shared_dir
from govkg.project import BUNDLED_ARTICLES
from govkg.rdf.namespaces import GKO, ONTOLOGY_GRAPH, PREFIXES, article_graph, article_iri
from govkg.store import open_read_only
from support.article_graph import article_ask, article_rows

SLUG = "kz-kg-government-visit"
TEXT_FILE = BUNDLED_ARTICLES / f"{SLUG}.txt"
TTL_FILE = BUNDLED_ARTICLES / f"{SLUG}.ttl"
CHECKLIST = REPO_ROOT / "docs" / "article-checklist.md"
#: The prefixes docs/article-checklist.md writes IRIs with.
CHECKLIST_PREFIXES = {"gko": PREFIXES["gko"], "gkr": PREFIXES["gkr"], "gks": PREFIXES["gks"],
                      "gka": PREFIXES["gkr"] + "article/", "v": f"{PREFIXES['gkr']}{SLUG}/", "s": article_iri(SLUG) + "/"}
HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + (
    f"PREFIX v: <{PREFIXES['gkr']}{SLUG}/>\nPREFIX s: <{article_iri(SLUG)}/>\n"
    f"PREFIX gkm: <{PREFIXES['gkr']}modality/>\n"
)


@pytest.fixture(scope="module")
def store(built_store):
    return open_read_only(built_store)


def rows(store, query: str) -> list[dict]:
    """SELECT over the article graph alone; each row as {variable: value}."""
    return article_rows(store, SLUG, HEADER + query)


def ask(store, query: str) -> bool:
    return article_ask(store, SLUG, HEADER + "ASK {" + query + "}")


def paragraphs(text_file=TEXT_FILE) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text_file.read_text(encoding="utf-8")) if p.strip()]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def compact(iri: str, prefixes: dict = CHECKLIST_PREFIXES) -> str:
    """``iri`` written with the checklist's prefixes (the longest namespace that matches), else as ``<iri>``."""
    matching = [(p, ns) for p, ns in prefixes.items() if iri.startswith(ns)]
    if not matching:
        return f"<{iri}>"
    prefix, namespace = max(matching, key=lambda x: len(x[1]))
    return f"{prefix}:{iri[len(namespace):]}"


def mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w:/-]){re.escape(name)}(?![\w/-])", text) is not None


def checklist_sections(checklist=CHECKLIST) -> dict[int, str]:
    """The part of a checklist about each sentence (from '**sN**' to the next sentence or heading)."""
    parts = re.split(r"^\*\*s(\d+)\*\* ", checklist.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {int(number): body.split("\n## ")[0] for number, body in zip(parts[1::2], parts[2::2], strict=True)}


def assert_checklist_maps_the_encoding(ttl_file, checklist, prefixes: dict, count: int) -> None:
    """The checklist has a part per sentence that quotes it exactly and names every node stated in it; every node of
    the encoding appears in the checklist."""
    sections = checklist_sections(checklist)
    article = rdflib.Graph().parse(ttl_file)
    sentences = {int(article.value(s, GKO.position)): str(article.value(s, rdflib.RDF.value))
                 for s in article.subjects(rdflib.RDF.type, GKO.Sentence)}
    assert sorted(sections) == sorted(sentences) == list(range(1, count + 1))
    for number, text in sentences.items():
        assert one_line(sections[number]).startswith(f'"{text}"'), f"the checklist misquotes sentence {number}"
    for node, sentence in article.subject_objects(GKO.statedIn):
        number = int(article.value(sentence, GKO.position))
        assert mentions(sections[number], compact(str(node), prefixes)), f"{compact(str(node), prefixes)} missing under s{number}"
    text = checklist.read_text(encoding="utf-8")
    for node in {s for s in article.subjects() if isinstance(s, rdflib.URIRef)}:
        assert mentions(text, compact(str(node), prefixes)), f"{compact(str(node), prefixes)} missing from the checklist"


# ------------------------------------------------------------------ the article, its text and its sentences


def test_text_is_a_copy_of_the_seed_article():
    assert TEXT_FILE.read_text(encoding="utf-8") == (shared_dir() / "seed" / "article.txt").read_text(encoding="utf-8")


def test_sentences_are_the_article_text_in_order(store):
    found = rows(store, """SELECT ?n ?p ?text WHERE {
        ?s a gko:Sentence ; dcterms:isPartOf ?article ; gko:position ?n ; gko:paragraph ?p ; rdf:value ?text .
        ?article a gko:NewsArticle } ORDER BY ?n""")
    assert [int(r["n"]) for r in found] == list(range(1, 17))
    assert sorted({int(r["p"]) for r in found}) == list(range(1, len(paragraphs()) + 1))
    for number, paragraph in enumerate(paragraphs(), start=1):
        # each paragraph, cut after every full stop, is exactly its sentences (none merged, split or altered)
        assert [r["text"] for r in found if int(r["p"]) == number] == re.split(r"(?<=[.!?]) ", one_line(paragraph))


def test_every_statement_event_and_participation_points_to_its_sentences(store):
    article = article_graph(SLUG)
    nodes = store.query(HEADER + f"""SELECT ?node (COUNT(?sentence) AS ?sentences) WHERE {{
        GRAPH <{article}> {{ ?node a ?class }}
        GRAPH <{ONTOLOGY_GRAPH}> {{ ?class rdfs:subClassOf* ?kind VALUES ?kind {{ gko:Event gko:Statement gko:Participation }} }}
        OPTIONAL {{ GRAPH <{article}> {{ ?node gko:statedIn ?sentence . ?sentence a gko:Sentence }} }}
        }} GROUP BY ?node""")
    counts = {row["node"].value: int(row["sentences"].value) for row in nodes}
    assert len(counts) >= 30
    assert [node for node, count in counts.items() if count == 0] == []


def test_the_checklist_quotes_every_sentence_and_maps_every_node_to_its_sentences():
    """docs/article-checklist.md has a part per sentence that quotes it exactly and names every node stated in it;
    every node of the encoding appears in the checklist."""
    assert_checklist_maps_the_encoding(TTL_FILE, CHECKLIST, CHECKLIST_PREFIXES, 16)


def test_every_entity_has_an_iri_and_an_english_label(store):
    assert not ask(store, "{ ?s ?p ?o FILTER(isBlank(?s)) } UNION { ?s ?p ?o FILTER(isBlank(?o)) }")
    unlabelled = rows(store, """SELECT DISTINCT ?s WHERE { ?s a ?type
        FILTER NOT EXISTS { ?s rdfs:label ?l FILTER(langMatches(lang(?l), "en")) } }""")
    assert unlabelled == []


def test_nothing_the_article_does_not_say_no_dates(store):
    dated = rows(store, """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) &&
        datatype(?o) IN (xsd:date, xsd:dateTime, xsd:dateTimeStamp, xsd:gYearMonth)) }""")
    assert dated == []
    years = {r["y"] for r in rows(store, "SELECT ?y WHERE { ?s ?p ?y FILTER(datatype(?y) = xsd:gYear) }")}
    assert years == {"2024", "2030"}
    # no capital: the article says "In Bishkek" and never calls a city a capital
    assert not ask(store, "{ ?c a gko:Capital } UNION { ?c gko:capitalOf ?s } UNION { ?s gko:hasCapital ?c }")
    assert not ask(store, "{ gkr:Astana ?p ?o } UNION { ?s ?p gkr:Astana }")


def test_fixed_iris_of_the_architecture_are_encoded(store):
    fixed = ["Kazakhstan", "Kyrgyzstan", "Bishkek", "OlzhasBektenov", "SadyrJaparov", "AkylbekJaparov", "KassymJomartTokayev", "PrimeMinisterOfKazakhstan", "PresidentOfKazakhstan", "PresidentOfKyrgyzstan", "ChairmanOfTheCabinetOfMinistersOfKyrgyzstan", "HeadOfThePresidentialAdministrationOfKyrgyzstan", "GovernmentOfKazakhstan", "CabinetOfMinistersOfKyrgyzstan", "PresidentialAdministrationOfKyrgyzstan", "KazakhstanKyrgyzstanBorder", "KarasuCheckpoint", "BesagashCheckpoint", "AukhattyCheckpoint", "SartobeCheckpoint", "AishaBibiCheckpoint", "SypatayBatyrCheckpoint", "KegenCheckpoint"]
    for name in fixed:
        assert ask(store, f"gkr:{name} a ?type ; rdfs:label ?label"), name


# ------------------------------------------------------------------ one test per paragraph


def test_paragraph_1_the_visit(store):
    """On the instructions of the Head of State, PM Olzhas Bektenov made a short-term working visit to the Kyrgyz
    Republic, primeminister.kz reports."""
    assert ask(store, """v:Visit a gko:WorkingVisit , gko:ShortTermVisit ; gko:visitor gkr:OlzhasBektenov ;
        gko:hostState gkr:Kyrgyzstan ; gko:onInstructionOf gkr:KassymJomartTokayev ; gko:statedIn s:s1 .
        ?p gko:participationIn v:Visit ; gko:participationAgent gkr:OlzhasBektenov ;
           gko:inCapacityOf gkr:PrimeMinisterOfKazakhstan ; gko:statedIn s:s1 .
        ?olzhasBektenovHolding a gko:PostHolding ; gko:holder gkr:OlzhasBektenov ; gko:heldPost gkr:PrimeMinisterOfKazakhstan .
        gkr:PrimeMinisterOfKazakhstan gko:postIn gkr:GovernmentOfKazakhstan .
        gkr:GovernmentOfKazakhstan gko:bodyOf gkr:Kazakhstan .
        ?kassymJomartTokayevHolding a gko:PostHolding ; gko:holder gkr:KassymJomartTokayev ; gko:heldPost gkr:PresidentOfKazakhstan .
        gkr:PresidentOfKazakhstan a gko:HeadOfStatePost ; gko:postOfState gkr:Kazakhstan .""")
    article = rows(store, """SELECT ?publisher ?lang WHERE { ?a a gko:NewsArticle , schema:NewsArticle ;
        dcterms:publisher ?p ; dcterms:language ?lang . ?p a gko:Publisher ; rdfs:label ?publisher }""")
    assert article == [{"publisher": "primeminister.kz", "lang": "en"}]
    assert not ask(store, "v:Visit ?p ?o FILTER(isLiteral(?o) && datatype(?o) != rdf:langString)")  # no date


def test_paragraph_2_reception_greetings_and_readiness(store):
    """In Bishkek the Head of Government of Kazakhstan was received by President Sadyr Japarov; Bektenov conveyed
    greetings from Tokayev and expressed the Government's readiness to develop trade and economic cooperation."""
    assert ask(store, """v:Reception a gko:Reception ; gko:subEventOf v:Visit ; gko:takesPlaceIn gkr:Bishkek ;
        gko:receivedBy gkr:SadyrJaparov ; gko:guest gkr:OlzhasBektenov ; gko:statedIn s:s2 .
        gkr:Bishkek a gko:City ; gko:locatedIn gkr:Kyrgyzstan .
        ?host gko:participationIn v:Reception ; gko:participationAgent gkr:SadyrJaparov ;
              gko:inCapacityOf gkr:PresidentOfKyrgyzstan .
        ?guest gko:participationIn v:Reception ; gko:participationAgent gkr:OlzhasBektenov ;
               gko:inCapacityOf ?post . ?post a gko:HeadOfGovernmentPost .
        ?sadyrJaparovHolding a gko:PostHolding ; gko:holder gkr:SadyrJaparov ; gko:heldPost gkr:PresidentOfKyrgyzstan .""")
    assert ask(store, """v:Greetings a gko:ConveyanceOfGreetings ; gko:subEventOf v:Reception ;
        gko:conveyedBy gkr:OlzhasBektenov ; gko:greetingsFrom gkr:KassymJomartTokayev ;
        gko:greetingsTo gkr:SadyrJaparov ; gko:statedIn s:s3 .""")
    readiness = rows(store, """SELECT ?who ?by ?at WHERE { ?r a gko:Readiness ; gko:statedIn s:s3 ;
        gko:attributedTo ?who ; gko:statedBy ?by ; gko:statedAt ?at ; gko:sector gks:trade , gks:economic }""")
    assert readiness == [{"who": PREFIXES["gkr"] + "GovernmentOfKazakhstan", "by": PREFIXES["gkr"] + "OlzhasBektenov",
                          "at": PREFIXES["gkr"] + SLUG + "/Reception"}]


def test_paragraph_3_negotiations_forthcoming_visit_target_and_exports(store):
    """Government-level negotiations with Akylbek Japarov (two posts); the forthcoming official visit of Sadyr
    Japarov was considered; the $2 billion turnover target; Kazakhstan's readiness to export 195 items worth $260m."""
    assert ask(store, """v:Negotiations a gko:GovernmentLevelNegotiations ; gko:subEventOf v:Visit ;
        gko:party gkr:GovernmentOfKazakhstan , gkr:CabinetOfMinistersOfKyrgyzstan ; gko:statedIn s:s4 .
        ?p gko:participationIn v:Negotiations ; gko:participationAgent gkr:AkylbekJaparov ;
           gko:inCapacityOf gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan ,
                            gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan .
        ?chair gko:holder gkr:AkylbekJaparov ; gko:heldPost gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan ; gko:statedIn s:s4 .
        ?head gko:holder gkr:AkylbekJaparov ; gko:heldPost gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan ;
              gko:statedIn s:s4 .
        gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan gko:postIn gkr:CabinetOfMinistersOfKyrgyzstan .
        gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan gko:postIn gkr:PresidentialAdministrationOfKyrgyzstan .
        gkr:CabinetOfMinistersOfKyrgyzstan a gko:CabinetOfMinisters ; gko:bodyOf gkr:Kyrgyzstan .
        gkr:PresidentialAdministrationOfKyrgyzstan a gko:PresidentialAdministration ; gko:bodyOf gkr:Kyrgyzstan .""")
    assert ask(store, """?d a gko:Discussion ; gko:subEventOf v:Negotiations ; gko:topic ?visit ; gko:statedIn s:s4 .
        ?visit a gko:OfficialVisit , gko:ForthcomingEvent ; gko:visitor gkr:SadyrJaparov ;
               gko:hostState gkr:Kazakhstan ; gko:statedIn s:s4 .""")
    target = rows(store, """SELECT ?value ?indicator WHERE { ?t a gko:Target ; gko:statedIn s:s5 ;
        gko:statedAt v:Negotiations ; gko:attributedTo gkr:GovernmentOfKazakhstan , gkr:CabinetOfMinistersOfKyrgyzstan ;
        gko:sector gks:trade ; gko:indicator ?indicator ; gko:targetValue [ gko:amountValue ?value ; gko:currency gkr:USDollar ] .
        ?d a gko:Discussion ; gko:topic ?t ; gko:statedIn s:s5 }""")
    assert target == [{"value": "2000000000", "indicator": PREFIXES["gkr"] + "KazakhstanKyrgyzstanTradeTurnover"}]
    assert ask(store, """?d a gko:Discussion ; gko:subEventOf v:Negotiations ; gko:statedIn s:s6 ;
        gko:sector gks:trade , gks:economic .""")
    exports = rows(store, """SELECT ?items ?value WHERE { ?r a gko:Readiness ; gko:statedIn s:s7 ;
        gko:attributedTo gkr:Kazakhstan ; gko:commodityItemCount ?items ;
        gko:amount [ gko:amountValue ?value ; gko:currency gkr:USDollar ]
        FILTER(?items = 195 && ?value > 250000000) }""")
    assert exports == [{"items": "195", "value": "260000000"}]


def test_paragraph_4_sector_potential_logistics_complex_and_multiplier_effect(store):
    """Wide potential in five sectors; plans for an Industrial Trade and Logistics Complex on the common border;
    its launch will have a multiplier effect on trade, economic and investment co-operation."""
    sectors = rows(store, "SELECT ?s WHERE { ?a a gko:Assessment ; gko:statedIn s:s8 ; gko:sector ?s }")
    assert {r["s"].rsplit("/", 1)[1] for r in sectors} == {"food", "industrial", "petrochemical", "construction", "pharmaceutical"}
    assert ask(store, """?plan a gko:Plan ; gko:statedIn s:s9 ; gko:plannedProject ?project ; gko:supports ?assessment .
        ?assessment gko:statedIn s:s8 .
        ?project gko:projectFacility ?complex . ?complex a gko:LogisticsComplex ;
        gko:onBorder gkr:KazakhstanKyrgyzstanBorder .
        gkr:KazakhstanKyrgyzstanBorder gko:borderOf gkr:Kazakhstan , gkr:Kyrgyzstan .
        gkr:Kazakhstan gko:borders gkr:Kyrgyzstan .""")
    assert ask(store, """?e a gko:ExpectedEffect ; gko:statedIn s:s10 ; gko:effectOf ?project ;
        gko:effectKind "multiplier effect" ; gko:sector gks:trade , gks:economic , gks:investment .
        ?plan a gko:Plan ; gko:plannedProject ?project .""")
    assert not ask(store, "?plan a gko:Plan ; gko:statedIn s:s9 . ?plan a ?other FILTER(?other != gko:Plan)")


def test_paragraph_5_agriculture_measures(store):
    """The two governments will take measures: mutual supplies, joint projects, research institutes and universities."""
    measures = rows(store, """SELECT ?m WHERE { ?c a gko:Commitment ; gko:statedIn s:s11 ; gko:sector gks:agriculture ;
        gko:attributedTo gkr:GovernmentOfKazakhstan , gkr:CabinetOfMinistersOfKyrgyzstan ; gko:includes ?m .
        ?m a gko:Measure ; gko:statedIn s:s11 ; gko:sector gks:agriculture ; rdfs:label ?label }""")
    assert len(measures) == 3


def test_paragraph_6_water_regimes_for_the_2024_growing_season(store):
    """Bektenov emphasised approving the operation regimes of interstate water facilities for the 2024 season."""
    found = rows(store, """SELECT ?year WHERE { ?i a gko:IssueRaised ; gko:statedIn s:s12 ; gko:statedBy gkr:OlzhasBektenov ;
        gko:sector gks:waterManagement ; gko:topic ?regime ; gko:forPeriod ?season .
        ?regime a gko:OperationRegime ; gko:regimeOf ?facility ; gko:forPeriod ?season .
        ?facility a gko:InterstateWaterManagementFacility ; gko:sharedBy gkr:Kazakhstan , gkr:Kyrgyzstan .
        ?season a gko:GrowingSeason ; gko:withinYear ?year FILTER(datatype(?year) = xsd:gYear) }""")
    assert found == [{"year": "2024"}]


def test_paragraph_7_border_capacity_transit_and_checkpoints(store):
    """The parties noted work on border capacity and transit; the Concept until 2030 envisages seven checkpoints."""
    assert ask(store, """?o a gko:Observation ; gko:statedIn s:s13 ; gko:topic gkr:KazakhstanKyrgyzstanBorder ;
        gko:sector gks:transitAndTransport ; gko:attributedTo gkr:GovernmentOfKazakhstan , gkr:CabinetOfMinistersOfKyrgyzstan .""")
    checkpoints = rows(store, """SELECT ?cp WHERE { ?plan a gko:Plan ; gko:statedIn s:s14 ; gko:plannedProject ?project .
        ?project a gko:ConstructionProject , gko:ReconstructionProject ; gko:envisagedBy ?doc ; gko:projectFacility ?cp .
        ?cp a gko:BorderCheckpoint ; gko:onBorder gkr:KazakhstanKyrgyzstanBorder .
        ?doc a gko:PolicyDocument ; gko:concernsState gkr:Kazakhstan ;
             gko:validityPeriod/time:hasEnd/time:inXSDgYear "2030"^^xsd:gYear }""")
    names = {r["cp"].rsplit("/", 1)[1] for r in checkpoints}
    assert names == {f"{n}Checkpoint" for n in ["Karasu", "Besagash", "Aukhatty", "Sartobe", "AishaBibi", "SypatayBatyr", "Kegen"]}


def test_paragraph_8_education_culture_tourism_and_confirmed_readiness(store):
    """The parties discussed education, culture and tourism and confirmed their readiness to realise the heads of
    state's tasks and raise cooperation to a new level."""
    sectors = rows(store, """SELECT ?s WHERE { ?d a gko:Discussion ; gko:subEventOf v:Negotiations ;
        gko:statedIn s:s15 ; gko:sector ?s }""")
    assert {r["s"].rsplit("/", 1)[1] for r in sectors} == {"education", "culture", "tourism"}
    assert ask(store, """?r a gko:Readiness ; gko:statedIn s:s16 ; gko:statedAt v:Negotiations ;
        gko:attributedTo gkr:GovernmentOfKazakhstan , gkr:CabinetOfMinistersOfKyrgyzstan ; gko:topic ?tasks .
        ?tasks a gko:Task ; gko:attributedTo gkr:KassymJomartTokayev , gkr:SadyrJaparov .
        ?holding gko:holder gkr:SadyrJaparov ; gko:heldPost ?post . ?post a gko:HeadOfStatePost .""")


# ------------------------------------------------------------------ issue 14: status, places, holdings, no dates


def test_every_event_but_the_forthcoming_visit_is_held_and_that_one_is_scheduled(store):
    """The article reports every event as done except the forthcoming official visit (a scheduled event)."""
    statuses = rows(store, """SELECT ?event ?status WHERE { ?event a ?kind .
        VALUES ?kind { gko:Visit gko:Reception gko:GovernmentLevelNegotiations gko:Discussion gko:ConveyanceOfGreetings
                       gko:WorkingVisit gko:OfficialVisit }
        OPTIONAL { ?event a ?status VALUES ?status { gko:HeldEvent gko:ForthcomingEvent } } }""")
    by_event = {}
    for row in statuses:
        by_event.setdefault(compact(row["event"]), set()).add(row["status"] and compact(row["status"]))
    assert by_event.pop("v:ForthcomingOfficialVisit") == {"gko:ForthcomingEvent"}
    assert len(by_event) == 8 and all(found == {"gko:HeldEvent"} for found in by_event.values()), by_event


def test_the_greetings_are_placed_in_bishkek_and_the_planned_complex_exists_nowhere(store):
    """Places roll up from a part to the whole, never down: the greetings' place (the reception's city, s2) is
    stated. The logistics complex is planned (no gko:Facility, no gko:locatedIn); the water facilities exist."""
    assert ask(store, "v:Greetings gko:takesPlaceIn gkr:Bishkek")
    assert ask(store, "gkr:IndustrialTradeAndLogisticsComplex a gko:LogisticsComplex , gko:PlannedFacility")
    assert not ask(store, "{ gkr:IndustrialTradeAndLogisticsComplex a gko:Facility } UNION "
                          "{ gkr:IndustrialTradeAndLogisticsComplex gko:locatedIn ?place }")
    assert ask(store, "gkr:KazakhstanKyrgyzstanInterstateWaterManagementFacilities a gko:Facility")
    assert not ask(store, "?checkpoint a gko:BorderCheckpoint , ?status VALUES ?status { gko:Facility gko:PlannedFacility }")


def test_posts_are_held_through_dated_less_holdings_only(store):
    """Five holdings (Akylbek Japarov holds two posts), each from the sentence that names the person with the post;
    the article gives no date, so none is valid during a time; no plain gko:holdsPost is asserted."""
    holdings = rows(store, """SELECT ?person ?post ?n WHERE { ?h a gko:PostHolding ; gko:holder ?person ;
        gko:heldPost ?post ; gko:statedIn ?s . ?s gko:position ?n . ?post a gko:SingleHolderPost }""")
    assert sorted((compact(r["person"]), compact(r["post"]), int(r["n"])) for r in holdings) == [
        ("gkr:AkylbekJaparov", "gkr:ChairmanOfTheCabinetOfMinistersOfKyrgyzstan", 4),
        ("gkr:AkylbekJaparov", "gkr:HeadOfThePresidentialAdministrationOfKyrgyzstan", 4),
        ("gkr:KassymJomartTokayev", "gkr:PresidentOfKazakhstan", 3),
        ("gkr:OlzhasBektenov", "gkr:PrimeMinisterOfKazakhstan", 1),
        ("gkr:SadyrJaparov", "gkr:PresidentOfKyrgyzstan", 2),
    ]
    assert not ask(store, "{ ?h gko:validDuring ?t } UNION { ?p gko:holdsPost ?post } UNION { ?a dcterms:issued ?d }")
