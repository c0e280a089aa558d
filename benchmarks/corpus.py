"""A synthetic corpus of news articles with the shape of the real one, for measuring the pipeline at scale.

Usage: python benchmarks/corpus.py --articles N --seed S --out DIR

Writes a project folder (see docs/projects.md): DIR/kg.toml and, for N articles, DIR/articles/<slug>.ttl (one
article, valid against ontology/shapes.ttl) and DIR/articles/<slug>.txt (its sentences, one paragraph per
block), so that ``kg build --project DIR`` builds them (with the bundled ontology and curated links).

Like the real article (kg/articles/kz-kg-government-visit.ttl), an article encodes a visit between two
neighbouring states: the visit and its reception, greetings, government-level negotiations with discussions,
a trade target and an export readiness with amounts, a sector assessment, a plan for an infrastructure
project and its expected effect, an agricultural commitment with measures, a water issue with an operation
regime, a border observation, tasks, the participations of the officials, and the sentences they come from.
Which of the optional parts an article has, its states, officials, sectors and amounts are drawn at random.

Shared entities (states, capitals, people, posts, government bodies, borders, checkpoints, facilities,
projects, indicators, publishers) come from one pool with article-independent IRIs, so articles merge on
them as real news would; each article restates those it uses, so that it is valid on its own. Events and
statements are article-specific (``gkr:<slug>/Name``), sentences are ``gkr:article/<slug>/s<N>``.

Output is byte-identical for a seed; article ``i`` depends only on the seed and ``i``, so the corpus of
N articles is the first N files of the corpus of N + 1 (handy for measuring an incremental add).
"""

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

PREFIXES = """@prefix gko:     <https://w3id.org/govkg/ontology#> .
@prefix gkr:     <https://w3id.org/govkg/id/> .
@prefix gks:     <https://w3id.org/govkg/id/sector/> .
@prefix gka:     <https://w3id.org/govkg/id/article/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema:  <https://schema.org/> .
"""

#: (IRI name, label, capital, demonym adjective) of the states of the pool.
STATES = [
    ("Kazakhstan", "Kazakhstan", "Astana", "Kazakh"),
    ("Kyrgyzstan", "Kyrgyzstan", "Bishkek", "Kyrgyz"),
    ("Uzbekistan", "Uzbekistan", "Tashkent", "Uzbek"),
    ("Tajikistan", "Tajikistan", "Dushanbe", "Tajik"),
    ("Turkmenistan", "Turkmenistan", "Ashgabat", "Turkmen"),
    ("Azerbaijan", "Azerbaijan", "Baku", "Azerbaijani"),
    ("Georgia", "Georgia", "Tbilisi", "Georgian"),
    ("Armenia", "Armenia", "Yerevan", "Armenian"),
    ("Mongolia", "Mongolia", "Ulaanbaatar", "Mongolian"),
    ("China", "China", "Beijing", "Chinese"),
    ("Russia", "Russia", "Moscow", "Russian"),
    ("Turkey", "Turkey", "Ankara", "Turkish"),
]
#: Pairs of neighbouring states (the visits of the corpus are between neighbours).
NEIGHBOURS = [
    ("Kazakhstan", "Kyrgyzstan"), ("Kazakhstan", "Uzbekistan"), ("Kazakhstan", "Turkmenistan"),
    ("Kazakhstan", "Russia"), ("Kazakhstan", "China"), ("Kyrgyzstan", "Uzbekistan"), ("Kyrgyzstan", "Tajikistan"),
    ("Kyrgyzstan", "China"), ("Tajikistan", "Uzbekistan"), ("Turkmenistan", "Uzbekistan"), ("China", "Tajikistan"),
    ("Azerbaijan", "Georgia"), ("Armenia", "Georgia"), ("Georgia", "Turkey"), ("Armenia", "Turkey"),
    ("Azerbaijan", "Turkey"), ("Azerbaijan", "Russia"), ("Georgia", "Russia"), ("China", "Mongolia"),
    ("Mongolia", "Russia"), ("China", "Russia"),
]  # fmt: skip
#: The people of the fixed entity IRIs (docs/architecture.md): state -> (head of state, head of government).
KNOWN_LEADERS = {
    "Kazakhstan": ("Kassym-Jomart Tokayev", "Olzhas Bektenov"),
    "Kyrgyzstan": ("Sadyr Japarov", "Akylbek Japarov"),
}
KNOWN_CHECKPOINTS = {
    ("Kazakhstan", "Kyrgyzstan"): ["Karasu", "Besagash", "Aukhatty", "Sartobe", "Aisha Bibi", "Sypatay Batyr", "Kegen"]
}
SECTORS = [
    "food", "industrial", "petrochemical", "construction", "pharmaceutical", "agriculture", "education", "culture",
    "tourism", "trade", "economic", "investment", "transitAndTransport", "waterManagement",
]  # fmt: skip
SECTOR_WORDS = {"transitAndTransport": "transit and transport", "waterManagement": "water management"}
PUBLISHERS = [
    "primeminister.kz",
    "gov.kg",
    "gov.uz",
    "president.tj",
    "newscentralasia.example",
    "caucasus-news.example",
]
SYLLABLES = [
    "ar", "bek", "da", "er", "gul", "han", "il", "jan", "kan", "lar", "mur", "nur", "ol", "ras", "sul",
    "tem", "ul", "vor", "zan", "at", "bai", "dor", "sen", "tai", "mir", "az", "ren", "kyz", "tur", "yer",
]  # fmt: skip


