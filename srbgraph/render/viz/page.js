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
  // the other language's text (an entity's second label) carries its language, for screen readers
  var OTHER = DATA.lang === "de" ? "en" : "de";
  function inOther(node) { node.lang = OTHER; return node; }
  function inSource(node) { node.lang = "de"; return node; }  // the source documentation is German
  // "class · id": the class in the page's language, the id as an identifier (code)
  function classLine(cls, n) {
    var line = el("div", cls, (classInfo[n.cls] ? classInfo[n.cls].name : n.cls) + " · ");
    line.appendChild(el("code", "srb-id", n.id));
    return line;
  }

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
    if (n.other) { box.appendChild(inOther(el("div", "srb-tip-other", n.other))); }
    box.appendChild(classLine("srb-tip-class", n));
    if (n.definition) { box.appendChild(el("div", "srb-tip-definition", n.definition)); }
    var shown = n.evidence.slice(0, 3);
    shown.forEach(function (ev) {
      box.appendChild(inSource(el("div", "srb-tip-quote", "„" + ev[0] + "“")));
      if (ev[1]) { box.appendChild(inSource(el("div", "srb-tip-section", "— " + ev[1]))); }
    });
    if (n.evidence.length > shown.length) {
      box.appendChild(el("div", "srb-tip-section", say(W.more, {n: n.evidence.length - shown.length})));
    }
    if (n.figures) {  // a region's linked figures (srbgraph viz --store)
      box.appendChild(el("div", "srb-tip-class", n.figures.title));
      n.figures.lines.forEach(function (line) { box.appendChild(el("div", "srb-tip-section", line)); });
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
  // the focus stands out three ways: a larger shape with a thick dark border, a ring drawn around
  // it (beforeDrawing) and the words "FOKUS"/"FOCUS" as the first line of its label
  var visNodes = DATA.nodes.map(function (n) {
    var node = {id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, group: n.cls, title: tooltip(n)};
    if (n.id === DATA.focus) { node.size = n.size * 1.3; node.borderWidth = 4; node.font = {bold: true}; }
    return node;
  });
  var visEdges = DATA.edges.map(function (e) {
    var look = edgeLook(e);
    look.id = e.id; look.from = e.from; look.to = e.to;
    look.label = relInfo[e.rel] ? relInfo[e.rel].name : e.rel;
    look.srb = {relation: e.rel, chain: !!e.chain, support: e.support, rejected: !!e.rejected};
    if (e.bend) { look.smooth = {enabled: true, type: "curvedCW", roundness: 0.35}; }  // not across the focus
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
    var focus = DATA.focus && nodeById[DATA.focus];
    if (focus && !nodes.get(focus.id).hidden) {
      var at = network.getPositions([focus.id])[focus.id], scale = network.getScale();
      ctx.beginPath(); ctx.arc(at.x, at.y, focus.size * 1.3 + 9 / scale, 0, 2 * Math.PI);
      ctx.lineWidth = 4 / scale; ctx.strokeStyle = "#111111"; ctx.setLineDash([]); ctx.stroke();
    }
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
  // Labels in a neighbourhood: where the picture is too small for vis-network's own labels (it
  // leaves out those under OPTIONS' drawThreshold on screen), the page writes the labels that
  // matter at a readable size — the focus first, then its neighbours, then goals, needs, obstacles
  // and measures, then the rest, each by its number of links — and leaves out a label that would
  // overlap one already written or a label vis-network draws. Zooming in makes room for more.
  var LABEL_PX = 12.5, THRESHOLD = ((OPTIONS.nodes.scaling || {}).label || {}).drawThreshold || 5;
  var PATH_CLASSES = {DevelopmentNeed: 1, Obstacle: 1, Measure: 1};
  var degree = {};
  DATA.edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
  function rank(n) {
    if (n.id === DATA.focus) { return 0; }
    if (n.depth === 1) { return 1; }
    return goalClass[n.cls] || PATH_CLASSES[n.cls] ? 2 : 3;
  }
  var byRank = DATA.nodes.slice().sort(function (a, b) {
    return rank(a) - rank(b) || (degree[b.id] || 0) - (degree[a.id] || 0) || (a.id < b.id ? -1 : 1);
  });
  function fontOf(n) {
    var group = OPTIONS.groups[n.cls];
    return group && group.font && group.font.size ? group.font.size : 14;
  }
  function short(text) { return text.length > 30 ? text.slice(0, 28).replace(/\s+\S*$/, "") + " …" : text; }
  function writtenLabels(ctx) {
    var scale = network.getScale(), placed = [], pad = 3;
    var width = container.clientWidth, height = container.clientHeight;
    function free(box) {
      return box.left >= 0 && box.right <= width && box.top >= 0 && box.bottom <= height && !placed.some(function (p) {
        return box.left < p.right + pad && p.left < box.right + pad && box.top < p.bottom + pad && p.top < box.bottom + pad;
      });
    }
    var mine = [];
    byRank.forEach(function (n) {
      var look = shown.nodes[n.id];
      if (look === "hidden" || look === "faded") { return; }
      var at = network.canvasToDOM(network.getPositions([n.id])[n.id]);
      var radius = (n.id === DATA.focus ? n.size * 1.3 : n.size) * scale;
      placed.push({left: at.x - radius, right: at.x + radius, top: at.y - radius, bottom: at.y + radius, shape: true});
      if (fontOf(n) * scale >= THRESHOLD - 1) {  // vis-network draws this label: keep its room
        var s = network.body.nodes[n.id].labelModule.size, a = network.canvasToDOM({x: s.left, y: s.top});
        var z = network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
        placed.push({left: a.x, top: a.y, right: z.x, bottom: z.y});
      } else {
        mine.push([n, at, radius]);
      }
    });
    var written = [];
    ctx.font = LABEL_PX + "px DejaVu Sans, Arial, sans-serif";
    mine.forEach(function (item) {
      // the focus and its neighbours with their whole label; the others on one line, shortened
      // (the list beside the picture and the tooltip give the whole name)
      var n = item[0], at = item[1], r = item[2] + 3;
      var lines = rank(n) <= 1 ? n.label.split("\n") : [short(n.name)];
      var w = Math.max.apply(null, lines.map(function (l) { return ctx.measureText(l).width; }));
      var h = lines.length * (LABEL_PX + 2);
      var spots = [[at.x - w / 2, at.y + r], [at.x - w / 2, at.y - r - h], [at.x + r, at.y - h / 2], [at.x - r - w, at.y - h / 2]];
      for (var k = 0; k < spots.length; k++) {
        var box = {left: spots[k][0], right: spots[k][0] + w, top: spots[k][1], bottom: spots[k][1] + h};
        if (!free(box)) { continue; }
        placed.push(box);
        written.push({id: n.id, lines: lines, left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                      bold: n.id === DATA.focus});
        return;
      }
    });
    return written;
  }
  network.on("afterDrawing", function (ctx) {
    if (DATA.kind !== "focus") { return; }
    var written = writtenLabels(ctx);
    ctx.save();
    ctx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    written.forEach(function (b) {
      ctx.font = (b.bold ? "bold " : "") + LABEL_PX + "px DejaVu Sans, Arial, sans-serif";
      b.lines.forEach(function (line, k) {
        var y = b.top + k * (LABEL_PX + 2), x = (b.left + b.right) / 2;
        ctx.lineWidth = 4; ctx.strokeStyle = "rgba(255,255,255,0.95)"; ctx.strokeText(line, x, y);
        ctx.fillStyle = "#1a1a1a"; ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
    api.written = written.map(function (b) { return {id: b.id, left: b.left, top: b.top, right: b.right, bottom: b.bottom}; });
  });
  network.once("afterDrawing", function () { api.drawn = true; api.drawnAt = performance.now(); });
{% include 'page_state.js' %}
