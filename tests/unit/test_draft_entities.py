"""kg draft: names linked to known entities (tolerant of case, possessives, dashes and initials), demonyms, posts
with their holders, new-entity candidates with a proposed IRI and class, and a project's own rules."""

import pytest
from rdflib import URIRef

from govkg.draft.knowledge import camel, load_knowledge
from govkg.draft.mentions import Context, MentionFinder
from govkg.draft.ontology import load_ontology
from govkg.draft.quantities import QuantityFinder
from govkg.draft.rules import load_rules
from govkg.errors import KgError
from govkg.project import BUNDLED_ARTICLES, BUNDLED_LINKS, BUNDLED_SOURCES
from govkg.rdf.io import read_quads
from govkg.rdf.namespaces import GKO, GKR

ONTOLOGY = load_ontology(BUNDLED_SOURCES)
SEED = read_quads(BUNDLED_ARTICLES / "kz-kg-government-visit.ttl")


def finder(rules=None) -> MentionFinder:
    rules = rules or load_rules()
    return MentionFinder(Context(load_knowledge(ONTOLOGY, rules, SEED, BUNDLED_LINKS), ONTOLOGY, rules))


def mentions(text: str, find: MentionFinder | None = None) -> list[tuple[str, str, str | None]]:
    """(words, IRI local name, holder local name) of each mention of ``text``."""
    find = find or finder()
    found = find.find(text, QuantityFinder(find.rules).find(text))
    local = lambda iri: str(iri)[len(str(GKR)) :] if iri else None  # noqa: E731
    return [(m.text, local(m.iri), local(m.holder)) for m in found.mentions]


@pytest.mark.parametrize(
    ("text", "words", "entity"),
    [
        ("Kazakhstan's exports grew.", "Kazakhstan's", "Kazakhstan"),
        ("KAZAKHSTAN signed it.", "KAZAKHSTAN", "Kazakhstan"),
        ("Then Kassym Jomart Tokayev spoke.", "Kassym Jomart Tokayev", "KassymJomartTokayev"),
        ("Then K.-J. Tokayev spoke.", "K.-J. Tokayev", "KassymJomartTokayev"),
        ("Then S. Japarov spoke.", "S. Japarov", "SadyrJaparov"),
        ("A visit to the Kyrgyz Republic ended.", "Kyrgyz Republic", "Kyrgyzstan"),
        ("The Uzbek delegation came.", "The Uzbek delegation", "Uzbekistan"),
        ("An Uzbek expert came.", "Uzbek", "Uzbekistan"),
        (
            "On the Kazakhstan–Kyrgyzstan border it rained.",
            "Kazakhstan–Kyrgyzstan border",
            "KazakhstanKyrgyzstanBorder",
        ),
    ],
)
def test_known_names_are_linked(text, words, entity):
    assert (words, entity, None) in mentions(text)


def test_posts_with_their_holders_and_the_post_a_title_stands_for():
    find = finder()
    assert mentions("In Bishkek, the President of Kyrgyzstan Sadyr Japarov spoke.", find)[1] == (
        "the President of Kyrgyzstan Sadyr Japarov",
        "PresidentOfKyrgyzstan",
        "SadyrJaparov",
    )
    # the seed names the Prime Minister of Kazakhstan "Head of Government of Kazakhstan" too
    assert mentions("the Head of Government of Kazakhstan arrived.", find)[0][1:] == (
        "PrimeMinisterOfKazakhstan",
        "OlzhasBektenov",
    )
    # two titles joined by a dash share the state and the holder
    [chain] = [
        m
        for m in find.find(
            "with the Chairman of the Cabinet of Ministers - Head of the Administration of the President of Kyrgyzstan Akylbek Japarov",
            [],
        ).mentions
        if m.kind == "post"
    ]
    assert [str(p)[len(str(GKR)) :] for p in chain.posts] == [
        "ChairmanOfTheCabinetOfMinistersOfKyrgyzstan",
        "HeadOfThePresidentialAdministrationOfKyrgyzstan",
    ]
    assert chain.holder == GKR.AkylbekJaparov


def test_a_new_post_and_person_are_proposed_with_iris_classes_and_the_posts_body():
    find = finder()
    assert mentions("Minister of Energy of Uzbekistan Jurabek Mirzamakhmudov spoke.", find) == [
        (
            "Minister of Energy of Uzbekistan Jurabek Mirzamakhmudov",
            "MinisterOfEnergyOfUzbekistan",
            "JurabekMirzamakhmudov",
        )
    ]
    nodes = find.ctx.nodes
    assert nodes[GKR.JurabekMirzamakhmudov].types == [GKO.Person]
    assert nodes[GKR.MinisterOfEnergyOfUzbekistan].objects(GKO.postIn) == [GKR.MinistryOfEnergyOfUzbekistan]
    assert nodes[GKR.MinistryOfEnergyOfUzbekistan].objects(GKO.bodyOf) == [GKR.Uzbekistan]
    assert find.ctx.holders[GKR.MinisterOfEnergyOfUzbekistan] == GKR.JurabekMirzamakhmudov


