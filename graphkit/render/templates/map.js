/* graphkit map: draws the network from the page's JSON blocks and wires search, filters,
 * focus and hover cards.
 *
 * Safety: every string from the data is shown with textContent, as an option/input
 * value, or as canvas text - never parsed as HTML - and passes through shown() first, so
 * control characters and bidi overrides/isolates appear as visible escapes ("\u202e")
 * instead of reordering the text. Hover cards are elements handed to vis-network as
 * `title` (it appends elements as they are). Names from the data (tracks, kinds, flags)
 * are looked up only in Sets or as own properties: a track named "constructor" or
 * "__proto__" is data like any other. Nothing is fetched.
 */
(function () {
  "use strict";

  function readJSON(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }
  var meta = readJSON("gk-meta");
  var people = readJSON("gk-nodes");
  var ties = readJSON("gk-edges");
  // Tie records are compact (graphkit.render.map._page_data): fill in what was left out.
  ties.forEach(function (t) {
    if (t.u === undefined) { t.u = t.from; t.v = t.to; }
    t.f = t.f || [];
    t.tk = t.tk || [];
    t.dn = t.dn || [];
    t.cn = t.cn || [];
    t.tracks = t.tk.map(function (i) { return meta.tracks[i]; });
    t.negative = t.f.indexOf("negative") !== -1;
  });

  // -- DOM helpers (text only) ---------------------------------------------------
  // C0 controls but tab and line breaks, DEL, C1 controls, and the bidi controls: the
  // same characters as graphkit.render.text.visible_text, shown the same way.
  var HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function shown(text) {
    return String(text).replace(HIDDEN, function (c) {
      var n = c.charCodeAt(0);
      return n < 256 ? "\\x" + ("0" + n.toString(16)).slice(-2) : "\\u" + ("000" + n.toString(16)).slice(-4);
    });
  }
  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = shown(text);
    return e;
  }
  function add(parent, child) {
    parent.appendChild(child);
    return child;
  }

  // -- heading -------------------------------------------------------------------
  document.title = shown(meta.title);
  document.getElementById("gk-title").textContent = shown(meta.title);
  document.getElementById("gk-subtitle").textContent = shown(meta.subtitle);
  var notices = document.getElementById("gk-notices");
  meta.notices.forEach(function (text) {
    add(notices, el("li", null, text));
  });

  // -- drawing -------------------------------------------------------------------
  var DIM_NODE = "rgba(200,200,200,0.35)";
  var DIM_EDGE = "rgba(200,200,200,0.18)";
  var BROKER_BORDER = "#111111";
  var TRUST_RING = "#0072B2";
  var FRICTION_MARK = "#D55E00";
  var big = people.length > 400;

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }
  function has(list, value) {
    return list.indexOf(value) !== -1;
  }

  // Cards are filled on first hover: an empty element per item is cheap, a full card
  // per item on a 2,000-stakeholder map is not.
  var nodeCards = new Array(people.length);
  var edgeCards = new Array(ties.length);

  function nodeStyle(p, state) {
    var colour = meta.parties[p.party].colour;
    var broker = has(p.roles, "broker");
    var influencer = has(p.roles, "influencer");
    if (state === "d") {
      return {
        id: p.id,
        hidden: false,
        color: { background: DIM_NODE, border: DIM_NODE },
        borderWidth: broker ? 4 : 1,
        font: { color: "rgba(0,0,0,0.15)", strokeWidth: 0 },
      };
    }
    return {
      id: p.id,
      hidden: state === "h",
      color: {
        background: colour,
        border: broker ? BROKER_BORDER : "#FFFFFF",
        highlight: { background: colour, border: "#000000" },
        hover: { background: colour, border: broker ? BROKER_BORDER : "#444444" },
      },
      borderWidth: broker ? 4 : 1.5,
      font: {
        color: "#1b1b1b",
        strokeWidth: 3,
        strokeColor: "#ffffff",
        size: influencer ? 17 : 13,
      },
    };
  }
  function edgeStyle(t, state) {
    if (state === "d") {
      return { id: t.id, hidden: false, color: { color: DIM_EDGE, highlight: DIM_EDGE, hover: DIM_EDGE } };
    }
    // Friction stands out; trusting ties next; ordinary positive ties stay in the background.
    var alpha = t.negative ? 0.95 : has(t.f, "trusting") ? 0.6 : 0.32;
    return {
      id: t.id,
      hidden: state === "h",
      color: { color: rgba(t.c, alpha), highlight: t.c, hover: t.c },
    };
  }

  var nodes = new vis.DataSet(
    people.map(function (p) {
      var item = nodeStyle(p, "n");
      item.x = p.x;
      item.y = p.y;
      item.size = p.size;
      item.shape = own(meta.shapes, p.kind) || "triangle";
      item.label = shown(p.name);
      nodeCards[p.id] = el("div", "gk-card");
      item.title = nodeCards[p.id];
      return item;
    })
  );
  var edges = new vis.DataSet(
    ties.map(function (t) {
      var item = edgeStyle(t, "n");
      item.from = t.from;
      item.to = t.to;
      item.width = t.w;
      item.dashes = !!t.dash;
      if (t.arrow) item.arrows = { to: { enabled: true, scaleFactor: 0.7 } };
      edgeCards[t.id] = el("div", "gk-card");
      item.title = edgeCards[t.id];
      return item;
    })
  );

  var container = document.getElementById("gk-network");
  var network = new vis.Network(
    container,
    { nodes: nodes, edges: edges },
    {
      physics: { enabled: false },
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: {
        hover: true,
        tooltipDelay: 120,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big,
        keyboard: false,
        multiselect: false,
        navigationButtons: false,
      },
      nodes: {
        borderWidthSelected: 3,
        font: { face: "system-ui, sans-serif", vadjust: 0 },
        scaling: { label: { enabled: false, drawThreshold: 7 } },
      },
      edges: {
        smooth: false,
        selectionWidth: 1.5,
        hoverWidth: 1,
        arrows: { to: { enabled: false } },
      },
    }
  );

  // -- hover cards -------------------------------------------------------------------
  var byId = people; // node ids are their indices
  function nameOf(i) {
    var p = byId[i];
    return p.name === p.sid ? p.sid : p.name + " (" + p.sid + ")";
  }
  function table(parent, rows) {
    var t = add(parent, el("table"));
    rows.forEach(function (r) {
      var tr = add(t, el("tr"));
      add(tr, el("th", null, r[0]));
      add(tr, el("td", null, r[1]));
    });
  }
  function section(parent, heading) {
    var s = add(parent, el("div", "gk-card-section"));
    add(s, el("b", null, heading));
    return s;
  }
  function fillNodeCard(card, p) {
    add(card, el("div", "gk-card-title", p.name));
    var sub = [p.sid, p.kind, p.tier].filter(function (x) { return x; }).join(" · ");
    add(card, el("div", "gk-card-sub", sub));
    if (p.role) add(card, el("div", "gk-card-line", p.role));
    if (p.organization) add(card, el("div", "gk-card-line", p.organization));
    add(card, el("div", "gk-card-line", "Party: " + meta.parties[p.party].name));
    table(card, meta.metrics.map(function (label, i) { return [label, p.m[i]]; }));
    // <team-fields>
    // The team's own columns of the stakeholder map, each as "header: value".
    if (p.tf) {
      var fieldList = section(card, "Team fields");
      meta.team_fields.forEach(function (label, i) {
        if (p.tf[i] !== null) add(fieldList, el("div", "gk-card-field", label + ": " + p.tf[i]));
      });
    }
    // </team-fields>
    if (p.reasons.length) {
      var s = section(card, "Flagged as");
      p.reasons.forEach(function (r) {
        var line = add(s, el("div", "gk-card-role"));
        add(line, el("b", null, r[0]));
        add(line, document.createTextNode(shown(": " + r[1])));
      });
    }
    if (p.notes) add(section(card, "Notes"), el("div", null, p.notes));
  }
  function fillEdgeCard(card, t) {
    var u = byId[t.u].name;
    var v = byId[t.v].name;
    add(card, el("div", "gk-card-title", nameOf(t.u) + " — " + nameOf(t.v)));
    var rows = [["contacts", t.n + " (" + u + " → " + v + " " + t.uv + ", " + v + " → " + u + " " + t.vu + ")"]];
    if (t.first) rows.push(["first contact", t.first]);
    if (t.last) rows.push(["last contact", t.last]);
    rows.push(["sentiment", t.s], ["strength", t.st], ["trust", t.tr], ["reciprocity", t.re]);
    if (t.dt) rows.push(["declared", t.dt]);
    if (t.tracks.length) rows.push(["tracks", t.tracks.join(", ")]);
    if (t.ub) rows.push(["unbalanced triangles", String(t.ub)]);
    table(card, rows);
    if (t.f.length) {
      var s = section(card, "Flags");
      t.f.forEach(function (flag) {
        add(s, el("div", flag === "negative" ? "gk-card-flag-negative" : null, own(meta.flag_text, flag) || flag));
      });
      if (t.arrow) add(s, el("div", null, "initiated by " + nameOf(t.from) + ", received by " + nameOf(t.to)));
    }
    if (t.dn.length) {
      var d = section(card, "Declared");
      t.dn.forEach(function (r) {
        add(d, el("div", null, r[1] ? r[0] + ": " + r[1] : r[0]));
      });
    }
    if (t.cn.length) {
      var n = section(card, "Latest contact notes");
      t.cn.forEach(function (r) {
        add(n, el("div", null, r[0] + ": " + r[1]));
      });
    }
  }
  function nodeCard(id) {
    var card = nodeCards[id];
    if (card && !card.firstChild) fillNodeCard(card, people[id]);
  }
  function edgeCard(id) {
    var card = edgeCards[id];
    if (card && !card.firstChild) fillEdgeCard(card, ties[id]);
  }
  network.on("hoverNode", function (e) { nodeCard(e.node); });
  network.on("hoverEdge", function (e) { edgeCard(e.edge); });
  network.on("showPopup", function (id) {
    // Node and edge ids are both indices; filling both candidates is cheap and harmless.
    if (typeof id === "number") {
      nodeCard(id);
      edgeCard(id);
    }
  });

  // -- role markers (drawn over the nodes) ---------------------------------------------
  var marked = people.filter(function (p) {
    return has(p.roles, "trust node") || has(p.roles, "friction point");
  });
  var view = { node: new Array(people.length).fill("n"), edge: new Array(ties.length).fill("n") };
  network.on("afterDrawing", function (ctx) {
    if (!marked.length) return;
    var ids = [];
    marked.forEach(function (p) { if (view.node[p.id] !== "h") ids.push(p.id); });
    var at = network.getPositions(ids);
    ctx.save();
    marked.forEach(function (p) {
      var state = view.node[p.id];
      if (state === "h") return;
      var xy = at[p.id];
      ctx.globalAlpha = state === "d" ? 0.25 : 1;
      var r = p.size * (p.kind === "non-state" ? 1.45 : 1.12) + 4;
      if (has(p.roles, "trust node")) {
        ctx.beginPath();
        ctx.arc(xy.x, xy.y, r, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = TRUST_RING;
        ctx.stroke();
      }
      if (has(p.roles, "friction point")) {
        var s = 8 + p.size * 0.25;
        var cx = xy.x + r * 0.75;
        var cy = xy.y - r * 0.75;
        ctx.beginPath();
        ctx.moveTo(cx, cy - s);
        ctx.lineTo(cx + s, cy + s * 0.75);
        ctx.lineTo(cx - s, cy + s * 0.75);
        ctx.closePath();
        ctx.fillStyle = FRICTION_MARK;
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = "#ffffff";
        ctx.stroke();
      }
    });
    ctx.restore();
  });

  // -- filters, focus, search ----------------------------------------------------------
  var state = {
    parties: meta.parties.map(function () { return true; }),
    roles: [],
    track: "",
    focus: null,
  };
  var nodeTracks = people.map(function () { return new Set(); });
  var neighbours = people.map(function () { return []; });
  ties.forEach(function (t) {
    t.tracks.forEach(function (k) {
      nodeTracks[t.from].add(k);
      nodeTracks[t.to].add(k);
    });
    neighbours[t.from].push(t.to);
    neighbours[t.to].push(t.from);
  });

  function passesFilters(p) {
    if (!state.parties[p.party]) return false;
    if (state.roles.length && !p.roles.some(function (r) { return has(state.roles, r); })) return false;
    if (state.track && !nodeTracks[p.id].has(state.track)) return false;
    return true;
  }
  function apply() {
    var visible = people.map(function (p) { return passesFilters(p) || p.id === state.focus; });
    var near = null;
    if (state.focus !== null) {
      near = new Set(neighbours[state.focus]);
      near.add(state.focus);
    }
    var nodeUpdates = [];
    people.forEach(function (p) {
      var s = !visible[p.id] ? "h" : near && !near.has(p.id) ? "d" : "n";
      if (s !== view.node[p.id]) {
        view.node[p.id] = s;
        nodeUpdates.push(nodeStyle(p, s));
      }
    });
    var edgeUpdates = [];
    var shownEdges = 0;
    ties.forEach(function (t) {
      var show = visible[t.from] && visible[t.to] && (!state.track || has(t.tracks, state.track));
      var s = !show ? "h" : near && t.from !== state.focus && t.to !== state.focus ? "d" : "n";
      if (show) shownEdges += 1;
      if (s !== view.edge[t.id]) {
        view.edge[t.id] = s;
        edgeUpdates.push(edgeStyle(t, s));
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var shownNodes = visible.filter(Boolean).length;
    var filtered = shownNodes !== people.length || shownEdges !== ties.length;
    filterStatus.textContent = filtered
      ? "Filtered: " + shownNodes + " of " + people.length + " stakeholders, " + shownEdges + " of " +
        ties.length + " ties visible."
      : "";
    return shownNodes;
  }

  var status = document.getElementById("gk-status");
  var filterStatus = add(document.getElementById("gk-panel").firstElementChild, el("p", "gk-status"));
  filterStatus.id = "gk-filter-status";

  function focusOn(id, centre) {
    state.focus = id;
    apply();
    network.selectNodes([id]);
    if (centre) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    var p = people[id];
    var n = neighbours[id].length;
    status.textContent = shown("Focus: " + nameOf(id) + " — " + n + (n === 1 ? " tie" : " ties") +
      ". Click the background or press Escape to show all.");
    container.dataset.focus = String(id);
    return p;
  }
  function clearFocus() {
    state.focus = null;
    network.unselectAll();
    apply();
    status.textContent = "";
    delete container.dataset.focus;
  }
  network.on("click", function (e) {
    if (e.nodes.length) focusOn(e.nodes[0], false);
    else if (!e.edges.length) clearFocus();
  });

  // Parties: legend rows that are also filters.
  var partyList = document.getElementById("gk-parties");
  meta.parties.forEach(function (party, i) {
    var li = add(partyList, el("li"));
    var label = add(li, el("label"));
    var box = add(label, el("input"));
    box.type = "checkbox";
    box.checked = true;
    box.dataset.party = String(i);
    box.addEventListener("change", function () {
      state.parties[i] = box.checked;
      apply();
    });
    var swatch = add(label, el("span", "gk-swatch"));
    swatch.style.backgroundColor = party.colour;
    add(label, el("span", "gk-party-name", party.name));
    var count = party.shown === party.total ? String(party.total) : party.shown + " of " + party.total;
    add(label, el("span", "gk-count", count));
  });

  var roleList = document.getElementById("gk-roles");
  meta.roles.forEach(function (role) {
    var n = people.filter(function (p) { return has(p.roles, role); }).length;
    var li = add(roleList, el("li"));
    var label = add(li, el("label"));
    var box = add(label, el("input"));
    box.type = "checkbox";
    box.dataset.role = role;
    box.addEventListener("change", function () {
      state.roles = meta.roles.filter(function (r) {
        return roleList.querySelector('input[data-role="' + r + '"]').checked;
      });
      apply();
    });
    add(label, el("span", null, role));
    add(label, el("span", "gk-count", String(n)));
  });

  var trackSelect = document.getElementById("gk-track");
  if (!meta.tracks.length) document.getElementById("gk-track-section").hidden = true;
  meta.tracks.forEach(function (track) {
    var option = add(trackSelect, el("option", null, track));
    option.value = track;
  });
  trackSelect.addEventListener("change", function () {
    state.track = trackSelect.value;
    apply();
  });
  // <team-fields>
  // Size by: influence, or one of the team's numeric fields (sizes in p.fz, computed by
  // graphkit.render.map.fields). p.size is what is drawn: the role markers follow it.
  var sizeFields = meta.size_fields || [];
  if (sizeFields.length) {
    people.forEach(function (p) { p.influenceSize = p.size; });
    var sizeLegend = null;
    document.querySelectorAll("#gk-panel .gk-legend li").forEach(function (li) {
      if (li.textContent.indexOf("size:") === 0) sizeLegend = li;
    });
    var trackSection = document.getElementById("gk-track-section");
    var sizeSection = el("section");
    sizeSection.id = "gk-size-section";
    trackSection.parentNode.insertBefore(sizeSection, trackSection.nextSibling);
    var sizeLabel = add(add(sizeSection, el("h2")), el("label", null, "Size by"));
    sizeLabel.htmlFor = "gk-size";
    var sizeSelect = add(sizeSection, el("select"));
    sizeSelect.id = "gk-size";
    sizeSelect.style.width = "100%";
    sizeSelect.style.font = "inherit";
    add(sizeSelect, el("option", null, "influence (PageRank)")).value = "";
    sizeFields.forEach(function (f, k) {
      add(sizeSelect, el("option", null, meta.team_fields[f.field])).value = String(k);
    });
    var sizeHint = add(sizeSection, el("p", "gk-hint"));
    sizeHint.id = "gk-size-hint";
    var sizeBy = function (k) {
      var f = k === null ? null : sizeFields[k];
      nodes.update(people.map(function (p) {
        p.size = f ? p.fz[k] : p.influenceSize;
        return { id: p.id, size: p.size };
      }));
      var label = f ? meta.team_fields[f.field] : "influence (PageRank)";
      if (sizeLegend) sizeLegend.lastChild.textContent = shown("size: " + label);
      sizeHint.textContent = f ? shown("Team field: smallest " + f.low + ", largest " + f.high +
        "; no value is drawn smallest.") : "";
    };
    sizeSelect.addEventListener("change", function () {
      sizeBy(sizeSelect.value === "" ? null : Number(sizeSelect.value));
    });
  }
  // </team-fields>

  // Search: name, id or organisation; accents and case ignored.
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var index = people.map(function (p) {
    return { name: fold(p.name), sid: fold(p.sid), org: fold(p.organization) };
  });
  var search = document.getElementById("gk-search");
  var matchList = document.getElementById("gk-matches");
  var matches = [];
  function findMatches(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    people.forEach(function (p) {
      var x = index[p.id];
      var score = x.sid === q ? 0 : x.name.indexOf(q) === 0 || x.sid.indexOf(q) === 0 ? 1
        : x.name.indexOf(q) !== -1 || x.sid.indexOf(q) !== -1 ? 2 : x.org.indexOf(q) !== -1 ? 3 : -1;
      if (score >= 0) found.push([score, -p.size, p.id]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.map(function (f) { return f[2]; });
  }
  function pick(id) {
    if (!passesFilters(people[id])) resetFilters();
    focusOn(id, true);
    matchList.textContent = "";
  }
  function showMatches() {
    matches = findMatches(search.value);
    matchList.textContent = "";
    matches.slice(0, 8).forEach(function (id) {
      var p = people[id];
      var button = add(add(matchList, el("li")), el("button", null, nameOf(id) + " — " +
        meta.parties[p.party].name));
      button.type = "button";
      button.dataset.node = String(id);
      button.addEventListener("click", function () { pick(id); });
    });
    if (!search.value.trim()) status.textContent = "";
    else if (!matches.length) status.textContent = shown("No stakeholder matches “" + search.value.trim() + "”.");
    else status.textContent = matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length > 8 ? " (first 8 shown)" : "") + ". Enter shows the first.";
  }
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      if (!matches.length) showMatches();
      if (matches.length) pick(matches[0]);
    } else if (e.key === "Escape") {
      search.value = "";
      showMatches();
    }
  });

  function resetFilters() {
    state.parties = meta.parties.map(function () { return true; });
    state.roles = [];
    state.track = "";
    partyList.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    roleList.querySelectorAll("input").forEach(function (b) { b.checked = false; });
    trackSelect.value = "";
  }
  document.getElementById("gk-reset").addEventListener("click", function () {
    resetFilters();
    search.value = "";
    matchList.textContent = "";
    clearFocus();
    network.fit({ animation: false });
  });
  document.getElementById("gk-fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement !== search) clearFocus();
  });

  // For tests and tools driving the page: the network and when it first drew.
  var api = {
    network: network,
    nodes: nodes,
    edges: edges,
    drawn: false,
    firstDrawMs: null,
    focusOn: focusOn,
    clearFocus: clearFocus,
  };
  network.once("afterDrawing", function () {
    api.drawn = true;
    api.firstDrawMs = performance.now();
  });
  window.graphkitMap = api;
  apply();
  if (meta.focus !== null && meta.focus !== undefined) {
    // A map of one stakeholder's neighbourhood (--focus): that stakeholder is selected.
    network.selectNodes([meta.focus]);
    status.textContent = shown("Neighbourhood of " + nameOf(meta.focus) + " (selected).");
  }
})();
