/* The query editor of /query: run the query at /sparql (the project's prefixes declared when the query uses them
   without), show the result in the views of results.js, errors with their position; complete prefixes and terms;
   keep a history of the queries run in the browser. Plain JavaScript, no library. The page's settings come from the
   JSON in <script id="editor-config">. */
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
  const historyBox = document.getElementById("history");
  const historyList = document.getElementById("history-list");
  const completions = document.getElementById("completions");
  const INDENT = "  ";
  let tabMovesFocus = false;

  const element = window.GovkgResults.element;  // results.js comes first on the page

  /* The query with a PREFIX declaration, on one line put before it, for each project prefix it uses without
     declaring (so that a query may use gko:, gkr:, rdfs:... as they are); null when it declares all it uses. */
  function withPrefixes(query) {
    const bare = query.replace(/#[^\n]*/g, "").replace(/<[^>\s]*>/g, "").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "");
    const declared = new Set(Array.from(bare.matchAll(/\bPREFIX\s+([A-Za-z][\w.-]*)?:/gi), (m) => m[1] || ""));
    const used = new Set(Array.from(bare.matchAll(/(?:^|[^\w:?$<])([A-Za-z][\w-]*):/g), (m) => m[1]));
    const missing = Array.from(used).filter((prefix) => prefix in config.prefixes && !declared.has(prefix));
    if (!missing.length) {
      return null;
    }
    return missing.map((prefix) => `PREFIX ${prefix}: <${config.prefixes[prefix]}>`).join(" ") + "\n" + query;
  }

  /* ---- Query history, kept in the browser (localStorage), most recent first. ---- */
  const HISTORY_KEY = "govkg.query-history";
  const HISTORY_SIZE = 30;

  function readHistory() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(stored) ? stored.filter((item) => item && typeof item.query === "string") : [];
    } catch (unreadable) {
      return [];
    }
  }

  function remember(query) {
    const kept = [{ query: query, at: new Date().toISOString() },
      ...readHistory().filter((item) => item.query !== query)].slice(0, HISTORY_SIZE);
    try {
      window.localStorage.setItem(HISTORY_KEY, JSON.stringify(kept));
    } catch (full) { /* private mode or full: no history */ }
    showHistory();
  }

  function showHistory() {
    const items = readHistory();
    historyBox.hidden = !items.length;
    historyList.replaceChildren(...items.map((item) => {
      const first = item.query.split("\n").find((line) => line.trim() && !line.trim().startsWith("#")) || item.query;
      const use = element("button", { type: "button", class: "history-item", title: item.query },
        first.trim().slice(0, 90));
      use.addEventListener("click", () => {
        editor.value = item.query;
        editor.focus();
        updateCursor();
      });
      return element("li", {}, use, " ", element("time", { datetime: item.at, class: "hint" },
        item.at.slice(0, 16).replace("T", " ")));
    }));
  }

  /* ---- Completion of prefixes and terms (from the ontology and the store) for the word before the cursor. ---- */
  function wordBeforeCursor() {
    const before = editor.value.slice(0, editor.selectionStart);
    const match = /([A-Za-z][\w-]*:?[\w.-]*)$/.exec(before);
    return match ? match[1] : "";
  }

  function suggest() {
    const word = wordBeforeCursor();
    const lower = word.toLowerCase();
    const found = word.length < 2 ? [] : [
      ...Object.keys(config.prefixes).map((prefix) => prefix + ":"),
      ...config.terms,
    ].filter((term) => term.toLowerCase().startsWith(lower) && term !== word).slice(0, 8);
    completions.replaceChildren(...found.map((term) => {
      const choice = element("button", { type: "button", class: "completion" }, term);
      choice.addEventListener("mousedown", (event) => {
        event.preventDefault();
        complete(term);
      });
      return element("li", {}, choice);
    }));
    completions.hidden = !found.length;
  }

  function complete(term) {
    const word = wordBeforeCursor();
    editor.setRangeText(term, editor.selectionStart - word.length, editor.selectionStart, "end");
    completions.hidden = true;
    editor.focus();
    updateCursor();
  }

  /* A link that downloads the query's result from /sparql in `format`. */
  function downloadLink(query, format, label) {
    const href = config.endpoint + "?" + new URLSearchParams({ query: query, format: format }).toString();
    return element("a", { href: href, download: "result." + format, class: "download" }, label);
  }

  /* Line and column (1-based; columns count characters) of a SPARQL error message: "line L, column C: ..." (or the
     parser's own "error at L:C: ..."). */
  const POSITION = /\b(?:line (\d+), column (\d+)|error at (\d+):(\d+))/;

  function errorPosition(message) {
    const match = POSITION.exec(message);
    return match ? { line: Number(match[1] || match[3]), column: Number(match[2] || match[4]) } : null;
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
      ": ", message);
    errorBox.hidden = false;
    if (position) {
      showPosition(query, position);
    }
  }

  async function run() {
    const written = editor.value;
    const declared = withPrefixes(written);
    const query = declared || written;
    resultSection.hidden = false;
    errorBox.hidden = true;
    errorBox.replaceChildren();
    summary.textContent = "Running…";
    tableBox.replaceChildren();
    history.replaceState(null, "", "?" + new URLSearchParams({ query: written }).toString());
    remember(written);
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
      showError(written, 0, `the server cannot be reached (${failure.message})`);
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
      if (declared) { /* the added PREFIX line moved every line down by one */
        const position = errorPosition(message);
        message = position ? message.replace(POSITION, `line ${position.line - 1}, column ${position.column}`) : message;
      }
      showError(written, response.status, message);
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
    window.GovkgResults.render(tableBox, config, results, await window.GovkgResults.labelsOf(config, results));
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
    } else if (event.key === " " && event.ctrlKey && !completions.hidden) {
      event.preventDefault();
      complete(completions.querySelector("button").textContent);
    } else if (event.key === "Escape") {
      tabMovesFocus = true;
      completions.hidden = true;
    } else if (event.key === "Tab" && !tabMovesFocus && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      indent(event.shiftKey);
    } else {
      tabMovesFocus = false;
    }
  });
  editor.addEventListener("blur", () => {
    tabMovesFocus = false;
    completions.hidden = true;
  });
  editor.addEventListener("input", suggest);
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
  showHistory();
  if (config.autorun) {
    run();
  }
})();
