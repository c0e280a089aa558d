"""Where a corpus lives: the bundled data installed with govkg, or a user's project folder with a ``kg.toml``.

A project folder (made by ``kg init DIR``) holds what a user owns, outside the code::

    DIR/kg.toml        settings: store folder, ontology folders, server settings ([server])
    DIR/articles/      one article per *.ttl file (its text beside it as *.txt), one named graph each
    DIR/links/         wikidata.tsv, the curated Wikidata identifiers
    DIR/queries/       named queries (*.rq)
    DIR/ontology/      ontology files of the project's own, read after the bundled ontology

Every command takes ``--project DIR``; without it, the current folder is the project when it holds
``kg.toml``, else the bundled data is (the seed article, its links, the named queries). The bundled
ontology is read first unless the project's ``ontology`` list leaves out ``"bundled"``.
"""

import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from govkg.errors import KgError

#: The name of a project's settings file.
PROJECT_FILE = "kg.toml"
#: Environment variable that overrides the project's (or the default) store folder.
STORE_ENV = "KG_STORE"
DEFAULT_STORE = "kg-store"
#: The word that names the bundled ontology in a project's ``ontology`` list.
BUNDLED = "bundled"

#: The data installed with the package (package data of govkg, govkg.ontology and govkg.queries).
BUNDLED_ONTOLOGY = Path(str(files("govkg.ontology")))
BUNDLED_ARTICLES = Path(str(files("govkg") / "articles"))
BUNDLED_LINKS = Path(str(files("govkg") / "links"))
BUNDLED_QUERIES = Path(str(files("govkg.queries")))

#: The keys a kg.toml may hold at its top level, with their defaults ("[server]" is read by the server's settings).
PROJECT_KEYS = {
    "store": DEFAULT_STORE,
    "ontology": [BUNDLED],
    "articles": "articles",
    "links": "links",
    "queries": "queries",
}

PROJECT_TEMPLATE = """\
# A govkg project: every `kg` command run in this folder (or given --project FOLDER) reads it.
# Folders are relative to this file. See the project's docs/projects.md.

# the store `kg build` writes and `kg serve` serves (--store and $KG_STORE win)
store = "kg-store"
# ontology folders, read in order; "bundled" is the ontology installed with govkg
ontology = ["bundled", "ontology"]
articles = "articles"
links = "links"
queries = "queries"

[server]
# any `kg serve` setting, by the name docs/settings.md gives it; command-line options win, e.g.
# port = 5000
# timeout = 10.0
"""

#: The curated links file of an empty project: its header line only (see govkg.link.curated).
EMPTY_LINKS = (
    "# entity: gkr:Name or -; wikidata: a QID; status: verified, likely or unknown; source: where it was checked\n"
    "entity\tlabel\twikidata\tstatus\tsource\n"
)

ONTOLOGY_README = """\
Ontology files of this project's own (*.ttl), read after the bundled govkg ontology; a file named
shapes.ttl here holds SHACL shapes that are checked beside the bundled ones.
"""


@dataclass(frozen=True)
class Sources:
    """The folders a build reads: ontology folders in order, the articles folder and the curated links folder."""

    ontology: tuple[Path, ...]
    articles: Path
    links: Path


@dataclass(frozen=True)
class Project:
    """A corpus and its settings: ``root`` is the project folder, None for the bundled data."""

    root: Path | None
    sources: Sources
    queries: Path
    store: Path
    server: dict[str, Any] = field(default_factory=dict)


BUNDLED_SOURCES = Sources(ontology=(BUNDLED_ONTOLOGY,), articles=BUNDLED_ARTICLES, links=BUNDLED_LINKS)


def default_store_dir() -> Path:
    """The store folder used when neither ``--store`` nor a project names one: ``$KG_STORE``, else ``./kg-store``."""
    return Path(os.environ.get(STORE_ENV, DEFAULT_STORE))


def bundled_project() -> Project:
    """The bundled data as a project: the seed article, its curated links and the bundled named queries."""
    return Project(root=None, sources=BUNDLED_SOURCES, queries=BUNDLED_QUERIES, store=default_store_dir())