def iri_name(text: str) -> str:
    """``text`` as an UpperCamelCase IRI name: 'Aisha Bibi' -> 'AishaBibi', 'Kassym-Jomart' -> 'KassymJomart'."""
    return "".join(part[:1].upper() + part[1:] for part in text.replace("-", " ").replace(".", " ").split())


def literal(text: str) -> str:
    """An English Turtle literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def sector_word(sector: str) -> str:
    return SECTOR_WORDS.get(sector, sector)


def words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def money(value: int) -> str:
    """$260 million, $2 billion."""
    if value >= 1_000_000_000:
        amount, unit = value / 1_000_000_000, "billion"
    else:
        amount, unit = value / 1_000_000, "million"
    return f"${amount:g} {unit}"


@dataclass
class Entity:
    """A shared entity: its Turtle block and the shared entities the block refers to."""

    turtle: str
    refers_to: list[str] = field(default_factory=list)


@dataclass
class State:
    name: str
    label: str
    capital: str
    adjective: str
    president: str
    head_of_government: str
    ministers: dict[str, str]


class Pool:
    """The shared entities of the corpus, by IRI name (``gkr:<name>``), made from the seed."""

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:pool")
        self.entities: dict[str, Entity] = {}
        self.states: dict[str, State] = {}
        used_names: set[str] = {name for pair in KNOWN_LEADERS.values() for name in pair}
        for name, label, capital, adjective in STATES:
            president, head = KNOWN_LEADERS.get(name) or (self._person(rng, used_names), self._person(rng, used_names))
            ministers = {
                sector: self._person(rng, used_names) for sector in ("trade", "agriculture", "transitAndTransport")
            }
            self.states[name] = state = State(name, label, capital, adjective, president, head, ministers)
            self._add_state(state)
        self.checkpoints: dict[tuple[str, str], list[str]] = {}
        for pair in NEIGHBOURS:
            self._add_pair(rng, tuple(sorted(pair)))
        for publisher in PUBLISHERS:
            self.entities[iri_name(publisher)] = Entity(
                f"gkr:{iri_name(publisher)} a gko:Publisher ;\n    rdfs:label {literal(publisher)} ;\n"
                f'    schema:url "https://{publisher}"^^xsd:anyURI .\n'
            )

    @staticmethod
    def _person(rng: random.Random, used: set[str]) -> str:
        while True:
            first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            last = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize() + "ov"
            if f"{first} {last}" not in used:
                used.add(f"{first} {last}")
                return f"{first} {last}"

    def _add(self, name: str, turtle: str, *refers_to: str) -> None:
        self.entities[name] = Entity(turtle, list(refers_to))

    def _add_state(self, state: State) -> None:
        s, capital, government = state.name, iri_name(state.capital), f"GovernmentOf{state.name}"
        self._add(
            s,
            f"gkr:{s} a gko:SovereignState ;\n    rdfs:label {literal(state.label)} ;\n"
            f"    gko:hasCapital gkr:{capital} .\n",
            capital,
        )
        self._add(
            capital,
            f"gkr:{capital} a gko:Capital ;\n    rdfs:label {literal(state.capital)} ;\n    gko:locatedIn gkr:{s} .\n",
            s,
        )
        self._add(
            government,
            f"gkr:{government} a gko:Government ;\n    rdfs:label {literal(f'Government of {state.label}')} ;\n"
            f"    gko:bodyOf gkr:{s} .\n",
            s,
        )
        posts = [
            (f"PresidentOf{s}", "gko:HeadOfStatePost", f"President of {state.label}", s, state.president),
            (f"PrimeMinisterOf{s}", "gko:HeadOfGovernmentPost", f"Prime Minister of {state.label}", government,
             state.head_of_government),
        ] + [
            (f"MinisterOf{iri_name(sector_word(sector))}Of{s}", "gko:Post",
             f"Minister of {sector_word(sector).capitalize()} of {state.label}", government, person)
            for sector, person in state.ministers.items()
        ]  # fmt: skip
        for post, cls, label, body, person in posts:
            state_line = f" ;\n    gko:postOfState gkr:{s}" if cls == "gko:HeadOfStatePost" else ""
            self._add(
                post,
                f"gkr:{post} a {cls} ;\n    rdfs:label {literal(label)} ;\n    gko:postIn gkr:{body}{state_line} .\n",
                body,
                s,
            )
            self._add(
                iri_name(person),
                f"gkr:{iri_name(person)} a gko:Person ;\n    rdfs:label {literal(person)} ;\n"
                f"    gko:holdsPost gkr:{post} .\n",
                post,
            )

    def _add_pair(self, rng: random.Random, pair: tuple[str, str]) -> None:
        a, b = pair
        la, lb = self.states[a].label, self.states[b].label
        border = f"{a}{b}Border"
        self._add(
            border,
            f"gkr:{border} a gko:Border ;\n    rdfs:label {literal(f'{la}–{lb} border')} ;\n"
            f"    gko:borderOf gkr:{a} , gkr:{b} .\ngkr:{a} gko:borders gkr:{b} .\n",
            a,
            b,
        )
        names = KNOWN_CHECKPOINTS.get(pair) or [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
            for _ in range(rng.randint(2, 5))
        ]
        self.checkpoints[pair] = [f"{iri_name(name)}Checkpoint" for name in names]
        for name, checkpoint in zip(names, self.checkpoints[pair], strict=False):
            self._add(
                checkpoint,
                f"gkr:{checkpoint} a gko:BorderCheckpoint ;\n    rdfs:label {literal(f'{name} checkpoint')} ;\n"
                f"    gko:onBorder gkr:{border} .\n",
                border,
            )
        complex_ = f"{a}{b}LogisticsComplex"
        self._add(
            complex_,
            f"gkr:{complex_} a gko:LogisticsComplex ;\n"
            f"    rdfs:label {literal(f'{la}–{lb} Trade and Logistics Complex')} ;\n"
            f"    gko:onBorder gkr:{border} .\n",
            border,
        )
        self._add(
            f"{complex_}Project",
            f"gkr:{complex_}Project a gko:Project ;\n"
            f"    rdfs:label {literal(f'Establishment of the {la}–{lb} Trade and Logistics Complex')} ;\n"
            f"    gko:projectFacility gkr:{complex_} .\n",
            complex_,
        )
        checkpoints = " , ".join(f"gkr:{c}" for c in self.checkpoints[pair])
        self._add(
            f"{a}{b}CheckpointsProject",
            f"gkr:{a}{b}CheckpointsProject a gko:ConstructionProject , gko:ReconstructionProject ;\n"
            f"    rdfs:label {literal(f'Construction and reconstruction of the checkpoints on the {la}–{lb} border')}"
            " ;\n"
            f"    gko:projectFacility {checkpoints} .\n",
            *self.checkpoints[pair],
        )
        water = f"{a}{b}InterstateWaterManagementFacilities"
        self._add(
            water,
            f"gkr:{water} a gko:InterstateWaterManagementFacility ;\n"
            f"    rdfs:label {literal(f'water management facilities of interstate use of {la} and {lb}')} ;\n"
            f"    gko:sharedBy gkr:{a} , gkr:{b} .\n",
            a,
            b,
        )
        turnover = f"{a}{b}TradeTurnover"
        self._add(
            turnover,
            f"gkr:{turnover} a gko:EconomicIndicator ;\n"
            f"    rdfs:label {literal(f'bilateral trade turnover of {la} and {lb}')} ;\n"
            f"    gko:indicatorOf gkr:{a} , gkr:{b} .\n",
            a,
            b,
        )
        for x, y in ((a, b), (b, a)):
            exports = f"{x}ExportsTo{y}"
            self._add(
                exports,
                f"gkr:{exports} a gko:EconomicIndicator ;\n"
                f"    rdfs:label {literal(f'exports of {self.states[x].label} to {self.states[y].label}')} ;\n"
                f"    gko:indicatorOf gkr:{x} .\n",
                x,
            )

    def closure(self, names: set[str]) -> list[str]:
        """``names`` and every shared entity their blocks refer to, sorted."""
        todo, seen = list(names), set()
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.entities[name].refers_to)
        return sorted(seen)


class Article:
    """One generated article: sentences (paragraph, text), article-specific Turtle blocks, shared entities used."""

    def __init__(self, slug: str):
        self.slug = slug
        self.sentences: list[tuple[int, str]] = []
        self.blocks: list[str] = []
        self.shared: set[str] = set()
        self.paragraph = 0

    def new_paragraph(self) -> None:
        self.paragraph += 1

    def sentence(self, text: str) -> str:
        """Add a sentence to the current paragraph; its IRI in Turtle."""
        self.sentences.append((self.paragraph, text))
        return f"<https://w3id.org/govkg/id/article/{self.slug}/s{len(self.sentences)}>"

    def node(self, name: str) -> str:
        return f"<https://w3id.org/govkg/id/{self.slug}/{name}>"

    def use(self, *names: str) -> str:
        """Mark shared entities as used; ``gkr:`` references to them, comma-separated."""
        self.shared.update(names)
        return " , ".join(f"gkr:{name}" for name in names)

    def add(self, node: str, types: str, label: str, *lines: str) -> None:
        body = "".join(f" ;\n    {line}" for line in lines)
        self.blocks.append(f"{node} a {types} ;\n    rdfs:label {literal(label)}{body} .\n")

    def participation(
        self, name: str, event: str, event_label: str, person: str, post: str, post_label: str, sentence: str
    ) -> None:
        self.add(
            self.node(name),
            "gko:Participation",
            f"{person} in the {event_label}, as {post_label}",
            f"gko:participationIn {event}",
            f"gko:participationAgent {self.use(iri_name(person))}",
            f"gko:inCapacityOf {self.use(post)}",
            f"gko:statedIn {sentence}",
        )

    def amount(self, name: str, value: int) -> str:
        node = self.node(name)
        self.add(
            node,
            "gko:MonetaryAmount",
            money(value),
            f'gko:amountValue "{value}"^^xsd:decimal',
            "gko:currency gkr:USDollar",
        )
        return node


def generate_article(pool: Pool, seed: int, index: int) -> tuple[str, str, str]:
    """The slug, Turtle and text of article ``index`` (1-based) of the corpus of ``seed``."""
    rng = random.Random(f"{seed}:article:{index}")
    slug = f"synthetic-{seed}-{index:05d}"
    article = Article(slug)
    pair = rng.choice(NEIGHBOURS)
    guest_state, host_state = (pool.states[name] for name in (pair if rng.random() < 0.5 else pair[::-1]))
    a, b = sorted((guest_state.name, host_state.name))
    g, h = guest_state, host_state
    publisher_name = rng.choice(PUBLISHERS)
    publisher = iri_name(publisher_name)
    year = rng.randint(2020, 2030)
    official = rng.random() < 0.3
    visit, reception, negotiations = article.node("Visit"), article.node("Reception"), article.node("Negotiations")
    g_pm, h_pm = f"PrimeMinisterOf{g.name}", f"PrimeMinisterOf{h.name}"
    g_gov, h_gov = f"GovernmentOf{g.name}", f"GovernmentOf{h.name}"

    # paragraph 1: the visit
    article.new_paragraph()
    kind = "official visit" if official else "short-term working visit"
    s = article.sentence(
        f"On the instructions of the Head of State, Prime Minister of {g.label} {g.head_of_government} made a {kind} "
        f"to {h.label}, {publisher_name} reports."
    )
    article.add(
        visit,
        "gko:OfficialVisit" if official else "gko:WorkingVisit , gko:ShortTermVisit",
        f"{kind.capitalize()} of {g.head_of_government} to {h.label}",
        f"gko:visitor {article.use(iri_name(g.head_of_government))}",
        f"gko:hostState {article.use(h.name)}",
        f"gko:onInstructionOf {article.use(iri_name(g.president))}",
        f"gko:statedIn {s}",
    )
    article.participation(
        "VisitParticipationGuest", visit, "visit", g.head_of_government, g_pm, f"Prime Minister of {g.label}", s
    )

    # paragraph 2: reception, greetings, readiness
    article.new_paragraph()
    s = article.sentence(
        f"In {h.capital}, the Head of Government of {g.label} was received by the President of {h.label} {h.president}."
    )
    article.add(
        reception,
        "gko:Reception",
        f"Reception of {g.head_of_government} by {h.president} in {h.capital}",
        f"gko:subEventOf {visit}",
        f"gko:takesPlaceIn {article.use(iri_name(h.capital))}",
        f"gko:receivedBy {article.use(iri_name(h.president))}",
        f"gko:guest {article.use(iri_name(g.head_of_government))}",
        f"gko:statedIn {s}",
    )
    article.participation(
        "ReceptionParticipationHost",
        reception,
        "reception",
        h.president,
        f"PresidentOf{h.name}",
        f"President of {h.label}",
        s,
    )
    article.participation(
        "ReceptionParticipationGuest",
        reception,
        "reception",
        g.head_of_government,
        g_pm,
        f"Prime Minister of {g.label}",
        s,
    )
    sectors = rng.sample(["trade", "economic", "investment"], 2)
    s = article.sentence(
        f"{g.head_of_government} conveyed words of greetings from the Head of State {g.president} "
        "and expressed the readiness "
        f"of the Government of {g.label} to develop {words([sector_word(x) for x in sectors])} cooperation."
    )
    article.add(
        article.node("Greetings"),
        "gko:ConveyanceOfGreetings",
        f"{g.head_of_government} conveys greetings from {g.president} to {h.president}",
        f"gko:subEventOf {reception}",
        f"gko:conveyedBy {article.use(iri_name(g.head_of_government))}",
        f"gko:greetingsFrom {article.use(iri_name(g.president))}",
        f"gko:greetingsTo {article.use(iri_name(h.president))}",
        f"gko:statedIn {s}",
    )
    article.add(
        article.node("GovernmentReadiness"),
        "gko:Readiness",
        f"Readiness of the Government of {g.label} to develop {words([sector_word(x) for x in sectors])} cooperation",
        f"gko:attributedTo {article.use(g_gov)}",
        f"gko:statedBy {article.use(iri_name(g.head_of_government))}",
        f"gko:statedAt {reception}",
        "gko:sector " + " , ".join(f"gks:{x}" for x in sectors),
        f"gko:statedIn {s}",
    )

    # paragraph 3: negotiations, target, export readiness
    article.new_paragraph()
    s = article.sentence(
        f"During the negotiations at the Government level with the Prime Minister of {h.label} {h.head_of_government} "
        f"the parties reviewed the state of bilateral relations."
    )
    article.add(
        negotiations,
        "gko:GovernmentLevelNegotiations",
        f"Government-level negotiations of {g.head_of_government} and {h.head_of_government}",
        f"gko:subEventOf {visit}",
        f"gko:party {article.use(g_gov, h_gov)}",
        f"gko:statedIn {s}",
    )
    article.participation(
        "NegotiationsParticipationHost",
        negotiations,
        "negotiations",
        h.head_of_government,
        h_pm,
        f"Prime Minister of {h.label}",
        s,
    )
    article.participation(
        "NegotiationsParticipationGuest",
        negotiations,
        "negotiations",
        g.head_of_government,
        g_pm,
        f"Prime Minister of {g.label}",
        s,
    )
    ministers = [
        (state, sector) for state in (g, h) for sector in sorted(rng.sample(sorted(state.ministers), rng.randint(0, 2)))
    ]
    if ministers:
        s = article.sentence(
            "The talks were also attended by "
            + words(
                [
                    f"the Minister of {sector_word(sector).capitalize()} of {state.label} {state.ministers[sector]}"
                    for state, sector in ministers
                ]
            )
            + "."
        )
        for state, sector in ministers:
            post = f"MinisterOf{iri_name(sector_word(sector))}Of{state.name}"
            article.participation(
                f"NegotiationsParticipation{post}", negotiations, "negotiations", state.ministers[sector], post,
                f"Minister of {sector_word(sector).capitalize()} of {state.label}", s,
            )  # fmt: skip
    target_value = rng.choice((500, 750, 1000, 1500, 2000, 3000, 5000, 10000)) * 1_000_000
    s = article.sentence(
        f"The parties discussed joint measures to increase bilateral trade turnover to {money(target_value)}."
    )
    target = article.node("TradeTurnoverTarget")
    article.add(
        article.node("TradeTurnoverDiscussion"),
        "gko:Discussion",
        f"Discussion of joint measures to increase bilateral trade turnover to {money(target_value)}",
        f"gko:subEventOf {negotiations}",
        f"gko:topic {target}",
        "gko:sector gks:trade",
        f"gko:statedIn {s}",
    )
    article.add(
        target,
        "gko:Target",
        f"Target: bilateral trade turnover of {money(target_value)}",
        f"gko:attributedTo {article.use(g_gov, h_gov)}",
        f"gko:statedAt {negotiations}",
        f"gko:indicator {article.use(f'{a}{b}TradeTurnover')}",
        f"gko:targetValue {article.amount('TradeTurnoverTargetAmount', target_value)}",
        "gko:sector gks:trade",
        f"gko:statedIn {s}",
    )
    if rng.random() < 0.8:
        items, export_value = rng.randint(20, 300), rng.randint(5, 90) * 10_000_000
        s = article.sentence(
            f"{g.label} is ready to increase exports of {items} commodity items worth {money(export_value)}."
        )
        article.add(
            article.node("ExportReadiness"),
            "gko:Readiness",
            f"Readiness of {g.label} to increase exports of {items} commodity items worth {money(export_value)}",
            f"gko:attributedTo {article.use(g.name)}",
            f"gko:statedAt {negotiations}",
            f"gko:indicator {article.use(f'{g.name}ExportsTo{h.name}')}",
            f"gko:commodityItemCount {items}",
            f"gko:amount {article.amount('ExportReadinessAmount', export_value)}",
            "gko:sector gks:trade",
            f"gko:statedIn {s}",
        )

    # paragraph 4: sector potential, a plan, its expected effect
    if rng.random() < 0.8:
        article.new_paragraph()
        potential_sectors = sorted(rng.sample(SECTORS[:5] + ["agriculture", "tourism"], rng.randint(2, 5)))
        potential = article.node("SectorPotential")
        s = article.sentence(
            f"There is a wide potential in {words([sector_word(x) for x in potential_sectors])} sectors."
        )
        article.add(
            potential,
            "gko:Assessment",
            f"Wide potential in the {words([sector_word(x) for x in potential_sectors])} sectors",
            f"gko:statedAt {negotiations}",
            "gko:sector " + " , ".join(f"gks:{x}" for x in potential_sectors),
            f"gko:statedIn {s}",
        )
        project = f"{a}{b}LogisticsComplexProject"
        s = article.sentence(
            "This is also supported by plans to establish a Trade and Logistics Complex on the common border."
        )
        article.add(
            article.node("LogisticsComplexPlan"),
            "gko:Plan",
            "Plans to establish a Trade and Logistics Complex on the common border",
            f"gko:statedAt {negotiations}",
            f"gko:plannedProject {article.use(project)}",
            f"gko:supports {potential}",
            f"gko:statedIn {s}",
        )
        if rng.random() < 0.7:
            s = article.sentence(
                "The launch of this project will have a multiplier effect on trade and investment co-operation."
            )
            article.add(
                article.node("MultiplierEffect"),
                "gko:ExpectedEffect",
                "The launch of the complex will have a multiplier effect on trade and investment co-operation",
                f"gko:statedAt {negotiations}",
                f"gko:effectOf {article.use(project)}",
                'gko:effectKind "multiplier effect"',
                "gko:sector gks:trade , gks:investment",
                f"gko:statedIn {s}",
            )

    # paragraph 5: agriculture
    if rng.random() < 0.6:
        article.new_paragraph()
        s = article.sentence(
            "To fully unlock the potential of cooperation in agriculture, the two governments will take measures to "
            "increase mutual supplies of products and launch joint projects."
        )
        measures = [
            (
                "MutualSuppliesMeasure",
                "Increase mutual supplies of agricultural products",
                "gks:agriculture , gks:trade",
            ),
            ("JointAgriculturalProjectsMeasure", "Launch joint agricultural projects", "gks:agriculture"),
        ]
        article.add(
            article.node("AgricultureCommitment"),
            "gko:Commitment",
            "The two governments will take measures to unlock the potential of cooperation in agriculture",
            f"gko:attributedTo {article.use(g_gov, h_gov)}",
            f"gko:statedAt {negotiations}",
            "gko:sector gks:agriculture",
            "gko:includes " + " , ".join(article.node(name) for name, _, _ in measures),
            f"gko:statedIn {s}",
        )
        for name, label, sectors_line in measures:
            article.add(
                article.node(name),
                "gko:Measure",
                label,
                f"gko:attributedTo {article.use(g_gov, h_gov)}",
                f"gko:statedAt {negotiations}",
                f"gko:sector {sectors_line}",
                f"gko:statedIn {s}",
            )

    # paragraph 6: water management
    if rng.random() < 0.5:
        article.new_paragraph()
        season, regime = article.node(f"GrowingSeason{year}"), article.node(f"WaterFacilityOperationRegimes{year}")
        s = article.sentence(
            f"{g.head_of_government} emphasised the importance of approving the operation regimes of water management "
            f"facilities of interstate use for the growing season of {year}."
        )
        article.add(
            article.node("WaterRegimesIssue"),
            "gko:IssueRaised",
            f"Importance of approving the operation regimes of interstate water management facilities for {year}",
            f"gko:attributedTo {article.use(iri_name(g.head_of_government))}",
            f"gko:statedBy {article.use(iri_name(g.head_of_government))}",
            f"gko:statedAt {negotiations}",
            f"gko:topic {regime}",
            f"gko:forPeriod {season}",
            "gko:sector gks:waterManagement",
            f"gko:statedIn {s}",
        )
        article.add(
            regime,
            "gko:OperationRegime",
            f"Operation regimes of the interstate water management facilities for the {year} growing season",
            f"gko:regimeOf {article.use(f'{a}{b}InterstateWaterManagementFacilities')}",
            f"gko:forPeriod {season}",
        )
        article.add(season, "gko:GrowingSeason", f"growing season of {year}", f'gko:withinYear "{year}"^^xsd:gYear')

    # paragraph 7: the border and its checkpoints
    if rng.random() < 0.6:
        article.new_paragraph()
        border = f"{a}{b}Border"
        s = article.sentence(
            f"The parties noted the work to increase the capacity of the {g.adjective}-{h.adjective} border."
        )
        article.add(
            article.node("BorderCapacityWork"),
            "gko:Observation",
            f"Work to increase the capacity of the {g.adjective}-{h.adjective} border",
            f"gko:attributedTo {article.use(g_gov, h_gov)}",
            f"gko:statedAt {negotiations}",
            f"gko:topic {article.use(border)}",
            "gko:sector gks:transitAndTransport",
            f"gko:statedIn {s}",
        )
        s = article.sentence("The construction and reconstruction of the checkpoints on the border are envisaged.")
        article.add(
            article.node("CheckpointsPlan"),
            "gko:Plan",
            "Construction and reconstruction of the checkpoints on the border",
            f"gko:plannedProject {article.use(f'{a}{b}CheckpointsProject')}",
            "gko:sector gks:transitAndTransport",
            f"gko:statedIn {s}",
        )

    # paragraph 8: other spheres, tasks
    article.new_paragraph()
    spheres = sorted(rng.sample(["education", "culture", "tourism", "agriculture", "construction"], 3))
    s = article.sentence(
        f"During the meeting the parties also discussed co-operation in {words([sector_word(x) for x in spheres])}."
    )
    article.add(
        article.node("SpheresDiscussion"),
        "gko:Discussion",
        f"Discussion of co-operation in {words([sector_word(x) for x in spheres])}",
        f"gko:subEventOf {negotiations}",
        "gko:sector " + " , ".join(f"gks:{x}" for x in spheres),
        f"gko:statedIn {s}",
    )
    tasks = article.node("TasksSetByHeadsOfState")
    s = article.sentence(
        "As a result of the talks, the parties confirmed their readiness to fully realise the tasks set by the heads "
        "of two states."
    )
    article.add(
        article.node("ConfirmedReadiness"),
        "gko:Readiness",
        "Readiness, confirmed by the parties, to fully realise the tasks set by the heads of the two states",
        f"gko:attributedTo {article.use(g_gov, h_gov)}",
        f"gko:statedAt {negotiations}",
        f"gko:topic {tasks}",
        f"gko:statedIn {s}",
    )
    article.add(
        tasks,
        "gko:Task",
        f"Tasks set by the heads of state of {g.label} and {h.label}",
        f"gko:attributedTo {article.use(iri_name(g.president), iri_name(h.president))}",
        f"gko:statedIn {s}",
    )

    title = f"{g.head_of_government} makes a {kind} to {h.label}"
    head = (
        f"gka:{slug} a gko:NewsArticle , schema:NewsArticle ;\n    rdfs:label {literal(title)} ;\n"
        f'    dcterms:publisher {article.use(publisher)} ;\n    dcterms:language "en"^^xsd:language .\n'
    )
    shared = [pool.entities[name].turtle for name in pool.closure(article.shared)]
    sentences = [
        f"<https://w3id.org/govkg/id/article/{slug}/s{n}> a gko:Sentence ;\n"
        f"    rdfs:label {literal(f'Sentence {n} of the article')} ;\n    dcterms:isPartOf gka:{slug} ;\n"
        f"    gko:position {n} ;\n    gko:paragraph {paragraph} ;\n    rdf:value {literal(text)} .\n"
        for n, (paragraph, text) in enumerate(article.sentences, start=1)
    ]
    turtle = "\n".join(
        [f"# Synthetic article {index} of the corpus of seed {seed} (benchmarks/corpus.py).\n\n" + PREFIXES, head]
        + shared
        + article.blocks
        + sentences
    )
    paragraphs: dict[int, list[str]] = {}
    for paragraph, text in article.sentences:
        paragraphs.setdefault(paragraph, []).append(text)
    text = "\n\n".join(" ".join(texts) for texts in paragraphs.values()) + "\n"
    return slug, turtle, text


def write_corpus(articles: int, seed: int, out: Path) -> list[Path]:
    """Write ``articles`` articles of the corpus of ``seed`` into ``out``; the Turtle files written."""
    out.mkdir(parents=True, exist_ok=True)
    pool = Pool(seed)
    written = []
    for index in range(1, articles + 1):
        slug, turtle, text = generate_article(pool, seed, index)
        for path, content in ((out / f"{slug}.ttl", turtle), (out / f"{slug}.txt", text)):
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(content, encoding="utf-8")
            tmp.replace(path)
        written.append(out / f"{slug}.ttl")
    return written


def write_project(root: Path, articles: Path) -> Path:
    """Write ``root/kg.toml``: a project of the ``articles`` folder, the bundled ontology and curated links."""
    from govkg.project import BUNDLED_LINKS

    root.mkdir(parents=True, exist_ok=True)
    path = root / "kg.toml"
    path.write_text(f'articles = "{articles.resolve()}"\nlinks = "{BUNDLED_LINKS}"\n', encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of news articles (Turtle + text).")
    parser.add_argument("--articles", type=int, required=True, metavar="N", help="number of articles")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    written = write_corpus(args.articles, args.seed, args.out / "articles")
    write_project(args.out, args.out / "articles")
    print(f"wrote {len(written)} article(s) to {args.out}/articles; build them with: kg build --project {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
