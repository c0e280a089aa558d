"""The package as a user gets it: the wheel (and sdist) built from the checkout, installed (not editable) into a
fresh virtual environment, used from an empty folder: `kg build`, `kg queries`, `kg serve` and every page a
crawler reaches from the landing page; then `kg init` + `kg build --project` + `kg serve --project`.

The venv sees the test environment's packages (``--system-site-packages``) so that nothing is downloaded; the
test checks that govkg itself is imported from the venv, not from the checkout.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.parse
import venv
import zipfile
from pathlib import Path

import pytest
import requests

from conftest import REPO_ROOT, free_port
from support.pages import Links

#: What the wheel and the sdist must carry besides the code.
PACKAGE_DATA = [
    "govkg/ontology/govkg.ttl",
    "govkg/ontology/shapes.ttl",
    "govkg/ontology/docs/index.html",
    "govkg/ontology/docs/classes.svg",
    "govkg/articles/kz-kg-government-visit.ttl",
    "govkg/articles/kz-kg-government-visit.txt",
    "govkg/links/wikidata.tsv",
    "govkg/queries/visits.rq",
    "govkg/server/templates/base.html",
    "govkg/server/static/style.css",
    "govkg/server/static/query.js",
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """A folder with the wheel and the sdist built from a copy of the checkout's files (those git tracks or would
    track), with the installed setuptools (no network)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO_ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, source / name)
    for hook in ("build_wheel", "build_sdist"):
        script = f"import sys; from setuptools import build_meta; build_meta.{hook}(sys.argv[1])"
        result = subprocess.run(
            [sys.executable, "-c", script, str(out)], cwd=source, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel installed (not editable)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(home)
    wheel = next(dist.glob("govkg-*.whl"))
    python = home / "bin" / "python"
    result = subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--no-build-isolation", "-q", wheel],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return home / "bin"


def run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the venv's `kg` in ``cwd`` (no KG_STORE from the test environment)."""
    env = {key: value for key, value in os.environ.items() if key not in ("KG_STORE", "PYTHONPATH")}
    return subprocess.run(
        [bin_dir / "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_the_wheel_and_the_sdist_carry_the_data(dist):
    wheel_names = set(zipfile.ZipFile(next(dist.glob("govkg-*.whl"))).namelist())
    assert [name for name in PACKAGE_DATA if name not in wheel_names] == []
    assert not [name for name in wheel_names if name.split("/")[0] not in ("govkg",) and ".dist-info/" not in name]
    with tarfile.open(next(dist.glob("govkg-*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for path in ["ontology/govkg.ttl", "queries/visits.rq", "kg/articles/kz-kg-government-visit.ttl",
                 "server/templates/base.html", "ontology/docs/index.html", "kg/links/wikidata.tsv"]:
        assert path in names, path


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = subprocess.run(
        [installed / "python", "-c", "import govkg, govkg.server; print(govkg.__file__); print(govkg.server.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(str(installed.parent) in path for path in where), where
    assert subprocess.run([installed / "python", "-c", "import server"], cwd=tmp_path, capture_output=True).returncode


def crawl(base: str, start: list[str], limit: int = 400) -> dict[str, int]:
    """Status of every same-site page reachable from ``start`` (up to ``limit`` pages; downloads are HEAD only)."""
    seen: dict[str, int] = {}
    queue = list(start)
    session = requests.Session()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        heavy = path.startswith("/downloads/") or path.startswith("/rdf-graph-store")
        response = (session.head if heavy else session.get)(base + path, timeout=60, allow_redirects=False)
        seen[path] = response.status_code
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urllib.parse.urlsplit(response.headers["Location"])._replace(scheme="", netloc="").geturl())
        if "text/html" in response.headers.get("Content-Type", "") and not heavy:
            for link in Links(response.text).urls:
                url = urllib.parse.urljoin(base + path, link)
                if url.startswith(base + "/"):
                    queue.append(url[len(base):].split("#")[0])
    return seen


def serve_and_crawl(bin_dir: Path, cwd: Path, *options: str) -> dict[str, int]:
    """Start the venv's `kg serve` in ``cwd``, crawl it from its landing page, stop it; the statuses."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("KG_STORE", "PYTHONPATH")}
    server = subprocess.Popen(  # no SERVICE allowed: the federated queries' pages must not reach the network
        [bin_dir / "kg", "serve", "--port", str(port), "--workers", "1", "--allow-service", "", *options],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("kg serve did not start")
        return crawl(base, ["/", "/query", "/queries", "/sparql?query=ASK%7B%7D", "/.well-known/void"])
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_build_queries_serve_and_every_page_from_an_empty_folder(installed, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    built = run(installed, empty, "build")
    assert built.returncode == 0, built.stderr
    assert (empty / "kg-store" / "current").exists()
    listed = run(installed, empty, "queries", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    names = {path.stem for path in (REPO_ROOT / "queries").glob("*.rq")}
    assert {query["name"] for query in __import__("json").loads(listed.stdout)} == names
    statuses = serve_and_crawl(installed, empty)
    assert [path for path, status in statuses.items() if status >= 500] == []
    refused = {path for path, status in statuses.items() if 400 <= status < 500}
    assert refused == {"/queries/wikidata-heads-check", "/queries/wikidata-people"}  # their SERVICE is not allowed
    for path in ["/", "/query", "/queries", "/docs/ontology/", "/docs/ontology/classes.svg"]:
        assert statuses.get(path) == 200, (path, statuses.get(path))
    assert {f"/queries/{name}" for name in names} <= set(statuses)
    assert any(path.startswith("/page?") or path.startswith("/id/") for path in statuses)


def test_a_project_outside_the_checkout_builds_and_serves(installed, tmp_path):
    made = run(installed, tmp_path, "init", "corpus")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "corpus"
    assert sorted(path.name for path in project.iterdir()) == ["articles", "kg.toml", "links", "ontology", "queries"]
    built = run(installed, tmp_path, "build", "--project", "corpus")
    assert built.returncode == 0, built.stderr
    assert "2 article(s) from" in built.stdout
    assert (project / "kg-store" / "current").exists()
    statuses = serve_and_crawl(installed, tmp_path, "--project", "corpus")
    assert [path for path, status in statuses.items() if status >= 500] == []
    assert statuses.get("/queries/visits") == 200
