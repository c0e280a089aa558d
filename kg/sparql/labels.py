"""Labels beside IRIs: the one owner of how a result's IRIs get their human-readable names.

A label is an ``rdfs:label``, ``skos:prefLabel`` or ``schema:name`` literal of the IRI, looked up in the whole
store (the union of its graphs, whatever dataset the labelled query used). When an IRI has several, the choice is
deterministic: English (``en``, ``en-*``) first, then a literal without a language, then any other language; then
the property in the order above; then the smallest text. Blank nodes and literals get no label.

Labelling a SELECT result inserts a column ``<var>_label`` right after each column ``<var>`` that holds an IRI with
a label (unless the query already projects a variable of that name); the label cells are plain literals, unbound
where the IRI has no label.

Two ways in, one choice:

- In process, on a pyoxigraph Store (``kg query``, the Python API)::

      result = label_result(result, fetch_labels(store, result_iris(result)))

- Through a query service that answers SPARQL 1.1 JSON (the web app's query workers)::

      texts = label_queries(json_iris(document))              # run each text, e.g. on the workers
      labels = labels_from_json(answers)                      # the JSON documents those texts returned
      document = label_json(document, labels)                 # a new document with the label columns

``pick_labels`` is the pure function under both: it takes label rows ``(iri, property, text, language)`` and
returns the chosen label of each IRI.
"""

from collections.abc import Iterable

import pyoxigraph

from govkg.rdf.namespaces import PREFIXES
from govkg.sparql.run import SOLUTIONS, Result, run_query

#: The label properties, most preferred first.
LABEL_PROPERTIES = (
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["schema"] + "name",
)
#: At most this many IRIs per label query (a VALUES block of this size parses and runs in milliseconds).
BATCH = 500
#: The name of the label column of variable ``var``.
SUFFIX = "_label"


def label_queries(iris: Iterable[str]) -> list[str]:
    """SELECT queries (one per BATCH IRIs, none for no IRI) whose rows ``?iri ?property ?label`` list every label
    literal of ``iris``; feed their answers to :func:`labels_from_json` or their rows to :func:`pick_labels`."""
    unique = sorted(set(iris))
    properties = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    texts = []
    for start in range(0, len(unique), BATCH):
        values = " ".join(f"<{iri}>" for iri in unique[start:start + BATCH])
        texts.append(
            f"SELECT ?iri ?property ?label WHERE {{ VALUES ?iri {{ {values} }} VALUES ?property {{ {properties} }} "
            "?iri ?property ?label FILTER(isLITERAL(?label)) }"
        )
    return texts


def _rank(row: tuple[str, str, str, str]) -> tuple:
    """The sort key of a label row: language, then property, then text (smallest first)."""
    _, prop, text, language = row
    language = language.lower()
    language_rank = 0 if language == "en" or language.startswith("en-") else 1 if not language else 2
    return language_rank, LABEL_PROPERTIES.index(prop) if prop in LABEL_PROPERTIES else len(LABEL_PROPERTIES), text


def pick_labels(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """The chosen label text of each IRI, from label rows ``(iri, property, text, language)`` ("" for none)."""
    best: dict[str, tuple] = {}
    for row in rows:
        key = _rank(row)
        if row[0] not in best or key < best[row[0]]:
            best[row[0]] = key
    return {iri: key[2] for iri, key in best.items()}


def labels_from_json(documents: Iterable[dict]) -> dict[str, str]:
    """The chosen labels from the SPARQL 1.1 JSON answers of :func:`label_queries`."""
    rows = []
    for document in documents:
        for binding in document["results"]["bindings"]:
            label = binding["label"]
            rows.append((binding["iri"]["value"], binding["property"]["value"], label["value"],
                         label.get("xml:lang", "")))
    return pick_labels(rows)


def fetch_labels(store: pyoxigraph.Store, iris: Iterable[str]) -> dict[str, str]:
    """The chosen labels of ``iris``, looked up in ``store`` (its default graph: the union of all graphs)."""
    rows = []
    for text in label_queries(iris):
        for iri, prop, label in run_query(store, text).rows:  # ?iri ?property ?label
            rows.append((iri.value, prop.value, label.value, label.language or ""))
    return pick_labels(rows)


def result_iris(result: Result) -> set[str]:
    """Every IRI bound in a SOLUTIONS result (none for other kinds)."""
    if result.kind != SOLUTIONS:
        return set()
    return {term.value for row in result.rows for term in row if isinstance(term, pyoxigraph.NamedNode)}


def json_iris(document: dict) -> set[str]:
    """Every IRI bound in a SPARQL 1.1 JSON results document (none for an ASK answer)."""
    if "results" not in document:
        return set()
    return {b["value"] for row in document["results"]["bindings"] for b in row.values() if b["type"] == "uri"}


def _columns(variables: list[str], labelled: set[str]) -> list[tuple[str, str | None]]:
    """The output columns as ``(name, variable it labels or None)``: every variable, each one in ``labelled``
    followed by its label column, unless a variable of that name exists already."""
    columns: list[tuple[str, str | None]] = []
    for name in variables:
        columns.append((name, None))
        if name in labelled and name + SUFFIX not in variables:
            columns.append((name + SUFFIX, name))
    return columns


def label_result(result: Result, labels: dict[str, str]) -> Result:
    """``result`` with a label column after each IRI column that has a label in ``labels`` (other kinds as they
    are)."""
    if result.kind != SOLUTIONS:
        return result
    labelled = {
        name
        for index, name in enumerate(result.variables)
        if any(isinstance(row[index], pyoxigraph.NamedNode) and row[index].value in labels for row in result.rows)
    }
    columns = _columns(result.variables, labelled)
    position = {name: index for index, name in enumerate(result.variables)}
    rows = []
    for row in result.rows:
        cells = []
        for name, source in columns:
            if source is None:
                cells.append(row[position[name]])
            else:
                term = row[position[source]]
                text = labels.get(term.value) if isinstance(term, pyoxigraph.NamedNode) else None
                cells.append(None if text is None else pyoxigraph.Literal(text))
        rows.append(tuple(cells))
    return Result(
        result.kind, variables=[name for name, _ in columns], rows=rows, truncated=result.truncated,
        row_cap=result.row_cap,
    )


def label_json(document: dict, labels: dict[str, str]) -> dict:
    """A copy of a SPARQL 1.1 JSON results document with the label columns added (an ASK answer as it is)."""
    if "results" not in document:
        return document
    variables = document["head"].get("vars", [])
    bindings = document["results"]["bindings"]
    labelled = {
        name
        for row in bindings
        for name, binding in row.items()
        if binding["type"] == "uri" and binding["value"] in labels
    }
    columns = _columns(variables, labelled)
    rows = []
    for row in bindings:
        out = {}
        for name, source in columns:
            if source is None:
                if name in row:
                    out[name] = row[name]
            elif source in row and row[source]["type"] == "uri" and row[source]["value"] in labels:
                out[name] = {"type": "literal", "value": labels[row[source]["value"]]}
        rows.append(out)
    head = dict(document["head"], vars=[name for name, _ in columns])
    return dict(document, head=head, results=dict(document["results"], bindings=rows))


def labelled(store: pyoxigraph.Store, result: Result) -> Result:
    """``result`` with its label columns, the labels looked up in ``store``."""
    return label_result(result, fetch_labels(store, result_iris(result)))
