/* The named queries of the workbench, the page's address, and the start of YASGUI.
 *
 * A named query is chosen from the list (title and description); its form holds one field per
 * parameter with its default. "Bind and run" asks the server to bind the values as RDF terms
 * (GET /api/bind, the library function `srbgraph query` uses) and runs the bound text. The address
 * bar then reads /?named=NAME&param=value…; after an edit of the text it reads /?query=TEXT. Opening
 * either address reproduces the query and runs it.
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
      button.addEventListener("click", function () { choose(query.name, {}); });
      item.appendChild(button);
      item.appendChild(el("p", query.description, "description"));
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

  function find(name) {
    return wb.named.filter(function (query) { return query.name === name; })[0];
  }

  function field(parameter, given) {
    var row = el("div", null, "parameter"), id = "param-" + parameter.name, input;
    var label = el("label", parameter.name + " (" + (W.types[parameter.type] || parameter.type) + ")");
    label.htmlFor = id;
    row.appendChild(label);
    var choices = {lang: ["de", "en"], support: ["any", "stated"]}[parameter.type];
    if (choices) {
      input = el("select");
      choices.forEach(function (value) { var option = el("option", value); option.value = value; input.appendChild(option); });
    } else {
      input = el("input");
      input.type = "text";
      if (parameter.type === "entity") input.setAttribute("list", "entity-names");
    }
    input.id = id;
    input.name = parameter.name;
    var value = given[parameter.name] !== undefined ? given[parameter.name] : parameter["default"];
    if (value !== null && value !== undefined) input.value = value;
    if (parameter["default"] !== null) input.setAttribute("data-default", parameter["default"]);
    row.appendChild(input);
    row.appendChild(el("p", parameter.description, "help"));
    return row;
  }

  function choose(name, given) {
    var query = find(name);
    if (!query) { wb.say(W.unknownQuery.replace("{name}", name), true); return null; }
    var form = document.getElementById("named-form");
    while (form.firstChild) form.firstChild.remove();
    form.appendChild(el("h3", query.title));
    form.appendChild(el("p", query.description, "description"));
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
    return form;
  }

  function formValues(form) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (input) {
      if (input.value.trim() !== "") values[input.name] = input.value.trim();
    });
    return values;
  }

  function bindAndRun(name, values) {
    var params = new URLSearchParams({named: name});
    Object.keys(values).forEach(function (key) { params.append(key, values[key]); });
    wb.say(W.binding);
    return fetch("/api/bind?" + params.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().catch(function () { return {error: response.status + " " + response.statusText}; });
      })
      .then(function (doc) {
        if (doc.error) { wb.say(doc.error, true); return; }
        wb.say("");
        state.current = {name: name, values: values, text: doc.query};
        state.labelLang = values.lang || wb.config.lang;
        var tab = state.yasgui.getTab();
        tab.setQuery(doc.query);
        tab.setName(name);
        return tab.query().catch(function () { /* YASR shows the error */ });
      })
      .catch(function (error) { wb.say(String(error), true); });
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
    return window.location.origin + window.location.pathname + "?" + params.toString();
  }

  function remember() {
    window.history.replaceState(null, "", link());
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
      return tab.query().catch(function () { /* YASR shows the error */ });
    }
  }

  // ------------------------------------------------------------------------------------------
  // YASGUI, set up for this server
  // ------------------------------------------------------------------------------------------
  function start() {
    var Yasgui = window.Yasgui, endpoint = window.location.origin + "/sparql";
    wb.configureCompletion(Yasgui.Yasqe);
    Yasgui.Yasr.registerPlugin("table", Yasgui.Yasr.plugins.table, false);
    Yasgui.Yasr.registerPlugin("srbtable", wb.ResultsTable);
    Yasgui.Tab.prototype.getShareableLink = link;
    state.yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: {endpoint: endpoint, method: "POST"},
      copyEndpointOnNewTab: true, populateFromUrl: false, autofocus: true, persistenceId: "srbgraph-workbench",
      endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }, keys: []},
      yasqe: {value: wb.config.example, createShortLink: null, prefixCcApi: null},
      yasr: {pluginOrder: ["srbtable", "response"], defaultPlugin: "srbtable", prefixes: state.prefixes}
    });
    state.yasgui.persistentConfig.getTabs().forEach(function (id) {
      var tab = state.yasgui.getTab(id);
      if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    });
    state.yasgui.on("query", remember);
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
