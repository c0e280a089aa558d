"""Shared test fixtures and helpers: the real project built once, the shared folder, free ports, fixture builds."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Small input folders for build tests: build-ok (a consistent, valid ontology + two articles),
#: build-inconsistent, build-violation, build-broken (articles only; use build-ok's ontology) and build-files.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_ONTOLOGY = FIXTURES / "build-ok" / "ontology"


def shared_dir() -> Path:
    """The shared material folder: ``$KG_SHARED``, else ``../shared`` beside the checkout.

    Skips the calling test with a reason when the folder is absent, except when
    ``CI=true``, where a missing folder fails the test instead.
    """
    path = Path(os.environ.get("KG_SHARED", REPO_ROOT.parent / "shared"))
    if not path.is_dir():
        reason = f"shared folder {path} not found (set KG_SHARED to its location)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sources(articles: Path, ontology: Path | None = None):
    """Build sources: the ``articles`` folder with the bundled ontology (or ``ontology``) and curated links."""
    from govkg.project import BUNDLED_SOURCES, Sources

    ontology_dirs = BUNDLED_SOURCES.ontology if ontology is None else (Path(ontology),)
    return Sources(ontology=ontology_dirs, articles=Path(articles), links=BUNDLED_SOURCES.links)


def build_fixture(store_dir: Path, articles: str = "build-ok"):
    """Build ``store_dir`` from the fixture project ``tests/fixtures/<articles>`` (the fixture ontology); the report."""
    from govkg.build import build

    return build(store_dir, sources(FIXTURES / articles / "articles", FIXTURE_ONTOLOGY))


def store_graphs(store_dir: Path) -> dict[str, rdflib.Graph]:
    """Every named graph of the store in ``store_dir`` as an rdflib graph, by IRI."""
    from govkg.rdf.io import rdflib_graph
    from govkg.store import open_read_only

    store = open_read_only(store_dir)
    return {g.value: rdflib_graph(store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def run_kg(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    """Run the real `kg` command (this interpreter's govkg.cli) in a subprocess; text output captured."""
    return subprocess.run(
        [sys.executable, "-m", "govkg.cli", *map(str, args)],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_kg_after(prelude: str, *args: str) -> subprocess.CompletedProcess:
    """Run the real `kg` in a subprocess after the Python ``prelude`` (e.g. one that sends a real Ctrl-C mid-write)."""
    script = f"import sys\n{prelude}\nimport govkg.cli\nsys.exit(govkg.cli.main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        check=False,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


#: The seed article (the primeminister.kz report): the named queries' expected answers are on it alone.
SEED_SLUG = "kz-kg-government-visit"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """A store folder holding the seed article alone (with the bundled ontology and curated links), built once per
    session: the store every named query's expected answer is asserted on, whatever other reports are bundled."""
    from govkg.build import build
    from govkg.project import BUNDLED_ARTICLES

    articles = tmp_path_factory.mktemp("seed-articles")
    for suffix in (".ttl", ".txt"):
        shutil.copyfile(BUNDLED_ARTICLES / f"{SEED_SLUG}{suffix}", articles / f"{SEED_SLUG}{suffix}")
    store_dir = tmp_path_factory.mktemp("built") / "kg-store"
    build(store_dir, sources(articles))
    return store_dir


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """A store folder holding every bundled article (the seed and the later reports), built once per session."""
    from govkg.build import build

    store_dir = tmp_path_factory.mktemp("corpus") / "kg-store"
    build(store_dir)
    return store_dir


@pytest.fixture
def fixture_store(tmp_path) -> Path:
    """A store folder freshly built from the build-ok fixture."""
    store_dir = tmp_path / "kg-store"
    build_fixture(store_dir)
    return store_dir


@pytest.fixture(scope="module")
def app(built_store):
    """The web app (create_app) over the session's seed store, one per test module (tests/support/served.py)."""
    from support.served import built_app

    return built_app(built_store)


@pytest.fixture
def client(app):
    """Flask's test client of ``app``."""
    return app.test_client()
