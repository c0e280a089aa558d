"""A report's article node, publisher and sentence nodes, and `kg new`: a new report written into a project.

`kg new SLUG --text FILE` writes ``articles/SLUG.txt`` (the text) and ``articles/SLUG.ttl`` (the article with its
metadata, one gko:Sentence per sentence with its text, position and paragraph, and a commented skeleton of the
usual parts); both or neither are written, and the encoding validates and builds as it is.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, URIRef

from govkg.errors import KgError
from govkg.project import Project
from govkg.rdf.io import SLUG, read_quads, to_rdflib
from govkg.rdf.namespaces import GKO, GKR, PREFIXES, article_iri

from .knowledge import camel
from .rules import Rules
from .text import Sentence, headline, read_text, split_sentences
from .turtle import Node, Writer, article_prefixes, check_parses

DCTERMS = PREFIXES["dcterms"]
SCHEMA = PREFIXES["schema"]
XSD = PREFIXES["xsd"]


@dataclass
class Metadata:
    """What `kg new` (or the text) tells of a report: title, publisher, publication date, sources, language."""

    title: str = ""
    publisher: str = ""
    issued: str = ""
    sources: list[str] = field(default_factory=list)
    language: str = "en"

    def check(self) -> None:
        """KgError on a malformed date, address or language."""
        if self.issued:
            try:
                date.fromisoformat(self.issued)
            except ValueError:
                raise KgError(f"--issued {self.issued!r}: not a date like 2024-04-19") from None
        for source in self.sources:
            parts = urlsplit(source)
            if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r'[\s<>"{}|\\^`]', source):
                raise KgError(f"--source {source!r}: not an http(s) address")
        if not re.fullmatch(r"[a-zA-Z]{2,8}(?:-[a-zA-Z0-9]{1,8})*", self.language):
            raise KgError(f"--language {self.language!r}: not a language tag like en")


def sentence_iri(slug: str, position: int) -> URIRef:
    """The IRI of sentence ``position`` of the article ``slug``."""
    return URIRef(f"{article_iri(slug)}/s{position}")


def publisher_of(sentences: list[Sentence], rules: Rules) -> str:
    """The publisher a sentence of the first paragraph names ("..., primeminister.kz reports."), else ''."""
    pattern = re.compile(str(rules.data.get("publisher_cue", "(?!)")))
    for sentence in sentences:
        if sentence.paragraph > 2:
            break
        match = pattern.search(sentence.text)
        if match:
            return match.group("name")
    return ""


def publisher_node(name: str) -> Node:
    """The publisher node for a name or a web address ("primeminister.kz" -> gkr:PrimeministerKz with its URL)."""
    host = urlsplit(name).netloc if "://" in name else name
    label = host if "://" in name else name
    node = Node(URIRef(GKR[camel(label)]), [GKO.Publisher], label)
    if re.fullmatch(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", host.lower()):
        url = name if "://" in name else f"https://{host}"
        node.add(URIRef(SCHEMA + "url"), Literal(url, datatype=URIRef(XSD + "anyURI")))
    return node


def article_nodes(
    slug: str, sentences: list[Sentence], metadata: Metadata, rules: Rules, heading: str = ""
) -> tuple[list[Node], list[str]]:
    """The article node and its publisher's, for ``metadata`` (title: the text's ``heading``, publisher: named in
    the text, when not given); and notes on what was taken from the text or is missing."""
    notes = []
    title = metadata.title or heading
    if not title:
        title = sentences[0].text[:120].rstrip(".")
        notes.append(f"TODO rdfs:label: no title given (--title); the first sentence stands in: {title!r}")
    elif not metadata.title:
        notes.append(f"draft: title from the headline of the text: {title!r}")
    publisher_name = metadata.publisher or publisher_of(sentences, rules)
    if metadata.publisher:
        publisher = publisher_node(publisher_name)
    elif publisher_name:
        publisher = publisher_node(publisher_name)
        notes.append(f'draft: publisher from the text: "{publisher_name}"')
    else:
        publisher = Node(URIRef(GKR[camel(slug) + "Publisher"]), [GKO.Publisher], "unknown publisher")
        notes.append("TODO dcterms:publisher: no publisher given (--publisher) nor named in the text: replace it")
    article = Node(URIRef(article_iri(slug)), [GKO.NewsArticle, URIRef(SCHEMA + "NewsArticle")], title)
    if heading:
        article.add(URIRef(SCHEMA + "headline"), Literal(heading, lang=metadata.language))
    article.add(URIRef(DCTERMS + "publisher"), publisher.iri)
    article.add(URIRef(DCTERMS + "language"), Literal(metadata.language, datatype=URIRef(XSD + "language")))
    if metadata.issued:
        article.add(URIRef(DCTERMS + "issued"), Literal(metadata.issued, datatype=URIRef(XSD + "date")))
    for source in metadata.sources:
        article.add(URIRef(DCTERMS + "source"), URIRef(source))
    article.notes.extend(notes)
    return [article, publisher], notes


def sentence_nodes(slug: str, sentences: list[Sentence], language: str = "en") -> list[Node]:
    """One gko:Sentence node per sentence: its text (rdf:value), position, paragraph and article."""
    nodes = []
    for sentence in sentences:
        node = Node(
            sentence_iri(slug, sentence.position), [GKO.Sentence], f"Sentence {sentence.position} of the article"
        )
        node.add(URIRef(DCTERMS + "isPartOf"), URIRef(article_iri(slug)))
        node.add(GKO.position, Literal(sentence.position))
        node.add(GKO.paragraph, Literal(sentence.paragraph))
        node.add(RDF.value, Literal(sentence.text, lang=language))
        nodes.append(node)
    return nodes


def existing_article(path: Path, slug: str) -> list[Node]:
    """The article node and publisher node of an existing encoding ``path`` (written by `kg new`), if any."""
    if not path.is_file():
        return []
    quads = read_quads(path)
    article = ox.NamedNode(article_iri(slug))
    publishers = {
        q.object
        for q in quads
        if q.subject == article and q.predicate.value == DCTERMS + "publisher" and isinstance(q.object, ox.NamedNode)
    }
    nodes = []
    for subject in [article, *sorted(publishers, key=str)]:
        node = Node(URIRef(subject.value))
        for quad in quads:
            if quad.subject != subject:
                continue
            obj = to_rdflib(quad.object)
            if quad.predicate.value == str(RDF.type):
                node.types.append(URIRef(str(obj)))
            elif quad.predicate.value == str(RDFS.label) and node.label is None:
                node.label = str(obj)
            else:
                node.add(URIRef(quad.predicate.value), obj)
        if node.types or node.values:
            node.notes.append(f"from {path.name}")
            nodes.append(node)
    return nodes


SKELETON = """\
#################################################################
#  What the report says: fill in from the text (docs/authoring.md shows each part), or run
#    kg draft {text} -o {slug}.draft.ttl
#  for a first encoding proposed from the text, to check and copy here. Then: kg validate; kg build.
#################################################################

