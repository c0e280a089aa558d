"""What the draft knows before reading a report: the entities of the store, the curated Wikidata table and the
states of the rules, with the names they go by, indexed for matching.

Names are matched on word tokens compared without case, with dashes ignored ("Kassym Jomart" is "Kassym-Jomart")
and possessives dropped ("Kazakhstan's" is "Kazakhstan"); a person is also found by the initials of the given
names ("S. Japarov", "K.-J. Tokayev").
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from govkg.link.curated import CURATED_NAME, read_curated
from govkg.project import Project
from govkg.rdf.io import read_quads, to_rdflib
from govkg.rdf.namespaces import GKO, GKR, GRAPH
from govkg.store import has_store, open_read_only

from .ontology import Ontology
from .rules import Rules

#: Word tokens, numbers and single other characters.
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
DASHES = frozenset("-‐‑‒–—―")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Token:
    """A token of a text: its normal form (lower case, no possessive), its text and where it is."""

    norm: str
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` for matching names (dashes left out)."""
    found = []
    for match in TOKEN.finditer(text):
        word = match.group()
        if word in DASHES:
            continue
        norm = word.lower().replace("’", "'")
        if len(norm) > 2 and norm[0].isalpha():
            norm = _POSSESSIVE.sub("", norm) if norm.endswith(("'s", "'")) else norm
        found.append(Token(norm, word, match.start(), match.end()))
    return found


def name_key(text: str) -> tuple[str, ...]:
    """The key of a name: the normal forms of its tokens."""
    return tuple(token.norm for token in tokens(text))


