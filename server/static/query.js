/* The query editor of /query: run the query at /sparql, show the result as a table, errors with their position.
   Plain JavaScript, no library. The page's settings come from the JSON in <script id="editor-config">. */
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const examples = document.getElementById("example");
  const exampleNote = document.getElementById("example-note");
  const cursor = document.getElementById("cursor");
  const resultSection = document.getElementById("result");
  const errorBox = document.getElementById("error");
  const summary = document.getElementById("summary");
  const tableBox = document.getElementById("table");
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const INDENT = "  ";
  /* Longest namespace first, so that gks: wins over gkr: (as kg/table.py compacts). */
  const namespaces = Object.entries(config.prefixes).sort((a, b) => b[1].length - a[1].length);
  let tabMovesFocus = false;

  /* The page that describes an IRI, as server/urls.py page_href: PUBLIC_BASE + id/..., ontology or graph/... (no
     fragment) by its dereferencing path, anything else by /page?iri=; every link under the site's root path (the
     page gives it, so the site works under a URL prefix), never a link to another site. */
  function pageHref(iri) {
    const base = config.publicBase;
    const local = iri.startsWith(base) && !iri.includes("#") ? iri.slice(base.length) : null;
    if (local === "ontology" || (local !== null && /^(id|graph)\/./.test(local))) {
      return config.root + local.split("/").map(encodeURIComponent).join("/");
    }
    return config.root + "page?" + new URLSearchParams({ iri: iri }).toString();
  }

  /* An IRI as a prefixed name when a known namespace fits, else <IRI>. */
  function compactIri(iri) {
    for (const [prefix, namespace] of namespaces) {
      const local = iri.slice(namespace.length);
      if (iri.startsWith(namespace) && local && /^[\p{L}\p{N}_\-./]+$/u.test(local)) {
        return prefix + ":" + local;
      }
    }
    return "<" + iri + ">";
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  /* One RDF term of a SPARQL JSON result as page content: IRIs link to their page, literals show language or
     datatype, blank nodes their label, quoted triples their parts. */
  function renderTerm(term) {
    if (term.type === "uri") {
      return element("a", { href: pageHref(term.value), title: term.value, class: "iri" }, compactIri(term.value));
    }
    if (term.type === "bnode") {
      return element("span", { class: "bnode" }, "_:" + term.value);
    }
    if (term.type === "triple") {
      const parts = ["subject", "predicate", "object"].map((part) => renderTerm(term.value[part]));
      return element("span", { class: "triple" }, "<< ", parts[0], " ", parts[1], " ", parts[2], " >>");
    }
    const literal = element("span", { class: "literal" }, element("span", { class: "value" }, term.value));
    if (term["xml:lang"]) {
      literal.append(element("span", { class: "lang", title: "language" }, "@" + term["xml:lang"]));
    } else if (term.datatype && term.datatype !== XSD + "string") {
      literal.append(element("span", { class: "datatype", title: term.datatype }, "^^" + compactIri(term.datatype)));
    }
    return literal;
  }

  function renderTable(columns, rows) {
    const head = element("tr", {}, ...columns.map((name) => element("th", { scope: "col" }, "?" + name)));
    const body = rows.map((row) => element("tr", {}, ...columns.map((name) => {
      const cell = element("td");
      if (row[name]) {
        cell.append(renderTerm(row[name]));
      }
      return cell;
    })));
    return element("table", { class: "results" }, element("thead", {}, head), element("tbody", {}, ...body));
  }

  /* A link that downloads the query's result from /sparql in `format`. */
  function downloadLink(query, format, label) {
    const href = config.endpoint + "?" + new URLSearchParams({ query: query, format: format }).toString();
    return element("a", { href: href, download: "result." + format, class: "download" }, label);
  }

  /* Line and column (1-based; columns count characters) of a SPARQL parser message "error at L:C: ...". */
  function errorPosition(message) {
    const match = /\berror at (\d+):(\d+)/.exec(message);
    return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
  }

  /* The offset in the editor's text (UTF-16 units) of a line and character column. */
  function offsetOf(text, position) {
    const lines = text.split("\n");
    const lineIndex = Math.min(position.line, lines.length) - 1;
    let offset = lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
    const characters = Array.from(lines[lineIndex]);
    offset += characters.slice(0, Math.max(position.column - 1, 0)).join("").length;
    return offset;
  }

  /* The error's line with the character at its column marked, and the editor's selection put there. */
  function showPosition(query, position) {
    const lines = query.split("\n");
    const line = Array.from(lines[Math.min(position.line, lines.length) - 1] || "");
    const at = Math.min(position.column - 1, line.length);
    const excerpt = element("pre", { class: "excerpt" },
      line.slice(0, at).join(""), element("mark", {}, line[at] || " "), line.slice(at + 1).join(""));
    const jump = element("button", { type: "button", class: "goto" }, "Go to the error in the editor");
    jump.addEventListener("click", () => selectAt(offsetOf(query, position)));
    errorBox.append(excerpt, jump);
    if (editor.value === query) {
      selectAt(offsetOf(query, position), false);
    }
  }

  function selectAt(offset, focus = true) {
    const end = Math.min(offset + 1, editor.value.length);
    editor.setSelectionRange(Math.min(offset, end), end);
    if (focus) {
      editor.focus();
    }
    const lineHeight = editor.scrollHeight / Math.max(editor.value.split("\n").length, 1);
    editor.scrollTop = Math.max(editor.value.slice(0, offset).split("\n").length - 3, 0) * lineHeight;
  }

  function showError(query, status, message) {
    const kind = { 0: "Network error", 400: "The query was refused", 403: "Refused", 406: "No result format fits",
      413: "Too large", 503: "Timed out or busy" }[status] || "Error";
    const position = errorPosition(message);
    const title = position ? "Syntax error" : kind;
    errorBox.replaceChildren(element("strong", {}, status ? `${title} (HTTP ${status})` : title),
      position ? ` at line ${position.line}, column ${position.column}` : "", ": ", message);
    errorBox.hidden = false;
    if (position) {
      showPosition(query, position);
    }
  }

  async function run() {
    const query = editor.value;
    resultSection.hidden = false;
    errorBox.hidden = true;
    errorBox.replaceChildren();
    summary.textContent = "Running…";
    tableBox.replaceChildren();
    history.replaceState(null, "", "?" + new URLSearchParams({ query: query }).toString());
    const started = performance.now();
    let response;
    try {
      response = await fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: query }),
      });
    } catch (failure) {
      summary.textContent = "";
      showError(query, 0, `the server cannot be reached (${failure.message})`);
      return;
    }
    const body = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    if (!response.ok) {
      let message = body;
      try {
        message = JSON.parse(body).error || body;
      } catch (notJson) { /* keep the text */ }
      summary.textContent = `after ${seconds} s`;
      showError(query, response.status, message);
      return;
    }
    const truncated = response.headers.get("X-SPARQL-Truncated") === "true";
    const cap = truncated ? ` (cut at the row cap of ${response.headers.get("X-SPARQL-Row-Cap")})` : "";
    if (!response.headers.get("Content-Type").startsWith("application/sparql-results+json")) {
      const triples = body.split("\n").filter((line) => line.trim().endsWith(".")).length;
      summary.replaceChildren(`Graph of about ${triples} statements${cap} in ${seconds} s · download: `,
        downloadLink(query, "ttl", "Turtle"), " ", downloadLink(query, "nt", "N-Triples"));
      tableBox.replaceChildren(element("pre", { class: "graph" }, body));
      return;
    }
    const results = JSON.parse(body);
    const downloads = [" · download: ", downloadLink(query, "csv", "CSV"), " ", downloadLink(query, "json", "JSON")];
    if ("boolean" in results) {
      summary.replaceChildren(`Answer: ${results.boolean} in ${seconds} s`, ...downloads);
      return;
    }
    const rows = results.results.bindings;
    const count = `${rows.length} row${rows.length === 1 ? "" : "s"}${cap} in ${seconds} s`;
    summary.replaceChildren(element("span", { id: "row-count", "data-rows": rows.length }, count), ...downloads);
    tableBox.replaceChildren(renderTable(results.head.vars || [], rows));
  }

  function loadExample(name) {
    const example = config.examples[name];
    if (!example) {
      exampleNote.hidden = true;
      return;
    }
    editor.value = example.text;
    exampleNote.replaceChildren();
    if (example.params.length) {
      exampleNote.append(`Here its parameters (${example.params.map((p) => "?" + p).join(", ")}) stay unbound; `,
        element("a", { href: example.page }, "its own page"), " binds them from a form.");
    }
    exampleNote.hidden = !example.params.length;
    updateCursor();
  }

  /* Tab indents (several lines when several are selected, Shift+Tab outdents) unless Esc was pressed just before. */
  function indent(outdent) {
    const { selectionStart: start, selectionEnd: end, value } = editor;
    if (!outdent && !value.slice(start, end).includes("\n")) {
      editor.setRangeText(INDENT, start, end, "end");
      return;
    }
    const lineStart = value.lastIndexOf("\n", start - 1) + 1;
    const block = value.slice(lineStart, end);
    const changed = outdent ? block.replace(/^ {1,2}/gm, "") : block.replace(/^/gm, INDENT);
    editor.setRangeText(changed, lineStart, end, "select");
  }

  function updateCursor() {
    const before = editor.value.slice(0, editor.selectionStart).split("\n");
    cursor.textContent = `Line ${before.length}, column ${Array.from(before[before.length - 1]).length + 1}.`;
  }

  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Escape") {
      tabMovesFocus = true;
    } else if (event.key === "Tab" && !tabMovesFocus && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      indent(event.shiftKey);
    } else {
      tabMovesFocus = false;
    }
  });
  editor.addEventListener("blur", () => { tabMovesFocus = false; });
  for (const name of ["keyup", "click", "select", "focus"]) {
    editor.addEventListener(name, updateCursor);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  examples.addEventListener("change", () => loadExample(examples.value));
  document.getElementById("load-example").hidden = true;
  for (const node of document.querySelectorAll(".no-script, .script-only")) {
    node.hidden = node.classList.contains("no-script");
  }
  if (examples.value) {
    loadExample(examples.value);
  }
  updateCursor();
  if (config.autorun) {
    run();
  }
})();
