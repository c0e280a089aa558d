"""How close a draft is to a hand encoding of the same report (the gold): precision and recall per kind.

- entities: the named things linked (gkr:/gks: IRIs of agents, places, posts, documents, infrastructure, sectors,
  currencies, awards), compared by IRI;
- values: the typed literals (decimals, integers, years, days) but the sentences' positions and the article's
  metadata, compared by datatype and value;
- events (type): events matched by sentence (their gko:statedIn, compared by the sentence's text) and the same
  most specific classes; events (type and participants): also the same participants (the values of gko:participant
  and its sub-properties, and the agents of their gko:Participation records);
- statements: statements matched by sentence and modality class.
"""

import contextlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import RDF, Literal, URIRef

from govkg.project import Sources
from govkg.rdf.io import rdflib_graph, read_quads
from govkg.rdf.namespaces import GKO, GKR, GKS, PREFIXES, article_iri

from .article import Metadata, article_nodes
from .draft import draft_text
from .knowledge import load_knowledge
from .ontology import Ontology, load_ontology
from .rules import load_rules
from .text import headline, read_text, split_sentences

XSD = PREFIXES["xsd"]
#: Datatypes whose literals count as values.
VALUE_TYPES = {URIRef(XSD + name) for name in ("decimal", "integer", "gYear", "date", "dateTime", "gYearMonth")}
#: Properties whose values are structure, not what the report says.
STRUCTURE = {GKO.position, GKO.paragraph, GKO.matchScore}
#: The kinds of named things that count as entities.
ENTITY_CLASSES = ("Agent", "Place", "Post", "Document", "Infrastructure", "Facility", "Sector", "Currency", "Award")
#: Kinds that are never entities even when under one of ENTITY_CLASSES.
NOT_ENTITIES = ("NewsArticle", "Event", "Statement", "Period", "Project", "Amount", "EconomicIndicator", "Sentence")


@dataclass(frozen=True)
class Score:
    """Matches, draft items and gold items of one kind; precision and recall."""

    kind: str
    matched: int
    drafted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def _text(value: str) -> str:
    return " ".join(value.split())


