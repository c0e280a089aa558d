"""The web pages in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

The scenario opens /, picks a named query in the editor, runs it, checks the rows, follows an IRI to its entity
page and its picture, and triggers the errors the editor shows inline. A screenshot of each step goes to
``$KG_TEST_ARTIFACTS/browser/`` (default: ``test-artifacts/browser/`` in the checkout). Without Playwright or
Chromium (``$KG_CHROMIUM``, default /usr/bin/chromium) the tests are skipped with the reason, and fail under CI=true.
"""

import os
from pathlib import Path

import pytest
import requests
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from conftest import REPO_ROOT
from govkg.server import create_app
from govkg.server.serve import RunningServer
from support.answers import EXPECTED

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts")) / "browser"
PHONE = {"width": 375, "height": 800}
TIMEOUT = 1.5  # the server's query timeout: the runaway query below is stopped after it
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: Each result cell's text without the datatype mark: IRIs as prefixed names (a link shows the label, its data-short
#: the prefixed name), literals with @lang (as govkg.sparql.table).
CELLS = """() => Array.from(document.querySelectorAll("table.results tbody tr")).map((row) =>
  Array.from(row.cells).map((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".datatype").forEach((mark) => mark.remove());
    copy.querySelectorAll("a.iri").forEach((link) => { link.textContent = link.dataset.short; });
    return copy.textContent;
  }))"""


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[test]'"
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (or set KG_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium's sandbox refuses to run as root
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base(built_store):
    config = {"STORE_DIR": built_store, "WORKERS": 2, "QUERY_TIMEOUT": TIMEOUT}
    with RunningServer(create_app(config), port=0, threads=6) as running:
        yield running.url


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else 0)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors or Content-Security-Policy violations in {request.node.name}"