def camel(text: str, articles: bool = True) -> str:
    """A local name for an IRI from a name: "Kassym-Jomart Tokayev" -> "KassymJomartTokayev"; without
    ``articles``, "a", "an" and "the" are left out ("Treaty on the deepening" -> "TreatyOnDeepening")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", plain.replace("'", "").replace("’", ""))
    if not articles:
        words = [word for word in words if word.lower() not in ("a", "an", "the")] or words
    local = "".join(word[:1].upper() + word[1:] for word in words)
    return local if local and local[0].isalpha() else "X" + local


@dataclass
class Entity:
    """A named thing the draft can link: its IRI, label, classes, the names it goes by and what is known of it."""

    iri: URIRef
    label: str
    origin: str
    types: set[URIRef] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    facts: dict[URIRef, set] = field(default_factory=dict)

    def fact(self, predicate: URIRef) -> list:
        """The known values of ``predicate``, sorted."""
        return sorted(self.facts.get(predicate, set()), key=str)


class Knowledge:
    """The entities the draft links, by IRI, with an index of their names."""

    def __init__(self, ontology: Ontology):
        self.ontology = ontology
        self.entities: dict[URIRef, Entity] = {}
        self.index: dict[tuple[str, ...], list[tuple[URIRef, str]]] = {}
        self.surnames: dict[str, list[URIRef]] = {}

    def add(self, entity: Entity) -> Entity:
        """Add ``entity`` (merged into the one of its IRI if known) and index its names."""
        known = self.entities.get(entity.iri)
        if known is None:
            self.entities[entity.iri] = known = entity
        else:
            known.types |= entity.types
            known.demonyms |= entity.demonyms
            for predicate, values in entity.facts.items():
                known.facts.setdefault(predicate, set()).update(values)
        for name in entity.names | {entity.label}:
            self.index_name(known, name, "name")
        for demonym in entity.demonyms:
            self.index_name(known, demonym, "demonym")
        known.names |= entity.names
        return known

    def index_name(self, entity: Entity, name: str, how: str) -> None:
        """Index ``name`` (and, for a person, its initials form) as a name of ``entity``."""
        key = name_key(name)
        if not key:
            return
        self._put(key, entity.iri, how)
        if self.is_person(entity) and len(key) >= 2:
            self.surnames.setdefault(key[-1], [])
            if entity.iri not in self.surnames[key[-1]]:
                self.surnames[key[-1]].append(entity.iri)
            initials = tuple(part for word in key[:-1] for part in (word[0], "."))
            self._put((*initials, key[-1]), entity.iri, "initials")
            self._put((*initials[::2], key[-1]), entity.iri, "initials")

    def _put(self, key: tuple[str, ...], iri: URIRef, how: str) -> None:
        entries = self.index.setdefault(key, [])
        if all(known != iri for known, _ in entries):
            entries.append((iri, how))

    def is_person(self, entity: Entity) -> bool:
        """True if the entity is a person (by its classes)."""
        return self.ontology.is_a(entity.types, GKO.Person)

    def is_a(self, iri: URIRef, cls: URIRef | None) -> bool:
        """True if the entity ``iri`` has ``cls`` among its classes or their super-classes."""
        entity = self.entities.get(iri)
        return entity is not None and self.ontology.is_a(entity.types, cls)

    def by_label(self, label: str, cls: URIRef | None = None) -> URIRef | None:
        """The first entity (of class ``cls`` if given) that goes by ``label``."""
        for iri, how in self.index.get(name_key(label), []):
            if how != "demonym" and (cls is None or self.is_a(iri, cls)):
                return iri
        return None


def _entity_quads(quads: Iterable[ox.Quad]) -> dict[URIRef, list[tuple[URIRef, object]]]:
    """The triples of shared entities (gkr:Name, not article nodes under gkr:<slug>/) by subject."""
    found: dict[URIRef, list[tuple[URIRef, object]]] = {}
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(str(GKR)):
            continue
        if "/" in subject.value[len(str(GKR)) :]:
            continue
        found.setdefault(URIRef(subject.value), []).append((URIRef(quad.predicate.value), to_rdflib(quad.object)))
    return found


def article_quads(project: Project, store_dir: Path, exclude: str) -> tuple[list[ox.Quad], str]:
    """The quads of the project's articles but ``exclude`` (a slug): from the built store if there is one, else
    from the article files; and where they came from."""
    own = ox.NamedNode(str(GRAPH["article/" + exclude]))
    if has_store(store_dir):
        store = open_read_only(store_dir)
        prefix = str(GRAPH["article/"])
        graphs = [g for g in store.named_graphs() if g.value.startswith(prefix) and g != own]
        return [q for g in graphs for q in store.quads_for_pattern(None, None, None, g)], f"the store {store_dir}"
    folder = project.sources.articles
    paths = sorted(path for path in folder.glob("*.ttl") if path.stem != exclude) if folder.is_dir() else []
    return [quad for path in paths for quad in read_quads(path)], f"the articles of {folder}"


def _holdings(quads: list[ox.Quad], rules: Rules) -> dict[URIRef, set[URIRef]]:
    """The posts each person holds according to the holding nodes of ``quads`` (see ``holding`` in the rules)."""
    holding = rules.table("holding")
    holder, post = GKO[holding.get("holder", "holder")], GKO[holding.get("post", "heldPost")]
    nodes: dict[str, dict[URIRef, URIRef]] = {}
    for quad in quads:
        if quad.predicate.value in (str(holder), str(post)) and isinstance(quad.object, ox.NamedNode):
            nodes.setdefault(str(quad.subject), {})[URIRef(quad.predicate.value)] = URIRef(quad.object.value)
    found: dict[URIRef, set[URIRef]] = {}
    for values in nodes.values():
        if holder in values and post in values:
            found.setdefault(values[holder], set()).add(values[post])
    return found


def load_knowledge(ontology: Ontology, rules: Rules, quads: Iterable[ox.Quad], links_dir: Path | None) -> Knowledge:
    """The entities of ``quads`` (an article's or a store's), of the curated table in ``links_dir`` and of the
    states of the rules."""
    knowledge = Knowledge(ontology)
    quads = list(quads)
    held = _holdings(quads, rules)
    for iri, triples in sorted(_entity_quads(quads).items()):
        labels = [str(o) for p, o in triples if p == RDFS.label and isinstance(o, Literal)]
        if not labels:
            continue
        entity = Entity(iri, labels[0], "store")
        for predicate, obj in triples:
            if predicate == RDF.type:
                entity.types.add(URIRef(str(obj)))
            elif predicate in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
                entity.names.add(str(obj))
            else:
                entity.facts.setdefault(predicate, set()).add(obj)
        if iri in held:
            entity.facts.setdefault(GKO.holdsPost, set()).update(held[iri])
        knowledge.add(entity)
    if links_dir is not None and (links_dir / CURATED_NAME).is_file():
        for row in read_curated(links_dir / CURATED_NAME):
            if row.entity is not None and row.entity.startswith(str(GKR)) and "/" not in row.entity[len(str(GKR)) :]:
                origin = f"curated Wikidata table ({row.qid or 'no QID'})"
                known = knowledge.entities.get(row.entity)
                knowledge.add(Entity(row.entity, known.label if known else row.label, origin, names={row.label}))
    add_states(knowledge, rules)
    return knowledge


def add_states(knowledge: Knowledge, rules: Rules) -> None:
    """Add the states of the rules and their capitals (under the IRIs the store gives them, if it has them)."""
    state_class, city_class = GKO.SovereignState, GKO.City
    for row in rules.states:
        iri = next(
            (found for name in (row.name, *row.also) if (found := knowledge.by_label(name, state_class))),
            None,
        ) or URIRef(GKR[camel(row.name)])
        known = knowledge.entities.get(iri)
        state = knowledge.add(
            Entity(
                iri,
                known.label if known else row.name,
                known.origin if known else "states.tsv",
                types={state_class},
                names={row.name, *row.also},
                demonyms=set(row.demonyms),
            )
        )
        if row.capital and row.capital != row.name:
            city = knowledge.by_label(row.capital, city_class) or URIRef(GKR[camel(row.capital)])
            known_city = knowledge.entities.get(city)
            knowledge.add(
                Entity(
                    city,
                    known_city.label if known_city else row.capital,
                    known_city.origin if known_city else "states.tsv (capital)",
                    types=known_city.types if known_city and known_city.types else {city_class},
                    names={row.capital},
                    facts={} if known_city and GKO.locatedIn in known_city.facts else {GKO.locatedIn: {state.iri}},
                )
            )
