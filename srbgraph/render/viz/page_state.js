  // -- what the reader chose: selection, focus, filters; kept in the address (#…) ------------------
  var DEFAULT = {sel: null, edge: null, focus: DATA.focus || null, depth: DATA.focus ? DATA.depth : null,
                 paths: false, mode: "dim", hide: [], theme: "", workshop: "", support: SUPPORTS.slice()};
  var state = JSON.parse(JSON.stringify(DEFAULT));
  api.state = state;

  function supportPasses(e) { return state.support.indexOf(supportOf(e)) >= 0; }

  // the nodes within state.depth links of the focus, over the links the support filter lets pass
  function withinDepth(start, depth) {
    var seen = {}, frontier = [start];
    seen[start] = 0;
    for (var d = 1; d <= depth && frontier.length; d++) {
      var next = [];
      frontier.forEach(function (id) {
        edgesOf[id].forEach(function (e) {
          if (!supportPasses(e)) { return; }
          var other = e.from === id ? e.to : e.from;
          if (!own(seen, other)) { seen[other] = d; next.push(other); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  // the goal → (need) → obstacle → (measure) paths through a node, as in `srbgraph paths`
  function pathsThrough(x) {
    var found = {nodes: {}, edges: {}};
    found.nodes[x] = true;
    function links(id, rel, outgoing) {
      return edgesOf[id].filter(function (e) {
        return e.rel === rel && (outgoing ? e.from === id : e.to === id) && supportPasses(e);
      });
    }
    function isGoal(id) { return !!goalClass[nodeById[id].cls]; }
    function add(path) {
      path.forEach(function (e) { found.edges[e.id] = true; found.nodes[e.from] = true; found.nodes[e.to] = true; });
    }
    function tops(target) {  // how a hindered node leads to a goal: it is one, or goals require it
      var result = isGoal(target) ? [[]] : [];
      links(target, "requires", false).forEach(function (r) { if (isGoal(r.from)) { result.push([r]); } });
      return result;
    }
    function measures(obstacle) {
      var m = links(obstacle, "addresses", false).map(function (a) { return [a]; });
      return m.length ? m : [[]];
    }
    function fromObstacle(o, tails) {
      links(o, "hinders", true).forEach(function (h) {
        tops(h.to).forEach(function (top) { tails.forEach(function (tail) { add(top.concat([h], tail)); }); });
      });
    }
    links(x, "addresses", true).forEach(function (a) { fromObstacle(a.to, [[a]]); });  // a measure
    fromObstacle(x, measures(x));  // an obstacle
    links(x, "hinders", false).forEach(function (h) {  // a goal or need that obstacles hinder
      tops(x).forEach(function (top) { measures(h.from).forEach(function (tail) { add(top.concat([h], tail)); }); });
    });
    if (isGoal(x)) {  // a goal: through the needs it requires
      links(x, "requires", true).forEach(function (r) {
        links(r.to, "hinders", false).forEach(function (h) {
          measures(h.from).forEach(function (tail) { add([r, h].concat(tail)); });
        });
      });
    }
    return found;
  }

  // which nodes and edges pass every filter
  function passing() {
    var hidden = {};
    state.hide.forEach(function (c) { hidden[c] = true; });
    var near = state.focus && nodeById[state.focus] && state.depth !== null ? withinDepth(state.focus, state.depth) : null;
    var chains = state.focus && nodeById[state.focus] && state.paths ? pathsThrough(state.focus) : null;
    var okNodes = {}, okEdges = {}, count = 0;
    DATA.nodes.forEach(function (n) {
      var ok = !hidden[n.cls]
        && (!state.theme || n.id === state.theme || (n.themes || []).indexOf(state.theme) >= 0)
        && (!state.workshop || n.id === state.workshop || (n.workshops || []).indexOf(state.workshop) >= 0)
        && (!near || own(near, n.id)) && (!chains || chains.nodes[n.id]);
      if (ok || n.id === state.focus) { okNodes[n.id] = true; count += 1; }
    });
    DATA.edges.forEach(function (e) {
      if (okNodes[e.from] && okNodes[e.to] && supportPasses(e) && (!chains || chains.edges[e.id])) { okEdges[e.id] = true; }
    });
    return {nodes: okNodes, edges: okEdges, count: count};
  }

  // the look of every node and edge: passing, highlighted (the selection and its neighbours),
  // dimmed or hidden; only what changed goes to vis-network
  var shown = {nodes: {}, edges: {}};
  function apply() {
    var pass = passing(), keep = null, keepEdges = null;
    if (state.sel && nodeById[state.sel]) {
      keep = {}; keepEdges = {};
      keep[state.sel] = true;
      edgesOf[state.sel].forEach(function (e) {
        if (pass.edges[e.id] || state.mode === "dim") { keepEdges[e.id] = true; keep[e.from] = true; keep[e.to] = true; }
      });
    } else if (state.edge && edgeById[state.edge]) {
      var chosen = edgeById[state.edge];
      keep = {}; keepEdges = {};
      keep[chosen.from] = true; keep[chosen.to] = true; keepEdges[chosen.id] = true;
    }
    var nodeUpdates = [], edgeUpdates = [], interpreted = 0;
    DATA.edges.forEach(function (e) {
      if (e.support === "interpreted" && !e.rejected && pass.edges[e.id] && (!keepEdges || keepEdges[e.id])) { interpreted += 1; }
    });
    var dashed = interpreted <= DASH_LIMIT;
    if (dashed !== dashing) {  // every interpreted link in full view changes its look
      dashing = dashed;
      DATA.edges.forEach(function (e) { if (e.support === "interpreted" && shown.edges[e.id] === "normal") { shown.edges[e.id] = "stale"; } });
    }
    dashNote.hidden = dashing;
    DATA.nodes.forEach(function (n) {
      var look = !pass.nodes[n.id] ? (state.mode === "hide" ? "hidden" : "faded") : (keep && !keep[n.id] ? "faded" : "normal");
      if (shown.nodes[n.id] === look) { return; }
      shown.nodes[n.id] = look;
      nodeUpdates.push(look === "normal" ? {id: n.id, hidden: false, color: groupColour(n.cls), font: {color: "#222222"}}
        : look === "faded" ? {id: n.id, hidden: false, color: FADED, font: {color: FADED_FONT}} : {id: n.id, hidden: true});
    });
    DATA.edges.forEach(function (e) {
      var look = !pass.edges[e.id] ? (state.mode === "hide" ? "hidden" : "faded") : (keepEdges && !keepEdges[e.id] ? "faded" : "normal");
      if (shown.edges[e.id] === look) { return; }
      shown.edges[e.id] = look;
      if (look === "normal") {
        var normal = edgeLook(e); normal.id = e.id; normal.hidden = false;
        edgeUpdates.push(normal);
      } else if (look === "faded") {
        edgeUpdates.push({id: e.id, hidden: false, color: {color: "#eeeeee", highlight: "#eeeeee", hover: "#eeeeee", opacity: 0.5},
                          font: {color: "rgba(0,0,0,0)"}});
      } else {
        edgeUpdates.push({id: e.id, hidden: true});
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    api.highlighted = keep ? Object.keys(keep).sort() : null;
    api.passing = Object.keys(pass.nodes).sort();
    api.faded = Object.keys(shown.nodes).filter(function (id) { return shown.nodes[id] !== "normal"; }).sort();
    var filtered = pass.count < DATA.nodes.length;
    counter.textContent = filtered ? say(W.shown, {n: pass.count, total: DATA.nodes.length}) : "";
    showFocus();
    writeHash();
  }
  // a first pass marks every node and edge as drawn (without updating vis-network)
  DATA.nodes.forEach(function (n) { shown.nodes[n.id] = "normal"; });
  DATA.edges.forEach(function (e) { shown.edges[e.id] = "normal"; });

{% include 'page_panel.js' %}
