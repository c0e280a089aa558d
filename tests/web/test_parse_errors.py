"""Parse errors over HTTP read as the command line's do (govkg.sparql.errors through QueryError): the protocol
endpoint's 400 body names the line, the column and what was expected, never a list of Unicode ranges."""

import pytest

from govkg.rdf.namespaces import PREFIXES, SPARQL_PREFIXES

#: The editor's text starts with one PREFIX line per project prefix.
EDITOR_LINES = SPARQL_PREFIXES.count("\n")


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE {\n  ?s a gk:Person .\n}", "line 2, column 8: unknown prefix `gk:` (known: none)"),
        (
            SPARQL_PREFIXES + "SELECT * WHERE {\n  ?s a gk:Person .\n}",
            f"line {EDITOR_LINES + 2}, column 8: unknown prefix `gk:` (known: {', '.join(sorted(PREFIXES))})",
        ),
        ("SELECT * WHERE { ?s ?p ?o ", "line 1, column 27: expected `}` (found the end of the query)"),
    ],
)
def test_the_400_body_is_a_readable_message(client, method, query, message):
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query})
    else:
        response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert response.status_code == 400
    assert response.json["error"] == message
    assert "\\u{" not in response.text and "..=" not in response.text
