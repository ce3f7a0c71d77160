/* mali-kg network page. Reads the graph from the JSON block, draws it with vis-network, and writes
   every piece of text with textContent (never innerHTML): labels and quotes come from articles. */
(function () {
  "use strict";
  performance.mark("kg-start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var DIM_NODE = { background: "#eceef1", border: "#d5d9de" };
  var DIM_EDGE = "#e2e5e9";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/[\u2010-\u2014]/g, "-")
      .toLowerCase().replace(/[\s_]+/g, " ").replace(/^[ .,;:]+|[ .,;:]+$/g, "").replace(/^the /, "");
  }
  function inWindow(date, from, to, undated) {
    if (!date) return undated || (!from && !to);
    if (from && date.slice(0, from.length) < from.slice(0, date.length)) return false;
    if (to && date.slice(0, to.length) > to.slice(0, date.length)) return false;
    return true;
  }

  // ------------------------------------------------------------------ indexes and styles
  var catStyle = {}, famColor = {}, nodeById = {}, edgeById = {}, edgesOf = {};
  data.categories.forEach(function (c) { catStyle[c.name] = c; });
  data.families.forEach(function (f) { famColor[f.name] = f.color; });
  data.nodes.forEach(function (n) { nodeById[n.id] = n; edgesOf[n.id] = []; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; edgesOf[e.from].push(e); if (e.to !== e.from) edgesOf[e.to].push(e); });

  function nodeColor(n) {
    var c = catStyle[n.category].color;
    return { background: c, border: "#33363a", highlight: { background: c, border: "#000000" },
             hover: { background: c, border: "#000000" } };
  }
  function edgeLabel(e) { return e.modality === "asserted" ? e.label : e.label + " (" + e.modality + ")"; }
  function tooltip(n) {
    var box = el("div", "tip");
    add(box, el("strong", null, n.label), el("div", "tip-cat", n.category));
    if (n.aliases && n.aliases.length) add(box, el("div", "tip-aliases", "also: " + n.aliases.join("; ")));
    return box;
  }

  // one vis-network group per category holds shape and colour, so node items stay small
  var groups = {};
  data.categories.forEach(function (c, i) {
    c.group = "c" + i;
    groups[c.group] = { shape: c.shape, color: nodeColor({ category: c.name }) };
  });
  data.options.groups = groups;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, group: catStyle[n.category].group, size: n.size, x: n.x, y: n.y };
    if (!data.static) item.title = tooltip(n);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    // only what differs from the global options, so that thousands of edges stay cheap to set up
    var item = { id: e.id, from: e.from, to: e.to, color: famColor[e.family] };
    if (!data.static) item.label = edgeLabel(e);       // large graphs: labels added when switched on
    if (e.modality !== "asserted") item.dashes = true;
    if (!data.directed) item.arrows = { to: { enabled: false } };
    if (!data.static || e.curve > 0.1) item.smooth = { enabled: true, type: "curvedCW", roundness: e.curve };
    return item;
  }));

  // ------------------------------------------------------------------ filters
  var state = { cats: {}, fams: {}, rels: {}, sources: {}, claims: true, undated: true, from: null, to: null };
  var visNodes = {}, visEdges = {};
  function edgeShown(e) {
    if (!state.cats[nodeById[e.from].category] || !state.cats[nodeById[e.to].category]) return false;
    if (!state.fams[e.family] || !state.rels[e.label]) return false;
    if (e.article && state.sources[e.article] === false) return false;
    if (!state.claims && e.modality !== "asserted") return false;
    return inWindow(e.date, state.from, state.to, state.undated);
  }
  function computeVisible() {
    visNodes = {}; visEdges = {};
    var ne = 0, nn = 0;
    data.edges.forEach(function (e) {
      if (edgeShown(e)) { visEdges[e.id] = true; visNodes[e.from] = true; visNodes[e.to] = true; ne++; }
    });
    data.nodes.forEach(function (n) {
      if (edgesOf[n.id].length === 0 && state.cats[n.category]) visNodes[n.id] = true;
      if (visNodes[n.id]) nn++;
    });
    $("shown").textContent = "Showing " + nn + " of " + data.nodes.length + " actors and " + ne + " of " +
      data.edges.length + " statements.";
  }
  var nodesView, edgesView;
  function refresh() { computeVisible(); nodesView.refresh(); edgesView.refresh(); }

  function checkList(box, items, key, swatch) {
    items.forEach(function (item) {
      var id = item.id !== undefined ? item.id : item.name;
      state[key][id] = true;
      var input = el("input"); input.type = "checkbox"; input.checked = true; input.value = id;
      input.dataset.filter = key;
      input.addEventListener("change", function () { state[key][id] = input.checked; refresh(); });
      var label = add(el("label", "check"), input, swatch(item),
                      el("span", "name", item.title || item.name), el("span", "count", item.count));
      label.title = item.title || item.name;
      box.appendChild(label);
    });
  }
  function glyph(c) { var s = el("span", "glyph", c.glyph); s.style.color = c.color; return s; }
  function line(color) { var s = el("span", "line solid"); s.style.borderTopColor = color; return s; }
  checkList($("filter-category"), data.categories, "cats", glyph);
  checkList($("filter-family"), data.families, "fams", function (f) { return line(f.color); });
  checkList($("filter-relation"), data.relations, "rels", function (r) { return line(famColor[r.family]); });
  checkList($("filter-source"), data.sources, "sources", function () { return null; });
  if (!data.sources.length) $("filter-source").appendChild(el("p", "hint", "no source articles"));
  computeVisible();
  nodesView = new vis.DataView(nodes, { filter: function (n) { return visNodes[n.id] === true; } });
  edgesView = new vis.DataView(edges, { filter: function (e) { return visEdges[e.id] === true; } });
  $("filter-claims").addEventListener("change", function () { state.claims = this.checked; refresh(); });
  $("filter-undated").addEventListener("change", function () { state.undated = this.checked; refresh(); });
  ["from", "to"].forEach(function (which) {
    var input = $("date-" + which);
    input.addEventListener("input", function () {
      var v = input.value.trim();
      var ok = v === "" || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v);
      input.classList.toggle("invalid", !ok);
      state[which] = ok && v ? v : null;
      refresh();
    });
  });
  $("date-range").textContent = data.dates ? "dated statements: " + data.dates[0] + " to " + data.dates[1]
                                           : "no dated statements";
  $("reset").addEventListener("click", function () {
    document.querySelectorAll("#filters input[type=checkbox]").forEach(function (i) {
      i.checked = true;
      if (i.dataset.filter) state[i.dataset.filter][i.value] = true;
    });
    state.claims = state.undated = true; state.from = state.to = null;
    $("date-from").value = $("date-to").value = "";
    refresh();
  });

  // ------------------------------------------------------------------ the network
  var options = data.options;
  var network = new vis.Network($("network"), { nodes: [], edges: [] }, options);
  var physicsBox = $("toggle-physics"), labelsBox = $("toggle-labels");
  labelsBox.checked = !data.static;
  physicsBox.checked = !data.static;
  function markStable() {
    if (document.body.dataset.state === "stable") return;
    document.body.dataset.state = "stable";
    performance.mark("kg-stable");
    window.kgStableAt = performance.now();
  }
  if (data.static) {
    network.once("afterDrawing", markStable);
  } else {
    network.once("stabilizationIterationsDone", function () {
      performance.mark("kg-stabilized");
      network.setOptions({ physics: { enabled: false } });
      physicsBox.checked = false;
      network.once("afterDrawing", markStable);
      network.redraw();
    });
  }
  performance.mark("kg-set-data");
  network.setData({ nodes: nodesView, edges: edgesView });
  performance.mark("kg-data-set");
  if (data.static) network.fit({ animation: false });
  var labelled = !data.static;
  labelsBox.addEventListener("change", function () {
    if (labelsBox.checked && !labelled) {
      labelled = true;
      edges.update(data.edges.map(function (e) { return { id: e.id, label: edgeLabel(e) }; }));
    }
    network.setOptions({ edges: { font: { size: labelsBox.checked ? 11 : 0 } } });
  });
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ------------------------------------------------------------------ neighbourhood highlight
  var dimmedNodes = {}, dimmedEdges = {};
  function highlight(id) {
    var keepN = {}, keepE = {}, nUpd = [], eUpd = [];
    if (id !== null) {
      keepN[id] = true;
      edgesOf[id].forEach(function (e) { keepE[e.id] = true; keepN[e.from] = keepN[e.to] = true; });
    }
    data.nodes.forEach(function (n) {
      var dim = id !== null && !keepN[n.id];
      if (dim !== !!dimmedNodes[n.id]) {
        nUpd.push({ id: n.id, color: dim ? DIM_NODE : nodeColor(n), font: { color: dim ? "#b4b9bf" : "#1d1f22" } });
        if (dim) dimmedNodes[n.id] = true; else delete dimmedNodes[n.id];
      }
    });
    data.edges.forEach(function (e) {
      var dim = id !== null && !keepE[e.id];
      if (dim !== !!dimmedEdges[e.id]) {
        eUpd.push({ id: e.id, color: dim ? DIM_EDGE : famColor[e.family] });
        if (dim) dimmedEdges[e.id] = true; else delete dimmedEdges[e.id];
      }
    });
    if (nUpd.length) nodes.update(nUpd);
    if (eUpd.length) edges.update(eUpd);
  }

  // ------------------------------------------------------------------ side panel
  var panel = $("panel");
  function clearPanel() { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function row(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    add(dl, el("dt", null, term), el("dd", null, Array.isArray(value) ? value.join("; ") : value));
  }
  function actorButton(id) {
    var b = el("button", "link", nodeById[id].label); b.type = "button";
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }
  function showNode(id) {
    var n = nodeById[id], style = catStyle[n.category];
    clearPanel();
    panel.dataset.kind = "node"; panel.dataset.id = id;
    add(panel, add(el("h2"), glyph(style), el("span", "name", n.label)));
    add(panel, el("p", "category", n.category));
    if (n.description) add(panel, el("p", "description", n.description));
    var dl = el("dl");
    row(dl, "Also called", n.aliases);
    row(dl, "Identifier", n.iri || n.id);
    row(dl, "Same as", n.same_as);
    row(dl, "Types", n.types);
    row(dl, "ACLED actor type", n.acled);
    if (n.lat !== undefined && n.lat !== null) row(dl, "Coordinates", n.lat + ", " + n.long);
    add(panel, dl);
    var counts = {}, list = edgesOf[id];
    list.forEach(function (e) {
      var c = counts[e.label] || (counts[e.label] = { out: 0, in: 0 });
      if (e.from === id) c.out++; if (e.to === id) c.in++;
    });
    add(panel, el("h3", null, "Relations (" + list.length + " statements)"));
    var table = el("table", "counts");
    add(table, add(el("tr"), el("th", null, "relation"), el("th", null, "from it"), el("th", null, "to it")));
    Object.keys(counts).sort().forEach(function (k) {
      add(table, add(el("tr"), el("td", null, k), el("td", null, counts[k].out), el("td", null, counts[k].in)));
    });
    add(panel, table);
    var ul = el("ul", "statements");
    list.slice(0, 300).forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      var b = el("button", "link", (e.from === id ? "→ " : "← ") + edgeLabel(e) + " " + nodeById[other].label);
      b.type = "button";
      b.addEventListener("click", function () { selectEdge(e.id); });
      add(ul, add(el("li"), b));
    });
    add(panel, ul);
  }
  function statementBlock(e, current) {
    var box = el("article", "statement" + (current ? " current" : ""));
    box.dataset.id = e.id;
    add(box, add(el("p", "triple"), actorButton(e.from), el("span", "rel", " " + edgeLabel(e) + " "),
                 actorButton(e.to)));
    if (e.quote) add(box, el("blockquote", "quote", e.quote));
    var dl = el("dl");
    row(dl, "Source", e.article_title ? e.article_title + " (" + e.article + ")" : e.article);
    row(dl, "Claimant", e.claimant || (e.article ? "the article itself" : null));
    row(dl, "Date", e.date ? (e.qualifier ? e.qualifier + " " : "") + e.date + (e.precision ? " (" + e.precision + ")" : "") : "undated");
    row(dl, "Modality", e.modality);
    row(dl, "Place", e.place);
    if (e.quantity) row(dl, "Quantity", [e.quantity.approx, e.quantity.value, e.quantity.currency || e.quantity.unit]
                                          .filter(function (x) { return x; }).join(" "));
    row(dl, "Value", e.value);
    row(dl, "Event type", e.event_type);
    row(dl, "Relation family", e.family);
    row(dl, "Statement", e.id + (e.start !== undefined ? " (characters " + e.start + "–" + e.end + ")" : ""));
    return add(box, dl);
  }
  function showEdge(id) {
    var e = edgeById[id];
    clearPanel();
    panel.dataset.kind = "edge"; panel.dataset.id = id;
    add(panel, el("h2", null, nodeById[e.from].label + " → " + nodeById[e.to].label));
    add(panel, statementBlock(e, true));
    var others = edgesOf[e.from].filter(function (o) {
      return o.id !== e.id && ((o.from === e.from && o.to === e.to) || (o.from === e.to && o.to === e.from));
    });
    if (others.length) {
      add(panel, el("h3", null, "Other statements between these two actors (" + others.length + ")"));
      others.forEach(function (o) { add(panel, statementBlock(o, false)); });
    }
  }
  function resetPanel() {
    clearPanel(); delete panel.dataset.kind; delete panel.dataset.id;
    add(panel, el("p", "hint", "Click an actor or a relation to see its details and the sentences it comes from."));
  }
  function selectNode(id, focus) {
    if (visNodes[id]) {
      network.selectNodes([id]);
      if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    }
    highlight(id); showNode(id);
  }
  function selectEdge(id) {
    highlight(null);
    if (visEdges[id]) network.selectEdges([id]);
    showEdge(id);
  }
  network.on("click", function (p) {
    if (p.nodes.length) selectNode(p.nodes[0], false);
    else if (p.edges.length) selectEdge(p.edges[0]);
    else { highlight(null); resetPanel(); }
  });

  // ------------------------------------------------------------------ search
  var names = [];
  var datalist = $("names");
  data.nodes.forEach(function (n) {
    [n.label].concat(n.aliases || []).forEach(function (name, i) {
      names.push({ key: norm(name), id: n.id });
      if (data.nodes.length <= 2000) {
        var o = el("option"); o.value = name; if (i) o.label = "→ " + n.label; datalist.appendChild(o);
      }
    });
    names.push({ key: norm(n.id), id: n.id });
  });
  function find(text) {
    var q = norm(text);
    if (!q) return [];
    var tests = [function (k) { return k === q; }, function (k) { return k.indexOf(q) === 0; },
                 function (k) { return k.indexOf(q) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      var hits = {};
      names.forEach(function (x) { if (tests[t](x.key)) hits[x.id] = true; });
      var ids = Object.keys(hits).sort(function (a, b) { return nodeById[a].label.localeCompare(nodeById[b].label); });
      if (ids.length) return ids;
    }
    return [];
  }
  function search(text) {
    var status = $("search-status"), ids = find(text);
    if (!ids.length) { status.textContent = "no actor matches"; return null; }
    var id = ids[0], n = nodeById[id];
    status.textContent = (ids.length > 1 ? ids.length + " matches; showing " : "") + n.label +
      (visNodes[id] ? "" : " (hidden by the filters)");
    selectNode(id, true);
    return id;
  }
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("search").value); });

  window.kg = { data: data, network: network, nodes: nodes, edges: edges, nodesView: nodesView,
                edgesView: edgesView, search: search, selectEdge: selectEdge, selectNode: selectNode,
                shown: function () { return { nodes: nodesView.length, edges: edgesView.length }; } };
})();
