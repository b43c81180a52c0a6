/* The query workbench of `srbgraph serve`: YASGUI (vendored, offline) set up for this graph.
 *
 * - Completion from the graph itself (GET /api/terms): its prefixes, the ontology's classes and
 *   properties, individuals by id or label. YASGUI's online look-ups (prefix.cc, LOV) are replaced.
 * - The named queries with a form for their parameters; the server binds the values as RDF terms
 *   exactly as `srbgraph query NAME -p …` does (GET /api/bind) and the bound text runs in the editor.
 * - Results as a table whose IRIs read like the graph: prefixed name, label beside, a link to the
 *   IRI's page (/resource/…, /ontology/…).
 * - The address bar carries the named query with its values, or the query text: a link reproduces it.
 *
 * What it asks of a server — the endpoint's address, the terms, binding a named query, the page of
 * an IRI — goes through one backend object: the server's (below), or the one a page sets as
 * `window.srbgraphBackend` before this script (the static site answers all of it in the page).
 *
 * Everything from the data is set with textContent, never as markup.
 */
(function () {
  "use strict";

  var RESOURCE = "https://w3id.org/srbgraph/resource/";
  var ONTOLOGY = "https://w3id.org/srbgraph/ontology#";
  var RESERVED = {named: true, query: true};

  function data(id) { return JSON.parse(document.getElementById(id).textContent); }

  var config = data("workbench-config");
  var named = data("named-queries");
  var W = config.words;
  var state = {
    terms: {}, byKind: {"class": [], property: [], individual: []},
    prefixes: config.prefixes, current: null, labelLang: config.lang, yasgui: null
  };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // ------------------------------------------------------------------------------------------
  // IRIs as the graph names them
  // ------------------------------------------------------------------------------------------
  function shorten(iri) {
    var best = null;
    Object.keys(state.prefixes).forEach(function (prefix) {
      var ns = state.prefixes[prefix];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > best[1].length)) {
        best = [prefix, ns];
      }
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : null;
  }

  function labelOf(iri, lang) {
    var term = state.terms[iri];
    if (!term) return "";
    var first = (lang || state.labelLang) === "en" ? term.en : term.de;
    return first || term.de || term.en || "";
  }

  function serverPageOf(iri) {
    var path = null;
    if (iri.indexOf(RESOURCE) === 0) path = "/resource/" + iri.slice(RESOURCE.length);
    else if (iri.indexOf(ONTOLOGY) === 0) path = "/ontology/" + iri.slice(ONTOLOGY.length);
    if (!path || !/^[\w\-.~\/:%]+$/.test(path.slice(1))) return null;
    return path.split("/").map(encodeURIComponent).join("/");
  }

  // ------------------------------------------------------------------------------------------
  // completion from the graph
  // ------------------------------------------------------------------------------------------
  function expand(text) {
    var match = /^([A-Za-z][\w\-.]*)?:(.*)$/.exec(text);
    if (match && state.prefixes[match[1] || ""] !== undefined) return state.prefixes[match[1] || ""] + match[2];
    return text.replace(/^</, "").replace(/>$/, "");
  }

  function termCompleter(kind) {
    return function (yasqe, token) {
      var wanted = expand(token ? (token.autocompletionString || token.string || "").trim() : "");
      var cut = Math.max(wanted.lastIndexOf("#"), wanted.lastIndexOf("/"));
      var space = wanted.slice(0, cut + 1), part = wanted.slice(cut + 1).toLowerCase();
      var found = state.byKind[kind].filter(function (term) {
        if (term.iri.indexOf(wanted) === 0) return true;
        if (part.length < 2 || term.iri.indexOf(space) !== 0) return false;
        return (term.de + " " + term.en).toLowerCase().indexOf(part) >= 0;
      });
      return found.slice(0, 200).map(function (term) { return term.iri; });
    };
  }

  function asWritten(yasqe, token, iri) {
    var short = shorten(iri);
    return short || "<" + iri + ">";
  }

  function withLabels(yasqe, hints) {
    hints.forEach(function (hint) {
      var label = labelOf(expand(hint.text));
      if (label) hint.displayText = hint.text + "  —  " + label;
    });
    return hints;
  }

  function resourcePrefix() {
    return Object.keys(state.prefixes).filter(function (p) { return state.prefixes[p] === RESOURCE; })[0];
  }

  function configureCompletion(Yasqe) {
    var builtIn = Yasqe.Autocompleters;
    var prefixLines = function (yasqe, token) {
      var lines = Object.keys(state.prefixes).sort().map(function (p) { return p + ": <" + state.prefixes[p] + ">"; });
      var wanted = token ? (token.autocompletionString || token.string || "").trim() : "";
      return lines.filter(function (line) { return line.indexOf(wanted) === 0; });
    };
    Yasqe.registerAutocompleter(Object.assign({}, builtIn.prefixes, {get: prefixLines, bulk: false, persistenceId: undefined}));
    ["class", "property"].forEach(function (name) {
      Yasqe.registerAutocompleter(Object.assign({}, builtIn[name], {
        get: termCompleter(name), bulk: false, autoShow: true, postProcessSuggestion: asWritten,
        postprocessHints: withLabels}));
    });
    Yasqe.registerAutocompleter({
      name: "individuals", bulk: false, autoShow: true, get: termCompleter("individual"),
      preProcessToken: builtIn.property.preProcessToken, postProcessSuggestion: asWritten, postprocessHints: withLabels,
      isValidCompletionPosition: function (yasqe) {
        var token = yasqe.getCompleteToken(), text = token.string || "", prefix = resourcePrefix();
        var ours = (prefix !== undefined && text.indexOf(prefix + ":") === 0) || text.indexOf("<" + RESOURCE) === 0;
        return ours && token.state.possibleCurrent.indexOf("a") < 0;
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // what the page asks of the server (or of the backend a page plugs in)
  // ------------------------------------------------------------------------------------------
  var backend = window.srbgraphBackend || {
    endpoint: function () { return window.location.origin + "/sparql"; },
    terms: function () {
      return fetch("/api/terms", {headers: {Accept: "application/json"}}).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
    },
    bind: function (name, values) {
      var params = new URLSearchParams({named: name});
      Object.keys(values).forEach(function (key) { params.append(key, values[key]); });
      return fetch("/api/bind?" + params.toString(), {headers: {Accept: "application/json"}}).then(function (response) {
        return response.json().catch(function () { return {error: response.status + " " + response.statusText}; });
      });
    },
    pageOf: serverPageOf,
    choices: function () { return null; },
    persistenceId: "srbgraph-workbench"
  };

  function pageOf(iri) { return backend.pageOf(iri); }

  function loadTerms() {
    return backend.terms().then(function (doc) {
      state.prefixes = doc.prefixes;
      doc.terms.forEach(function (term) {
        state.terms[term.iri] = term;
        (state.byKind[term.kind] || []).push(term);
      });
      document.body.setAttribute("data-terms", String(doc.terms.length));
      if (state.yasgui) state.yasgui.getTab().getYasr().refresh();
    }).catch(function (error) { say(W.termsFailed + " " + error, true); });
  }

  // a line in the status field; *detail* (a message of the server) follows it, marked with its
  // language (*lang*) where that is not the page's
  function say(text, bad, detail, lang) {
    var status = document.getElementById("status");
    status.textContent = text;
    status.className = bad ? "error" : "";
    if (detail) {
      var more = el("span", " " + detail, "detail");
      if (lang && lang !== config.lang) more.lang = lang;
      status.appendChild(more);
    }
  }

  window.srbgraphWorkbench = {state: state, shorten: shorten, labelOf: labelOf, pageOf: pageOf, el: el,
                              say: say, configureCompletion: configureCompletion, loadTerms: loadTerms,
                              named: named, config: config, reserved: RESERVED, backend: backend};
})();