# The main event (gko:Visit and its kinds, gko:Meeting, gko:Negotiations, gko:Reception, ...):
# v:Visit a gko:OfficialVisit ;
#     rdfs:label "Official visit of <person> to <state>"@en ;
#     gko:visitor gkr:<Person> ;
#     gko:hostState gkr:<State> ;
#     gko:statedIn s:s1 .
#
# Who took part, in which post:
# v:VisitParticipation<Person> a gko:Participation ;
#     rdfs:label "<person> in the visit, as <post>"@en ;
#     gko:participationIn v:Visit ;
#     gko:participationAgent gkr:<Person> ;
#     gko:inCapacityOf gkr:<Post> ;
#     gko:statedIn s:s1 .
#
# A statement with its modality (gko:Target, gko:Plan, gko:Readiness, gko:Commitment, gko:Observation, ...):
# v:<Statement> a gko:Readiness ;
#     rdfs:label "Readiness of <agent> to <what>"@en ;
#     gko:attributedTo gkr:<Agent> ;
#     gko:statedAt v:Visit ;
#     gko:sector gks:trade ;
#     gko:statedIn s:s2 .
#
# An amount of money:
# v:<Statement>Amount a gko:MonetaryAmount ;
#     rdfs:label "$2 billion"@en ;
#     gko:amountValue "2000000000"^^xsd:decimal ;
#     gko:currency gkr:USDollar .
#
# People, states, posts and bodies have shared IRIs (gkr:<Name>): reuse the ones the store has (kg query).
"""


def new_encoding(slug: str, text_name: str, sentences: list[Sentence], metadata: Metadata, rules: Rules) -> str:
    """The Turtle of a new report: article, publisher, skeleton (commented) and sentences."""
    writer = Writer(article_prefixes(slug))
    heading, sentences = headline(sentences)
    head, notes = article_nodes(slug, sentences, metadata, rules, heading)
    title = head[0].label or slug
    parts = [
        f"# The report {title!r}",
        f"# Text: {text_name} ({'a headline, then ' if heading else ''}{sentences[-1].paragraph} paragraphs, "
        f"{len(sentences)} sentences). Written by kg new.",
        "",
        writer.prefix_block(),
        "#################################################################",
        "#  The article and its publisher",
        "#################################################################",
        "",
        *(writer.node(node) for node in head),
        SKELETON.format(text=f"articles/{text_name}", slug=slug),
        "#################################################################",
        f"#  The sentences (text exactly as in {text_name}, white space normalised"
        + ("; the headline is the article's label, not a sentence)" if heading else ")"),
        "#################################################################",
        "",
        *(writer.node(node) for node in sentence_nodes(slug, sentences, metadata.language)),
    ]
    return "\n".join(parts)


def check_slug(slug: str) -> None:
    """KgError if ``slug`` cannot name an article file and graph."""
    if not SLUG.fullmatch(slug) or slug.endswith("."):
        raise KgError(f"{slug!r}: a slug is letters, digits, '-', '_' and '.', starting with a letter or digit")


def write_together(files: dict[Path, str]) -> None:
    """Write every file or none: each to a hidden temporary file first, then renamed into place."""
    temporary = {path: path.with_name(f".{path.name}.new-{os.getpid()}") for path in files}
    done: list[Path] = []
    try:
        for path, text in files.items():
            temporary[path].write_text(text, encoding="utf-8")
        for path in files:
            if path.exists():
                raise KgError(f"{path}: already exists; choose another slug or remove it")
            os.replace(temporary[path], path)
            done.append(path)
    except OSError as error:
        for path in done:
            path.unlink(missing_ok=True)
        raise KgError(f"{error.filename or ''}: cannot write: {error.strerror}") from None
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        raise
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)


def write_file(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed into place); KgError if ``path``
    exists and ``force`` is not given."""
    path = Path(path)
    if path.exists() and not force:
        raise KgError(f"{path}: already exists (give --force to replace it)")
    if path.is_dir():
        raise KgError(f"{path}: a folder, not a file")
    if not path.parent.is_dir():
        raise KgError(f"{path.parent}: folder not found")
    if force:
        path.unlink(missing_ok=True)
    write_together({path: text})


def new_article(project: Project, slug: str, text_path: Path, metadata: Metadata, rules: Rules) -> tuple[Path, Path]:
    """Write the new report ``slug`` into the project's articles folder; the encoding's and the text's paths."""
    if project.root is None:
        raise KgError("no project folder here: make one with 'kg init DIR' and run kg new in it or with --project DIR")
    check_slug(slug)
    metadata.check()
    folder = project.sources.articles
    if not folder.is_dir():
        raise KgError(f"{folder}: the project's articles folder is missing")
    targets = [folder / f"{slug}.ttl", folder / f"{slug}.txt"]
    for path in targets:
        if path.exists():
            raise KgError(f"{path}: already exists; choose another slug or remove it")
    text = read_text(text_path)
    sentences = split_sentences(text, rules.words("never_end"), str(text_path))
    encoding = new_encoding(slug, targets[1].name, sentences, metadata, rules)
    check_parses(encoding, str(targets[0]))
    write_together({targets[1]: text, targets[0]: encoding})
    return targets[0], targets[1]
