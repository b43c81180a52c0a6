  // -- legend and filters: support (line styles), classes (with a switch each), relations -----------
  var SVG = "http://www.w3.org/2000/svg";
  function icon(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    var points = {
      star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.8 3.5,15 5,9.5 1,6 6,6",
      triangle: "8,1.5 15,14.5 1,14.5", triangleDown: "1,1.5 15,1.5 8,14.5",
      diamond: "8,1 15,8 8,15 1,8", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      square: "2,2 14,2 14,14 2,14"
    }[shape];
    var s;
    if (points) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", points); }
    else { s = document.createElementNS(SVG, "circle"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5"); }
    s.setAttribute("fill", colour); s.setAttribute("stroke", "#333"); s.setAttribute("stroke-width", "0.8");
    svg.appendChild(s);
    return svg;
  }
  function line(colour, dashes, width, opacity) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour); l.setAttribute("stroke-width", String(width || 2));
    if (dashes) { l.setAttribute("stroke-dasharray", dashes); }
    if (opacity) { l.setAttribute("stroke-opacity", String(opacity)); }
    svg.appendChild(l);
    return svg;
  }
  function switchLine(list, key, value, checked, onChange, name) {
    var li = el("li"); li.dataset[key] = value;
    var box = el("input"); box.type = "checkbox"; box.checked = checked; box.value = value;
    box.setAttribute("aria-label", say(W["switch"], {name: name}));
    box.addEventListener("change", function () { onChange(box.checked); });
    li.appendChild(box);
    list.appendChild(li);
    return li;
  }
  var supportCount = {};
  DATA.edges.forEach(function (e) { supportCount[supportOf(e)] = (supportCount[supportOf(e)] || 0) + 1; });
  var supportList = document.getElementById("srb-legend-support");
  var supportLooks = {stated: [null, 2, 0], interpreted: ["6,4", 2, 0], context: [null, 1, 0], rejected: ["2,4", 2, 0.35]};
  SUPPORTS.forEach(function (s) {
    if (!supportCount[s]) { return; }
    var li = switchLine(supportList, "support", s, true, function (on) {
      state.support = SUPPORTS.filter(function (k) { return k === s ? on : state.support.indexOf(k) >= 0; });
      apply();
    }, W[s]);
    var look = supportLooks[s];
    li.appendChild(line("#444", look[0], look[1], look[2]));
    li.appendChild(el("span", "name", W[s]));
    li.appendChild(el("span", "count", supportCount[s].toLocaleString()));
  });
  var dashNote = el("li", "srb-dash-note", say(W["dash-note"], {n: DASH_LIMIT.toLocaleString()}));
  dashNote.hidden = dashing;
  supportList.appendChild(dashNote);
  var classList = document.getElementById("srb-legend-classes");
  DATA.classes.forEach(function (c) {
    var li = switchLine(classList, "cls", c.cls, true, function (on) {
      state.hide = state.hide.filter(function (k) { return k !== c.cls; });
      if (!on) { state.hide.push(c.cls); }
      apply();
    }, c.label);
    li.appendChild(icon(c.shape, c.colour)); li.appendChild(el("span", "name", c.label));
    li.appendChild(el("span", "count", c.count.toLocaleString()));
  });
  var relationList = document.getElementById("srb-legend-relations");
  if (DATA.kind === "paths") {
    var chainLine = el("li"); chainLine.appendChild(line("#555", null, 4)); chainLine.appendChild(el("span", "name", W.chain));
    relationList.appendChild(chainLine);
  }
  DATA.relations.forEach(function (r) {
    var li = el("li"); li.dataset.rel = r.rel;
    li.appendChild(line(r.colour, null, 2)); li.appendChild(el("span", "name", r.label));
    li.appendChild(el("span", "count", r.count.toLocaleString()));
    relationList.appendChild(li);
  });
  function chooser(id, choices, key) {
    var select = document.getElementById(id);
    if (!choices.length) { select.closest(".srb-row").hidden = true; }
    var all = el("option", null, W.all); all.value = ""; select.appendChild(all);
    choices.forEach(function (c) { var o = el("option", null, c[1]); o.value = c[0]; select.appendChild(o); });
    select.addEventListener("change", function () { state[key] = select.value; apply(); });
    return select;
  }
  var themeSelect = chooser("srb-theme", DATA.themes, "theme");
  var workshopSelect = chooser("srb-workshop", DATA.workshops, "workshop");
  var modeBoxes = {dim: document.getElementById("srb-mode-dim"), hide: document.getElementById("srb-mode-hide")};
  Object.keys(modeBoxes).forEach(function (mode) {
    modeBoxes[mode].addEventListener("change", function () { if (modeBoxes[mode].checked) { state.mode = mode; apply(); } });
  });
  function showControls() {
    modeBoxes[state.mode].checked = true;
    themeSelect.value = state.theme; workshopSelect.value = state.workshop;
    supportList.querySelectorAll("input").forEach(function (b) { b.checked = state.support.indexOf(b.value) >= 0; });
    classList.querySelectorAll("input").forEach(function (b) { b.checked = state.hide.indexOf(b.value) < 0; });
  }

  // -- search: a list of matches to pick from (mouse, or Tab and Enter); Enter picks the best ------
  var search = document.getElementById("srb-search");
  var results = document.getElementById("srb-results");
  var keys = DATA.nodes.map(function (n) { return [n.id, fold(n.name), fold(n.other || ""), fold(n.id)]; });
  function matches(text) {
    var key = fold(text);
    if (!key) { return []; }
    var ranked = [];
    keys.forEach(function (k) {
      var rank = (k[1] === key || k[2] === key || k[3] === key) ? 0
        : (k[1].indexOf(key) === 0 || k[2].indexOf(key) === 0) ? 1
        : (k[1].indexOf(key) >= 0 || k[2].indexOf(key) >= 0 || k[3].indexOf(key) >= 0) ? 2 : -1;
      if (rank >= 0) { ranked.push([rank, nodeById[k[0]].name.toLowerCase(), k[0]]); }
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return ranked.map(function (r) { return r[2]; });
  }
  function pick(id) {
    results.hidden = true;
    selectNode(id, true);
    panel.focus();
  }
  function listMatches() {
    clear(results);
    var found = matches(search.value).slice(0, 15);
    found.forEach(function (id) {
      var n = nodeById[id], li = el("li"), b = el("button", "srb-result", n.name);
      b.type = "button"; b.dataset.node = id;
      b.appendChild(el("span", "srb-result-class", classInfo[n.cls] ? classInfo[n.cls].name : n.cls));
      b.addEventListener("click", function () { pick(id); });
      b.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { results.hidden = true; search.focus(); } });
      li.appendChild(b); results.appendChild(li);
    });
    results.hidden = !found.length;
  }
  function choose(text) {
    var found = matches(text);
    if (!found.length) { counter.textContent = W.notfound; results.hidden = true; return null; }
    counter.textContent = "";
    results.hidden = true;
    selectNode(found[0], true);
    return found[0];
  }
  api.choose = choose;
  search.addEventListener("input", listMatches);
  document.addEventListener("click", function (ev) {
    if (!document.getElementById("srb-find").contains(ev.target)) { results.hidden = true; }
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); choose(search.value); }
    else if (ev.key === "ArrowDown" && !results.hidden) { ev.preventDefault(); results.querySelector("button").focus(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.getElementById("srb-reset").addEventListener("click", function () {
    search.value = ""; counter.textContent = ""; results.hidden = true;
    Object.keys(DEFAULT).forEach(function (k) { state[k] = JSON.parse(JSON.stringify(DEFAULT[k])); });
    state.focus = null; state.depth = null;
    network.unselectAll(); showNothing(); showControls(); apply();
    network.fit({animation: false});
  });

  // -- the view in the address: #sel=…&focus=…&depth=…&mode=hide&hide=…&support=… ----------------
  var lastHash = null;
  function hashOf() {
    var p = new URLSearchParams();
    if (state.sel) { p.set("sel", state.sel); }
    if (state.edge) { p.set("edge", state.edge); }
    if (state.focus !== DEFAULT.focus || state.depth !== DEFAULT.depth) {
      p.set("focus", state.focus || "-");
      if (state.depth !== null) { p.set("depth", String(state.depth)); }
    }
    if (state.paths) { p.set("paths", "1"); }
    if (state.mode !== "dim") { p.set("mode", state.mode); }
    if (state.hide.length) { p.set("hide", state.hide.slice().sort().join(",")); }
    if (state.theme) { p.set("theme", state.theme); }
    if (state.workshop) { p.set("workshop", state.workshop); }
    if (state.support.length !== SUPPORTS.length) { p.set("support", state.support.join(",") || "-"); }
    return p.toString();
  }
  function writeHash() {
    var text = hashOf();
    if (text === lastHash) { return; }
    lastHash = text;
    var url = location.href.split("#")[0] + (text ? "#" + text : "");
    try { history.replaceState(null, "", url); } catch (err) { location.hash = text; }
    api.hash = text;
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(DEFAULT).forEach(function (k) { state[k] = JSON.parse(JSON.stringify(DEFAULT[k])); });
    if (nodeById[p.get("sel")]) { state.sel = p.get("sel"); }
    if (edgeById[p.get("edge")]) { state.edge = p.get("edge"); }
    if (p.has("focus")) {
      state.focus = nodeById[p.get("focus")] ? p.get("focus") : null;
      var depth = parseInt(p.get("depth"), 10);
      state.depth = state.focus && depth >= 0 && depth < 100 ? depth : null;
    }
    state.paths = !!state.focus && p.get("paths") === "1";
    if (p.get("mode") === "hide") { state.mode = "hide"; }
    if (p.has("hide")) { state.hide = p.get("hide").split(",").filter(function (c) { return own(classInfo, c); }); }
    if (own(nodeById, p.get("theme"))) { state.theme = p.get("theme"); }
    if (own(nodeById, p.get("workshop"))) { state.workshop = p.get("workshop"); }
    if (p.has("support")) { state.support = SUPPORTS.filter(function (s) { return p.get("support").split(",").indexOf(s) >= 0; }); }
    lastHash = hashOf();
  }
  // the state of the address, shown; on first load vis-network has fitted the picture already, and
  // nothing is selected (a selection call draws at once: a second of drawing in a large graph)
  function restore(first) {
    readHash();
    showControls();
    if (state.sel) { network.selectNodes([state.sel]); showNode(nodeById[state.sel]); }
    else if (state.edge) { network.setSelection({nodes: [], edges: [state.edge]}, {unselectAll: true}); showEdge(edgeById[state.edge]); }
    else { if (!first) { network.unselectAll(); } showNothing(); }
    apply();
    var canvas = container.querySelector("canvas");
    if (canvas && (canvas.width !== Math.round(canvas.clientWidth * (window.devicePixelRatio || 1))
                   || canvas.height !== Math.round(canvas.clientHeight * (window.devicePixelRatio || 1)))) {
      network.setSize("100%", "100%");  // the page around the canvas changed its size: take it now
    }
    if (state.focus) { centre(api.passing); }
    else if (state.sel) { network.focus(state.sel, {scale: Math.max(network.getScale(), 0.9), animation: false}); }
    else if (!first) { network.fit({animation: false}); }
  }
  window.addEventListener("hashchange", function () { if (location.hash.replace(/^#/, "") !== lastHash) { restore(false); } });

  // -- the picture as PNG --------------------------------------------------------------------------
  function png() {
    var source = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = source.width; out.height = source.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  }
  api.png = png;
  document.getElementById("srb-png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = png(); a.download = "srbgraph-" + DATA.kind + ".png";
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
  });

  restore(true);
