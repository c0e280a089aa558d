"""Property-based: random and malformed queries, parameters, headers and methods never get a 500 or a hang."""

import pyoxigraph
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.server import create_app
from govkg.server.serve import RunningServer
from govkg.store import new_generation

TOKENS = [
    "SELECT",
    "*",
    "WHERE",
    "{",
    "}",
    "?s",
    "?p",
    "?o",
    "?x",
    "<http://example.org/a>",
    "<a>",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "SERVICE",
    "SERVICE SILENT",
    "<http://127.0.0.1:1/sparql>",
    "<https://query.wikidata.org/sparql>",
    "FILTER",
    "(",
    ")",
    "\\u0053",
    "\\U00000045",
    "\\uZZZZ",
    "OPTIONAL",
    "GRAPH",
    "UNION",
    "MINUS",
    "LIMIT 3",
    "OFFSET 1",
    "ORDER BY",
    "GROUP BY",
    "HAVING",
    "PREFIX x: <http://x/>",
    "x:y",
    "x:",
    "BIND",
    "AS",
    "COUNT",
    '"lit"',
    "'''",
    '"""',
    "@en",
    "^^",
    "1",
    "1.5e3",
    ".",
    ";",
    ",",
    "VALUES",
    "LOAD",
    "INSERT DATA",
    "CLEAR ALL",
    "BASE <http://b/>",
    "# comment\n",
    "\n",
    "<<",
    ">>",
    "|",
    "/",
    "^",
    "+",
    "a",
    "EXISTS",
    "NOT",
    "REGEX",
    "STR",
    "DISTINCT",
    "FROM",
    "FROM NAMED",
    "_:b",
    "[]",
    "\x00",
    "é",
    "𝄞",
    "\\",
    "%",
]

query_text = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join),
    st.text(max_size=200),
)
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80).map(str.strip)
parameter_names = st.sampled_from(
    ["query", "update", "default-graph-uri", "named-graph-uri", "format", "using-graph-uri", "x"]
)
parameters = st.lists(st.tuples(parameter_names, st.one_of(query_text, header_text)), max_size=5)
media_types = st.one_of(
    st.sampled_from(
        [
            "application/sparql-query",
            "application/x-www-form-urlencoded",
            "application/sparql-update",
            "text/plain",
            "application/sparql-query; charset=latin-1",
            "multipart/form-data",
            "",
        ]
    ),
    header_text,
)
accepts = st.one_of(
    st.none(),
    st.sampled_from(
        ["*/*", "text/turtle;q=0.5, */*;q=0.1", "application/sparql-results+xml;q=2", "text/*;q=abc", ";;,,", "*/*;q=0"]
    ),
    header_text,
)
hosts = st.one_of(st.none(), st.sampled_from(["a:99999", "a b", "[::1", "x>y", "localhost:1", "é"]), header_text)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
paths = st.sampled_from(["/sparql", "/sparql/", "/health", "/", "/sparql/x", "/%ff"])
bodies = st.one_of(st.none(), query_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300))


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("fuzz") / "store"
    with new_generation(store_dir) as store:
        for n in range(50):
            store.add(
                pyoxigraph.Quad(
                    pyoxigraph.NamedNode(f"http://example.org/s{n}"),
                    pyoxigraph.NamedNode("http://example.org/p"),
                    pyoxigraph.Literal(str(n)),
                    pyoxigraph.NamedNode("http://example.org/g"),
                )
            )
    config = {
        "STORE_DIR": store_dir,
        "WORKERS": 2,
        "QUERY_TIMEOUT": 2,
        "MAX_REQUEST_BYTES": 4096,
        "ROW_CAP": 100,
        "SERVICE_ALLOWLIST": [],
    }
    with RunningServer(create_app(config), port=0, threads=4) as running:
        yield running.url


def check(response: requests.Response, method: str) -> None:
    assert response.status_code < 500 or response.status_code in (502, 503), (response.status_code, response.text)
    if response.status_code >= 400 and method != "HEAD":
        assert response.content, "an error response must say what went wrong"


FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(query=query_text, params=parameters, accept=accepts)
def test_random_queries_by_get(base_url, query, params, accept):
    headers = {"Accept": accept} if accept is not None else {}
    response = requests.get(base_url + "/sparql", params=[("query", query), *params], headers=headers, timeout=30)
    check(response, "GET")


@FUZZ
@given(method=methods, path=paths, content_type=media_types, accept=accepts, body=bodies, params=parameters, host=hosts)
def test_random_requests(base_url, method, path, content_type, accept, body, params, host):
    headers = {"Content-Type": content_type}
    if accept is not None:
        headers["Accept"] = accept
    if host is not None:
        headers["Host"] = host
    response = requests.request(method, base_url + path, params=params, data=body, headers=headers, timeout=30)
    check(response, method)
