  // The script of the srbgraph viz page: the body of a function that DATA (the view) and OPTIONS
  // (vis-network's) are given to. Everything that comes from the data reaches the page as
  // textContent or an attribute value, never as HTML.
  var W = DATA.words;
  var FADED = {background: "#eeeeee", border: "#dddddd", highlight: {background: "#eeeeee", border: "#dddddd"},
               hover: {background: "#eeeeee", border: "#dddddd"}};
  var FADED_FONT = "rgba(0,0,0,0.18)";
  var SUPPORTS = ["stated", "interpreted", "context", "rejected"];

  // -- small helpers -----------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function say(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values && key in values ? String(values[key]) : all;
    });
  }
  function fold(s) { return String(s).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim(); }
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // -- the data, indexed ---------------------------------------------------------------------------
  var nodeById = {}, edgeById = {}, edgesOf = {}, classInfo = {}, relInfo = {}, goalClass = {};
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; edgesOf[n.id] = []; });
  DATA.edges.forEach(function (e) {
    edgeById[e.id] = e; edgesOf[e.from].push(e);
    if (e.to !== e.from) { edgesOf[e.to].push(e); }
  });
  DATA.classes.forEach(function (c) { classInfo[c.cls] = c; });
  DATA.relations.forEach(function (r) { relInfo[r.rel] = r; });
  DATA.goalClasses.forEach(function (c) { goalClass[c] = true; });
  function supportOf(e) { return e.rejected ? "rejected" : (e.support || "context"); }
  function groupColour(cls) { return OPTIONS.groups[cls] ? OPTIONS.groups[cls].color : undefined; }

  function tooltip(n) {
    var box = el("div", "srb-tip");
    box.appendChild(el("div", "srb-tip-label", n.name));
    if (n.other) { box.appendChild(el("div", "srb-tip-other", n.other)); }
    box.appendChild(el("div", "srb-tip-class", (classInfo[n.cls] ? classInfo[n.cls].name : n.cls) + " · " + n.id));
    if (n.definition) { box.appendChild(el("div", "srb-tip-definition", n.definition)); }
    var shown = n.evidence.slice(0, 3);
    shown.forEach(function (ev) {
      box.appendChild(el("div", "srb-tip-quote", "„" + ev[0] + "“"));
      if (ev[1]) { box.appendChild(el("div", "srb-tip-section", "— " + ev[1])); }
    });
    if (n.evidence.length > shown.length) {
      box.appendChild(el("div", "srb-tip-section", say(W.more, {n: n.evidence.length - shown.length})));
    }
    return box;
  }
  // Interpreted links are dashed. Dashes cost the browser much drawing time (in Chromium without
  // a GPU, 8,000 dashed lines take a second a frame), so where more than DASH_LIMIT interpreted
  // links are in full view they are drawn thin and pale instead, and dashed again as soon as a
  // selection, the focus or a filter leaves at most DASH_LIMIT of them (the legend says so).
  var DASH_LIMIT = 1200;
  var dashing = DATA.edges.filter(function (e) { return e.support === "interpreted" && !e.rejected; }).length <= DASH_LIMIT;
  function edgeLook(e) {
    var colour = relInfo[e.rel] ? relInfo[e.rel].colour : "#9a9a9a";
    if (DATA.kind === "paths" && !e.chain) { colour = "#cccccc"; }
    var pale = e.rejected ? 0.3 : (e.support === "interpreted" && !dashing ? 0.45 : 0.9);
    var look = {color: {color: colour, highlight: colour, hover: colour, opacity: pale},
                dashes: false, width: e.chain ? 3.5 : (e.support && (dashing || e.support === "stated") ? 1.4 : 1.0),
                font: {color: "#444444"}};
    if (e.rejected) { look.dashes = [2, 6]; } else if (e.support === "interpreted" && dashing) { look.dashes = [9, 6]; }
    return look;
  }

  // -- the network ---------------------------------------------------------------------------------
  var visNodes = DATA.nodes.map(function (n) {
    return {id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, group: n.cls, title: tooltip(n)};
  });
  var visEdges = DATA.edges.map(function (e) {
    var look = edgeLook(e);
    look.id = e.id; look.from = e.from; look.to = e.to;
    look.label = relInfo[e.rel] ? relInfo[e.rel].name : e.rel;
    look.srb = {relation: e.rel, chain: !!e.chain, support: e.support, rejected: !!e.rejected};
    return look;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var container = document.getElementById("srb-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, OPTIONS);
  var api = {network: network, nodes: nodes, edges: edges, data: DATA, highlighted: null, drawn: false,
             drawnAt: null, captions: []};
  window.srbViz = api;

  // class regions of the whole-graph layout: a faint disc, and a caption of constant screen size
  // above it — or below it, or not at all where it would overlap a caption drawn before it
  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }
  network.on("beforeDrawing", function (ctx) {
    DATA.regions.forEach(function (r) {
      ctx.beginPath(); ctx.arc(r.x, r.y, r.r, 0, 2 * Math.PI);
      ctx.fillStyle = rgba(r.colour, 0.08); ctx.fill();
    });
  });
  function captionBoxes(ctx, scale) {
    var placed = [], pad = 3 / scale;
    var view = network.DOMtoCanvas({x: 0, y: 0}), far = network.DOMtoCanvas({x: container.clientWidth, y: 0});
    DATA.regions.forEach(function (r) {
      var text = r.label.replace(/ \(.*\)$/, "");
      var width = ctx.measureText(text).width, height = 16 / scale;
      // centred over the region, but kept inside the visible width
      var x = Math.max(view.x + 4 / scale, Math.min(r.x - width / 2, far.x - width - 4 / scale));
      var spots = [r.y - r.r - 4 / scale - height, r.y + r.r + 4 / scale, r.y - height / 2];
      for (var k = 0; k < spots.length; k++) {
        var box = {text: text, x: x, y: spots[k], w: width, h: height};
        var clash = placed.some(function (p) {
          return box.x < p.x + p.w + pad && p.x < box.x + box.w + pad && box.y < p.y + p.h + pad && p.y < box.y + box.h + pad;
        });
        if (!clash) { placed.push(box); return; }
      }
    });
    return placed;
  }
  network.on("afterDrawing", function (ctx) {
    if (!DATA.regions.length) { return; }
    var scale = network.getScale();
    ctx.font = "bold " + (14 / scale) + "px DejaVu Sans, Arial, sans-serif";
    ctx.textAlign = "left"; ctx.textBaseline = "top";
    ctx.lineWidth = 4 / scale; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#333333";
    var placed = captionBoxes(ctx, scale);
    placed.forEach(function (b) { ctx.strokeText(b.text, b.x, b.y); ctx.fillText(b.text, b.x, b.y); });
    api.captions = placed.map(function (b) {
      var a = network.canvasToDOM({x: b.x, y: b.y}), z = network.canvasToDOM({x: b.x + b.w, y: b.y + b.h});
      return {text: b.text, left: a.x, top: a.y, right: z.x, bottom: z.y};
    });
  });
  network.once("afterDrawing", function () { api.drawn = true; api.drawnAt = performance.now(); });
{% include 'page_state.js' %}