def find_project(option: str | Path | None) -> Project:
    """The project named by ``--project`` (a folder holding kg.toml); without it, the current folder's if it has a
    kg.toml, else the bundled data. KgError names a missing folder or a bad kg.toml."""
    if option is None:
        return load_project(Path.cwd()) if (Path.cwd() / PROJECT_FILE).is_file() else bundled_project()
    root = Path(option)
    if not root.is_dir():
        raise KgError(f"{root}: project folder not found (make one with 'kg init {root}')")
    if not (root / PROJECT_FILE).is_file():
        raise KgError(f"{root}: not a project folder: it has no {PROJECT_FILE} (make one with 'kg init {root}')")
    return load_project(root)


def load_project(root: Path) -> Project:
    """Read ``root/kg.toml``; KgError names the file and the bad key."""
    path = root / PROJECT_FILE
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise KgError(f"{path}: cannot read: {error}") from None
    unknown = sorted(set(settings) - set(PROJECT_KEYS) - {"server"})
    if unknown:
        raise KgError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join([*PROJECT_KEYS, 'server'])})")
    values = {**PROJECT_KEYS, **settings}
    for key in ("store", "articles", "links", "queries"):
        if not isinstance(values[key], str) or not values[key]:
            raise KgError(f"{path}: {key} must be a folder name (a non-empty string), not {values[key]!r}")
    ontology = values["ontology"]
    if not isinstance(ontology, list) or not ontology or not all(isinstance(item, str) and item for item in ontology):
        raise KgError(f"{path}: ontology must be a non-empty list of folder names (or \"{BUNDLED}\")")
    server = values.get("server", {})
    if not isinstance(server, dict):
        raise KgError(f"{path}: [server] must be a table of kg serve settings")
    root = root.resolve()
    sources = Sources(
        ontology=tuple(BUNDLED_ONTOLOGY if item == BUNDLED else root / item for item in ontology),
        articles=root / values["articles"],
        links=root / values["links"],
    )
    store = Path(os.environ[STORE_ENV]) if STORE_ENV in os.environ else root / values["store"]
    return Project(root=root, sources=sources, queries=root / values["queries"], store=store, server=server)


def init_project(root: Path, empty: bool = False) -> list[str]:
    """Make the project folder ``root`` (new or empty): kg.toml and the folders, seeded with copies of the bundled
    article, links and queries unless ``empty``; the relative paths written. Nothing is left half-written."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise KgError(f"{root}: already exists and is not an empty folder; choose a new folder for the project")
    parent = root.resolve().parent
    if not parent.is_dir():
        raise KgError(f"{parent}: folder not found")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{root.name}.init-", dir=parent))
    except OSError as error:
        raise KgError(f"{parent}: cannot write the project: {error.strerror}") from None
    try:
        (work / PROJECT_FILE).write_text(PROJECT_TEMPLATE, encoding="utf-8")
        for name in ("articles", "links", "queries", "ontology"):
            (work / name).mkdir()
        (work / "ontology" / "README.md").write_text(ONTOLOGY_README, encoding="utf-8")
        if empty:
            (work / "links" / "wikidata.tsv").write_text(EMPTY_LINKS, encoding="utf-8")
        else:
            for source, target, patterns in (
                (BUNDLED_ARTICLES, "articles", ("*.ttl", "*.txt")),
                (BUNDLED_LINKS, "links", ("*.tsv",)),
                (BUNDLED_QUERIES, "queries", ("*.rq",)),
            ):
                for path in sorted(path for pattern in patterns for path in source.glob(pattern)):
                    shutil.copyfile(path, work / target / path.name)
        written = sorted(str(path.relative_to(work)) for path in work.rglob("*") if path.is_file())
        if root.exists():
            root.rmdir()
        work.rename(root)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return written


def require_input_dir(path: Path) -> Path:
    """Return ``path`` if it is a folder, else fail with a message naming it."""
    if not path.is_dir():
        raise KgError(f"{path}: folder not found")
    return path
