/* Views of a SPARQL JSON SELECT result, shared by the query editor (query.js) and the named query pages
   (queries.js): a table (paginated, sortable), a bar chart (a label and a number), a timeline (rows with dates) and
   a graph (rows linking named things). The views that fit the result are offered as tabs; the first that fits of
   bar chart, timeline, table is shown first. IRIs show their label (the IRI on hover) and link to their page.
   Plain JavaScript and SVG, no library, nothing loaded from another site. */
"use strict";

window.GovkgResults = (function () {
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const SVG = "http://www.w3.org/2000/svg";
  const NUMBERS = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong"].map((t) => XSD + t);
  const DATES = [XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"];
  const PAGE_SIZE = 50;
  const MAX_BARS = 100;
  const MAX_NODES = 150;

  // An HTML element with attributes and children (also used by query.js).
  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function svgElement(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  /* The page that describes an IRI, as server/urls.py page_href: PUBLIC_BASE + id/..., ontology or graph/... (no
     fragment) by its dereferencing path, anything else by /page?iri=; every link under the site's root path, never a
     link to another site. */
  function pageHref(config, iri) {
    const base = config.publicBase;
    const local = iri.startsWith(base) && !iri.includes("#") ? iri.slice(base.length) : null;
    if (local === "ontology" || (local !== null && /^(id|graph)\/./.test(local))) {
      return config.root + local.split("/").map(encodeURIComponent).join("/");
    }
    return config.root + "page?" + new URLSearchParams({ iri: iri }).toString();
  }

  /* An IRI as a prefixed name when a known namespace fits (longest first, as govkg.sparql.table), else <IRI>. */
  function compactIri(config, iri) {
    const namespaces = Object.entries(config.prefixes).sort((a, b) => b[1].length - a[1].length);
    for (const [prefix, namespace] of namespaces) {
      const local = iri.slice(namespace.length);
      if (iri.startsWith(namespace) && local && /^[\p{L}\p{N}_\-./]+$/u.test(local)) {
        return prefix + ":" + local;
      }
    }
    return "<" + iri + ">";
  }

  function isNumber(term) {
    return Boolean(term) && term.type === "literal" && NUMBERS.includes(term.datatype) && !isNaN(Number(term.value));
  }

  function isDate(term) {
    return Boolean(term) && term.type === "literal" && DATES.includes(term.datatype) && !isNaN(dateOf(term));
  }

  /* A date literal as milliseconds since 1970 (a year as its first day). */
  function dateOf(term) {
    const value = term.value;
    if (/^-?\d{4}$/.test(value)) {
      return Date.UTC(Number(value), 0, 1);
    }
    if (/^-?\d{4}-\d{2}$/.test(value)) {
      return Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, 1);
    }
    return Date.parse(value.length === 10 ? value + "T00:00:00Z" : value);
  }

  /* What a result holds, for the views: its columns, rows, labels and the site's settings. */
  function Result(config, results, labels) {
    this.config = config;
    this.columns = results.head.vars || [];
    this.rows = results.results.bindings;
    this.labels = labels || {};
  }

  /* The text a term shows: an IRI's label (else its prefixed name), a literal's value, a blank node's label. */
  Result.prototype.text = function (term) {
    if (!term) {
      return "";
    }
    if (term.type === "uri") {
      return this.labels[term.value] || compactIri(this.config, term.value);
    }
    if (term.type === "bnode") {
      return "_:" + term.value;
    }
    if (term.type === "triple") {
      return "<< " + ["subject", "predicate", "object"].map((p) => this.text(term.value[p])).join(" ") + " >>";
    }
    return term.value;
  };

  /* One term as page content: an IRI links to its page with its label (IRI on hover), literals show language or
     datatype, blank nodes their label. */
  Result.prototype.term = function (term) {
    if (term.type === "uri") {
      const short = compactIri(this.config, term.value);
      return element("a", { href: pageHref(this.config, term.value), title: term.value, class: "iri",
        "data-short": short }, this.labels[term.value] || short);
    }
    if (term.type === "bnode" || term.type === "triple") {
      return element("span", { class: term.type }, this.text(term));
    }
    const literal = element("span", { class: "literal" }, element("span", { class: "value" }, term.value));
    if (term["xml:lang"]) {
      literal.append(element("span", { class: "lang", title: "language" }, "@" + term["xml:lang"]));
    } else if (term.datatype && term.datatype !== XSD + "string") {
      literal.append(element("span", { class: "datatype", title: term.datatype },
        "^^" + compactIri(this.config, term.datatype)));
    }
    return literal;
  };

  /* The columns whose bound values all pass `test` (and that have at least one). */
  Result.prototype.columnsWhere = function (test) {
    return this.columns.filter((name) => {
      const values = this.rows.map((row) => row[name]).filter(Boolean);
      return values.length > 0 && values.every(test);
    });
  };

  /* ---- Table: sortable by a click on a column heading, PAGE_SIZE rows a page. ---- */
  function tableView(result) {
    const box = element("div", { class: "table-view" });
    let order = null; /* [column, direction] */
    let page = 0;
    function compare(a, b, name) {
      const x = a[name];
      const y = b[name];
      if (isNumber(x) && isNumber(y)) {
        return Number(x.value) - Number(y.value);
      }
      if (isDate(x) && isDate(y)) {
        return dateOf(x) - dateOf(y);
      }
      return result.text(x).localeCompare(result.text(y), undefined, { numeric: true, sensitivity: "base" });
    }
    function draw() {
      const rows = result.rows.slice();
      if (order) {
        rows.sort((a, b) => order[1] * compare(a, b, order[0]));
      }
      const pages = Math.max(Math.ceil(rows.length / PAGE_SIZE), 1);
      page = Math.min(page, pages - 1);
      const shown = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
      const head = element("tr", {}, ...result.columns.map((name) => {
        const sorted = order && order[0] === name ? (order[1] > 0 ? "ascending" : "descending") : "none";
        const button = element("button", { type: "button", class: "sort" }, "?" + name);
        button.addEventListener("click", () => {
          order = [name, order && order[0] === name ? -order[1] : 1];
          page = 0;
          draw();
        });
        return element("th", { scope: "col", "aria-sort": sorted }, button);
      }));
      const body = shown.map((row) => element("tr", {}, ...result.columns.map((name) => {
        const cell = element("td");
        if (row[name]) {
          cell.append(result.term(row[name]));
        }
        return cell;
      })));
      const table = element("table", { class: "results" }, element("thead", {}, head), element("tbody", {}, ...body));
      box.replaceChildren(table);
      if (pages > 1) {
        box.append(pager(page, pages, rows.length, (chosen) => { page = chosen; draw(); }));
      }
    }
    draw();
    return box;
  }

  function pager(page, pages, total, go) {
    const nav = element("nav", { class: "pager", "aria-label": "Result pages" });
    function link(label, target, attributes) {
      const button = element("button", Object.assign({ type: "button" }, attributes || {}), label);
      button.addEventListener("click", () => go(target));
      return button;
    }
    if (page > 0) {
      nav.append(link("‹ previous", page - 1, { rel: "prev", class: "prev" }));
    }
    for (let n = 0; n < pages; n += 1) {
      if (n === 0 || n === pages - 1 || Math.abs(n - page) <= 2) {
        nav.append(n === page ? element("span", { "aria-current": "page" }, String(n + 1)) : link(String(n + 1), n));
      } else if (Math.abs(n - page) === 3) {
        nav.append(element("span", { class: "gap" }, "…"));
      }
    }
    if (page < pages - 1) {
      nav.append(link("next ›", page + 1, { rel: "next", class: "next" }));
    }
    nav.append(element("span", { class: "count" },
      `rows ${page * PAGE_SIZE + 1}–${Math.min((page + 1) * PAGE_SIZE, total)} of ${total}`));
    return nav;
  }

  /* ---- Bar chart: one number per label (the first column that is no number names the bar). ---- */
  function barFits(result) {
    const numbers = result.columnsWhere(isNumber);
    const names = result.columns.filter((name) => !numbers.includes(name));
    return numbers.length >= 1 && names.length >= 1 && result.rows.length >= 1 && result.rows.length <= MAX_BARS;
  }

  function barView(result) {
    const value = result.columnsWhere(isNumber)[0];
    const names = result.columns.filter((name) => !result.columnsWhere(isNumber).includes(name));
    const name = names.find((n) => result.rows.some((row) => row[n] && row[n].type === "literal")) || names[0];
    const link = names.find((n) => result.rows.some((row) => row[n] && row[n].type === "uri"));
    const rows = result.rows.filter((row) => row[value]);
    const most = Math.max(...rows.map((row) => Number(row[value].value)), 0) || 1;
    const labelWidth = 260;
    const width = 760;
    const barHeight = 22;
    const svg = svgElement("svg", { viewBox: `0 0 ${width} ${rows.length * (barHeight + 6) + 10}`, width: "100%",
      role: "img", "aria-label": `Bar chart of ?${value} by ?${name}`, class: "bar-chart" });
    rows.forEach((row, index) => {
      const y = 5 + index * (barHeight + 6);
      const number = Number(row[value].value);
      const length = Math.max((width - labelWidth - 70) * number / most, 1);
      const text = shorten(result.text(row[name]), 40);
      const label = svgElement("text", { x: labelWidth - 8, y: y + 16, "text-anchor": "end", class: "bar-label" }, text);
      const title = svgElement("title", {}, `${result.text(row[name])}: ${number}`);
      const bar = svgElement("rect", { x: labelWidth, y: y, width: length, height: barHeight, class: "bar" }, title);
      const count = svgElement("text", { x: labelWidth + length + 6, y: y + 16, class: "bar-value" }, String(number));
      const target = link && row[link] ? row[link] : null;
      if (target) {
        const anchor = svgElement("a", { href: pageHref(result.config, target.value) }, label);
        svg.append(anchor, bar, count);
      } else {
        svg.append(label, bar, count);
      }
    });
    return element("div", { class: "chart-view" }, svg);
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1).trimEnd() + "…";
  }

  /* ---- Timeline: each row from its first date to its second (or at its one date), named by its first column that
     is no date. ---- */
  function timelineFits(result) {
    return result.columnsWhere(isDate).length >= 1;
  }

  function timelineView(result) {
    const dates = result.columnsWhere(isDate);
    const [start, end] = [dates[0], dates[1] || dates[0]];
    const name = result.columns.find((n) => !dates.includes(n));
    const rows = result.rows.filter((row) => isDate(row[start])).map((row) => ({
      row: row,
      from: dateOf(row[start]),
      to: isDate(row[end]) ? Math.max(dateOf(row[end]), dateOf(row[start])) : dateOf(row[start]),
    })).sort((a, b) => a.from - b.from);
    const day = 86400000;
    const first = Math.min(...rows.map((r) => r.from)) - day;
    const last = Math.max(...rows.map((r) => r.to)) + day;
    const left = 280;
    const width = 900;
    const lane = 26;
    const height = 40 + rows.length * lane;
    const x = (time) => left + (width - left - 20) * (time - first) / (last - first);
    const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
      "aria-label": `Timeline of ?${name || start} from ?${start}` + (end !== start ? ` to ?${end}` : ""),
      class: "timeline" });
    for (const tick of ticks(first, last)) {
      svg.append(svgElement("line", { x1: x(tick.time), x2: x(tick.time), y1: 20, y2: height, class: "tick" }),
        svgElement("text", { x: x(tick.time), y: 14, "text-anchor": "middle", class: "tick-label" }, tick.label));
    }
    rows.forEach((item, index) => {
      const y = 28 + index * lane;
      const term = name ? item.row[name] : null;
      const text = shorten(term ? result.text(term) : "", 42);
      const label = svgElement("text", { x: left - 10, y: y + 13, "text-anchor": "end", class: "bar-label" }, text);
      const span = `${item.row[start].value}${end !== start && item.row[end] ? " – " + item.row[end].value : ""}`;
      const mark = svgElement("rect", { x: x(item.from) - 4, y: y + 2, width: Math.max(x(item.to) - x(item.from), 0) + 8,
        height: 14, rx: 7, class: "span" }, svgElement("title", {}, `${term ? result.text(term) : ""}: ${span}`));
      svg.append(term && term.type === "uri"
        ? svgElement("a", { href: pageHref(result.config, term.value) }, label) : label, mark);
    });
    return element("div", { class: "chart-view" }, svg);
  }

  /* Ticks of a time axis: years; months when the span is under three years; days under about two months. */
  function ticks(first, last) {
    const out = [];
    const from = new Date(first);
    const years = (last - first) / (365.25 * 86400000);
    if (years > 3) {
      const step = Math.ceil(years / 10);
      for (let year = from.getUTCFullYear() + 1; Date.UTC(year, 0, 1) < last; year += step) {
        out.push({ time: Date.UTC(year, 0, 1), label: String(year) });
      }
      return out;
    }
    if (years < 0.2) {
      const days = Math.ceil((last - first) / 86400000 / 10);
      for (let time = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1); time < last;
        time += days * 86400000) {
        out.push({ time: time, label: new Date(time).toISOString().slice(0, 10) });
      }
      return out;
    }
    const step = years > 1 ? 3 : 1;
    for (let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)); month.getTime() < last;
      month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + step, 1))) {
      out.push({ time: month.getTime(), label: month.toISOString().slice(0, 7) });
    }
    return out;
  }

  /* ---- Graph: named things as nodes, an edge between the IRIs of consecutive IRI columns of each row. ---- */
  function graphFits(result) {
    return iriColumns(result).length >= 2;
  }

  function iriColumns(result) {
    return result.columns.filter((name) => result.rows.some((row) => row[name] && row[name].type === "uri"));
  }

  function graphView(result) {
    const columns = iriColumns(result);
    const nodes = new Map();
    const edges = new Map();
    for (const row of result.rows) {
      const iris = columns.map((name) => row[name]).filter((term) => term && term.type === "uri");
      for (let i = 0; i + 1 < iris.length; i += 1) {
        const [a, b] = [iris[i].value, iris[i + 1].value];
        for (const iri of [a, b]) {
          if (!nodes.has(iri) && nodes.size < MAX_NODES) {
            nodes.set(iri, { iri: iri, x: 0, y: 0, dx: 0, dy: 0, degree: 0 });
          }
        }
        if (a !== b && nodes.has(a) && nodes.has(b)) {
          edges.set(a + " " + b, [nodes.get(a), nodes.get(b)]);
        }
      }
    }
    const list = Array.from(nodes.values());
    const width = 900;
    const height = Math.max(420, Math.min(900, 120 + list.length * 12));
    layout(list, Array.from(edges.values()), width, height);
    const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
      "aria-label": `Graph of ${list.length} things and ${edges.size} links`, class: "graph-view" });
    for (const [a, b] of edges.values()) {
      svg.append(svgElement("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge" }));
    }
    for (const node of list) {
      const text = shorten(result.labels[node.iri] || compactIri(result.config, node.iri), 28);
      svg.append(svgElement("a", { href: pageHref(result.config, node.iri) },
        svgElement("title", {}, `${result.labels[node.iri] || ""} ${node.iri}`.trim()),
        svgElement("circle", { cx: node.x, cy: node.y, r: 5 + Math.min(node.degree, 8), class: "node" }),
        svgElement("text", { x: node.x, y: node.y - 9 - Math.min(node.degree, 8), "text-anchor": "middle",
          class: "node-label" }, text)));
    }
    const note = nodes.size >= MAX_NODES ? element("p", { class: "note" }, `The first ${MAX_NODES} things are drawn.`) : "";
    return element("div", { class: "chart-view" }, svg, note);
  }

  /* A force-directed layout (springs on edges, repulsion between near nodes, a pull to the middle), from fixed
     starting places on a circle, so that the same result is drawn the same way. */
  function layout(nodes, edges, width, height) {
    const count = nodes.length;
    nodes.forEach((node, index) => {
      const angle = 2 * Math.PI * index / Math.max(count, 1);
      node.x = width / 2 + (width / 3) * Math.cos(angle);
      node.y = height / 2 + (height / 3) * Math.sin(angle);
    });
    for (const [a, b] of edges) {
      a.degree += 1;
      b.degree += 1;
    }
    const ideal = Math.sqrt((width * height) / Math.max(count, 1)) * 0.6;
    for (let step = 0; step < 300; step += 1) {
      const heat = 20 * (1 - step / 300) + 0.5;
      for (const node of nodes) {
        node.dx = 0;
        node.dy = 0;
      }
      for (let i = 0; i < count; i += 1) {
        for (let j = i + 1; j < count; j += 1) {
          const [a, b] = [nodes[i], nodes[j]];
          const dx = a.x - b.x || 0.01;
          const dy = a.y - b.y || 0.01;
          const distance = Math.max(Math.hypot(dx, dy), 1);
          if (distance > 3 * ideal) {
            continue; /* far apart: no push (else the many small groups of a result crowd the edges) */
          }
          const push = (ideal * ideal) / distance;
          a.dx += (dx / distance) * push;
          a.dy += (dy / distance) * push;
          b.dx -= (dx / distance) * push;
          b.dy -= (dy / distance) * push;
        }
      }
      for (const [a, b] of edges) {
        const dx = a.x - b.x;
        const dy = a.y - b.y;
        const distance = Math.max(Math.hypot(dx, dy), 1);
        const pull = (distance * distance) / ideal;
        a.dx -= (dx / distance) * pull;
        a.dy -= (dy / distance) * pull;
        b.dx += (dx / distance) * pull;
        b.dy += (dy / distance) * pull;
      }
      for (const node of nodes) {
        node.dx += (width / 2 - node.x) * 0.08; /* a pull to the middle keeps unlinked groups together */
        node.dy += (height / 2 - node.y) * 0.08;
        const moved = Math.max(Math.hypot(node.dx, node.dy), 0.01);
        node.x = Math.min(width - 60, Math.max(60, node.x + (node.dx / moved) * Math.min(moved, heat)));
        node.y = Math.min(height - 20, Math.max(30, node.y + (node.dy / moved) * Math.min(moved, heat)));
      }
    }
  }

  const VIEWS = [
    { name: "bar", title: "Bar chart", fits: barFits, draw: barView },
    { name: "timeline", title: "Timeline", fits: timelineFits, draw: timelineView },
    { name: "table", title: "Table", fits: () => true, draw: tableView },
    { name: "graph", title: "Graph", fits: graphFits, draw: graphView },
  ];

  /* Show `results` (SPARQL JSON, SELECT) in `container`: tabs for the views that fit, the first of them shown. */
  function render(container, config, results, labels) {
    const result = new Result(config, results, labels);
    const fitting = result.rows.length ? VIEWS.filter((view) => view.fits(result)) : [VIEWS[2]];
    const tabs = element("div", { class: "view-tabs", role: "tablist", "aria-label": "Result views" });
    const panel = element("div", { class: "view-panel", role: "tabpanel" });
    function show(view) {
      for (const tab of tabs.children) {
        tab.setAttribute("aria-selected", String(tab.dataset.view === view.name));
      }
      panel.dataset.view = view.name;
      panel.replaceChildren(view.draw(result));
    }
    for (const view of fitting) {
      const tab = element("button", { type: "button", role: "tab", "data-view": view.name, class: "view-tab" },
        view.title);
      tab.addEventListener("click", () => show(view));
      tabs.append(tab);
    }
    container.replaceChildren(fitting.length > 1 ? tabs : "", panel);
    show(fitting[0]);
  }

  /* The labels of the IRIs of `results`, asked of the site's /labels (an empty object if that fails). */
  async function labelsOf(config, results) {
    const iris = new Set();
    for (const row of results.results.bindings) {
      for (const term of Object.values(row)) {
        if (term.type === "uri") {
          iris.add(term.value);
        }
      }
    }
    if (!iris.size || !config.labels) {
      return {};
    }
    try {
      const response = await fetch(config.labels, { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ iris: Array.from(iris).slice(0, 5000) }) });
      return response.ok ? (await response.json()).labels : {};
    } catch (failure) {
      return {};
    }
  }

  return { render: render, labelsOf: labelsOf, pageHref: pageHref, compactIri: compactIri, element: element };
})();
