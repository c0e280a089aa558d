"""`kg draft`: a first encoding of a report proposed from its text, offline and deterministic, for a person to
correct. Every guess carries a comment with the words it came from (``# draft: "ready to" -> gko:Readiness``),
every gap a ``# TODO`` naming the property the shapes require; the result parses, and `kg validate` fails on it only
where a TODO says so.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Literal, URIRef

from govkg.project import Project
from govkg.rdf.namespaces import GKO, GKR, PREFIXES

from .article import Metadata, article_nodes, existing_article, sentence_iri, sentence_nodes
from .knowledge import Knowledge, article_quads, camel, load_knowledge
from .mentions import Context, Mention, MentionFinder, SentenceMentions
from .ontology import Ontology, load_ontology
from .quantities import Quantity, QuantityFinder
from .rules import EventRule, Role, Rules, StatementRule, load_rules
from .text import Sentence, headline, read_text, split_sentences
from .turtle import Node, Writer, article_prefixes, check_parses

XSD = PREFIXES["xsd"]
#: Words after which a name is not the subject of its clause.
PREPOSITIONS = {"from", "of", "with", "by", "to", "for", "at", "in", "on", "about", "between", "among", "into", "than"}
TIME = PREFIXES["time"]


@dataclass
class Event:
    """An event of the draft: its node, the rule that found it, its sentence and the mentions of its roles."""

    node: Node
    rule: EventRule
    sentence: Sentence
    forthcoming: bool
    participants: list[tuple[URIRef, Mention | None]] = field(default_factory=list)


@dataclass
class Statement:
    """A statement of the draft: its node, class, cue span and rule."""

    node: Node
    cls: URIRef
    start: int
    end: int
    rule: StatementRule


class Drafter:
    """Drafts one report: mentions, quantities, events and statements sentence by sentence, then the Turtle."""

    def __init__(self, slug: str, ontology: Ontology, rules: Rules, knowledge: Knowledge):
        self.slug, self.ontology, self.rules = slug, ontology, rules
        self.ctx = Context(knowledge, ontology, rules)
        self.finder = MentionFinder(self.ctx)
        self.local = str(GKR[slug + "/"])
        self.events: list[Event] = []
        self.statements: list[Node] = []
        self.others: list[Node] = []
        self.used: set[str] = set()
        self.main: Event | None = None
        self.meeting: Event | None = None
        self.reception: Event | None = None
        self.projects: list[URIRef] = []
        self.pending: list[tuple[Node, URIRef, URIRef, str]] = []
        self.participant_props = ontology.sub_properties(GKO.participant)
        periods = {label: cls for label, cls in ontology.classes_by_label().items() if ontology.is_a([cls], GKO.Period)}
        self.period_classes = {label: str(cls).rsplit("#", 1)[-1] for label, cls in periods.items()}
        self.defaults = tuple(
            Role(tuple(item["property"]), tuple(item["find"])) for item in rules.data.get("event_roles", [])
        )

    # ------------------------------------------------------------------ helpers
    def new_iri(self, name: str) -> URIRef:
        """A fresh article-local IRI v:<name> (v:<name>2, v:<name>3... when taken)."""
        name = camel(name)
        candidate, number = name, 1
        while candidate in self.used:
            number += 1
            candidate = f"{name}{number}"
        self.used.add(candidate)
        return URIRef(self.local + candidate)

    def term(self, name: str) -> URIRef | None:
        """The ontology's term ``name``, None if it does not declare it."""
        return self.ontology.term(name)

    def quote(self, text: str) -> str:
        """Words of the text for a comment."""
        text = " ".join(text.split())
        return '"' + (text if len(text) <= 90 else text[:87] + "...") + '"'

    # ------------------------------------------------------------------ the whole report
    def draft(self, sentences: list[Sentence], default_year: int | None) -> None:
        """Read every sentence in order."""
        quantities = QuantityFinder(self.rules, default_year)
        for sentence in sentences:
            self.ctx.position = sentence.position
            found = quantities.find(sentence.text, self.period_classes)
            mentions = self.finder.find(sentence.text, found)
            events = self.find_events(sentence, mentions)
            statements = self.find_statements(sentence, mentions, events)
            self.place_quantities(sentence, mentions, events, statements)
            self.finder.remember_subject(mentions)
        self.holding_nodes()
        for node, prop, post, words in self.pending:
            holder = self.ctx.holder_of(post)
            if holder is not None:
                node.add(prop, holder, f"{words}: its holder, {self.ctx.label(holder)}, named later")
            else:
                node.todos.append(f"{self.writer_name(prop)}: {words}: who holds {self.writer_name(post)}?")
        self.agreement_parties()

    def agreement_parties(self) -> None:
        """An agreement signed in the report whose parties it does not name gets, as a guess to check, the states of
        the people who signed it, when they are of two states or more (``agreement_parties`` in the rules: the
        signing's agreement and signatory properties, the agreement's party property)."""
        rule = self.rules.table("agreement_parties")
        signed, signatory, party = (self.term(rule.get(key, "")) for key in ("agreement", "signatory", "party"))
        if signed is None or signatory is None or party is None:
            return
        for event in self.events:
            states: list[URIRef] = []
            for person in event.node.objects(signatory):
                state = self.ctx.state_of(person) if isinstance(person, URIRef) else None
                if state is not None and state not in states:
                    states.append(state)
            for agreement in event.node.objects(signed):
                node = self.ctx.nodes.get(agreement) if isinstance(agreement, URIRef) else None
                if node is None or node.objects(party) or len(states) < 2:
                    continue
                for state in states:
                    node.add(party, state, f"draft: the state of a signatory of {self.writer_name(event.node.iri)}")

    def holding_nodes(self) -> None:
        """A holding node for each person the report names with a post (see ``holding`` in the rules)."""
        holding = self.rules.table("holding")
        cls, holder, post_prop = (self.term(holding.get(k, "")) for k in ("class", "holder", "post"))
        for person, post, position, words in self.ctx.holdings:
            if cls is None or holder is None or post_prop is None:
                break
            name = f"Holding{camel(self.ctx.label(person))}{str(post)[len(str(GKR)) :]}"
            node = Node(self.new_iri(name), [cls], f"{self.ctx.label(person)} holds the post of {self.ctx.label(post)}")
            node.notes.append(f"draft: {words}")
            node.add(holder, person)
            node.add(post_prop, post)
            node.add(GKO.statedIn, sentence_iri(self.slug, position))
            self.others.append(node)

    # ------------------------------------------------------------------ events
    def find_events(self, sentence: Sentence, sm: SentenceMentions) -> list[Event]:
        found: list[Event] = []
        taken: list[tuple[int, int]] = []
        for rule in self.rules.events:
            for match in rule.cue.finditer(sentence.text):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                taken.append(match.span())
                event = self.event(rule, match, sentence, sm, found)
                if event is not None and event not in found:
                    found.append(event)
        return found

    def event_classes(self, rule: EventRule, text: str, match: re.Match) -> tuple[list[URIRef], list[str]]:
        """The classes of an event and the modifier words that added some."""
        base = self.ontology.first(rule.classes)
        if base is None:
            return [], []
        clause_start = max(text.rfind(",", 0, match.start()), text.rfind(";", 0, match.start())) + 1
        window = text[max(clause_start, match.start() - 40) : match.end()]
        classes, words = [], []
        for modifier in rule.modifiers:
            hit = modifier.words.search(text if modifier.sentence else window)
            cls = self.ontology.first(modifier.classes)
            if hit and cls is not None and cls not in classes:
                classes.append(cls)
                words.append(hit.group())
        specific = [c for c in classes if c != base and self.ontology.is_a([c], base)]
        classes = classes if specific else [base, *classes]
        scheduled = self.ontology.first(self.rules.words("scheduled")) or GKO.ForthcomingEvent
        held = self.ontology.first(self.rules.words("held"))
        if held is not None and not self.ontology.is_a(classes, scheduled):
            classes.append(held)
        return classes, words

    def event(self, rule: EventRule, match: re.Match, sentence: Sentence, sm: SentenceMentions, found: list[Event]):
        text = sentence.text
        classes, words = self.event_classes(rule, text, match)
        if not classes:
            return None
        base = self.ontology.first(rule.classes)
        definite = re.search(r"\bthe\s+$", text[: match.start()], re.I)
        if definite and not words and not re.match(r"\s+(?:of|with|between)\b", text[match.end() :]):
            for earlier in reversed(self.events):
                if self.ontology.is_a(earlier.node.types, base) and not earlier.forthcoming:
                    earlier.node.add(
                        GKO.statedIn,
                        sentence_iri(self.slug, sentence.position),
                        f"draft: {self.quote(match.group())} refers back",
                    )
                    if self.ontology.is_a(earlier.node.types, GKO.Meeting):
                        self.meeting = earlier
                    return earlier
        scheduled = self.ontology.first(self.rules.words("scheduled")) or GKO.ForthcomingEvent
        forthcoming = self.ontology.is_a(classes, scheduled)
        node = Node(self.new_iri(("Forthcoming" if forthcoming else "") + rule.name), types=classes)
        before = re.search(r"(?:^|[,;]\s*)((?:\S+\s+){0,4})$", text[: match.start()])
        cue = self.quote((before.group(1) if before else "") + match.group())
        node.notes.append(f"draft: {cue} -> " + ", ".join(self.writer_name(c) for c in classes))
        event = Event(node, rule, sentence, forthcoming)
        for modifier in rule.modifiers:
            prop = self.term(modifier.prop) if modifier.prop else None
            hit = modifier.words.search(text) if prop is not None else None
            if hit and prop is not None and not node.objects(prop):
                value = self.ontology.concept(modifier.value, self.ontology.range_of(prop))
                if value is not None:
                    node.add(prop, value, f"draft: {self.quote(hit.group())}")
        for role in (*rule.roles, *self.defaults):
            self.fill_role(event, role, match, sm)
        self.by_participants(event)
        for quantity in sm.quantities:
            if quantity.kind in ("day", "span") and not found:
                self.date(event, quantity)
        same = self.same_event(event)
        if same is not None:
            same.node.add(GKO.statedIn, sentence_iri(self.slug, sentence.position), f"draft: {cue} restates it")
            for extra in node.values:
                if not same.node.objects(extra.predicate):
                    same.node.add(extra.predicate, extra.obj, extra.comment)
            return same
        node.add(GKO.statedIn, sentence_iri(self.slug, sentence.position))
        self.place_event(event)
        node.label = self.event_label(event)
        if rule.participations:
            self.participations(event)
        self.events.append(event)
        return event

    def by_participants(self, event: Event) -> None:
        """Classes that the posts of the people taking part give the event (``participants`` modifiers)."""
        posts = {"head of state": GKO.HeadOfStatePost, "head of government": GKO.HeadOfGovernmentPost}
        people = {person for person, _ in event.participants}
        for modifier in event.rule.modifiers:
            wanted = posts.get(modifier.participants)
            cls = self.ontology.first(modifier.classes)
            if wanted is None or cls is None or not people or cls in event.node.types:
                continue
            if all(any(self.ctx.is_a(post, wanted) for post in self.ctx.posts_of(person)) for person in people):
                event.node.types.insert(len(event.node.types) - 1, cls)
                event.node.notes.append(
                    f"draft: everyone taking part holds a {modifier.participants} post -> {self.writer_name(cls)}"
                )

    def writer_name(self, iri: URIRef) -> str:
        return Writer(article_prefixes(self.slug)).name(iri)

    def same_event(self, event: Event) -> Event | None:
        """An earlier event of the same classes and the same role values (a headline restated by the text)."""
        values = {(v.predicate, v.obj) for v in event.node.values if v.predicate != GKO.statedIn}
        for earlier in self.events:
            earlier_values = {(v.predicate, v.obj) for v in earlier.node.values if v.predicate != GKO.statedIn}
            if set(earlier.node.types) == set(event.node.types) and values and values <= earlier_values | values:
                keys = {p for p, _ in values} & {p for p, _ in earlier_values}
                if keys and all(
                    {o for p, o in values if p == k} == {o for p, o in earlier_values if p == k} for k in keys
                ):
                    return earlier
        return None

    def place_event(self, event: Event) -> None:
        """The event's parent: a discussion or other part in the meeting going on, a meeting in the main event."""
        node = event.node
        is_meeting = self.ontology.is_a(node.types, GKO.Meeting) or self.ontology.is_a(node.types, GKO.Visit)
        if event.forthcoming or event.rule.within == "none":
            return
        if self.main is None and is_meeting:
            self.main = event
        parent = (self.meeting or self.reception or self.main) if event.rule.within == "meeting" else self.main
        if parent is not None and parent is not event:
            node.add(GKO.subEventOf, parent.node.iri, "draft: the event going on")
        if self.ontology.is_a(node.types, GKO.Reception):
            self.reception = event
        if self.ontology.is_a(node.types, GKO.Meeting):
            self.meeting = event

    def event_label(self, event: Event) -> str:
        """A label from the event's class and the names of its roles."""
        kind = self.ontology.label(event.node.types[0])
        names = []
        for value in event.node.values:
            if isinstance(value.obj, URIRef) and value.predicate != GKO.subEventOf and value.obj.startswith(str(GKR)):
                label = self.ctx.label(value.obj)
                if "/" not in str(value.obj)[len(str(GKR)) :] and label not in names:
                    names.append(label)
        return kind[:1].upper() + kind[1:] + (": " + ", ".join(names) if names else "")

    def fill_role(self, event: Event, role: Role, match: re.Match, sm: SentenceMentions) -> None:
        prop = self.ontology.first(role.properties)
        domain = self.ontology.domain_of(prop)
        if prop is None or (domain is not None and not self.ontology.is_a(event.node.types, domain)):
            return
        wanted = self.ontology.range_of(prop)
        if "derived:parties" in role.find:
            for party in self.parties(event):
                event.node.add(prop, party, "draft: the bodies of the posts of the people taking part")
            return
        done = False
        for locator in role.find:
            additive = locator.startswith("+")
            if done and not additive:
                continue
            found = self.locate(locator.lstrip("+"), match, sm, wanted)
            for iri, mention in found:
                words = f"draft: {self.quote(mention.text)}" if mention else f"draft: {locator.lstrip('+')}"
                if mention and mention.note:
                    words += f" ({mention.note})"
                if mention is not None and mention.kind == "post" and iri == mention.iri and mention.holder is None:
                    self.pending.append((event.node, prop, iri, words))
                    continue
                event.node.add(prop, iri, words)
                if prop in self.participant_props and self.ctx.is_a(iri, GKO.Person):
                    event.participants.append((iri, mention))
            done = done or bool(found)

    def takes_person(self, wanted: URIRef | None) -> bool:
        """True if a property of range ``wanted`` may point to a person."""
        return wanted is None or self.ontology.is_a([GKO.Person], wanted)

    def fits(self, iri: URIRef, wanted: URIRef | None) -> bool:
        if wanted is None or self.ctx.is_a(iri, wanted):
            return True
        return not self.ctx.types(iri) and wanted in (GKO.Agent, GKO.Person, GKO.Organization)

    def locate(
        self, locator: str, match: re.Match, sm: SentenceMentions, wanted
    ) -> list[tuple[URIRef, Mention | None]]:
        """The values a role's locator finds (see rules/events.toml)."""
        text = sm.text

        def pick(mentions) -> list[tuple[URIRef, Mention | None]]:
            for mention in mentions:
                values = [(iri, mention) for iri in mention.who() if self.fits(iri, wanted)]
                if not values and mention.note == "parties" and self.meeting is not None:
                    people = [iri for iri, _ in self.meeting.participants if self.fits(iri, wanted)]
                    values = [(iri, mention) for iri in dict.fromkeys(people)]
                if mention.kind == "post" and mention.holder is None and mention.iri and self.takes_person(wanted):
                    values = [(mention.iri, mention)]  # a post whose holder the report may name later
                if values:
                    return values
            return []

        if locator == "subject":
            subjects = self.subjects(sm, match.start())
            chain = subjects[:1]
            for mention in subjects[1:]:  # "A and B held talks", "A, B and C signed"
                if not re.fullmatch(r"\s*(?:,|,?\s+and)\s+", sm.text[mention.end : chain[-1].start] or "x"):
                    break
                chain.append(mention)
            return [value for mention in reversed(chain) for value in pick([mention])]
        if locator.startswith("state-of:"):
            places = self.locate(locator[9:], match, sm, GKO.Place)
            states = [(state, mention) for iri, mention in places if (state := self.ctx.state_of(iri))]
            return [(state, mention) for state, mention in states if self.fits(state, wanted)]
        if locator == "object":
            return pick(m for m in sm.mentions if m.start >= match.end())
        if locator.startswith("after:"):
            word = re.compile(rf"\b{re.escape(locator[6:])}\b", re.I).search(text, match.start())
            if word is None or word.start() > match.end() + 60:
                return []
            return pick(m for m in sm.mentions if word.end() <= m.start <= word.end() + 12)
        if locator.startswith("at:"):
            words = list(re.finditer(rf"\b{re.escape(locator[3:])}\s+(the\s+)?", text, re.I))
            starts = {w.end() for w in words} | {w.start(1) for w in words if w.group(1)}
            return pick(m for m in sm.mentions if m.start in starts)
        if locator == "context:main" and self.main is not None:
            return [(self.main.node.iri, None)]
        if locator == "context:host" and self.reception is not None:
            return [(o, None) for o in self.reception.node.objects(GKO.receivedBy) if isinstance(o, URIRef)]
        if (
            locator == "context:visitor"
            and self.main is not None
            and self.ontology.is_a(self.main.node.types, GKO.Visit)
        ):
            return [(o, None) for o in self.main.node.objects(GKO.visitor) if isinstance(o, URIRef)]
        return []

    def subjects(self, sm: SentenceMentions, before: int) -> list[Mention]:
        """The mentions before ``before``, nearest first, that may be a subject: not after a preposition ("from the
        Head of State"), except "according to", nor part of the name that ends at ``before`` ("the
        Azerbaijan-Turkmenistan Business Forum")."""
        found: list[Mention] = []
        for mention in reversed(sm.mentions):
            if mention.end > before:
                continue
            between = sm.text[mention.end : before]
            if not found and between.strip() and re.fullmatch(r"[\s\-–—]*(?:[A-Z][\w-]*\s*)*", between):
                continue
            words = sm.text[: mention.start].lower().split()
            if words and words[-1] in PREPOSITIONS and words[-2:] != ["according", "to"]:
                continue
            found.append(mention)
        return found

    def parties(self, event: Event) -> list[URIRef]:
        """The parties of negotiations: the bodies (or states) of the posts its people take part in."""
        government_level = self.ontology.is_a(event.node.types, self.term("GovernmentLevelNegotiations"))
        found: list[URIRef] = []
        for person, mention in event.participants:
            posts = list(mention.posts) if mention and mention.kind == "post" else self.ctx.posts_of(person)
            for post in posts:
                for body in self.ctx.known_facts(post, GKO.postIn):
                    if not isinstance(body, URIRef):
                        continue
                    if government_level and not self.ctx.is_a(body, GKO.Government):
                        continue
                    party = body if government_level or not self.ctx.is_a(body, GKO.GovernmentBody) else None
                    party = party or self.ctx.state_of(body) or body
                    if party not in found:
                        found.append(party)
        self.ctx.parties = found or self.ctx.parties
        return found

    def participations(self, event: Event) -> None:
        participation = self.term("Participation")
        if participation is None:
            return
        seen = set()
        for person, mention in event.participants:
            if person in seen:
                continue
            seen.add(person)
            posts = list(mention.posts) if mention and mention.kind == "post" else self.ctx.posts_of(person)
            if not posts:
                continue
            local = str(event.node.iri)[len(self.local) :]
            node = Node(self.new_iri(f"{local}Participation{camel(self.ctx.label(person))}"), [participation])
            posts_label = " and ".join(self.ctx.label(p) for p in posts)
            node.label = f"{self.ctx.label(person)} in the {self.ontology.label(event.node.types[0])}, as {posts_label}"
            node.notes.append(
                "draft: the post the person is named with"
                if mention and mention.kind == "post"
                else "draft: a post the person holds"
            )
            node.add(GKO.participationIn, event.node.iri)
            node.add(GKO.participationAgent, person)
            for post in posts:
                node.add(GKO.inCapacityOf, post)
            node.add(GKO.statedIn, sentence_iri(self.slug, event.sentence.position))
            self.others.append(node)

    def date(self, event: Event, quantity: Quantity) -> None:
        """The day or span of the event: with time:hasTime (an instant, or a period from day to day) where the
        shapes know it, else as the instants the event begins and ends with."""
        words = f"draft: {self.quote(quantity.text)}"
        if not quantity.value:
            event.node.todos.append(f"time:hasTime: {self.quote(quantity.text)} names no year; give the date")
            return
        first = self.instant(str(quantity.value), quantity.text)
        last = self.instant(quantity.end_value, quantity.text) if quantity.end_value else first
        has_time = URIRef(TIME + "hasTime")
        if has_time not in self.ontology.paths(event.node.types):
            event.node.add(URIRef(TIME + "hasBeginning"), first, words)
            event.node.add(URIRef(TIME + "hasEnd"), last, words)
        elif first == last:
            event.node.add(has_time, first, words)
        else:
            period = Node(self.new_iri(f"Period{quantity.value}"), [GKO.Period], quantity.text)
            period.add(URIRef(TIME + "hasBeginning"), first)
            period.add(URIRef(TIME + "hasEnd"), last)
            self.others.append(period)
            event.node.add(has_time, period.iri, words)

    def instant(self, day: str, words: str) -> URIRef:
        iri = URIRef(self.local + "Date" + day.replace("-", ""))
        if all(node.iri != iri for node in self.others):
            instant = URIRef(TIME + "Instant")
            node = Node(iri, [instant], day)
            node.add(
                URIRef(TIME + "inXSDDate"), Literal(day, datatype=URIRef(XSD + "date")), f"draft: {self.quote(words)}"
            )
            if any(path == URIRef(TIME + "inXSDgYear") for path, _ in self.ontology.required([instant])):
                node.add(URIRef(TIME + "inXSDgYear"), Literal(day[:4], datatype=URIRef(XSD + "gYear")))
            self.others.append(node)
        return iri

    # ------------------------------------------------------------------ statements
    def find_statements(self, sentence: Sentence, sm: SentenceMentions, events: list[Event]) -> list[Statement]:
        text = sentence.text
        taken: list[tuple[int, int]] = []
        by_class: dict[URIRef, list[tuple[re.Match, StatementRule]]] = {}
        for fallback in (False, True):
            if fallback and by_class:
                break
            for rule in self.rules.statements:
                if rule.fallback != fallback:
                    continue
                cls = self.ontology.first(rule.classes)
                for match in rule.cue.finditer(text):
                    if cls is None or any(match.start() < e and s < match.end() for s, e in taken):
                        continue
                    taken.append(match.span())
                    by_class.setdefault(cls, []).append((match, rule))
        statements = []
        for cls, matches in sorted(by_class.items(), key=lambda item: item[1][0][0].start()):
            match, rule = matches[0]
            statements.append(self.statement(cls, matches, sentence, sm, events))
            if rule.measures:
                self.measures(statements[-1], match, sentence, sm)
        for event in events:
            if self.ontology.is_a(event.node.types, GKO.Discussion):
                self.discussion_topic(event, statements, events, sm)
            elif not statements and event.sentence is sentence:
                for sector, words, _ in sm.sectors:
                    event.node.add(GKO.sector, sector, f"draft: {self.quote(words)}")
        return statements

    def statement(
        self, cls: URIRef, matches, sentence: Sentence, sm: SentenceMentions, events: list[Event]
    ) -> Statement:
        text = sentence.text
        match, rule = matches[0]
        local = str(cls).rsplit("#", 1)[-1]
        node = Node(self.new_iri(f"{local}{sentence.position}"), [cls])
        node.notes.append(
            "draft: " + ", ".join(self.quote(m.group()) for m, _ in matches) + f" -> {self.writer_name(cls)}"
        )
        end = re.search(r"[;.](?!\d)|,\s+(?:and|but|as well as|which)\b|$", text[match.end() :])
        clause = text[match.start() : match.end() + (end.start() if end else 0)].strip(" ,")
        if len(clause.split()) < 4:
            clause = text.rstrip(".")
        label = self.ontology.label(cls)
        node.label = f"{label[:1].upper()}{label[1:]}: {clause}"
        node.add(GKO.statedIn, sentence_iri(self.slug, sentence.position))
        statement = Statement(node, cls, match.start(), matches[-1][0].end(), rule)
        self.attribute(statement, match, sm)
        at = self.meeting or self.main
        if at is not None and self.term("statedAt"):
            node.add(GKO.statedAt, at.node.iri, "draft: the meeting going on")
        for sector, words, _ in sm.sectors:
            node.add(GKO.sector, sector, f"draft: {self.quote(words)}")
        self.statement_links(statement, sm, events)
        self.statements.append(node)
        return statement

    def attribute(self, statement: Statement, match: re.Match, sm: SentenceMentions) -> None:
        """Who holds the statement: the agent named by "of"/"by" right after the cue, else the subject before it."""
        node, text = statement.node, sm.text
        after = re.match(r"\s*(?:of|by)\s+", text[match.end() :])
        if match.group().rstrip().endswith(" by"):
            after = re.match(r"\s*", text[match.end() :])
        candidates: list[Mention] = []
        if after:
            at = match.end() + after.end()
            candidates = [m for m in sm.mentions if at <= m.start <= at + 4]
        if not candidates:
            candidates = [m for m in self.subjects(sm, match.start()) if self.is_agent(m)][:1]
        agents = [iri for m in candidates[:1] for iri in m.who() if self.fits(iri, GKO.Agent)]
        for iri in agents:
            node.add(GKO.attributedTo, iri, f"draft: {self.quote(candidates[0].text)}")
        subject = [m for m in self.subjects(sm, match.start()) if self.is_agent(m)][:1]
        for iri in [i for m in subject for i in m.who() if self.ctx.is_a(i, GKO.Person)]:
            if self.term("statedBy"):
                node.add(GKO.statedBy, iri, "draft: the person who says it")

    def is_agent(self, mention: Mention) -> bool:
        return any(
            self.fits(iri, GKO.Agent) and not self.ctx.is_a(iri, GKO.Place) or self.ctx.is_a(iri, GKO.SovereignState)
            for iri in mention.who()
        )

    def statement_links(self, statement: Statement, sm: SentenceMentions, events: list[Event]) -> None:
        """The statement's project, effect, indicator and topic where the shapes ask for them."""
        node, text = statement.node, sm.text
        if self.ontology.is_a([statement.cls], GKO.Plan):
            kind = self.ontology.range_of(GKO.projectFacility)
            facilities = [m for m in sm.mentions if m.iri and self.ctx.is_a(m.iri, kind)]
            if facilities:
                node.add(GKO.plannedProject, self.project(facilities, sm), "draft: the facilities the sentence names")
        if self.ontology.is_a([statement.cls], GKO.ExpectedEffect):
            if re.search(r"\b(?:this|the|that) project\b", text, re.I) and self.projects:
                node.add(GKO.effectOf, self.projects[-1], 'draft: "this project": the last project named')
            effect = re.search(r"\b(?:an? )?((?:[a-z]+ ){0,2}effect)\b", text[statement.start :])
            if effect and self.term("effectKind"):
                node.add(GKO.effectKind, Literal(effect.group(1)), f"draft: {self.quote(effect.group())}")

    def project(self, facilities: list[Mention], sm: SentenceMentions) -> URIRef:
        """A project node for the facilities a plan names (its kinds from the words "construction"...)."""
        names = [self.ctx.label(m.iri) for m in facilities if m.iri]
        classes = [self.term("Project")]
        for label, cls in self.ontology.classes_by_label().items():
            if (
                self.ontology.is_a([cls], GKO.Project)
                and label.split()[0] in sm.text.lower().split()
                and label != "project"
            ):
                classes = [c for c in classes if c != GKO.Project] + [cls]
        node = Node(
            self.new_iri(camel(names[0]) + "Project" if len(names) == 1 else "Project"), [c for c in classes if c]
        )
        node.label = ("Establishment of the " if len(names) == 1 else "Works on ") + ", ".join(names)
        node.notes.append("draft: a project of the facilities the plan names")
        for mention in facilities:
            if mention.iri:
                node.add(GKO.projectFacility, mention.iri)
        for mention in sm.mentions:
            if mention.kind == "document" and mention.iri and self.term("envisagedBy"):
                node.add(GKO.envisagedBy, mention.iri, f"draft: {self.quote(mention.text)}")
        self.others.append(node)
        self.projects.append(node.iri)
        return node.iri

    def measures(self, statement: Statement, match: re.Match, sentence: Sentence, sm: SentenceMentions) -> None:
        """The measures a commitment lists ("will take measures to increase ..., launch ... and continue ...")."""
        measure = self.term("Measure")
        includes = self.term("includes")
        if measure is None or includes is None:
            return
        text = sentence.text
        start = re.search(r"\bmeasures?\s+(?:to|for)\s+", text[match.start() :])
        if start is None:
            return
        rest_start = match.start() + start.end()
        rest = text[rest_start:].rstrip(".")
        verbs = {verb.lower() for verb in self.rules.words("measure_verbs")}
        items: list[tuple[int, str]] = []
        position = 0
        for piece in re.split(r"(,\s+as well as\s+|,?\s+as well as\s+|,\s+and\s+|\s+and\s+|,\s+)", rest):
            if re.fullmatch(r",?\s+(?:as well as|and)\s+|,\s+", piece):
                position += len(piece)
                continue
            first = piece.split()[0].lower() if piece.split() else ""
            if first in verbs or not items:
                items.append((rest_start + position, piece))
            else:
                offset, previous = items[-1]
                items[-1] = (offset, text[offset : rest_start + position + len(piece)])
            position += len(piece)
        if len(items) < 2:
            return
        for offset, item in items:
            node = Node(self.new_iri(f"Measure{sentence.position}"), [measure])
            node.label = item[:1].upper() + item[1:]
            node.notes.append(
                f"draft: {self.quote(item)}, one of the measures of {self.writer_name(statement.node.iri)}"
            )
            for predicate in (GKO.attributedTo, GKO.statedAt):
                for value in statement.node.objects(predicate):
                    node.add(predicate, value)
            for sector, words, where in sm.sectors:
                if offset <= where < offset + len(item):
                    node.add(GKO.sector, sector, f"draft: {self.quote(words)}")
            node.add(GKO.statedIn, sentence_iri(self.slug, sentence.position))
            statement.node.add(includes, node.iri)
            self.statements.append(node)

    def discussion_topic(self, event: Event, statements: list[Statement], events: list[Event], sm) -> None:
        for statement in statements[:1]:
            event.node.add(GKO.topic, statement.node.iri, "draft: the statement of the same sentence")
        if not statements:
            for other in events:
                if other is not event and other.sentence is event.sentence and other.forthcoming:
                    event.node.add(GKO.topic, other.node.iri, "draft: the event the sentence names")
        if not event.node.objects(GKO.topic):
            for mention in sm.mentions:
                if mention.iri and mention.kind != "post" and not self.is_agent(mention):
                    event.node.add(GKO.topic, mention.iri, f"draft: {self.quote(mention.text)}")
        for sector, words, _ in sm.sectors:
            event.node.add(GKO.sector, sector, f"draft: {self.quote(words)}")

    # ------------------------------------------------------------------ quantities
    def place_quantities(
        self, sentence: Sentence, sm: SentenceMentions, events: list[Event], statements: list[Statement]
    ):
        """Amounts, counts and years: on the statement of their words, else as nodes of their own with a TODO."""
        for quantity in sm.quantities:
            if quantity.kind in ("day", "span"):
                if not events:
                    self.loose(self.instant(str(quantity.value), quantity.text), quantity) if quantity.value else None
                continue
            owner = self.owner(quantity, statements)
            if quantity.kind in ("money", "percent", "quantity"):
                amount = self.amount(quantity, sentence)
                if owner is None:
                    self.loose(amount, quantity)
                    continue
                target = self.ontology.is_a([owner.cls], GKO.Target) and owner.start <= quantity.start <= owner.end
                local = str(owner.cls).rsplit("#", 1)[-1]
                table = "change_properties" if quantity.kind == "percent" else "amount_properties"
                prop = self.term(self.rules.table(table).get(local, "")) if not target else self.term("targetValue")
                if prop is not None and quantity.kind == "percent":
                    owner.node.add(
                        prop,
                        Literal(str(quantity.value), datatype=URIRef(XSD + "decimal")),
                        f"draft: {self.quote(quantity.text)}",
                    )
                    self.others = [node for node in self.others if node.iri != amount]
                    continue
                owner.node.add(prop or GKO.amount, amount, f"draft: {self.quote(quantity.text)}")
                if target:
                    self.indicator(owner, quantity, sm)
            elif quantity.kind == "count":
                self.count(quantity, owner)
            elif quantity.kind == "ordinal":
                self.ordinal(quantity, events)
            elif quantity.kind == "year":
                self.year(quantity, owner, sm)

    def owner(self, quantity: Quantity, statements: list[Statement]) -> Statement | None:
        inside = [s for s in statements if s.start <= quantity.start <= s.end]
        before = [s for s in statements if s.start <= quantity.start]
        found = inside or before[-1:] or statements[:1]
        return found[0] if found else None

    def loose(self, iri: URIRef, quantity: Quantity) -> None:
        for node in self.others:
            if node.iri == iri:
                node.todos.append(
                    f"attach: {self.quote(quantity.text)} belongs to no statement or event the draft found"
                )

    def amount(self, quantity: Quantity, sentence: Sentence) -> URIRef:
        money = quantity.kind == "money"
        cls = self.term("MonetaryAmount") if money else self.term("Amount")
        node = Node(self.new_iri(f"Amount{sentence.position}"), [cls] if cls else [], quantity.text)
        node.add(
            GKO.amountValue,
            Literal(str(quantity.value), datatype=URIRef(XSD + "decimal")),
            f"draft: {self.quote(quantity.text)}",
        )
        if money:
            currency = self.ontology.currencies().get(quantity.currency)
            if currency is not None:
                node.add(GKO.currency, currency, f"draft: {quantity.currency}")
            else:
                node.todos.append(
                    f"gko:currency: {quantity.currency or 'the currency'} is not in the ontology's currencies"
                )
        else:
            node.notes.append("draft: a percentage (the value is in percent)")
        self.others.append(node)
        return node.iri

    def ordinal(self, quantity: Quantity, events: list[Event]) -> None:
        """A number of an event ("the sixth meeting", "of the first degree"): see ordinal_properties."""
        prop = self.term(self.rules.table("ordinal_properties").get(quantity.noun, ""))
        domain = self.ontology.domain_of(prop)
        for event in events:
            if prop is not None and self.ontology.is_a(event.node.types, domain):
                event.node.add(prop, Literal(int(quantity.value)), f"draft: {self.quote(quantity.text)}")
                return

    def count(self, quantity: Quantity, owner: Statement | None) -> None:
        name = self.rules.table("count_properties").get(quantity.noun)
        prop = self.term(name) if name else None
        if owner is not None and prop is not None:
            owner.node.add(
                prop, Literal(int(quantity.value)), f"draft: {self.quote(quantity.text + ' ' + quantity.noun)}"
            )
        elif owner is not None:
            owner.node.todos.append(f"count {self.quote(quantity.text + ' ' + quantity.noun)}: no property for it")

    def year(self, quantity: Quantity, owner: Statement | None, sm: SentenceMentions) -> None:
        year = str(quantity.value)
        gyear = URIRef(XSD + "gYear")
        document = next(
            (m for m in sm.mentions if m.kind == "document" and 0 <= quantity.start - m.end <= 2 and m.iri), None
        )
        if quantity.relation == "within":
            cls = self.term(self.period_classes.get(quantity.period, "")) if quantity.period else None
            cls = cls or self.ontology.first(self.rules.words("year_class"))
            name = (camel(quantity.period) if quantity.period else "Year") + year
            node = Node(
                self.new_iri(name), [cls] if cls else [], f"{quantity.period} of {year}" if quantity.period else year
            )
            node.add(GKO.withinYear, Literal(year, datatype=gyear), f"draft: {self.quote(quantity.text)}")
        else:
            node = Node(
                self.new_iri(f"Period{quantity.relation.capitalize()}{year}"), [GKO.Period], f"period {quantity.text}"
            )
            if quantity.relation in ("begin", "span"):
                node.add(URIRef(TIME + "hasBeginning"), self.year_instant(year, quantity.text))
            if quantity.relation in ("end", "span"):
                node.add(URIRef(TIME + "hasEnd"), self.year_instant(quantity.end_value or year, quantity.text))
        self.others.append(node)
        if document is not None and document.iri and quantity.relation != "within" and self.term("validityPeriod"):
            self.ctx.fact(
                document.iri, GKO.validityPeriod, node.iri, f"draft: {self.quote(document.text + ' ' + quantity.text)}"
            )
        elif owner is not None and self.term("forPeriod"):
            owner.node.add(GKO.forPeriod, node.iri, f"draft: {self.quote(quantity.text)}")
        else:
            node.todos.append(f"attach: {self.quote(quantity.text)} belongs to no statement the draft found")

    def year_instant(self, year: str, words: str) -> URIRef:
        iri = URIRef(self.local + "Year" + year)
        if all(node.iri != iri for node in self.others):
            node = Node(iri, [URIRef(TIME + "Instant")], year)
            node.add(
                URIRef(TIME + "inXSDgYear"),
                Literal(year, datatype=URIRef(XSD + "gYear")),
                f"draft: {self.quote(words)}",
            )
            self.others.append(node)
        return iri

    def indicator(self, target: Statement, quantity: Quantity, sm: SentenceMentions) -> None:
        """The indicator a target raises: the words between the verb and "to <amount>"."""
        if self.term("indicator") is None or target.node.objects(GKO.indicator):
            return
        words = re.search(
            r"\b(?:increase|raise|bring|boost|double|expand|grow)\w*\s+(.+?)\s+to\s*$", sm.text[: quantity.start], re.I
        )
        phrase = words.group(1) if words else ""
        if not phrase or phrase.lower() in ("it", "this", "them"):
            target.node.todos.append(
                f"gko:indicator: the indicator of the target {self.quote(sm.text[target.start : quantity.end])}"
            )
            return
        node = Node(self.new_iri(camel(phrase)), [GKO.EconomicIndicator], phrase)
        node.notes.append(f"draft: {self.quote(phrase)}; make it a shared gkr: indicator if other reports measure it")
        states = [
            m.iri
            for m in sm.mentions
            if m.iri and self.ctx.is_a(m.iri, GKO.SovereignState) and m.start < quantity.start
        ]
        if not states and re.search(r"\b(?:bilateral|mutual)\b", phrase):
            states = self.ctx.states[:2]
        for state in states:
            node.add(
                GKO.indicatorOf, state, "draft: the states of the report" if not words else "draft: the states named"
            )
        self.others.append(node)
        target.node.add(GKO.indicator, node.iri, f"draft: {self.quote(phrase)}")

    # ------------------------------------------------------------------ the Turtle
    def todos(self, node: Node) -> None:
        """Add a TODO for each property the shapes require of ``node`` that neither it nor the store has."""
        known = {v.predicate for v in node.values} | {RDF.type}
        if node.label is not None:
            known.add(URIRef(PREFIXES["rdfs"] + "label"))
        entity = self.ctx.knowledge.entities.get(node.iri)
        if entity is not None and entity.origin == "store":
            known |= set(entity.facts)
        for path, message in self.ontology.required(node.types):
            if path not in known and not any(path.split("#")[-1] in todo for todo in node.todos):
                node.todos.append(f"{self.writer_name(path)}: {message}")
        for paths, message in self.ontology.alternatives(node.types):
            if not known & set(paths):
                node.todos.append(" or ".join(self.writer_name(p) for p in paths) + f": {message}")
        if not node.types:
            node.todos.append("a <class>: the draft could not tell the class of this entity")


