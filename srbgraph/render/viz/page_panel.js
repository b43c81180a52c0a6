  // -- the detail panel ----------------------------------------------------------------------------
  var panel = document.getElementById("srb-panel");
  var counter = document.getElementById("srb-status");
  function clear(box) { while (box.firstChild) { box.removeChild(box.firstChild); } }
  function heading(text, count) { return el("h3", null, count === undefined ? text : text + " (" + count + ")"); }
  function quotes(list, box) {
    if (!list || !list.length) { box.appendChild(el("p", "srb-empty", W["no-evidence"])); return; }
    var ol = el("ol", "srb-quotes");
    list.forEach(function (ev) {  // quotes and sections of the German source, marked as German
      var li = el("li");
      li.appendChild(inSource(el("blockquote", "srb-quote", ev[0])));
      if (ev[1]) { li.appendChild(inSource(el("div", "srb-section", "— " + ev[1]))); }
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }
  function goto(id, text) {
    var b = el("button", "srb-goto", text);
    b.type = "button"; b.dataset.node = id;
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }
  function mark(e) { return e.rejected ? "✕" : e.support === "stated" ? "●" : e.support === "interpreted" ? "○" : ""; }
  // a relation by the ontology's label in the page's language (also those of links out of view)
  function relationName(rel) { return relInfo[rel] ? relInfo[rel].name : (DATA.relationNames || {})[rel] || rel; }

  function showNode(n) {
    clear(panel);
    panel.dataset.kind = "node"; panel.dataset.id = n.id;
    panel.appendChild(el("h2", "srb-name", n.name));
    if (n.other) { panel.appendChild(inOther(el("div", "srb-other", n.other))); }
    panel.appendChild(classLine("srb-class", n));
    if (DATA.pages && own(DATA.pages, n.id)) {  // the published site: the node's own page, from its map only
      var page = el("p", "srb-page"), to = el("a", null, W["page-link"]);
      to.href = DATA.pages[n.id];
      page.appendChild(to);
      panel.appendChild(page);
    }
    if (n.definition) {
      panel.appendChild(heading(W.definition));
      panel.appendChild(el("p", "srb-definition", n.definition));
    }
    panel.appendChild(heading(W.evidence, n.evidence.length));
    quotes(n.evidence, panel);
    if (n.figures) {  // a region's linked figures (srbgraph viz --store), as text
      panel.appendChild(heading(n.figures.title));
      var figures = el("ul", "srb-figures");
      n.figures.lines.forEach(function (line) { figures.appendChild(el("li", null, line)); });
      panel.appendChild(figures);
    }
    var groups = {}, order = [];
    edgesOf[n.id].forEach(function (e) {
      var out = e.from === n.id, key = (out ? "out|" : "in|") + e.rel;
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push({edge: e, other: out ? e.to : e.from});
    });
    (n.outside || []).forEach(function (link) {
      var key = link[1] + "|" + link[0];
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push({outside: link});
    });
    panel.appendChild(heading(W.links, edgesOf[n.id].length + (n.outside || []).length + (n.more || 0)));
    if (!order.length) { panel.appendChild(el("p", "srb-empty", W["no-links"])); }
    var links = el("div", "srb-links");
    order.sort().forEach(function (key) {
      var out = key.indexOf("out|") === 0, rel = key.slice(key.indexOf("|") + 1);
      links.appendChild(el("h4", null, out ? relationName(rel) + " →" : "← " + relationName(rel)));
      var ul = el("ul");
      groups[key].forEach(function (item) {
        var li = el("li");
        if (item.outside) {
          li.className = "srb-outside";
          li.appendChild(el("span", "srb-mark", ""));
          li.appendChild(el("span", null, item.outside[3]));
          li.appendChild(el("span", null, " (" + W.outside + ")"));
        } else {
          var sign = el("span", "srb-mark", mark(item.edge));
          sign.title = item.edge.rejected ? W.rejected : item.edge.support ? W[item.edge.support] : W.context;
          li.appendChild(sign);
          li.appendChild(goto(item.other, nodeById[item.other].name));
          var show = el("button", "srb-show-edge", W["show-link"]);
          show.type = "button"; show.dataset.edge = item.edge.id;
          show.addEventListener("click", function () { selectEdge(item.edge.id); });
          li.appendChild(show);
        }
        ul.appendChild(li);
      });
      links.appendChild(ul);
    });
    panel.appendChild(links);
    if (n.more) { panel.appendChild(el("p", "srb-outside", say(W["outside-more"], {n: n.more}))); }
  }

  function showEdge(e) {
    clear(panel);
    panel.dataset.kind = "edge"; panel.dataset.id = e.id;
    panel.appendChild(el("h2", "srb-name", W.link + ": " + relationName(e.rel)));
    var ends = el("div", "srb-ends");
    ends.appendChild(goto(e.from, nodeById[e.from].name));
    ends.appendChild(el("span", null, " — " + relationName(e.rel) + " → "));
    ends.appendChild(goto(e.to, nodeById[e.to].name));
    panel.appendChild(ends);
    panel.appendChild(heading(W.support));
    var support = el("p", "srb-support", e.support ? W[e.support] || e.support : W.context);
    support.dataset.support = e.support || "";
    panel.appendChild(support);
    if (e.rejected) { panel.appendChild(el("p", "srb-rejected-note", W.rejected)); }
    if (!e.support && !e.evidence && !e.rationale) { return; }
    panel.appendChild(heading(W.evidence, (e.evidence || []).length));
    quotes(e.evidence, panel);
    if (e.rationale) {
      panel.appendChild(heading(W.rationale));
      // in the page's language; only where the curation wrote none, the other one (marked as such)
      var written = [DATA.lang, OTHER, ""].filter(function (lang) { return own(e.rationale, lang); })[0];
      if (written !== undefined) {
        var rationale = el("p", "srb-rationale", e.rationale[written]);
        if (written) { rationale.lang = written; }
        panel.appendChild(rationale);
      }
    }
    panel.appendChild(heading(W.reviews, (e.reviews || []).length));
    if (!e.reviews) { panel.appendChild(el("p", "srb-empty", W["no-reviews"])); return; }
    var ul = el("ul", "srb-reviews");
    e.reviews.forEach(function (r) {
      var li = el("li", "srb-review");
      li.dataset.verdict = r[0];
      li.appendChild(el("span", "srb-verdict", DATA.verdicts[r[0]] || r[0]));
      li.appendChild(el("span", "srb-reviewer", " — " + [r[1], r[2]].filter(Boolean).join(", ")));
      if (r[3]) { li.appendChild(el("div", "srb-comment", r[3])); }
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  // with nothing selected, a neighbourhood's panel lists its nodes by distance from the focus —
  // the picture as text, every name readable, each a button that selects the node
  var LISTED = 400;
  function nodeList() {
    var rings = {};
    DATA.nodes.forEach(function (n) {
      var d = n.depth === undefined ? 0 : n.depth;
      (rings[d] = rings[d] || []).push(n);
    });
    var box = el("nav", "srb-list");
    box.setAttribute("aria-label", W.list);
    box.appendChild(el("h3", null, W.list + " (" + DATA.nodes.length + ")"));
    Object.keys(rings).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
      box.appendChild(el("h4", null, d === 0 ? W["list-focus"] : say(W["list-depth"], {n: d})));
      var ul = el("ul");
      rings[d].sort(function (a, b) {
        var ca = classInfo[a.cls] ? classInfo[a.cls].name : a.cls, cb = classInfo[b.cls] ? classInfo[b.cls].name : b.cls;
        return ca < cb ? -1 : ca > cb ? 1 : a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1;
      }).forEach(function (n) {
        var li = el("li");
        li.dataset.node = n.id;
        li.appendChild(goto(n.id, n.name));
        li.appendChild(el("span", "srb-class", classInfo[n.cls] ? classInfo[n.cls].name : n.cls));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
    return box;
  }
  function showNothing() {
    clear(panel);
    panel.dataset.kind = ""; panel.dataset.id = "";
    panel.appendChild(el("p", "srb-empty", W.empty));
    if (DATA.kind === "focus" && DATA.nodes.length <= LISTED) { panel.appendChild(nodeList()); }
  }

  // -- selecting -----------------------------------------------------------------------------------
  function selectNode(id, move) {
    if (!nodeById[id]) { return; }
    state.sel = id; state.edge = null;
    network.selectNodes([id]);
    showNode(nodeById[id]);
    if (move) { network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false}); }
    apply();
  }
  function selectEdge(id) {
    if (!edgeById[id]) { return; }
    state.edge = id; state.sel = null;
    network.setSelection({nodes: [], edges: [id]}, {unselectAll: true, highlightEdges: false});
    showEdge(edgeById[id]);
    apply();
  }
  function unselect() {
    state.sel = null; state.edge = null;
    network.unselectAll();
    showNothing();
    apply();
  }
  network.on("click", function (params) {
    if (params.nodes.length) { selectNode(params.nodes[0], false); }
    else if (params.edges.length) { selectEdge(params.edges[0]); }
    else if (state.sel || state.edge) { unselect(); }
  });
  api.selectNode = selectNode;
  api.selectEdge = selectEdge;

  // -- focus: − / +, only the paths through a node -------------------------------------------------
  var focusText = document.getElementById("srb-focus-text");
  var pathsBox = document.getElementById("srb-paths-through");
  function centre(ids) {
    if (!state.focus || !nodeById[state.focus]) { network.fit({animation: false}); return; }
    // far enough out that every shape and label of the view lies inside the canvas, with a margin
    // of MARGIN screen pixels: nothing is cut off at the edges
    var at = network.getPositions([state.focus])[state.focus], reach = {x: 1, y: 1}, MARGIN = 16;
    (ids || []).forEach(function (id) {
      var b = network.getBoundingBox(id);
      reach.x = Math.max(reach.x, Math.abs(b.left - at.x), Math.abs(b.right - at.x));
      reach.y = Math.max(reach.y, Math.abs(b.top - at.y), Math.abs(b.bottom - at.y));
    });
    var box = container.getBoundingClientRect();
    var scale = Math.min((box.width - 2 * MARGIN) / (2 * reach.x), (box.height - 2 * MARGIN) / (2 * reach.y), 1.5);
    network.moveTo({position: at, scale: scale, animation: false});
  }
  function showFocus() {
    var n = state.focus && nodeById[state.focus];
    focusText.textContent = !n ? W["focus-none"]
      : state.depth === null ? n.name : say(W["focus-depth"], {label: n.name, depth: state.depth});
    focusText.title = focusText.textContent;
    pathsBox.checked = !!(n && state.paths);
    if (n && n.id === DATA.focus && state.depth !== null && state.depth > DATA.depth) {
      counter.textContent = say(W["depth-limit"], {n: DATA.depth, m: state.depth});
    }
  }
  function refocus(change) {
    var target = state.sel || state.focus;
    if (!target) { showFocus(); counter.textContent = W["focus-none"]; return; }
    if (target !== state.focus) { state.focus = target; state.depth = null; state.paths = false; }
    change();
    apply();
    centre(api.passing);
  }
  document.getElementById("srb-more").addEventListener("click", function () {
    refocus(function () { state.depth = state.depth === null ? 1 : state.depth + 1; });
  });
  document.getElementById("srb-less").addEventListener("click", function () {
    refocus(function () { state.depth = state.depth === null ? 1 : Math.max(0, state.depth - 1); });
  });
  document.getElementById("srb-focus-off").addEventListener("click", function () {
    state.focus = null; state.depth = null; state.paths = false;
    apply(); network.fit({animation: false});
  });
  pathsBox.addEventListener("change", function () {
    if (!pathsBox.checked) { state.paths = false; apply(); return; }
    refocus(function () { state.paths = true; });
  });

{% include 'page_controls.js' %}