class Encoding:
    """An encoding read for scoring: its graph with the ontology's classes at hand."""

    def __init__(self, graph: rdflib.Graph, ontology: Ontology):
        self.graph, self.ontology = graph, ontology
        self.sentences = {
            s: _text(str(o)) for s, o in graph.subject_objects(RDF.value) if (s, RDF.type, GKO.Sentence) in graph
        }

    def types(self, node) -> set[URIRef]:
        found = {t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef)}
        return found | {t for t in self.ontology.graph.objects(node, RDF.type) if isinstance(t, URIRef)}

    def is_a(self, node, name: str) -> bool:
        term = self.ontology.term(name)
        return term is not None and self.ontology.is_a(self.types(node), term)

    def specific(self, node) -> frozenset[URIRef]:
        """The most specific of the classes asserted for ``node``."""
        types = {t for t in self.types(node) if t.startswith(str(GKO))}
        return frozenset(t for t in types if not any(o != t and t in self.ontology.ancestors(o) for o in types))

    def said_in(self, node) -> set[str]:
        return {self.sentences[s] for s in self.graph.objects(node, GKO.statedIn) if s in self.sentences}

    def named(self, node) -> bool:
        """True if ``node`` is of a kind of named thing (ENTITY_CLASSES but NOT_ENTITIES)."""
        kinds = (self.is_a(node, name) for name in ENTITY_CLASSES)
        return any(kinds) and not any(self.is_a(node, name) for name in NOT_ENTITIES)

    def entities(self) -> set[URIRef]:
        """The named things of the encoding: sectors, and shared gkr: nodes of a named kind."""
        nodes = {t for triple in self.graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
        found = set()
        for node in nodes:
            local = str(node)[len(str(GKR)) :] if node.startswith(str(GKR)) else None
            if node.startswith(str(GKS)) or (local and "/" not in local and self.named(node)):
                found.add(node)
        return found

    def metadata(self, article: URIRef | None) -> set:
        """What the article's metadata names (its publisher, sources and theirs), which the text does not say."""
        first = set(self.graph.objects(article, None)) if article is not None else set()
        return first | {o for node in first for o in self.graph.objects(node, None)}

    def values(self, article: URIRef | None) -> Counter:
        found: Counter = Counter()
        for subject, predicate, obj in self.graph:
            if not isinstance(obj, Literal) or obj.datatype not in VALUE_TYPES or predicate in STRUCTURE:
                continue
            if subject == article:
                continue
            value = str(obj)
            if obj.datatype in (URIRef(XSD + "decimal"), URIRef(XSD + "integer")):
                with contextlib.suppress(InvalidOperation):
                    value = str(Decimal(value).normalize())
            found[(str(obj.datatype).rsplit("#", 1)[-1], value)] += 1
        return found

    def events(self) -> list[tuple[URIRef, frozenset, set[str], frozenset]]:
        """(event, its most specific classes, its sentences, its participants) of every event."""
        participant = self.ontology.sub_properties(GKO.participant)
        found = []
        events = {s for s in self.graph.subjects(RDF.type, None) if isinstance(s, URIRef) and self.is_a(s, "Event")}
        for node in sorted(events, key=str):
            agents = {o for p in participant for o in self.graph.objects(node, p)}
            for record in self.graph.subjects(GKO.participationIn, node):
                agents |= set(self.graph.objects(record, GKO.participationAgent))
            found.append((node, self.specific(node), self.said_in(node), frozenset(agents)))
        return found

    def statements(self) -> list[tuple[URIRef, frozenset, set[str]]]:
        """(statement, its most specific classes, its sentences) of every statement."""
        nodes = {s for s in self.graph.subjects(RDF.type, None) if isinstance(s, URIRef) and self.is_a(s, "Statement")}
        return [(node, self.specific(node), self.said_in(node)) for node in sorted(nodes, key=str)]


def _pairs(draft: list, gold: list, same) -> int:
    """How many draft items match a gold item one to one (greedily, in order)."""
    free = list(gold)
    matched = 0
    for item in draft:
        for other in free:
            if same(item, other):
                free.remove(other)
                matched += 1
                break
    return matched


def score(draft: rdflib.Graph, gold: rdflib.Graph, ontology: Ontology, article: URIRef | None = None) -> list[Score]:
    """The scores of ``draft`` against ``gold`` per kind (see the module's docstring)."""
    d, g = Encoding(draft, ontology), Encoding(gold, ontology)
    scores = []
    de, ge = d.entities() - d.metadata(article), g.entities() - g.metadata(article)
    scores.append(Score("entity links", len(de & ge), len(de), len(ge)))
    dv, gv = d.values(article), g.values(article)
    scores.append(Score("amounts, dates, years", sum((dv & gv).values()), sum(dv.values()), sum(gv.values())))
    dev, gev = d.events(), g.events()
    scores.append(Score("events (type)", _pairs(dev, gev, _same_kind), len(dev), len(gev)))
    scores.append(Score("events (type and participants)", _pairs(dev, gev, _same_event), len(dev), len(gev)))
    dst, gst = d.statements(), g.statements()
    scores.append(Score("statements (modality and sentence)", _pairs(dst, gst, _same_kind), len(dst), len(gst)))
    return scores


def _same_kind(draft: tuple, gold: tuple) -> bool:
    """Same most specific classes, and a sentence in common."""
    return draft[1] == gold[1] and bool(draft[2] & gold[2])


def _same_event(draft: tuple, gold: tuple) -> bool:
    """Same classes, a sentence and the participants in common."""
    return _same_kind(draft, gold) and draft[3] == gold[3]


def evaluate(
    text: Path, gold: Path, others: list[Path], links: Path | None, sources: Sources
) -> tuple[list[Score], str]:
    """Draft the report ``text`` knowing the encodings ``others`` (not its own), the curated links in ``links`` and
    the ontology of ``sources``; score the draft against ``gold``. The scores and the draft."""
    rules = load_rules()
    ontology = load_ontology(sources)
    quads = [quad for path in others for quad in read_quads(path)]
    knowledge = load_knowledge(ontology, rules, quads, links)
    slug = text.stem
    source = read_text(text)
    gold_quads = read_quads(gold)
    issued = next(
        (
            q.object.value
            for q in gold_quads
            if q.predicate.value == PREFIXES["dcterms"] + "issued" and isinstance(q.object, ox.Literal)
        ),
        "",
    )
    heading, sentences = headline(split_sentences(source, rules.words("never_end"), str(text)))
    head, _ = article_nodes(slug, sentences, Metadata(issued=issued[:10]), rules, heading)
    year = int(issued[:4]) if issued[:4].isdigit() else None
    drafted = draft_text(slug, source, ontology, rules, knowledge, head, str(text), year)
    draft_graph = rdflib_graph(ox.parse(drafted.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    article = URIRef(article_iri(slug))
    return score(draft_graph, rdflib_graph(gold_quads), ontology, article), drafted
