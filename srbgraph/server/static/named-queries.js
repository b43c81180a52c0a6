/* The named queries of the workbench, the page's address, and the start of YASGUI.
 *
 * A named query is chosen from the list (title and description): its text goes into the editor at
 * once, and its form holds one field per parameter with its default. "Bind and run" asks the
 * server to bind the values as RDF terms (GET /api/bind, the library function `srbgraph query`
 * uses; or the backend the page plugs in, see workbench.js) and runs the bound text; a value that cannot be bound clears the previous result, so no
 * answer stays on screen beside a question it does not belong to. The address bar, and the share
 * field once shown, always read what the editor shows: /?named=NAME&param=value… for a bound named
 * query, /?query=TEXT for anything else (updated on every edit). Opening
 * a named query's address binds and runs it (the server binds the values; the text is ours); a
 * free query's address only fills the editor and waits for the reader's click — a link must not
 * make a reader's browser run a query its sender wrote.
 */
(function () {
  "use strict";

  var wb = window.srbgraphWorkbench, el = wb.el, W = wb.config.words, state = wb.state;

  // ------------------------------------------------------------------------------------------
  // the list and the form
  // ------------------------------------------------------------------------------------------
  function drawList() {
    var list = document.getElementById("named-list");
    wb.named.forEach(function (query) {
      var item = el("li"), button = el("button", null, "named-query");
      button.type = "button";
      button.setAttribute("data-name", query.name);
      button.appendChild(el("span", query.title, "title"));
      button.appendChild(el("code", query.name, "name"));
      button.addEventListener("click", function () { choose(query.name, {}, true); });
      item.appendChild(button);
      item.appendChild(prose("p", query.description, "description"));
      list.appendChild(item);
    });
    var filter = document.getElementById("named-filter");
    filter.addEventListener("input", function () {
      var wanted = filter.value.toLowerCase();
      Array.prototype.forEach.call(list.children, function (item) {
        item.hidden = wanted && item.textContent.toLowerCase().indexOf(wanted) < 0;
      });
    });
  }

  // a description or help text: its `backticked` parts (commands, values, identifiers) as code
  function prose(tag, text, className) {
    var node = el(tag, null, className);
    String(text || "").split("`").forEach(function (part, k) {
      if (!part) return;
      node.appendChild(k % 2 ? el("code", part) : document.createTextNode(part));
    });
    return node;
  }

  function find(name) {
    return wb.named.filter(function (query) { return query.name === name; })[0];
  }

  function field(parameter, given) {
    var row = el("div", null, "parameter"), id = "param-" + parameter.name, input;
    // the parameter's name is an identifier (as in the address: ?obstacle=…), the rest words
    var label = el("label");
    label.appendChild(el("code", parameter.name, "name"));
    label.appendChild(document.createTextNode(" (" + (W.types[parameter.type] || parameter.type) + ")"));
    label.htmlFor = id;
    row.appendChild(label);
    var choices = {lang: ["de", "en"], support: ["any", "stated"]}[parameter.type];
    var named = parameter.type === "entity" && wb.backend.choices(parameter);
    if (named) {  // the backend offers the entities themselves: chosen by label, sent by id
      input = el("select");
      named.forEach(function (choice) {
        var option = el("option", choice.label);
        option.value = choice.value;
        input.appendChild(option);
      });
    } else if (choices) {
      input = el("select");
      choices.forEach(function (value) { var option = el("option", value); option.value = value; input.appendChild(option); });
    } else {
      input = el("input");
      input.type = "text";
      if (parameter.type === "entity") input.setAttribute("list", "entity-names");
    }
    input.id = id;
    input.name = parameter.name;
    // a language parameter starts in the page's language: an English page answers in English
    var start = parameter.type === "lang" ? wb.config.lang : parameter["default"];
    var value = given[parameter.name] !== undefined ? given[parameter.name] : start;
    if (value !== null && value !== undefined) input.value = value;
    if (parameter["default"] !== null) input.setAttribute("data-default", parameter["default"]);
    row.appendChild(input);
    row.appendChild(prose("p", parameter.description, "help"));
    return row;
  }

  function choose(name, given, load) {
    var query = find(name);
    if (!query) { wb.say(W.unknownQuery.replace("{name}", name), true); return null; }
    var form = document.getElementById("named-form");
    while (form.firstChild) form.firstChild.remove();
    form.appendChild(el("h3", query.title));
    form.appendChild(prose("p", query.description, "description"));
    form.setAttribute("data-name", name);
    if (!query.parameters.length) form.appendChild(el("p", W.noParameters, "help"));
    query.parameters.forEach(function (parameter) { form.appendChild(field(parameter, given)); });
    var run = el("button", W.bindAndRun, "run");
    run.type = "submit";
    form.appendChild(run);
    form.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".named-query"), function (button) {
      button.classList.toggle("chosen", button.getAttribute("data-name") === name);
    });
    if (load) {  // chosen from the list: its text into the editor now, the old result away
      var tab = state.yasgui.getTab();
      state.current = null;
      tab.setQuery(query.text);
      tab.setName(name);
      clearResults();
      remember();
      wb.say(W.loaded.replace("{title}", query.title));
    }
    return form;
  }

  // the previous answer leaves the screen (a failed run must not leave it beside the new question)
  function clearResults() {
    var yasr = state.yasgui.getTab().getYasr();
    if (!yasr) return;
    yasr.results = undefined;
    while (yasr.resultsEl.firstChild) yasr.resultsEl.firstChild.remove();
    document.body.setAttribute("data-results", "cleared");
  }

  function failed(detail, lang) {
    clearResults();
    wb.say(W.bindFailed, true, detail, lang);
  }

  function formValues(form) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (input) {
      if (input.value.trim() !== "") values[input.name] = input.value.trim();
    });
    return values;
  }

  function bindAndRun(name, values) {
    wb.say(W.binding);
    return wb.backend.bind(name, values)
      .then(function (doc) {
        if (doc.error) { failed(doc.error, doc.lang); return; }
        wb.say("");
        state.current = {name: name, values: values, text: doc.query};
        state.labelLang = values.lang || wb.config.lang;
        var tab = state.yasgui.getTab();
        tab.setQuery(doc.query);
        tab.setName(name);
        return tab.query().catch(function () { /* YASR shows the error */ });
      })
      .catch(function (error) { failed(String(error), "en"); });
  }

  function entityNames() {
    var list = document.getElementById("entity-names");
    state.byKind.individual.forEach(function (term) {
      var option = el("option");
      option.value = term.iri.slice("https://w3id.org/srbgraph/resource/".length);
      option.label = wb.labelOf(term.iri);
      list.appendChild(option);
    });
  }

  // ------------------------------------------------------------------------------------------
  // the address: the named query with its values, or the query text
  // ------------------------------------------------------------------------------------------
  function link() {
    var tab = state.yasgui.getTab(), text = tab.getQuery(), params = new URLSearchParams();
    var current = state.current;
    if (current && current.text === text) {
      params.append("named", current.name);
      Object.keys(current.values).forEach(function (key) { params.append(key, current.values[key]); });
    } else {
      params.append("query", text);
    }
    return window.location.href.split(/[?#]/)[0] + "?" + params.toString();
  }

  function remember() {
    var address = link();
    window.history.replaceState(null, "", address);
    var input = document.getElementById("share-link");
    if (!input.hidden) input.value = address;
  }

  // every edit of the text keeps the address (and the share field) in step with the editor (not
  // before the address has been read: fromAddress runs first)
  function watch() {
    var tab = state.yasgui.getTab(), yasqe = tab && tab.getYasqe();
    if (yasqe && !yasqe.srbWatched) {
      yasqe.srbWatched = true;
      yasqe.on("change", remember);
      var area = yasqe.getWrapperElement().querySelector("textarea");
      if (area) area.setAttribute("aria-label", W.editor);
      // a long query scrolls: its scroll box can be reached by the keyboard, too (WCAG 2.1.1)
      var scroller = yasqe.getScrollerElement();
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("aria-label", W.editor);
    }
  }

  function share() {
    var input = document.getElementById("share-link");
    input.value = link();
    input.hidden = false;
    input.focus();
    input.select();
    remember();
  }

  function fromAddress() {
    var params = new URLSearchParams(window.location.search), values = {};
    params.forEach(function (value, key) { if (!wb.reserved[key]) values[key] = value; });
    if (params.get("named")) {
      var form = choose(params.get("named"), values);
      if (form) return bindAndRun(params.get("named"), values);
    } else if (params.get("query")) {
      var tab = state.yasgui.getTab();
      if (tab.getQuery() !== params.get("query")) tab = state.yasgui.addTab(true);
      tab.setQuery(params.get("query"));
      wb.say(W.sharedQuery);
    }
  }

  // ------------------------------------------------------------------------------------------
  // YASGUI, set up for this server
  // ------------------------------------------------------------------------------------------
  // YASGUI's tab bar holds its "+" button inside the role=tablist, where only tabs may be (WCAG
  // 4.1.2). YASGUI inserts new tabs before that button, so it stays where it is and is announced
  // as what it acts like: one more tab, never selected, that opens a new one.
  function accessibleTabs() {
    Array.prototype.forEach.call(document.querySelectorAll(".tabsList button.addTab"), function (add) {
      add.setAttribute("role", "tab");
      add.setAttribute("aria-selected", "false");
    });
    // YASGUI's settings menu speaks English (the vendor's words): it says so to screen readers
    Array.prototype.forEach.call(document.querySelectorAll(".yasgui .tabMenu"), function (menu) {
      if (wb.config.lang !== "en") menu.lang = "en";
    });
  }

  function start() {
    var Yasgui = window.Yasgui, endpoint = wb.backend.endpoint();
    wb.configureCompletion(Yasgui.Yasqe);
    Yasgui.Yasr.registerPlugin("table", Yasgui.Yasr.plugins.table, false);
    Yasgui.Yasr.registerPlugin("srbtable", wb.ResultsTable);
    Yasgui.Tab.prototype.getShareableLink = link;
    state.yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: {endpoint: endpoint, method: "POST"},
      tabName: W.tabName, copyEndpointOnNewTab: true, populateFromUrl: false, autofocus: true, persistenceId: wb.backend.persistenceId,
      endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }, keys: []},
      yasqe: {value: wb.config.example, createShortLink: null, prefixCcApi: null},
      yasr: {pluginOrder: ["srbtable", "response"], defaultPlugin: "srbtable", prefixes: state.prefixes}
    });
    state.yasgui.persistentConfig.getTabs().forEach(function (id) {
      var tab = state.yasgui.getTab(id);
      if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    });
    state.yasgui.on("query", remember);
    state.yasgui.on("tabSelect", function () { window.setTimeout(function () { watch(); remember(); accessibleTabs(); }, 0); });
    state.yasgui.on("tabAdd", function () { window.setTimeout(function () { watch(); accessibleTabs(); }, 0); });
    // YASGUI tells of the response before YASR has read it: look once it has
    state.yasgui.on("queryResponse", function (yasgui, tab) {
      window.setTimeout(function () {
        var yasr = tab.getYasr();
        if (yasr && yasr.results && yasr.results.hasError()) wb.say(W.runFailed, true);
        document.body.setAttribute("data-results", yasr && yasr.results && !yasr.results.hasError() ? "shown" : "error");
      }, 0);
    });
    watch();
    accessibleTabs();
    document.getElementById("named-form").addEventListener("submit", function (event) {
      event.preventDefault();
      bindAndRun(event.target.getAttribute("data-name"), formValues(event.target));
    });
    document.getElementById("share").addEventListener("click", share);
    drawList();
    wb.loadTerms().then(entityNames).then(fromAddress);
  }

  start();
})();
