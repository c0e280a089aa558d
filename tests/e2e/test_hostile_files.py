"""Hostile files given to the real `kg load` and `kg build`, run under a memory limit (RLIMIT_AS): an entity-expansion
bomb, JSON-LD nested deep enough to crash the parser, a remote JSON-LD context, a 50 MB literal. Each ends in one
line on stderr and exit 1 (or a clean load), never a crash, and leaves the store as it was."""

import resource
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import FIXTURES, REPO_ROOT, run_kg
from govkg.store import current_generation

#: The address-space limit of the `kg` child: a bomb that expands, or a parser that recurses, dies under it.
MEMORY_LIMIT = 1 << 30
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited_kg(*args) -> subprocess.CompletedProcess:
    """The real `kg` in a subprocess whose address space is capped at MEMORY_LIMIT."""
    command = [sys.executable, "-m", "govkg.cli", *map(str, args)]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                          preexec_fn=limit_memory)


def billion_laughs() -> str:
    """The classic: ten entities, each ten of the one before (10^9 'lol's), in a file of under a kilobyte."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    ]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(entities)}\n]>\n<rdf:RDF {RDF}>\n'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description>\n</rdf:RDF>\n')


def nested_json_ld(depth: int) -> str:
    return '{"@id": "http://example.org/a", ' + '"http://example.org/p": {' * depth + '"@value": "x"' + "}" * depth + "}"


@pytest.fixture
def store(tmp_path):
    """A store holding one loaded graph, to show that a refused file leaves it as it was."""
    store = tmp_path / "store"
    assert run_kg("load", FIXTURES / "build-files" / "sample.ttl", "--store", store).returncode == 0
    return store


def assert_refused(result, *fragments) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("kg load: error: "), result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize("where", ["declared", "inside the document"])
def test_entity_expansion_bomb_is_refused_in_one_line_under_a_memory_limit(tmp_path, store, where):
    text = billion_laughs()
    if where == "inside the document":  # pyoxigraph honours a DOCTYPE even there
        doctype = text[text.index("<!DOCTYPE"):text.index("<rdf:RDF")]
        text = text.replace(doctype, "").replace("<rdf:Description", doctype + "<rdf:Description")
    path = tmp_path / "lol.rdf"
    path.write_text(text, encoding="utf-8")
    assert len(path.read_bytes()) < 1000
    generation = current_generation(store)
    result = run_limited_kg("load", path, "--store", store)
    if where == "declared":
        assert_refused(result, f"{path}:2: refused: a DOCTYPE with an internal subset")
    else:
        assert_refused(result, f"{path}:3:", "RDF/XML syntax error")
    assert current_generation(store) == generation


def test_json_ld_nested_deep_enough_to_crash_the_parser_is_refused(tmp_path, store):
    path = tmp_path / "deep.jsonld"
    path.write_text(nested_json_ld(10_000), encoding="utf-8")  # pyoxigraph alone dies of it (stack or memory)
    generation = current_generation(store)
    assert_refused(run_limited_kg("load", path, "--store", store), f"{path}:1: refused:", "nested deeper than 256")
    assert current_generation(store) == generation


class CountingHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        body = b'{"@context": {"name": "http://example.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_remote_json_ld_context_is_never_fetched(tmp_path, store):
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
        path = tmp_path / "remote.jsonld"
        path.write_text(f'{{"@context": "{url}", "@id": "http://example.org/a", "name": "x"}}', encoding="utf-8")
        assert_refused(run_limited_kg("load", path, "--store", store), str(path), "remote contexts")
    finally:
        server.shutdown()
        server.server_close()
    assert CountingHandler.requests == []


@pytest.mark.parametrize(
    "name, text",
    [
        ("big.nt", '<http://example.org/a> <http://example.org/p> "{}" .\n'),
        ("big.ttl", '<http://example.org/a> <http://example.org/p> """{}""" .\n'),
        ("big.jsonld", '{{"@id": "http://example.org/a", "http://example.org/p": "{}"}}'),
        ("big.rdf", f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a"><ex:p>{{}}</ex:p>'
                    "</rdf:Description></rdf:RDF>"),
    ],
)
def test_a_50_mb_literal_is_refused_cleanly(tmp_path, store, name, text):
    path = tmp_path / name
    path.write_text(text.format("x" * 50_000_000), encoding="utf-8")
    generation = current_generation(store)
    assert_refused(run_limited_kg("load", path, "--store", store), str(path), "refused:", "longer than 16 MiB")
    assert current_generation(store) == generation


def test_build_refuses_an_article_with_a_huge_literal_in_one_line(tmp_path):
    project = tmp_path / "project"
    (project / "articles").mkdir(parents=True)
    (project / "kg.toml").write_text("", encoding="utf-8")
    (project / "articles" / "huge.ttl").write_text(
        '<http://example.org/a> <http://example.org/p> "' + "x" * 20_000_000 + '" .\n', encoding="utf-8"
    )
    result = run_limited_kg("build", "--project", project, "--store", tmp_path / "store")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr[-2000:]
    assert result.stderr.startswith("kg build: error: ") and "huge.ttl: refused:" in result.stderr
    assert not (tmp_path / "store").exists()
