"""What a build will do: the manifest of its inputs, and the decision between a full and an incremental build.

A build records its inputs (a checksum per file) in the generation's manifest. When the only change since
then is new article files (same ontology, shapes and reasoner, no article changed or removed), the next
build adds them to a copy of the current generation (govkg.build.incremental) instead of rebuilding
everything; ``full=True`` forces a full build.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from govkg.project import Sources
from govkg.rdf.io import SLUG, ontology_files
from govkg.rdf.namespaces import GRAPH, INFERRED_GRAPHS, LINKS_GRAPH, ONTOLOGY_GRAPH
from govkg.store import has_store, read_manifest

#: The reasoners `kg build --reasoner` accepts: the fast engine (govkg.reasoning.engine) and owlrl over everything
#: (govkg.reasoning.owlrl).
REASONERS = ("fast", "owlrl")
#: Graphs the build writes; every other named graph of the previous store is carried over.
BUILD_GRAPHS = {str(ONTOLOGY_GRAPH), *INFERRED_GRAPHS, str(LINKS_GRAPH)}
#: Every graph under this prefix belongs to the build too (so a deleted article's graph goes away).
ARTICLE_GRAPH_PREFIX = str(GRAPH["article/"])
MANIFEST_VERSION = 2


def checksum(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_manifest(sources: Sources, reasoner: str) -> dict:
    """What a build reads: a checksum per ontology file (shapes included; keyed by the number of its folder in
    ``sources.ontology`` and its name) and per article, and the reasoner used."""
    folders = {folder: number for number, folder in enumerate(sources.ontology)}
    return {
        "version": MANIFEST_VERSION,
        "reasoner": reasoner,
        "ontology": {f"{folders[path.parent]}/{path.name}": checksum(path) for path in ontology_files(sources)},
        "articles": {path.stem: checksum(path) for path in sorted(sources.articles.glob("*.ttl"))},
    }


def build_owned(graph: str) -> bool:
    """True for the graphs a build writes (every other graph is carried over)."""
    return graph in BUILD_GRAPHS or graph.startswith(ARTICLE_GRAPH_PREFIX)


@dataclass
class Plan:
    """A build's decision: the manifest of its inputs; for a full build, why it is one (``full_because``), else the
    new articles to add (slug -> file); and the current generation's closure of the same ontology when the fast
    reasoner built it (a full build then need not run owlrl on the ontology again)."""

    manifest: dict
    full_because: str = ""
    new_articles: dict[str, Path] = field(default_factory=dict)
    ontology_closure: list | None = None


def decide(store_dir: Path, sources: Sources, reasoner: str, full: bool) -> Plan:
    """Plan the build of ``sources`` into ``store_dir``: incremental when the only change since the current
    generation's manifest is new article files, else full."""
    manifest = input_manifest(sources, reasoner)
    exists = has_store(store_dir)
    previous = read_manifest(store_dir) if exists else None
    if previous is not None and previous.get("version") != MANIFEST_VERSION:
        previous = None
    closure = _reusable_closure(previous, manifest)
    new = sorted(set(manifest["articles"]) - set(previous.get("articles", {}) if previous else ()))
    plan = Plan(manifest, ontology_closure=closure)
    plan.full_because = _why_full(exists, manifest, previous, closure, new, reasoner, full)
    if not plan.full_because:
        plan.new_articles = {slug: sources.articles / f"{slug}.ttl" for slug in new}
    return plan


def _reusable_closure(previous: dict | None, manifest: dict) -> list | None:
    """owlrl's closure of the ontology recorded by the last build, if it used the fast reasoner on the same
    ontology files; else None."""
    if previous is not None and previous.get("reasoner") == "fast" and previous.get("ontology") == manifest["ontology"]:
        return previous.get("ontology_closure")
    return None


def _why_full(
    exists: bool,
    manifest: dict,
    previous: dict | None,
    closure: list | None,
    new: list[str],
    reasoner: str,
    full: bool,
) -> str:
    """Why the build must be full, or "" when it can add the ``new`` articles to the current generation."""
    if full:
        return "--full given"
    if not exists:
        return "no store yet"
    if reasoner != "fast":
        return f"the {reasoner} reasoner always builds in full"
    if previous is None:
        return "the current store has no build manifest (written by 'kg load' or 'kg link')"
    if previous.get("reasoner") != "fast" or "ontology_closure" not in previous:
        return "the last build did not use the fast reasoner"
    if closure is None:
        return "the ontology or shapes changed"
    for slug, digest in previous.get("articles", {}).items():
        if slug not in manifest["articles"]:
            return f"article {slug} was removed"
        if manifest["articles"][slug] != digest:
            return f"article {slug} changed"
    if not new:
        return "no new article since the last build"
    if not all(SLUG.fullmatch(slug) for slug in new):
        return "a new article file name is not a slug"
    return ""
