"""Finding what a sentence names: posts with their holders, bodies, states (also by demonym), people, places,
documents, groups ("the parties"), pronouns and new names; and declaring each entity once in the draft.

The order matters: quantities first, then posts and bodies (whose words hold state names), groups, counterparts,
pronouns, borders, document titles, then known names, lists of new names with a head noun ("Karasu, Besagash and
Kegen checkpoints"), then any other capitalised name (a new-entity candidate), and last the sectors.
"""

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from govkg.rdf.namespaces import GKO, GKR

from .knowledge import Entity, Knowledge, camel, tokens
from .ontology import Ontology, key
from .quantities import Quantity
from .rules import PostRule, Rules
from .turtle import Node

_NAME_WORD = r"[A-ZÀ-Ý][\w'’]*(?:-[A-ZÀ-Ýa-z][\w'’]*)*"
_PERSON_NAME = re.compile(
    rf"(?:[A-Z][a-z]?\.(?:-?[A-Z][a-z]?\.)*\s+{_NAME_WORD}|{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
)


@dataclass
class Mention:
    """Something a sentence names, where, and what it stands for."""

    start: int
    end: int
    text: str
    kind: str  # entity, post, body, group, candidate, document
    iri: URIRef | None = None
    posts: tuple[URIRef, ...] = ()
    holder: URIRef | None = None
    agents: tuple[URIRef, ...] = ()
    note: str = ""

    def who(self) -> tuple[URIRef, ...]:
        """The agents (or things) the mention stands for: the holder of a post, the members of a group."""
        if self.kind == "post":
            return (self.holder,) if self.holder else ()
        if self.kind == "group":
            return self.agents
        return (self.iri,) if self.iri else ()


@dataclass
class SentenceMentions:
    """The mentions of one sentence, its quantities and its sectors (sector IRI, words)."""

    text: str
    mentions: list[Mention]
    quantities: list[Quantity]
    sectors: list[tuple[URIRef, str, int]] = field(default_factory=list)


class Context:
    """The entities declared in the draft so far, who holds which post, which states and people the report has
    named, and the events going on; shared by the mention finder and the event and statement rules."""

    def __init__(self, knowledge: Knowledge, ontology: Ontology, rules: Rules):
        self.knowledge, self.ontology, self.rules = knowledge, ontology, rules
        self.nodes: dict[URIRef, Node] = {}
        self.holders: dict[URIRef, URIRef] = {}
        self.states: list[URIRef] = []
        self.people: list[URIRef] = []
        self.parties: list[URIRef] = []
        self.holdings: list[tuple[URIRef, URIRef, int, str]] = []
        self.position = 0

    def hold(self, person: URIRef, post: URIRef, words: str) -> None:
        """Record that the report names ``person`` as holding ``post`` (in the sentence being read): a holding node
        later if the ontology has one (see ``holding`` in rules/entities.toml), else the plain property now."""
        self.holders[post] = person
        holding = self.rules.table("holding")
        names = [holding.get(k, "") for k in ("class", "holder", "post")]
        if all(self.ontology.term(name) for name in names if name) and all(names):
            if all((p, q) != (person, post) for p, q, _, _ in self.holdings):
                self.holdings.append((person, post, self.position, words))
        else:
            self.fact(person, self.ontology.term(holding.get("plain", "holdsPost")), post, words)

    def types(self, iri: URIRef) -> set[URIRef]:
        """The classes of ``iri`` in the draft or the knowledge."""
        node = self.nodes.get(iri)
        entity = self.knowledge.entities.get(iri)
        return set(node.types if node else ()) | (entity.types if entity else set())

    def is_a(self, iri: URIRef, cls: URIRef | None) -> bool:
        """True if ``iri`` is of class ``cls`` (or a sub-class)."""
        return self.ontology.is_a(self.types(iri), cls)

    def label(self, iri: URIRef) -> str:
        """The label of ``iri`` in the draft or the knowledge (its local name if none)."""
        node = self.nodes.get(iri)
        if node and node.label:
            return node.label
        entity = self.knowledge.entities.get(iri)
        return entity.label if entity else str(iri).rsplit("/", 1)[-1]

    def declare(self, iri: URIRef, label: str, classes: list[URIRef], note: str) -> Node:
        """The entity node ``iri`` of the draft, made on first use: from the knowledge if known (its classes and
        label), else new with ``label`` and ``classes`` (the note says how it was proposed)."""
        node = self.nodes.get(iri)
        entity = self.knowledge.entities.get(iri)
        if node is None:
            known_types = sorted(entity.types, key=str) if entity else []
            node = Node(iri, types=known_types or list(classes), label=entity.label if entity else label)
            origin = "in the store" if entity and entity.origin == "store" else (entity.origin if entity else "")
            node.notes.append(f"known: {origin}" if entity else f"new entity: {note}")
            self.nodes[iri] = node
            if entity is not None and entity.origin != "store":
                for predicate, values in sorted(entity.facts.items()):
                    for value in sorted(values, key=str):
                        node.add(predicate, value, f"draft: from {entity.origin}")
            if entity is None:
                self.knowledge.add(Entity(iri, node.label or label, "text", set(node.types), {label}))
            if self.ontology.is_a(node.types, GKO.SovereignState) and iri not in self.states:
                self.states.append(iri)
        for cls in classes:
            if cls not in node.types and not self.ontology.is_a(node.types, cls):
                node.types.append(cls)
                self.knowledge.entities[iri].types.add(cls)
        return node

    def fact(self, iri: URIRef, predicate: URIRef | None, obj: URIRef | Literal, comment: str = "") -> None:
        """Add ``predicate obj`` to the declared entity ``iri`` unless the ontology lacks the property."""
        if predicate is not None and iri in self.nodes:
            self.nodes[iri].add(predicate, obj, comment)

    def known_facts(self, iri: URIRef, predicate: URIRef) -> list:
        """The values of ``predicate`` on ``iri`` in the draft and the knowledge."""
        node = self.nodes.get(iri)
        entity = self.knowledge.entities.get(iri)
        return [*(node.objects(predicate) if node else []), *(entity.fact(predicate) if entity else [])]

    def posts_of(self, person: URIRef) -> list[URIRef]:
        """The posts ``person`` holds according to the report so far, else the knowledge."""
        named = [post for post, holder in self.holders.items() if holder == person]
        return named or [p for p in self.known_facts(person, GKO.holdsPost) if isinstance(p, URIRef)]

    def holder_of(self, post: URIRef) -> URIRef | None:
        """The person the report names as holding ``post``, else the one the knowledge knows."""
        if post in self.holders:
            return self.holders[post]
        for iri, entity in self.knowledge.entities.items():
            if post in entity.facts.get(GKO.holdsPost, ()):
                return iri
        held = [h for h in self.known_facts(post, GKO.heldBy) if isinstance(h, URIRef)]
        return held[0] if held else None

    def state_of(self, iri: URIRef) -> URIRef | None:
        """The state of a post, a body or a person (through a post), as far as known."""
        if self.is_a(iri, GKO.SovereignState):
            return iri
        for predicate in (GKO.postOfState, GKO.bodyOf, GKO.postIn, GKO.locatedIn):
            for value in self.known_facts(iri, predicate):
                if isinstance(value, URIRef) and value != iri and (state := self.state_of(value)):
                    return state
        for post in self.posts_of(iri) if self.is_a(iri, GKO.Person) else []:
            if state := self.state_of(post):
                return state
        return None