def test_unknown_capitalised_names_become_candidates_with_a_class_from_their_head_noun():
    find = finder()
    assert mentions("They met at Astana International Airport.", find) == [
        ("Astana International Airport", "AstanaInternationalAirport", None)
    ]
    assert GKO.Airport in find.ctx.nodes[GKR.AstanaInternationalAirport].types
    found = mentions("the reconstruction of Karasu, Aisha Bibi and Kegen checkpoints", find)
    assert [local for _, local, _ in found] == ["KarasuCheckpoint", "AishaBibiCheckpoint", "KegenCheckpoint"]
    assert find.ctx.nodes[GKR.AishaBibiCheckpoint].label == "Aisha Bibi checkpoint"
    assert find.ctx.nodes[GKR.AishaBibiCheckpoint].types == [GKO.BorderCheckpoint]
    assert mentions("the Palace of Peace and Reconciliation", find)[0][1] == "PalaceOfPeaceAndReconciliation"
    assert camel("Treaty on the deepening of relations", articles=False) == "TreatyOnDeepeningOfRelations"


@pytest.mark.parametrize(
    ("text", "words", "local", "label", "cls"),
    [
        (
            "The parties signed a memorandum of understanding on cooperation in the field of water management.",
            "memorandum of understanding on cooperation in the field of water management",
            "MemorandumOfUnderstandingOnCooperationInFieldOfWaterManagement",
            "Memorandum of understanding on cooperation in the field of water management",
            GKO.Memorandum,
        ),
        (
            "The sides also signed an intergovernmental agreement on mutual protection of investments, which will "
            "take effect in May.",
            "agreement on mutual protection of investments",
            "AgreementOnMutualProtectionOfInvestments",
            "Agreement on mutual protection of investments",
            GKO.Agreement,
        ),
        (
            "The sides agreed to sign a roadmap for digital cooperation by the end of 2026.",
            "roadmap for digital cooperation",
            "RoadmapForDigitalCooperation",
            "Roadmap for digital cooperation",
            GKO.PolicyDocument,
        ),
        (
            "They adopted the roadmap for trade until 2030 and a protocol on customs.",
            "roadmap for trade",
            "RoadmapForTrade",
            "Roadmap for trade",
            GKO.PolicyDocument,
        ),
    ],
)
def test_documents_named_in_lower_case_after_an_article_are_proposed(text, words, local, label, cls):
    find = finder()
    found = mentions(text, find)
    assert (words, local, None) in found
    node = find.ctx.nodes[GKR[local]]
    assert node.label == label and cls in node.types


def test_lower_case_heads_that_often_name_no_document_are_left_alone():
    assert mentions("They discussed the concept of a common market and a plan for the summer.") == []


def test_groups_pronouns_and_counterparts_stand_for_the_people_named_before():
    find = finder()
    find.find("President of Kyrgyzstan Sadyr Japarov met President Kassym-Jomart Tokayev.", [])
    first = find.find("Kassym-Jomart Tokayev met his Kyrgyz counterpart.", [])
    assert [m.holder for m in first.mentions if m.kind == "post"] == [GKR.SadyrJaparov]
    find.remember_subject(first)
    [he] = [m for m in find.find("He said so.", []).mentions]
    assert he.iri == GKR.KassymJomartTokayev
    [group] = find.find("The two Presidents held talks.", []).mentions
    assert set(group.agents) == {GKR.SadyrJaparov, GKR.KassymJomartTokayev}


def test_a_project_adds_its_own_rules(tmp_path):
    (tmp_path / "draft-rules.toml").write_text(
        '[[states]]\nname = "Atlantis"\ndemonyms = ["Atlantean"]\ncapital = "Poseidonia"\n\n'
        '[sector_words]\n"fisheries" = "agriculture"\n',
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    find = finder(rules)
    assert mentions("The Atlantean side met in Poseidonia.", find) == [
        ("The Atlantean side", "Atlantis", None),
        ("Poseidonia", "Poseidonia", None),
    ]
    assert find.ctx.nodes[GKR.Poseidonia].objects(GKO.locatedIn) == [GKR.Atlantis]
    sectors = find.find("Cooperation in fisheries grew.", []).sectors
    assert [sector for sector, _, _ in sectors] == [URIRef("https://w3id.org/govkg/id/sector/agriculture")]


def test_a_bad_project_rules_file_is_named(tmp_path):
    (tmp_path / "draft-rules.toml").write_text(
        "[[events]]\nname = 'X'\ncue = '('\nclass = ['Visit']\n", encoding="utf-8"
    )
    with pytest.raises(KgError, match="draft-rules.toml.*bad regular expression"):
        load_rules(tmp_path)
    (tmp_path / "draft-rules.toml").write_text("not = [valid", encoding="utf-8")
    with pytest.raises(KgError, match="draft-rules.toml: not valid TOML"):
        load_rules(tmp_path)