def draft_text(
    slug: str,
    text: str,
    ontology: Ontology,
    rules: Rules,
    knowledge: Knowledge,
    head: list[Node],
    where: str,
    default_year: int | None = None,
) -> str:
    """The draft encoding (Turtle) of the report ``text``; ``head`` is its article node and publisher node."""
    _, sentences = headline(split_sentences(text, rules.words("never_end"), where))
    drafter = Drafter(slug, ontology, rules, knowledge)
    drafter.draft(sentences, default_year)
    writer = Writer(article_prefixes(slug))
    entities = [node for node in drafter.ctx.nodes.values()]
    events = [event.node for event in drafter.events]
    for node in [*entities, *events, *drafter.statements, *drafter.others]:
        drafter.todos(node)
    count = sum(len(node.todos) for node in [*entities, *events, *drafter.statements, *drafter.others])
    sections = [
        ("The article and its publisher", head),
        ("States, places, people, posts, bodies, documents (known ones restated, new ones proposed)", entities),
        ("Events", events),
        ("Statements", drafter.statements),
        ("Participations, amounts, periods, projects, indicators", drafter.others),
        (f"The sentences (text exactly as in {slug}.txt, white space normalised)", sentence_nodes(slug, sentences)),
    ]
    parts = [
        f"# Draft encoding of {slug}.txt, proposed by kg draft from the text (see docs/authoring.md).",
        f"# Check every '# draft:' guess, fill every '# TODO' ({count} here): kg validate fails only on those.",
        f"# Entities named: {len(entities)}, events: {len(events)}, statements: {len(drafter.statements)}.",
        "",
        writer.prefix_block(),
    ]
    for title, nodes in sections:
        if nodes:
            parts.extend(["#" * 65, f"#  {title}", "#" * 65, ""])
            parts.extend(writer.node(node) for node in nodes)
    result = "\n".join(parts)
    check_parses(result, where)
    return result


def draft_file(project: Project, store_dir: Path, text_path: Path) -> str:
    """The draft of the report file ``text_path`` (its slug is the file name's stem) against the project's
    ontology, its store (or article files) and curated links, and its rules."""
    text_path = Path(text_path)
    slug = text_path.stem
    text = read_text(text_path)
    rules = load_rules(project.root)
    ontology = load_ontology(project.sources)
    quads, _ = article_quads(project, store_dir, slug)
    knowledge = load_knowledge(ontology, rules, quads, project.sources.links)
    heading, sentences = headline(split_sentences(text, rules.words("never_end"), str(text_path)))
    head = existing_article(text_path.with_suffix(".ttl"), slug)
    if not head:
        head, _ = article_nodes(slug, sentences, Metadata(), rules, heading)
    issued = next((str(v.obj) for node in head for v in node.values if str(v.predicate).endswith("/issued")), "")
    year = int(issued[:4]) if issued[:4].isdigit() else None
    return draft_text(slug, text, ontology, rules, knowledge, head, str(text_path), year)
