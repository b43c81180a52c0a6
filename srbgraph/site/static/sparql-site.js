/* The SPARQL page of the static site: Oxigraph's WebAssembly store in the page, loaded with the
 * graph, answering the workbench's endpoint; the workbench's backend for a page with no server.
 *
 * Loaded after oxigraph.js, oxigraph-wasm.js, sparql-graph.js and YASGUI, before the workbench's
 * scripts (workbench.js takes window.srbgraphBackend instead of the server's calls):
 * - window.fetch answers the endpoint's address (`sparql` beside the page) from the store and
 *   refuses every other request before it leaves the page (see srbgraph/site/sparql.py);
 * - a named query is bound here as the library binds it: the same VALUES block at the offset the
 *   library computed (`at`), each value written as an escaped RDF term;
 * - the status line says while the graph loads, then that it is ready, or what failed.
 * Everything from the data reaches the page as text (textContent), never as markup.
 */
(function () {
  "use strict";

  var RESOURCE = "https://w3id.org/srbgraph/resource/";
  var ONTOLOGY = "https://w3id.org/srbgraph/ontology#";
  var XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer";
  var RESULTS = "application/sparql-results+json";
  var site = JSON.parse(document.getElementById("sparql-site").textContent);
  var named = JSON.parse(document.getElementById("named-queries").textContent);
  var graph = window.srbgraphGraph, W = site.words;
  var ENDPOINT = new URL(site.endpoint, window.location.href).href;
  var store = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key] !== undefined ? values[key] : all; });
  }

  // ------------------------------------------------------------------------------------------
  // the store: the engine from its bytes, then the graph
  // ------------------------------------------------------------------------------------------
  function tell(text, state, detail) {
    var line = document.getElementById("store-status");
    line.textContent = text;
    line.className = state === "error" ? "error" : "";
    if (detail) {
      var more = document.createElement("span");
      more.className = "detail";
      more.textContent = " " + detail;
      more.lang = "en";  // the engine's own words
      line.appendChild(more);
    }
    document.body.setAttribute("data-store", state);
  }

  function bytes(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var raw = window.atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
    return out;
  }

  // gzip-packed base64 (sparql.py packs the engine and the graph so) → bytes, unpacked in the page
  // by the browser's own DecompressionStream: a Response made here reads a stream, it asks no one
  function unpacked(text) {
    var stream = new Blob([bytes(text)]).stream().pipeThrough(new window.DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  function load() {
    var started = window.performance.now();
    if (typeof WebAssembly !== "object" || typeof window.DecompressionStream !== "function" || !window.oxigraph ||
        !window.srbgraphOxigraphWasm || !graph) {
      return Promise.reject(new Error(W.noWasm));
    }
    return Promise.all([unpacked(window.srbgraphOxigraphWasm), unpacked(graph.packed)]).then(function (found) {
      return window.oxigraph.init({module_or_path: found[0]}).then(function () {
        return new TextDecoder("utf-8").decode(found[1]);
      });
    }).then(function (turtle) {
      var made = new window.oxigraph.Store();
      made.load(turtle, {format: graph.format});
      store = made;
      document.body.setAttribute("data-store-ms", String(Math.round(window.performance.now() - started)));
      tell(fill(W.ready, {n: store.size.toLocaleString(site.lang)}), "ready");
    });
  }

  tell(W.loading, "loading");
  // after the first paint: the status line shows while the engine compiles and the graph loads
  var ready = new Promise(function (resolve) { window.setTimeout(resolve, 0); }).then(load);
  ready.catch(function (error) { tell(W.failed, "error", String(error && error.message || error)); });

  // ------------------------------------------------------------------------------------------
  // the endpoint in the page; no other request leaves it
  // ------------------------------------------------------------------------------------------
  function reply(status, type, text) {
    return new Response(text, {status: status, headers: {"Content-Type": type + "; charset=utf-8"}});
  }

  function run(query, accept) {
    try {
      return reply(200, RESULTS, store.query(query, {results_format: RESULTS}));
    } catch (error) {  // a CONSTRUCT or DESCRIBE answers with triples, not with a results table
      if (!/not supported rdf format/i.test(String(error && error.message))) throw error;
    }
    var type = accept.indexOf("application/n-triples") >= 0 ? "application/n-triples" : "text/turtle";
    return reply(200, type, store.query(query, {results_format: type}));
  }

  function answer(request) {
    var body = request.method === "POST" ? request.text() : Promise.resolve(new URL(request.url).search.slice(1));
    return Promise.all([body, ready]).then(function (found) {
      var params = new URLSearchParams(found[0]);
      if (params.get("update") !== null) return reply(400, "text/plain", W.readOnly);
      try {
        return run(params.get("query") || "", request.headers.get("Accept") || "");
      } catch (error) {
        return reply(400, "text/plain", String(error && error.message || error));
      }
    }, function (error) {
      return reply(503, "text/plain", W.failed + " " + String(error && error.message || error));
    });
  }

  window.fetch = function (input, init) {
    var request;
    try {
      request = new Request(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    if (request.url !== ENDPOINT) return Promise.reject(new TypeError(W.refused + " " + request.url));
    return answer(request);
  };

  // ------------------------------------------------------------------------------------------
  // binding a named query's parameters as the library does
  // ------------------------------------------------------------------------------------------
  function Refused(message) { this.message = message; }

  function iriTerm(iri) {
    if (/[\x00-\x20<>"{}|^`\\]/.test(iri)) throw new Refused(fill(W.badIri, {value: iri}));
    return "<" + iri + ">";
  }

  function literalTerm(value, datatype) {
    var escaped = value.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r").replace(/\t/g, "\\t");
    return "\"" + escaped + "\"" + (datatype ? "^^" + iriTerm(datatype) : "");
  }

  function quoted(value) { return "'" + value.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }

  function expandIri(value) {
    value = value.trim();
    if (value.charAt(0) === "<" && value.charAt(value.length - 1) === ">") return value.slice(1, -1);
    if (/^https?:\/\//.test(value)) return value;
    var colon = value.indexOf(":");
    if (colon >= 0 && Object.prototype.hasOwnProperty.call(graph.prefixes, value.slice(0, colon))) {
      return graph.prefixes[value.slice(0, colon)] + value.slice(colon + 1);
    }
    if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)) return RESOURCE + value;
    throw new Refused(fill(W.iri, {value: quoted(value)}));
  }

  function entity(parameter, raw) {
    var allowed = graph.choices[parameter.choices] || [], wanted = raw.trim(), lower = wanted.toLowerCase();
    var iri = null;
    try { iri = expandIri(wanted); } catch (ignored) { iri = null; }
    if (iri && allowed.indexOf(iri) >= 0) return iri;
    var byLabel = allowed.filter(function (one) {
      var term = terms[one] || {};
      return (term.de || "").toLowerCase() === lower || (term.en || "").toLowerCase() === lower;
    });
    if (byLabel.length === 1) return byLabel[0];
    throw new Refused(fill(W.unknownEntity, {value: raw}));
  }

  function term(parameter, raw) {
    var name = parameter ? parameter.name : "", kind = parameter ? parameter.type : "auto";
    if (kind === "entity") return iriTerm(entity(parameter, raw));
    if (kind === "iri") return iriTerm(expandIri(raw));
    if (kind === "integer") {
      if (!/^-?\d+$/.test(raw.trim())) throw new Refused(fill(W.wholeNumber, {name: name, value: quoted(raw)}));
      return literalTerm(raw.trim(), XSD_INTEGER);
    }
    if (kind === "lang" && raw !== "de" && raw !== "en") throw new Refused(fill(W.lang, {name: name, value: quoted(raw)}));
    if (kind === "support" && raw !== "any" && raw !== "stated") {
      throw new Refused(fill(W.support, {name: name, value: quoted(raw), choices: site.lang === "de" ? "any oder stated" : "any or stated"}));
    }
    if (kind === "auto" && raw.charAt(0) === "<" && raw.charAt(raw.length - 1) === ">") return iriTerm(expandIri(raw));
    return literalTerm(raw);
  }

  function bound(query, given) {
    var parameters = {}, values = {};
    query.parameters.forEach(function (parameter) { parameters[parameter.name] = parameter; });
    Object.keys(given).forEach(function (key) {
      if (query.parameters.length && !parameters[key]) {
        var known = query.parameters.map(function (p) { return p.name; }).join(", ");
        throw new Refused(fill(W.noParameter, {query: query.name, name: key, known: known}));
      }
      values[key] = given[key];
    });
    query.parameters.forEach(function (parameter) {
      if (values[parameter.name] === undefined && parameter["default"] !== null) values[parameter.name] = parameter["default"];
    });
    var names = Object.keys(values);
    if (!names.length) return query.text;
    names.forEach(function (key) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Refused(fill(W.noParameter, {query: query.name, name: key, known: ""}));
    });
    var row = names.map(function (key) { return term(parameters[key], values[key]); });
    var block = " VALUES (" + names.map(function (key) { return "?" + key; }).join(" ") + ") { (" + row.join(" ") + ") } ";
    return query.text.slice(0, query.at) + block + query.text.slice(query.at);
  }

  function bind(name, given) {
    var query = named.filter(function (one) { return one.name === name; })[0];
    try {
      if (!query) throw new Refused(name);
      return Promise.resolve({named: name, parameters: given, query: bound(query, given)});
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      return Promise.resolve({error: error.message, lang: site.lang});
    }
  }

  // ------------------------------------------------------------------------------------------
  // terms, entity choices, pages
  // ------------------------------------------------------------------------------------------
  var terms = {};
  graph.terms.forEach(function (one) { terms[one.iri] = one; });

  function labelOf(iri) {
    var one = terms[iri] || {}, first = site.lang === "en" ? one.en : one.de;
    return first || one.de || one.en || iri.slice(RESOURCE.length);
  }

  function choices(parameter) {
    var allowed = graph.choices[parameter.choices];
    if (!allowed) return null;
    var seen = {}, listed = allowed.map(function (iri) {
      var label = labelOf(iri);
      seen[label] = (seen[label] || 0) + 1;
      return {value: iri.slice(RESOURCE.length), label: label};
    });
    listed.forEach(function (choice) { if (seen[choice.label] > 1) choice.label += " (" + choice.value + ")"; });
    listed.sort(function (a, b) { return a.label.localeCompare(b.label, site.lang); });
    return (parameter["default"] === null ? [{value: "", label: W.any}] : []).concat(listed);
  }

  var pages = {};
  site.pages.forEach(function (path) { pages[path] = true; });

  // as the site names a page's file (srbgraph.site.context.id_path): "/" stays, a character outside
  // [A-Za-z0-9-.~] becomes "_" and the hex code of each of its UTF-8 bytes, "", "." and ".." spelled out
  function idPath(ident) {
    var encoder = new TextEncoder();
    return ident.split("/").map(function (part) {
      var out = Array.from(part).map(function (ch) {
        if (/^[A-Za-z0-9\-.~]$/.test(ch)) return ch;
        return Array.from(encoder.encode(ch)).map(function (b) {
          return "_" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
        }).join("");
      }).join("");
      return (out === "" || out === "." || out === "..") ? "_" + out.replace(/\./g, "_2E") : out;
    }).join("/");
  }

  function pageOf(iri) {
    var spaces = [[RESOURCE, "resource/"], [ONTOLOGY, "ontology/"]];
    for (var i = 0; i < spaces.length; i += 1) {
      var space = spaces[i][0];
      if (iri.indexOf(space) === 0 && iri.length > space.length) {
        var path = spaces[i][1] + idPath(iri.slice(space.length)) + ".html";
        return pages[path] ? site.pageBase + path : null;
      }
    }
    return null;
  }

  // YASGUI comes gzip-packed (sparql.py): unpacked here and run as a script the page made itself
  // (a blob: address, no request), then the workbench's scripts in their order
  function script(src) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = function () { reject(new Error(src)); };
      document.body.appendChild(element);
    });
  }

  function startWorkbench() {
    return unpacked(window.srbgraphYasgui).then(function (code) {
      return script(URL.createObjectURL(new Blob([code], {type: "text/javascript"})));
    }).then(function () {
      return site.scripts.reduce(function (done, src) { return done.then(function () { return script(src); }); },
                                 Promise.resolve());
    }).catch(function (error) { tell(W.failed, "error", String(error && error.message || error)); });
  }

  window.srbgraphBackend = {
    endpoint: function () { return ENDPOINT; },
    terms: function () { return Promise.resolve({prefixes: graph.prefixes, terms: graph.terms}); },
    bind: bind,
    pageOf: pageOf,
    idPath: idPath,
    choices: choices,
    persistenceId: site.persistenceId,
    ready: ready
  };
  startWorkbench();
})();
