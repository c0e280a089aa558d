"""Search, browse, labels and the browser's 404 page through the test client (the seed article's store)."""

from govkg.rdf.namespaces import GKO, GKR, GKS
from govkg.server.pages.catalogue import EXACT, PREFIX, SUBSTRING, WORD, fold, match_rank
from support.served import BROWSER


def test_matches_are_ranked_exact_prefix_word_substring():
    assert fold("Kazakhstan–Kyrgyzstan  Border") == "kazakhstan kyrgyzstan border"
    assert [match_rank("kyrgyz", fold(label)) for label in ("Kyrgyz", "Kyrgyzstan", "the Kyrgyz Republic")] == [
        EXACT, PREFIX, WORD,
    ]
    assert match_rank("rgyz", "kyrgyzstan") == SUBSTRING and match_rank("x", "kyrgyzstan") is None


def test_search_finds_alternative_labels_ranked(client):
    found = client.get("/search", query_string={"q": "Kyrgyz Republic"}).json
    first = found["results"][0]
    assert first["iri"] == str(GKR.Kyrgyzstan) and first["matched"] == "Kyrgyz Republic" and first["match"] == "exact"
    assert first["href"] == "/id/Kyrgyzstan" and first["classes"][0]["iri"] == str(GKO.SovereignState)
    ranks = [hit["match"] for hit in found["results"]]
    assert ranks == sorted(ranks, key=["exact", "prefix", "word", "substring", "words"].index)


def test_search_page_is_paginated_and_labelled(client):
    page = client.get("/search", query_string={"q": "a"}, headers={"Accept": BROWSER})
    assert page.status_code == 200
    text = page.text
    assert 'rel="next"' in text and "1–25 of" in text
    second = client.get("/search", query_string={"q": "a", "page": "2"}, headers={"Accept": BROWSER}).text
    assert 'rel="prev"' in second and "26–50 of" in second
    assert client.get("/search", query_string={"q": "zzzqqq"}, headers={"Accept": BROWSER}).text.count("Nothing is called")


def test_every_page_has_the_search_box(client):
    for path in ("/", "/query", "/queries", "/browse", "/id/Kazakhstan", "/.well-known/void"):
        response = client.get(path, headers={"Accept": BROWSER}, follow_redirects=True)
        assert 'id="site-q"' in response.text, path


def test_a_browser_404_offers_the_search_box_filled_from_the_path(client):
    for path, guess in (("/id/Kazakstan", "Kazakstan"), ("/no/such/page", "page")):
        response = client.get(path, headers={"Accept": BROWSER})
        assert response.status_code == 404 and response.content_type.startswith("text/html")
        assert f'id="search-q" name="q" type="search" value="{guess}"' in response.text
    assert client.get("/id/Kazakstan").json["status"] == 404  # programs still get JSON


def test_browse_facets_filter_and_count(client):
    everything = client.get("/browse").json
    assert everything["total"] > 50 and everything["pages"] >= 2
    states = {facet["iri"]: facet["count"] for facet in everything["facets"]["state"]}
    assert set(states) == {str(GKR.Kazakhstan), str(GKR.Kyrgyzstan)}
    sectors = {facet["iri"] for facet in everything["facets"]["sector"]}
    assert str(GKS.trade) in sectors
    narrowed = client.get("/browse", query_string={"state": str(GKR.Kazakhstan), "sector": str(GKS.trade)}).json
    assert 0 < narrowed["total"] < states[str(GKR.Kazakhstan)]
    people = client.get("/browse", query_string={"class": str(GKO.HeadOfGovernment)}).json
    assert [row["iri"] for row in people["results"]] == [str(GKR.OlzhasBektenov)]


def test_browse_page_links_facets_and_pages(client):
    text = client.get("/browse", headers={"Accept": BROWSER}).text
    assert "<h2>Class</h2>" in text and "<h2>State</h2>" in text and "<h2>Sector</h2>" in text
    assert 'href="/browse?state=https' in text and 'rel="next"' in text
    filtered = client.get("/browse", query_string={"state": str(GKR.Kyrgyzstan)}, headers={"Accept": BROWSER}).text
    assert "Showing only:" in filtered and 'aria-label="remove the filter State: Kyrgyzstan"' in filtered


def test_labels_of_iris(client):
    answer = client.post("/labels", json={"iris": [str(GKR.Kazakhstan), "urn:nothing", str(GKO.Visit)]}).json
    assert answer == {"labels": {str(GKR.Kazakhstan): "Kazakhstan", str(GKO.Visit): "visit"}}
    assert client.post("/labels", json={"iris": "x"}).status_code == 400
