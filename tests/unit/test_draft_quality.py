"""kg draft on texts it was not written for: the short reports of tests/fixtures/draft/ (other states, meetings of
commissions and councils, forums, other phrasings), each with a small hand encoding (gold), and the seed report.
The draft must come close to the gold, parse, be the same every time, and fail `kg validate` only at its TODOs."""

import re
import shutil
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS

from conftest import FIXTURES
from govkg.draft.draft import draft_file
from govkg.draft.score import Score, evaluate
from govkg.project import BUNDLED_ARTICLES, BUNDLED_LINKS, BUNDLED_SOURCES, init_project, load_project
from govkg.rdf.io import read_inputs
from govkg.rdf.namespaces import GKO, GKR
from govkg.validate import validate

DRAFTS = FIXTURES / "draft"
REPORTS = sorted(DRAFTS.glob("*.txt"))
#: The issue's goals: (kind, least precision, least recall).
GOALS = [
    ("entity links", 0.9, 0.9),
    ("amounts, dates, years", 1.0, 1.0),
    ("events (type and participants)", 0.8, 0.8),
    ("statements (modality and sentence)", 0.8, 0.7),
]


def test_there_are_at_least_three_test_reports_with_gold():
    assert len(REPORTS) >= 3 and all(path.with_suffix(".ttl").is_file() for path in REPORTS)


def meets(scores) -> list[str]:
    """The goals that ``scores`` (Score objects or (kind, matched, drafted, gold) sums) miss."""
    by_kind = {score.kind: score for score in scores}
    return [
        f"{kind}: precision {by_kind[kind].precision:.2f}, recall {by_kind[kind].recall:.2f}"
        for kind, precision, recall in GOALS
        if by_kind[kind].precision < precision or by_kind[kind].recall < recall
    ]


def test_the_drafts_of_the_test_reports_meet_the_goals_and_are_the_same_every_time():
    totals: dict[str, list[int]] = {}
    known = sorted(BUNDLED_ARTICLES.glob("*.ttl"))
    for text in REPORTS:
        scores, drafted = evaluate(text, text.with_suffix(".ttl"), known, BUNDLED_LINKS, BUNDLED_SOURCES)
        assert evaluate(text, text.with_suffix(".ttl"), known, BUNDLED_LINKS, BUNDLED_SOURCES)[1] == drafted
        assert scores[1].precision == scores[1].recall == 1.0, (text.name, scores[1])  # amounts, dates, years
        for score in scores:
            total = totals.setdefault(score.kind, [0, 0, 0])
            for index, value in enumerate((score.matched, score.drafted, score.gold)):
                total[index] += value
    assert meets([Score(kind, *values) for kind, values in totals.items()]) == []


def test_the_draft_of_the_seed_knowing_the_other_reports_meets_the_goals():
    seed = BUNDLED_ARTICLES / "kz-kg-government-visit.txt"
    others = [path for path in sorted(BUNDLED_ARTICLES.glob("*.ttl")) if path.stem != seed.stem]
    scores, _ = evaluate(seed, seed.with_suffix(".ttl"), others, BUNDLED_LINKS, BUNDLED_SOURCES)
    assert meets(scores) == []


def blocks(turtle: str) -> dict[str, str]:
    """The blocks of a draft by the name of the node they describe (comments included)."""
    found = {}
    for block in turtle.split("\n\n"):
        head = next((line.split()[0] for line in block.splitlines() if line and not line.startswith("#")), None)
        if head is not None:
            found[head] = block
    return found


def test_validate_fails_on_the_drafts_only_where_a_todo_says_so(tmp_path):
    root = tmp_path / "project"
    init_project(root)
    project = load_project(root)
    drafts = {}
    texts = {path.stem: path for path in REPORTS}
    texts["seed-copy"] = BUNDLED_ARTICLES / "kz-kg-government-visit.txt"
    for slug, text in texts.items():
        source = Path(shutil.copy(text, tmp_path / f"{slug}.txt"))
        drafts[slug] = draft_file(project, root / "kg-store", source)
        (project.sources.articles / f"{slug}.ttl").write_text(drafts[slug], encoding="utf-8")
    violations = [result for result in validate(read_inputs(project.sources)) if result.severity == "Violation"]
    assert violations, "the test texts have gaps the draft cannot fill"
    unexplained = []
    for result in violations:
        slug = Path(result.file).stem
        focus = re.sub(rf"^gkr:{re.escape(slug)}/", "v:", result.focus)
        block = blocks(drafts[slug]).get(focus, "")
        path = result.path.split(":")[-1] or "TODO"
        if not any("# TODO" in line and path in line for line in block.splitlines()):
            unexplained.append(result.line())
    assert unexplained == []


def test_each_signing_gets_the_document_it_signed(tmp_path):
    """Documents named in lower case ("signed a memorandum of understanding on ...") become nodes, each signing is
    of its own document (two signings of two documents stay two), and a document's parties are proposed from the
    states of its signatories."""
    root = tmp_path / "project"
    init_project(root)
    text = tmp_path / "uz-tj-talks.txt"
    text.write_text(
        "Prime Minister of Uzbekistan Abdulla Aripov and Prime Minister of Tajikistan Kokhir Rasulzoda held talks "
        "in Dushanbe on 12 March 2025.\n\n"
        "Following the talks, the parties signed a memorandum of understanding on cooperation in the field of "
        "water management.\n\n"
        "The sides also signed an agreement on mutual protection of investments.\n",
        encoding="utf-8",
    )
    graph = rdflib.Graph().parse(data=draft_file(load_project(root), root / "kg-store", text), format="turtle")
    signed = {
        str(graph.value(document, RDFS.label)): set(graph.objects(document, RDF.type))
        for signing in graph.subjects(RDF.type, GKO.Signing)
        for document in graph.objects(signing, GKO.signedAgreement)
    }
    assert signed == {
        "Memorandum of understanding on cooperation in the field of water management": {GKO.Memorandum},
        "Agreement on mutual protection of investments": {GKO.Agreement},
    }
    assert len(set(graph.subjects(RDF.type, GKO.Signing))) == 2
    for document in graph.objects(None, GKO.signedAgreement):  # the parties: a guess from the signatories' states
        assert set(graph.objects(document, GKO.agreementParty)) == {GKR.Uzbekistan, GKR.Tajikistan}