class MentionFinder:
    """Finds the mentions of a sentence with the rules and the knowledge, declaring the entities in ``context``."""

    def __init__(self, context: Context):
        self.ctx = context
        self.last_subject: URIRef | None = None
        self.rules = context.rules
        self.ontology = context.ontology
        titles: dict[str, PostRule] = {}
        for rule in self.rules.posts:
            for title in (rule.title, *rule.aliases, *rule.plural):
                titles[title.lower()] = rule
        self.titles = titles
        self.bodies = {rule.body["label"].lower(): rule for rule in self.rules.posts if rule.body is not None}
        alternatives = "|".join(re.escape(t) for t in sorted({*titles, *self.bodies}, key=len, reverse=True))
        self.title_pattern = re.compile(rf"\b(?:the\s+)?({alternatives})\b", re.I)
        self.chain = re.compile(rf"\s*[-–—/]\s*(?:the\s+)?({alternatives})\b", re.I)
        self.not_names = {word.lower() for word in self.rules.words("not_names")}
        self.joiners = {word.lower() for word in self.rules.words("name_joiners")}
        self.head_nouns = {k.lower(): v for k, v in self.rules.table("head_nouns").items()}
        self.class_labels = self.ontology.classes_by_label()
        sector_words = {key(k): v for k, v in self.rules.table("sector_words").items()}
        sectors = self.ontology.sectors()
        self.sectors = {k: sectors[key(v)] for k, v in sector_words.items() if key(v) in sectors}
        self.sectors.update({k: v for k, v in sectors.items() if " " in k or k.isalpha()})
        counterparts = "|".join(map(re.escape, self.rules.table("counterpart").get("words", ["counterpart"])))
        self.counterpart = re.compile(rf"\b(?:his|her|their|its)\s+(?:([A-Z][\w-]*)\s+)?(?:{counterparts})\b")
        heads = "|".join(map(re.escape, self.rules.words("document_heads")))
        common = "|".join(map(re.escape, self.rules.words("common_document_heads")))
        title_end = (
            r"(?=\s+(?:until|till|by|for|in|from)\s+(?:the\s+(?:end|beginning|middle)\s+of\s+)?\d{4}|,|;|\s+which\b"
            r"|\s+that\b|\s+is\b|\s+are\b|\s+was\b|\s+were\b|\s+and\s+(?:a|an|the)\s|\.?$)"
        )
        subject = r"((?:of|on|for|between|about)\s+[^,;:()]*?)"
        self.documents = (
            re.compile(rf"\b({heads})\s+{subject}{title_end}"),
            re.compile(rf"\b(?:a|an|the)\s+(?:[a-z-]+\s+)?({common})\s+{subject}{title_end}"),
        )

    # ------------------------------------------------------------------ the whole sentence
    def find(self, text: str, quantities: list[Quantity]) -> SentenceMentions:
        """Every mention of the sentence ``text``."""
        found = SentenceMentions(text, [], quantities)
        taken = [(q.start, q.end) for q in quantities if q.kind in ("money", "percent", "day", "span")]

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def keep(mention: Mention) -> None:
            found.mentions.append(mention)
            taken.append((mention.start, mention.end))

        steps = (self._posts, self._groups, self._state_groups, self._counterparts, self._pronouns, self._borders)
        for step in (*steps, self._documents):
            for mention in step(text, found.mentions):
                if free(mention.start, mention.end):
                    keep(mention)
        for mention in self._common_names(text, free):
            keep(mention)
        for mention in self._known(text, free):
            keep(mention)
        for mention in self._lists(text, free):
            keep(mention)
        for mention in self._candidates(text, free):
            keep(mention)
        found.mentions.sort(key=lambda m: m.start)
        names = [(m.start, m.end) for m in found.mentions if not m.text.islower()]
        found.sectors = self._sectors(text, lambda start, end: all(end <= s or start >= e for s, e in names))
        for mention in found.mentions:
            for who in mention.who():
                if self.ctx.is_a(who, GKO.Person):
                    self.ctx.people.append(who)
        return found

    # ------------------------------------------------------------------ posts and bodies
    def _state_at(self, text: str, start: int) -> tuple[URIRef | None, int]:
        """A state named at ``start`` of ``text`` (its IRI and end), else (None, start)."""
        for entity, end, _ in self._names_at(text, start):
            if self.ctx.is_a(entity, GKO.SovereignState):
                return entity, end
        return None, start

    def _names_at(self, text: str, start: int) -> list[tuple[URIRef, int, str]]:
        """The known entities whose name starts at ``start`` (longest first): (IRI, end, how found)."""
        words = tokens(text[start:])
        found = []
        for length in range(min(len(words), 10), 0, -1):
            matched = tuple(word.norm for word in words[:length])
            for iri, how in self.ctx.knowledge.index.get(matched, []):
                found.append((iri, start + words[length - 1].end, how))
        return found

    def _posts(self, text: str, earlier: list[Mention]) -> list[Mention]:
        found: list[Mention] = []
        for match in self.title_pattern.finditer(text):
            if found and match.start() < found[-1].end:
                continue
            words = match.group(1).lower()
            rules = [self.titles[words]] if words in self.titles else []
            is_body = not rules
            end = match.end()
            while not is_body and (more := self.chain.match(text, end)) and more.group(1).lower() in self.titles:
                rules.append(self.titles[more.group(1).lower()])
                end = more.end()
            state, body_words = None, ""
            of = re.match(r"\s+of\s+(?:the\s+)?", text[end:])
            if of:
                state, state_end = self._state_at(text, end + of.end())
                end = state_end if state else end
            body = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w-]*\s+){0,4}?[A-Z][\w-]*)\s+of\s+(?:the\s+)?", text[end:])
            if state is None and body and not is_body:  # "Premier of the State Council of China"
                state, state_end = self._state_at(text, end + body.end())
                if state is not None:
                    body_words, end = body.group(1), state_end
            demonym = re.search(r"([A-Z][\w-]*)\s+$", text[: match.start()])
            if state is None and demonym:
                state, _ = self._state_at(demonym.group(1), 0)
                start = match.start() - len(demonym.group(0)) if state else match.start()
            else:
                start = match.start()
            if is_body:
                if state is not None:
                    found.append(self._body(self.bodies[words], state, start, end, text))
                continue
            if rules and words in {plural.lower() for plural in rules[0].plural} and rules[0].kind:
                group = "heads of state" if rules[0].kind == "head of state" else "heads of government"
                found.append(Mention(start, end, text[start:end], "group", agents=self._group(group), note=group))
                continue
            holder, end = self._holder(text, end)
            if holder is None:  # "Ilham Aliyev, the President of Azerbaijan,"
                holder = self._holder_before(text[: match.start()])
            if body_words and state is not None:
                title = (self.chain.match(text, match.end()) or match).group(1) if len(rules) > 1 else match.group(1)
                found.append(self._post_mention_in(rules[-1], title, body_words, state, holder, (start, end), text))
                continue
            found.append(self._post_mention(rules, state, holder, start, end, text))
        return found

    def _holder(self, text: str, end: int) -> tuple[URIRef | None, int]:
        """The person named right after a post (known, or a new name), and where the name ends."""
        gap = re.match(r",?\s+", text[end:])
        if not gap:
            return None, end
        at = end + gap.end()
        for iri, name_end, _ in self._names_at(text, at):
            if self.ctx.is_a(iri, GKO.Person) or not self.ctx.types(iri):
                return iri, name_end
            return None, end
        name = _PERSON_NAME.match(text, at)
        holder = self._new_person(name.group(), "after a post title") if name else None
        return (holder, name.end()) if holder and name else (None, end)

    def _holder_before(self, text: str) -> URIRef | None:
        """The person named right before ", the <post>" (known, or a new name)."""
        before = re.search(r"(\S(?:.*\S)?),\s+$", text)
        if before is None:
            return None
        words = before.group(1)
        named = self._known(words, lambda start, end: True)
        if named and named[-1].end == len(words) and named[-1].iri and self.ctx.is_a(named[-1].iri, GKO.Person):
            return named[-1].iri
        name = re.search(rf"{_PERSON_NAME.pattern}$", words)
        return self._new_person(name.group(), "before a post title") if name else None

    def _new_person(self, words: str, where: str) -> URIRef | None:
        """A new person named ``words`` next to a post title, unless the words are not a name ("Prime Minister")."""
        if words.split()[0].lower() in self.not_names:
            return None
        iri = URIRef(GKR[camel(words)])
        self.ctx.declare(iri, words, self._classes(["Person"]), f'"{words}" {where} -> a person')
        return iri

    def _post_mention(
        self, rules: list[PostRule], state: URIRef | None, holder: URIRef | None, start: int, end: int, text: str
    ) -> Mention:
        posts, notes = [], []
        for rule in rules:
            post_state = state
            if post_state is None and holder is not None:
                held = [p for p in self.ctx.posts_of(holder) if self._fits(p, rule)]
                if held:
                    posts.append(held[0])
                    self.ctx.declare(held[0], self.ctx.label(held[0]), [], "a post the holder holds")
                    notes.append(f"{rule.title}: a post {self.ctx.label(holder)} holds")
                    continue
            if post_state is None:
                post_state = self._context_state(text, rule, holder)
                notes.append(
                    f"{rule.title}: no state named, taken as {self.ctx.label(post_state)}'s" if post_state else ""
                )
            if post_state is None:
                continue
            posts.append(self._post(rule, post_state))
        if holder is not None:
            self.ctx.declare(holder, self.ctx.label(holder), self._classes(["Person"]), "a post holder")
            for post in posts:
                self.ctx.hold(holder, post, f'"{text[start:end]}"')
        elif len(posts) == 1:
            holder = self.ctx.holder_of(posts[0])
        note = "; ".join(filter(None, notes))
        return Mention(
            start, end, text[start:end], "post", posts[0] if posts else None, tuple(posts), holder, note=note
        )

    def _post_mention_in(
        self, rule: PostRule, title: str, body: str, state: URIRef, holder: URIRef | None, span: tuple, text: str
    ) -> Mention:
        """A post named with its body ("Premier of the State Council of China"): gkr:<Title>OfThe<Body>Of<State> in
        gkr:<Body>Of<State> (a government for a head-of-government title, else a government body)."""
        start, end = span
        self.ctx.declare(state, self.ctx.label(state), [], "the state of a post")
        local, name = camel(str(state)[len(str(GKR)) :]), self.ctx.label(state)
        body_iri = URIRef(GKR[f"{camel(body)}Of{local}"])
        body_class = self._classes(["Government" if rule.kind == "head of government" else "GovernmentBody"])
        self.ctx.declare(body_iri, f"{body} of {name}", body_class, f'"{body}" of {name}')
        if not self.ctx.known_facts(body_iri, GKO.bodyOf):
            self.ctx.fact(body_iri, self.ontology.term("bodyOf"), state)
        classes = [c for c in map(self.ontology.first, [rule.classes, *([a] for a in rule.also)]) if c]
        post = URIRef(GKR[f"{camel(title)}OfThe{camel(body)}Of{local}"])
        self.ctx.declare(post, f"{title} of the {body} of {name}", classes, f"post {title!r} of the {body}")
        if not self.ctx.known_facts(post, GKO.postIn):
            self.ctx.fact(post, self.ontology.term("postIn"), body_iri)
        if holder is not None:
            self.ctx.declare(holder, self.ctx.label(holder), self._classes(["Person"]), "a post holder")
            self.ctx.hold(holder, post, f'"{text[start:end]}"')
        return Mention(start, end, text[start:end], "post", post, (post,), holder or self.ctx.holder_of(post))

    def _fits(self, post: URIRef, rule: PostRule) -> bool:
        """True if the known ``post`` is one ``rule`` names (its IRI pattern, or its kind's class)."""
        local = str(post)[len(str(GKR)) :]
        prefix = rule.iri.split("{state}")[0]
        cls = self.ontology.first(rule.classes[:1])
        return local.startswith(prefix) or (bool(rule.kind) and self.ctx.is_a(post, cls))

    def _context_state(self, text: str, rule: PostRule, holder: URIRef | None) -> URIRef | None:
        """The state a title without "of <state>" belongs to: the first state the sentence names, else of the
        report, whose post of this title the report has not given to someone else."""
        named = []
        for token_start in (m.start() for m in re.finditer(r"\b[A-Z]", text)):
            state, _ = self._state_at(text, token_start)
            if state is not None and state not in named:
                named.append(state)
        for state in [*named, *(s for s in self.ctx.states if s not in named)]:
            local = camel(str(state)[len(str(GKR)) :])
            post = URIRef(GKR[rule.iri.format(state=local)])
            if self.ctx.holders.get(post) in (None, holder):
                return state
        return None

    def _post(self, rule: PostRule, state: URIRef) -> URIRef:
        """The post of ``rule`` in ``state``: one the draft or the store knows of its kind, else gkr:<iri>."""
        self.ctx.declare(state, self.ctx.label(state), [], "the state of a post")
        cls = self.ontology.first(rule.classes)
        classes = [c for c in [cls, *(self.ontology.term(name) for name in rule.also)] if c is not None]
        local = camel(str(state)[len(str(GKR)) :])
        iri = URIRef(GKR[rule.iri.format(state=local)])
        if rule.kind and iri not in self.ctx.knowledge.entities:
            for candidate in sorted({*self.ctx.nodes, *self.ctx.knowledge.entities}, key=str):
                if self.ctx.is_a(candidate, cls) and state in self.ctx.known_facts(candidate, GKO.postOfState):
                    iri = candidate
                    break
        state_label = self.ctx.label(state)
        label = f"{rule.title} of {state_label}" if not rule.generic else f"{rule.iri.split('Of')[0]} of {state_label}"
        node = self.ctx.declare(iri, label, classes, f"post {rule.title!r} of {state_label}")
        if node.notes[0].startswith("known") and self.ctx.known_facts(iri, GKO.postIn):
            for body in self.ctx.known_facts(iri, GKO.postIn):
                if isinstance(body, URIRef) and body != state:
                    self.ctx.declare(body, self.ctx.label(body), [], "the body of a post")
            return iri
        if rule.in_state:
            self.ctx.fact(iri, self.ontology.term("postIn"), state)
            self.ctx.fact(iri, self.ontology.term("postOfState"), state)
        elif rule.body is not None:
            body = self._declare_body(rule, state)
            self.ctx.fact(iri, self.ontology.term("postIn"), body)
        return iri

    def _declare_body(self, rule: PostRule, state: URIRef) -> URIRef:
        assert rule.body is not None
        local = camel(str(state)[len(str(GKR)) :])
        iri = URIRef(GKR[rule.body["iri"].format(state=local)])
        cls = self.ontology.first(rule.body["class"])
        label = f"{rule.body['label']} of {self.ctx.label(state)}"
        self.ctx.declare(iri, label, [cls] if cls else [], f"body {rule.body['label']!r} of {self.ctx.label(state)}")
        if not self.ctx.known_facts(iri, GKO.bodyOf):
            self.ctx.fact(iri, self.ontology.term("bodyOf"), state)
        return iri

    def _body(self, rule: PostRule, state: URIRef, start: int, end: int, text: str) -> Mention:
        return Mention(start, end, text[start:end], "body", self._declare_body(rule, state))

    # ------------------------------------------------------------------ groups, counterparts, pronouns
    def _group(self, kind: str) -> tuple[URIRef, ...]:
        """Who a group word stands for (see [collectives] in rules/entities.toml)."""
        states = tuple(self.ctx.states[:2])
        if kind == "states":
            return states
        if kind in ("parties", "governments"):
            parties = tuple(self.ctx.parties)
            if kind == "governments":
                governments = tuple(p for p in parties if self.ctx.is_a(p, GKO.Government))
                return governments or tuple(self._government(state) for state in states)
            return parties or states
        wanted = GKO.HeadOfStatePost if kind == "heads of state" else GKO.HeadOfGovernmentPost
        people = []
        for post, holder in self.ctx.holders.items():
            if self.ctx.is_a(post, wanted) and holder not in people:
                people.append(holder)
        return tuple(people)

    def _government(self, state: URIRef) -> URIRef:
        """The government of ``state``: the one the report or the store names, else gkr:GovernmentOf<State>."""
        for iri in [*self.ctx.nodes, *sorted(self.ctx.knowledge.entities, key=str)]:
            if self.ctx.is_a(iri, GKO.Government) and state in self.ctx.known_facts(iri, GKO.bodyOf):
                return iri
        rule = next(r for r in self.rules.posts if r.kind == "head of government" and r.body)
        return self._declare_body(rule, state)

    def _groups(self, text: str, earlier: list[Mention]) -> list[Mention]:
        found: list[Mention] = []
        for phrase, kind in sorted(self.rules.table("collectives").items(), key=lambda item: -len(item[0])):
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.I):
                if any(m.start < match.end() and match.start() < m.end for m in found):
                    continue
                found.append(
                    Mention(match.start(), match.end(), match.group(), "group", agents=self._group(kind), note=kind)
                )
        return found

    def _state_groups(self, text: str, earlier: list[Mention]) -> list[Mention]:
        """Groups of a state's own ("the people of Kyrgyzstan"): see [[state_groups]] in rules/entities.toml; and
        a state named as a side ("the Kyrgyz side")."""
        found = []
        sides = "|".join(map(re.escape, self.rules.words("state_sides")))
        for match in re.finditer(rf"\b[Tt]he\s+([A-Z][\w-]*)\s+(?:{sides})\b", text) if sides else ():
            state, _ = self._state_at(match.group(1), 0)
            if state is not None:
                self.ctx.declare(state, self.ctx.label(state), [], f'"{match.group()}"')
                found.append(Mention(match.start(), match.end(), match.group(), "entity", state, note="a side"))
        for rule in self.rules.data.get("state_groups", []):
            for match in re.finditer(rf"\b{re.escape(rule['phrase'])}\s+(?:the\s+)?", text, re.I):
                state, end = self._state_at(text, match.end())
                if state is None:
                    continue
                name = self.ctx.label(state)
                local = camel(str(state)[len(str(GKR)) :])
                iri = URIRef(GKR[rule["iri"].format(state=local)])
                self.ctx.declare(
                    iri,
                    rule["label"].format(state=name),
                    self._classes(rule["class"]),
                    f'"{text[match.start() : end]}"',
                )
                if not self.ctx.known_facts(iri, GKO[rule["property"]]):
                    self.ctx.fact(iri, self.ontology.term(rule["property"]), state)
                found.append(Mention(match.start(), end, text[match.start() : end], "entity", iri))
        return found

    def _counterparts(self, text: str, earlier: list[Mention]) -> list[Mention]:
        found = []
        for match in self.counterpart.finditer(text):
            person = next(
                (
                    w
                    for m in reversed(earlier)
                    if m.end <= match.start()
                    for w in m.who()
                    if self.ctx.is_a(w, GKO.Person)
                ),
                None,
            )
            person = person or next(
                (w for m in reversed(self._known(text[: match.start()], lambda s, e: True)) for w in m.who()), None
            )
            state, _ = self._state_at(match.group(1) or "", 0)
            if person is None or state is None:
                continue
            for post in self.ctx.posts_of(person):
                rule = next((r for r in self.rules.posts if self._fits(post, r)), None)
                if rule is not None:
                    other = self._post(rule, state)
                    holder = self.ctx.holder_of(other)
                    note = f"the {rule.title} of {self.ctx.label(state)}, as {self.ctx.label(person)} is of his state"
                    found.append(
                        Mention(match.start(), match.end(), match.group(), "post", other, (other,), holder, note=note)
                    )
                    break
        return found

    def _pronouns(self, text: str, earlier: list[Mention]) -> list[Mention]:
        match = re.match(r"(He|She)\b", text)
        person = self.last_subject or (self.ctx.people[-1] if self.ctx.people else None)
        if match is None or person is None:
            return []
        return [
            Mention(
                0, match.end(), match.group(), "entity", person, note=f'"{match.group()}" = {self.ctx.label(person)}'
            )
        ]

    def remember_subject(self, mentions: SentenceMentions) -> None:
        """Remember the first person of the sentence, whom a "He" or "She" of the next sentence stands for."""
        for mention in mentions.mentions:
            for who in mention.who():
                if self.ctx.is_a(who, GKO.Person):
                    self.last_subject = who
                    return

    # ------------------------------------------------------------------ borders and documents
    def _borders(self, text: str, earlier: list[Mention]) -> list[Mention]:
        found: list[Mention] = []
        pairs: list[tuple[re.Match, URIRef | None, URIRef | None]] = []
        for match in re.finditer(r"\b([A-Z][\w]*)\s*[-–—]\s*([A-Z][\w]*)\s+border\b", text):
            pairs.append((match, self._state_at(match.group(1), 0)[0], self._state_at(match.group(2), 0)[0]))
        shared = "|".join(map(re.escape, self.rules.words("shared_border")))
        if shared and len(self.ctx.states) >= 2:
            one, other = sorted(self.ctx.states[:2], key=self.ctx.label)
            pairs.extend((m, one, other) for m in re.finditer(rf"\b(?:{shared})\b", text, re.I))
        for match, first, second in pairs:
            if first is None or second is None or first == second:
                continue
            border = next(
                (
                    iri
                    for iri in sorted({*self.ctx.nodes, *self.ctx.knowledge.entities}, key=str)
                    if self.ctx.is_a(iri, GKO.Border)
                    and {first, second} <= set(self.ctx.known_facts(iri, GKO.borderOf))
                ),
                None,
            )
            names = [self.ctx.label(first), self.ctx.label(second)]
            iri = border or URIRef(GKR[camel(names[0]) + camel(names[1]) + "Border"])
            self.ctx.declare(iri, f"{names[0]}–{names[1]} border", self._classes(["Border"]), f'"{match.group()}"')
            if border is None:
                for state in (first, second):
                    self.ctx.fact(iri, self.ontology.term("borderOf"), state)
            found.append(
                Mention(match.start(), match.end(), match.group(), "entity", iri, note="a border of two states")
            )
        return found

    def _documents(self, text: str, earlier: list[Mention]) -> list[Mention]:
        """Documents named by their head and what they are on: "a Treaty on ...", "signed a memorandum of
        understanding on ..." (the title from the head on, its first letter made upper case)."""
        found = []
        for pattern in self.documents:
            for match in pattern.finditer(text):
                head_word = match.group(1)
                title = f"{head_word[0].upper()}{head_word[1:]} {match.group(2)}".strip()
                head = self.head_nouns.get(head_word.lower(), {"class": ["Document"]})
                iri = self.ctx.knowledge.by_label(title) or URIRef(GKR[camel(title, articles=False)])
                article = "an" if head_word[0].lower() in "aeiou" else "a"
                note = f'"{title}" ({article} {head_word.lower()})'
                self.ctx.declare(iri, title, self._classes(head["class"]), note)
                words = text[match.start(1) : match.end()]
                found.append(Mention(match.start(1), match.end(), words, "document", iri, note="document title"))
        return found

    # ------------------------------------------------------------------ known names
    def _known(self, text: str, free) -> list[Mention]:
        found = []
        words = tokens(text)
        index = 0
        while index < len(words):
            word = words[index]
            best = None
            for length in range(min(len(words) - index, 10), 0, -1):
                matched = tuple(w.norm for w in words[index : index + length])
                entries = self.ctx.knowledge.index.get(matched)
                last = words[index + length - 1]
                if entries and free(word.start, last.end) and (word.text[0].isupper() or not word.text[0].isalpha()):
                    best = (entries, length, last)
                    break
            if best is None:
                surname = self._surname(word, free)
                if surname is not None:
                    found.append(surname)
                index += 1
                continue
            entries, length, last = best
            longer = self._longer_name(text, words, index + length, free)
            if longer:
                index = longer
                continue
            iri, how = next(((i, h) for i, h in entries if i in self.ctx.nodes), entries[0])
            surface = text[word.start : last.end]
            entity = self.ctx.knowledge.entities[iri]
            self.ctx.declare(iri, entity.label, [], f'"{surface}"')
            note = (
                f'demonym "{surface}"' if how == "demonym" else (f'initials "{surface}"' if how == "initials" else "")
            )
            found.append(Mention(word.start, last.end, surface, "entity", iri, note=note))
            index += length
        return found

    def _longer_name(self, text: str, words: list, after: int, free) -> int:
        """If the known name ending before token ``after`` goes on as a longer capitalised name whose last word is a
        head noun ("Astana International Airport"), the index of the token after that name (the candidates take
        it); else 0."""
        end = after
        while end < len(words) and words[end].text[:1].isupper() and free(words[end].start, words[end].end):
            if text[words[end - 1].end : words[end].start].strip() not in ("", "-", "–"):
                break
            end += 1
        return end if end > after and self._head_class(words[end - 1].text)[0] else 0

    def _surname(self, word, free) -> Mention | None:
        """A person named by the surname alone ("Japarov"): the last person of that surname the report named."""
        if not word.text[:1].isupper() or not free(word.start, word.end):
            return None
        people = self.ctx.knowledge.surnames.get(word.norm, [])
        named = [p for p in reversed(self.ctx.people) if p in people]
        if named or len(people) == 1:
            person = named[0] if named else people[0]
            self.ctx.declare(person, self.ctx.label(person), [], f'"{word.text}"')
            return Mention(word.start, word.end, word.text, "entity", person, note=f'surname "{word.text}"')
        return None

    # ------------------------------------------------------------------ new names
    def _classes(self, names: list[str]) -> list[URIRef]:
        cls = self.ontology.first(names)
        return [cls] if cls is not None else []

    def _head_class(self, noun: str) -> tuple[list[URIRef], str]:
        """The class a head noun proposes (rules' head_nouns, else an ontology class whose label ends with it)."""
        noun = noun.lower()
        if noun in self.head_nouns:
            entry = self.head_nouns[noun]
            classes = self._classes(entry["class"])
            classes += [
                c for c in map(self.ontology.term, entry.get("also", [])) if c and not self.ontology.is_a(classes, c)
            ]
            return classes, f'head noun "{noun}"'
        singular = noun[:-1] if noun.endswith("s") else noun
        matches = [cls for label, cls in self.class_labels.items() if label.split()[-1] in (noun, singular)]
        if len(matches) == 1:
            return matches, f'head noun "{noun}" (class label "{self.ontology.label(matches[0])}")'
        return [], ""

    def _common_names(self, text: str, free) -> list[Mention]:
        """Things named by common nouns: "a monument to Manas" (head nouns with ``named_by``), and the facilities a
        project builds ("the construction of solar power plants, a ferroalloy plant and ..."), which get IRIs
        prefixed with the report's first two states in name order (gkr:KazakhstanKyrgyzstanFerroalloyPlant)."""
        found = []
        for noun, entry in self.head_nouns.items():
            if "named_by" not in entry:
                continue
            pattern = rf"\b(?:a|an|the)\s+({re.escape(noun)}\s+{entry['named_by']}\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
            for match in re.finditer(pattern, text):
                if free(match.start(1), match.end(1)):
                    name = match.group(1)
                    label = name[:1].upper() + name[1:]
                    iri = self.ctx.knowledge.by_label(label) or URIRef(GKR[camel(label)])
                    self.ctx.declare(iri, label, self._classes(entry["class"]), f'"{name}" (head noun "{noun}")')
                    found.append(Mention(match.start(1), match.end(1), name, "candidate", iri, note=f'"{noun}"'))
        facility = self.ontology.range_of(GKO.projectFacility)
        works = re.compile(
            r"\b(?:construction|building|reconstruction|modernisation|modernization|establishment|"
            r"creation|build|construct|establish|create)\s+(?:of\s+)?"
        )
        for start in (m.end() for m in works.finditer(text)):
            clause = re.match(r"[^.;:()]*?(?=\s+(?:among|on|in|at|by|for|with|which|that|to)\b|[.;:]|$)", text[start:])
            if clause is None:
                continue
            position = start
            for item in re.split(r",\s+(?:and\s+)?|\s+and\s+(?=(?:a|an|the)\b)", clause.group()):
                at = text.index(item, position)
                position = at + len(item)
                words = re.sub(r"^(?:a|an|the)\s+", "", item)
                if not words or not words.islower() or not free(at, position):
                    continue
                classes, how = self._phrase_class(words)
                if not classes or not self.ontology.is_a(classes, facility):
                    continue
                states = sorted(self.ctx.states[:2], key=self.ctx.label)
                local = "".join(camel(self.ctx.label(state)) for state in states) + camel(words)
                self.ctx.declare(URIRef(GKR[local]), words, classes, f'"{item}" built by a project ({how})')
                found.append(
                    Mention(at + len(item) - len(words), position, words, "candidate", URIRef(GKR[local]), note=how)
                )
        return found

    def _phrase_class(self, words: str) -> tuple[list[URIRef], str]:
        """The class of a common noun phrase: an ontology class whose label ends it ("solar power plants" ->
        gko:SolarPowerPlant), else its head noun's."""
        parts = words.lower().split()
        for size in range(len(parts), 0, -1):
            tail = " ".join(parts[-size:])
            singular = tail[:-1] if tail.endswith("s") else tail
            for name in (tail, singular):
                if name in self.class_labels and size > 1:
                    return [self.class_labels[name]], f'class label "{name}"'
                if name in self.head_nouns:
                    return self._head_class(name)
        return [], ""

    def _lists(self, text: str, free) -> list[Mention]:
        found = []
        item = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*"
        pattern = re.compile(rf"((?:(?:{item},\s+)+{item},?\s+and\s+)?{item})\s+([a-z]+)\b")
        for match in pattern.finditer(text):
            noun = match.group(2)
            classes, how = self._head_class(noun)
            if not classes or not free(match.start(), match.end()) or self.ontology.is_a(classes, GKO.Event):
                continue
            if match.group(1).split()[0].lower() in self.not_names:
                continue
            suffix = self.head_nouns.get(noun.lower(), {}).get("suffix", noun[:-1] if noun.endswith("s") else noun)
            position = match.start()
            for name in re.split(r",\s+(?:and\s+)?|,?\s+and\s+", match.group(1)):
                start = text.index(name, position)
                position = start + len(name)
                label = f"{name} {suffix}"
                iri = self.ctx.knowledge.by_label(label) or URIRef(GKR[camel(label)])
                self.ctx.declare(iri, label, classes, f'"{name}" in a list of "{noun}" ({how})')
                found.append(Mention(start, position, name, "candidate", iri, note=how))
        return found

    def _candidates(self, text: str, free) -> list[Mention]:
        found = []
        words = [w for w in tokens(text) if w.text not in ".,;:!?()\"'“”‘’"]
        index = 0
        while index < len(words):
            word = words[index]
            if not self._starts_name(word, index, free):
                index += 1
                continue
            end = index
            probe = index + 1
            while probe < len(words) and free(words[probe].start, words[probe].end):
                nxt = words[probe]
                gap = text[words[probe - 1].end : nxt.start]
                if gap.strip() not in ("", "-", "–"):
                    break
                if nxt.text[0].isupper():
                    end = probe
                elif nxt.norm not in self.joiners:
                    break
                probe += 1
            span = words[index : end + 1]
            joined = [i for i, w in enumerate(span) if w.norm == "and"]
            if joined and "of" not in [w.norm for w in span[: joined[0]]] and not self._head_class(span[-1].text)[0]:
                span = span[: joined[0]]
                end = index + len(span) - 1
            index = end + 1
            first_word = span[0].start == 0 or text[: span[0].start].rstrip().endswith((":", '"'))
            if len(span) == 1 and first_word and not span[0].text.isupper():
                continue
            name = text[span[0].start : span[-1].end]
            found.append(self._candidate(name, span[0].start, span[-1].end, text))
        return found

    def _starts_name(self, word, index: int, free) -> bool:
        return (
            word.text[0].isupper()
            and word.norm not in self.not_names
            and free(word.start, word.end)
            and not word.text[0].isdigit()
        )

    def _candidate(self, name: str, start: int, end: int, text: str) -> Mention:
        words = name.split()
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        classes, how = self._head_class(head) if len(words) > 1 else ([], "")
        if not classes and 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
            classes, how = self._classes(["Person"]), "two to four capitalised words"
        if not classes and name.isupper():
            classes, how = self._classes(["Organization"]), "an acronym"
        if not classes and len(words) == 1 and re.search(r"\b(?:in|to|from)\s+$", text[:start]):
            classes, how = self._classes(["City"]), f'a place after "{text[:start].split()[-1]}"'
        for word in words:
            better = self.rules.table("name_words").get(word.lower())
            if better and self._classes(better):
                classes, how = self._classes(better), f'the word "{word}"'
        before = text[:start].rstrip().rsplit(None, 1)
        if before and before[-1].rstrip(".") in {h.rstrip(".") for h in self.rules.words("honorifics")}:
            classes, how = self._classes(["Person"]), f'after "{before[-1]}"'
        if self.ontology.is_a(classes, GKO.Event):  # the name of an event ("the Business Forum"): not an entity
            return Mention(start, end, name, "name", note=how)
        iri = URIRef(GKR[camel(name, articles=False)])
        self.ctx.declare(iri, name, classes, f'"{name}" -> {how or "class unknown"}')
        members = self.ontology.term(str(self.rules.data.get("members", "")))
        if members is not None and self.ontology.is_a(classes, self.ontology.domain_of(members)):
            after = re.match(r"\s+of\s+(?:the\s+)?", text[end:])
            position = end + after.end() if after else end
            while after:
                state, position = self._state_at(text, position)
                if state is None:
                    break
                self.ctx.fact(iri, members, state, "draft: a state named after it")
                after = re.match(r",?\s+(?:and\s+)?|\s*,\s*", text[position:])
                position += after.end() if after else 0
        return Mention(start, end, name, "candidate", iri, note=how)

    # ------------------------------------------------------------------ sectors
    def _sectors(self, text: str, free) -> list[tuple[URIRef, str, int]]:
        found: list[tuple[URIRef, str, int]] = []
        lowered = "".join(" " if char in "-‐‑‒–—―" else char for char in text.lower())
        spans: list[tuple[int, int]] = []
        for words in sorted(self.sectors, key=len, reverse=True):
            for match in re.finditer(rf"\b{re.escape(words)}\b", lowered):
                start, end = match.start(), match.end()
                if any(start < e and end > s for s, e in spans) or not free(start, end):
                    continue
                if text[start : start + 1].isupper() and start > 0:
                    continue
                spans.append((start, end))
                found.append((self.sectors[words], text[start:end], start))
        return sorted(found, key=lambda item: item[2])
