/* The results table of the workbench: a YASR plugin that replaces YASR's own table.
 *
 * Each IRI reads like the graph — its prefixed name (srbr:…, srb:…) with its label beside, a link
 * to its page — literals show their value (language or datatype on hover); columns sort by a click on their head,
 * rows come in pages and can be filtered. Every value is set with textContent. The download is CSV
 * in which a cell that a spreadsheet would take for a formula (=, +, -, @ …) starts with an
 * apostrophe, as srbgraph's own CSV files do.
 */
(function () {
  "use strict";

  var wb = window.srbgraphWorkbench, el = wb.el, W = wb.config.words;
  var PAGE = 100;
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger)$/;

  function rawBindings(results) {
    // the answer as the server sent it (YASR's parser fills {{var}} in literals with other values)
    var type = results.getContentType() || "", text = results.getData();
    if (type.indexOf("sparql-results+json") >= 0 && typeof text === "string") {
      try { return JSON.parse(text); } catch (ignored) { /* fall back to YASR's reading */ }
    }
    return {head: {vars: results.getVariables()}, results: {bindings: results.getBindings() || []}};
  }

  function shown(cell) {
    if (!cell) return "";
    if (cell.type === "uri") return wb.shorten(cell.value) || cell.value;
    return cell.value;
  }

  function sortKey(cell) {
    if (!cell) return [2, ""];
    if (cell.type === "literal" && cell.datatype && NUMERIC.test(cell.datatype) && !isNaN(Number(cell.value))) {
      return [0, Number(cell.value)];
    }
    return [1, shown(cell).toLowerCase()];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }

  function iriCell(td, iri) {
    var page = wb.pageOf(iri), name = wb.shorten(iri) || iri, node;
    if (page) {
      node = el("a", name, "iri");
      node.href = page;
    } else {
      node = el("span", name, "iri");
      node.title = iri;
    }
    td.appendChild(node);
    var label = wb.labelOf(iri);
    if (label) td.appendChild(el("span", label, "label"));
  }

  // a literal shows its value; its language or datatype is said on hover (title) and, for a
  // language, in the lang attribute that screen readers follow
  function literalCell(td, cell) {
    var value = el("span", cell.value, "literal");
    if (cell["xml:lang"]) {
      value.lang = cell["xml:lang"];
      value.title = W.language + ": " + cell["xml:lang"];
    } else if (cell.datatype) {
      value.title = W.datatype + ": " + (wb.shorten(cell.datatype) || cell.datatype);
    }
    td.appendChild(value);
  }

  function Table(yasr) {
    this.yasr = yasr;
    this.priority = 20;
    this.label = W.table;
    this.sortBy = null;
    this.descending = false;
    this.page = 0;
    this.filter = "";
  }

  Table.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!results && !!results.getVariables() && results.getVariables().length > 0;
  };

  Table.prototype.getIcon = function () { return el("span", "▦", "srb-icon"); };

  Table.prototype.rows = function () {
    var doc = rawBindings(this.yasr.results), vars = doc.head.vars || [];
    var rows = (doc.results && doc.results.bindings) || [], wanted = this.filter.toLowerCase();
    if (wanted) {
      rows = rows.filter(function (row) {
        return vars.some(function (v) {
          var cell = row[v];
          return cell && (shown(cell) + " " + (cell.type === "uri" ? wb.labelOf(cell.value) : "")).toLowerCase().indexOf(wanted) >= 0;
        });
      });
    }
    if (this.sortBy !== null) {
      var column = this.sortBy, sign = this.descending ? -1 : 1;
      rows = rows.map(function (row, i) { return [sortKey(row[column]), i, row]; })
        .sort(function (a, b) { return sign * compare(a[0], b[0]) || a[1] - b[1]; })
        .map(function (item) { return item[2]; });
    }
    return {vars: vars, rows: rows};
  };

  Table.prototype.draw = function () {
    var self = this, found = this.rows(), pages = Math.max(1, Math.ceil(found.rows.length / PAGE));
    this.page = Math.min(this.page, pages - 1);
    var box = el("div", null, "srb-results");
    box.appendChild(this.controls(found.rows.length, pages));
    var table = el("table", null, "srb-table"), head = table.createTHead().insertRow();
    found.vars.forEach(function (name) {
      // a column is named by its SPARQL variable: an identifier, shown as code
      var th = el("th");
      th.appendChild(el("code", name, "variable"));
      if (self.sortBy === name) th.appendChild(document.createTextNode(self.descending ? " ▼" : " ▲"));
      th.title = W.sortHint;
      th.addEventListener("click", function () {
        self.descending = self.sortBy === name ? !self.descending : false;
        self.sortBy = name;
        self.redraw();
      });
      head.appendChild(th);
    });
    var body = table.createTBody();
    found.rows.slice(this.page * PAGE, (this.page + 1) * PAGE).forEach(function (row) {
      var tr = body.insertRow();
      found.vars.forEach(function (name) {
        var td = tr.insertCell(), cell = row[name];
        if (!cell) return;
        if (cell.type === "uri") iriCell(td, cell.value);
        else if (cell.type === "bnode") td.appendChild(el("span", "_:" + cell.value, "bnode"));
        else literalCell(td, cell);
      });
    });
    box.appendChild(table);
    this.yasr.resultsEl.appendChild(box);
  };

  Table.prototype.controls = function (count, pages) {
    var self = this, bar = el("div", null, "srb-table-controls");
    var filter = el("input");
    filter.type = "search";
    filter.placeholder = W.filter;
    filter.value = this.filter;
    filter.className = "srb-filter";
    filter.addEventListener("change", function () { self.filter = filter.value; self.page = 0; self.redraw(); });
    bar.appendChild(filter);
    var back = el("button", "‹ " + W.previous), next = el("button", W.next + " ›");
    back.type = next.type = "button";
    back.disabled = this.page === 0;
    next.disabled = this.page >= pages - 1;
    back.addEventListener("click", function () { self.page -= 1; self.redraw(); });
    next.addEventListener("click", function () { self.page += 1; self.redraw(); });
    bar.appendChild(back);
    var where = W.pageOf.split("{page}").join(String(this.page + 1)).split("{pages}").join(String(pages))
      .split("{rows}").join(String(count));
    bar.appendChild(el("span", where, "srb-page"));
    bar.appendChild(next);
    return bar;
  };

  Table.prototype.redraw = function () {
    while (this.yasr.resultsEl.firstChild) this.yasr.resultsEl.firstChild.remove();
    this.draw();
  };

  function csvCell(text) {
    var value = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  Table.prototype.download = function () {
    var self = this;
    return {
      contentType: "text/csv", title: W.download, filename: "srbgraph-results.csv",
      getData: function () {
        var found = self.rows(), lines = [found.vars.map(csvCell).join(",")];
        found.rows.forEach(function (row) {
          lines.push(found.vars.map(function (v) { return csvCell(row[v] ? row[v].value : ""); }).join(","));
        });
        return lines.join("\r\n") + "\r\n";
      }
    };
  };

  wb.ResultsTable = Table;
})();