def shot(page, name: str, full_page: bool = True) -> None:
    """Save a screenshot of the whole page (or of what the window shows) as ARTIFACTS/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def run_in_editor(page, query: str) -> None:
    """Type ``query`` into the editor and run it with Ctrl+Enter (after the query the page ran as it opened); wait
    for the result or the error."""
    page.wait_for_selector("#row-count, #error:not([hidden])")
    page.fill("#query", query)
    page.press("#query", "Control+Enter")
    page.wait_for_selector("#row-count, #error:not([hidden])")


def test_named_query_to_entity_page(page, base):
    page.goto(base + "/")
    shot(page, "01-landing")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Query", exact=True).click()
    page.wait_for_url(base + "/query")
    page.select_option("#example", "checkpoints")
    assert page.input_value("#query").startswith("# title: Border checkpoints")
    shot(page, "02-example-chosen")
    page.click("#run")
    page.wait_for_selector("#row-count")
    page.click("button.view-tab[data-view='table']")  # the years make a timeline the first view
    columns, expected = EXPECTED["checkpoints"]
    assert page.eval_on_selector_all("table.results th", "cells => cells.map(c => c.textContent.trim())") == [
        "?" + c for c in columns
    ]
    assert sorted(map(tuple, page.evaluate(CELLS))) == sorted(expected)
    assert page.get_attribute("#row-count", "data-rows") == str(len(expected))
    assert "^^xsd:gYear" in page.inner_text("table.results tbody tr td:last-child")  # a literal's datatype
    assert "@en" in page.inner_text("table.results tbody tr td:nth-child(2) .lang")  # a literal's language
    assert "query=" in page.url  # the page's URL holds the query: it can be bookmarked
    shot(page, "03-result")

    csv = requests.get(base + page.get_attribute("a.download[download='result.csv']", "href"), timeout=30)
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == len(expected) + 1
    result = requests.get(base + page.get_attribute("a.download[download='result.json']", "href"), timeout=30)
    assert len(result.json()["results"]["bindings"]) == len(expected)

    link = page.locator("table.results a[data-short='gkr:KarasuCheckpoint']")
    assert link.get_attribute("href") == "/id/KarasuCheckpoint" and "Karasu" in link.inner_text()  # its label
    assert link.get_attribute("title") == "https://w3id.org/govkg/id/KarasuCheckpoint"  # the IRI on hover
    link.click()
    page.wait_for_selector("figure.neighbourhood svg")
    assert "KarasuCheckpoint" in page.url
    assert "Karasu" in page.inner_text("h1")
    shot(page, "04-entity-page")


def test_errors_are_shown_inline_with_their_position(page, base):
    page.goto(base + "/query")
    run_in_editor(page, "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?p }")
    error = page.inner_text("#error")
    assert "HTTP 400" in error and "line 3, column" in error
    assert page.inner_text("#error pre.excerpt") == "  ?s ?p }" or page.is_visible("#error mark")
    start = page.evaluate("document.getElementById('query').selectionStart")
    assert start > len("SELECT * WHERE {\n  ?s ?p ?o .\n")  # the editor's selection is on the error's line
    shot(page, "05-syntax-error")

    run_in_editor(page, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert "allow-list" in page.inner_text("#error")
    shot(page, "06-service-refused")

    run_in_editor(page, RUNAWAY)
    assert "HTTP 503" in page.inner_text("#error") and "timed out" in page.inner_text("#error")
    shot(page, "07-timeout")


def test_editor_keys(page, base):
    page.goto(base + "/query")
    assert page.is_visible("#editor-help") and page.is_hidden("#format") and page.is_hidden("#load-example")
    page.fill("#query", "SELECT")
    page.focus("#query")
    page.press("#query", "Home")
    page.keyboard.press("Tab")
    assert page.input_value("#query") == "  SELECT"
    assert page.evaluate("document.activeElement.id") == "query"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # after Esc, Tab leaves the editor
    assert page.evaluate("document.activeElement.id") == "run"
    assert page.input_value("#query") == "  SELECT"


def test_without_javascript_the_form_asks_the_endpoint(browser, base):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/query?example=checkpoints")
    assert page.is_visible("#format") and page.is_visible("#load-example")
    assert page.is_hidden("#result") and page.is_hidden("#editor-help")  # the keys need the script
    page.select_option("#format", "csv")
    shot(page, "11-no-javascript-form")
    with page.expect_download() as download:
        page.click("#run")
    lines = Path(download.value.path()).read_text(encoding="utf-8").strip().splitlines()
    context.close()
    assert lines[0].split(",") == list(EXPECTED["checkpoints"][0])
    assert len(lines) == len(EXPECTED["checkpoints"][1]) + 1


def test_ontology_term_iri_lands_on_its_documentation(page, base):
    page.goto(base + "/ontology#Visit")  # the hash IRI gko:Visit, dereferenced (303 to /docs/ontology/)
    assert page.url == base + "/docs/ontology/#Visit"
    block = page.locator("[id='Visit']")
    assert "https://w3id.org/govkg/ontology#Visit" in block.inner_text()
    assert block.bounding_box()["y"] < 100  # scrolled to the term
    assert page.locator("img[src='classes.svg']").evaluate("image => image.naturalWidth") > 0
    shot(page, "08-ontology-term", full_page=False)


@pytest.mark.parametrize(("path", "name"), [("/", "09-phone-landing"), ("/query?example=visits", "10-phone-query")])
def test_phone_width_has_no_horizontal_overflow(browser, base, path, name):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + path)
    if "example" in path:
        page.wait_for_selector("#row-count")  # the result table is on the page too
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    shot(page, name)
    context.close()
    assert max(widths[:2]) <= widths[2] == PHONE["width"], widths


#: IRIs the data may hold that must not become links to other sites: a script, and one under the public base that
#: would read as a protocol-relative link (//evil.example/x) if the base were cut off.
HOSTILE = {"<javascript:alert(1)>": "/page?iri=javascript", "<https://w3id.org/govkg//evil.example/x>": "/page?iri="}


def test_result_links_stay_on_the_site(page, base):
    values = " ".join([*HOSTILE, "<https://w3id.org/govkg/id/Kazakhstan>"])
    page.goto(base + "/query")
    run_in_editor(page, f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}")
    hrefs = page.eval_on_selector_all("table.results a", "links => links.map(link => link.getAttribute('href'))")
    assert len(hrefs) == 3
    for href, start in zip(hrefs, [*HOSTILE.values(), "/id/Kazakhstan"], strict=True):
        assert href.startswith(start) and not href.startswith("//"), href


@pytest.fixture(scope="module")
def prefixed_base(built_store):
    """The site mounted under /prefix/ (SCRIPT_NAME), as behind a reverse proxy."""
    app = create_app({"STORE_DIR": built_store, "WORKERS": 1, "QUERY_TIMEOUT": TIMEOUT})
    app.wsgi_app = DispatcherMiddleware(NotFound(), {"/prefix": app.wsgi_app})  # type: ignore[method-assign]
    with RunningServer(app, port=0, threads=4) as running:
        yield running.url + "/prefix"


def test_the_editor_works_under_a_url_prefix(page, prefixed_base):
    page.goto(prefixed_base + "/query?example=checkpoints")
    page.wait_for_selector("#row-count")  # run at once, at /prefix/sparql
    assert page.get_attribute("a.download[download='result.csv']", "href").startswith("/prefix/sparql?")
    page.click("button.view-tab[data-view='table']")
    link = page.locator("table.results a[data-short='gkr:KarasuCheckpoint']")
    assert link.get_attribute("href") == "/prefix/id/KarasuCheckpoint"
    link.click()
    page.wait_for_selector("figure.neighbourhood svg")
    assert "/prefix/page?iri=" in page.url and "Karasu" in page.inner_text("h1")


def test_search_entity_inferred_chart_timeline_pagination(page, base):
    """The path of a new user: search a name, open the entity, show its inferred facts, see a named query as a
    bar chart and a timeline, page through a long result (screenshots 20-27)."""
    page.goto(base + "/")
    page.fill("#site-q", "Bektenov")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=Bektenov")
    first = page.locator("ol.hits li a").first
    assert first.inner_text() == "Olzhas Bektenov"
    shot(page, "20-search")
    first.click()
    page.wait_for_selector("figure.neighbourhood svg")
    assert page.inner_text("h1") == "Olzhas Bektenov"
    assert page.inner_text("p.types") == "A head of government"  # one type, not "Agent, Agent, agent, ..."
    toggle = page.locator("details#inferred-facts")
    assert toggle.get_attribute("open") is None and not page.is_visible("details#inferred-facts table")
    shot(page, "21-entity")
    toggle.locator("summary").click()
    assert page.is_visible("details#inferred-facts table")
    shot(page, "22-inferred-facts-open")

    page.goto(base + "/queries/modality-counts")
    page.wait_for_selector("svg.bar-chart")
    assert page.get_attribute("button.view-tab[aria-selected='true']", "data-view") == "bar"
    assert page.locator("svg.bar-chart rect.bar").count() == page.locator("#result-data").count() * len(
        page.evaluate("JSON.parse(document.getElementById('result-data').textContent).results.results.bindings")
    )
    shot(page, "23-bar-chart")
    page.goto(base + "/query")  # the seed article dates nothing: dates given here, prefixes left undeclared
    run_in_editor(page, 'SELECT ?state ?from ?to WHERE { VALUES (?state ?from ?to) { '
                  '(gkr:Kazakhstan "2024-04-10"^^xsd:date "2024-04-12"^^xsd:date) '
                  '(gkr:Kyrgyzstan "2024-05-01"^^xsd:date "2024-05-01"^^xsd:date) } }')
    page.wait_for_selector("svg.timeline")
    assert page.get_attribute("button.view-tab[aria-selected='true']", "data-view") == "timeline"
    assert page.locator("svg.timeline rect.span").count() == 2
    assert "Kazakhstan" in page.text_content("svg.timeline")  # the label, not gkr:Kazakhstan
    shot(page, "24-timeline")

    page.goto(base + "/query")  # the starter query runs at once: named things with labels, more than one page
    page.wait_for_selector("#row-count")
    assert int(page.get_attribute("#row-count", "data-rows")) > 50
    assert page.locator("table.results tbody tr").count() == 50
    assert "_:" not in page.inner_text("table.results")  # no blank node
    assert "rows 1–50 of" in page.inner_text("nav.pager")
    page.click("nav.pager button.next")
    assert "rows 51–100 of" in page.inner_text("nav.pager")
    shot(page, "25-pagination")
    page.click("table.results th button.sort >> text=?label")
    labels = page.eval_on_selector_all("table.results tbody td:nth-child(2)", "cells => cells.map(c => c.innerText)")
    assert labels == sorted(labels, key=str.casefold) or len(labels) == 50
    page.click("button.view-tab[data-view='graph']")
    page.wait_for_selector("svg.graph-view circle.node")
    shot(page, "26-graph-view")
    assert page.locator("#history-list li").count() >= 1  # the query was kept in the browser's history


def test_dataset_description_page_and_zoomable_diagram(page, base):
    page.goto(base + "/.well-known/void")
    assert page.inner_text("h1") == "Dataset description"
    assert page.get_attribute("a:text('Turtle')", "href") == "/.well-known/void?format=ttl"
    shot(page, "27-dataset-description")
    page.goto(base + "/")
    image = page.locator("#class-diagram img")
    page.wait_for_function("document.querySelector('#class-diagram img').complete")
    natural = image.evaluate("i => i.naturalWidth")
    page.click("button:text('Zoom in')")
    assert image.evaluate("i => i.getBoundingClientRect().width") > min(natural, 1100)
