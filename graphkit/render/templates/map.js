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

  // A node's colour: its party's (the stances part may colour by stance instead).
  var colourOf = function (p) { return meta.parties[p.party].colour; };
  function nodeStyle(p, state) {
    var colour = colourOf(p);
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
      item.shape = own(meta.shapes, p.kind) || "dot";
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
        // vis-network draws no label: the label layer below places them without overlap.
        scaling: { label: { enabled: false, drawThreshold: 1e6 } },
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
    // <stances>
    if (p.pw || p.in) {
      add(card, el("div", "gk-card-line", "Declared power " + (p.pw || "–") + " of 5, interest " +
        (p.in || "–") + " of 5"));
    }
    if (p.st && p.st.some(function (s) { return s !== null; })) {
      var stanceList = section(card, "Stances");
      meta.stances.issues.forEach(function (issue, i) {
        if (p.st[i] === null) return;
        add(stanceList, el("div", null, issue + ": " + meta.stances.words[p.st[i] + 2] +
          (p.sd[i] ? " (" + p.sd[i] + ")" : "")));
      });
    }
    meta.stances.grid.flags.forEach(function (f) {
      if (f[0] === p.id) add(section(card, "Declared power against the network"), el("div", null, f[1] + ": " + f[2]));
    });
    // </stances>
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

  // -- role markers and labels (drawn over the nodes) ------------------------------------
  // Trust nodes carry a blue ring, friction points a dashed vermillion ring: both part of
  // the node they mark. Labels are drawn here, not by vis-network, so that none overlaps
  // another label or a node: see drawLabels().
  var view = { node: new Array(people.length).fill("n"), edge: new Array(ties.length).fill("n") };
  var FLAGGED = ["broker", "trust node", "friction point"];
  function flagged(p) {
    return p.roles.some(function (r) { return has(FLAGGED, r); });
  }
  // How far a node's drawing reaches from its centre (shape, rings), in canvas units.
  function reach(p) {
    return p.size * (p.kind === "non-state" ? 1.45 : 1.12) + 7;
  }
  function drawMarkers(ctx, at) {
    // Rings at least 2.5 px wide on screen, so that they stay visible on a zoomed-out map.
    var px = 1 / network.getScale();
    var width = Math.max(3, 2.5 * px);
    people.forEach(function (p) {
      var state = view.node[p.id];
      var trust = has(p.roles, "trust node");
      var friction = has(p.roles, "friction point");
      if (state === "h" || (!trust && !friction)) return;
      var xy = at[p.id];
      ctx.globalAlpha = state === "d" ? 0.25 : 1;
      var r = p.size * (p.kind === "non-state" ? 1.45 : 1.12) + width / 2 + 1;
      if (trust) {
        ctx.beginPath();
        ctx.arc(xy.x, xy.y, r, 0, 2 * Math.PI);
        ctx.setLineDash([]);
        ctx.lineWidth = width;
        ctx.strokeStyle = TRUST_RING;
        ctx.stroke();
        r += width;
      }
      if (friction) {
        ctx.beginPath();
        ctx.arc(xy.x, xy.y, r, 0, 2 * Math.PI);
        ctx.setLineDash([Math.max(5, 4 * px), Math.max(3, 2.5 * px)]);
        ctx.lineWidth = width;
        ctx.strokeStyle = FRICTION_MARK;
        ctx.stroke();
      }
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  // Labels: flagged stakeholders (brokers, trust nodes, friction points) first, then the
  // influencers, then by size (influence). Each label takes the first free place below,
  // above, right, left or diagonally beside its node (flagged ones: also a line further); a label with no free place is left out, except a
  // flagged one, which is drawn where it overlaps least. On screen the text is 11-16 px
  // whatever the zoom, so zooming in makes room and the labels left out come back.
  function byLabelRank(a, b) {
    return (flagged(b) - flagged(a)) || (has(b.roles, "influencer") - has(a.roles, "influencer")) ||
      (b.size - a.size) || (a.id - b.id);
  }
  var labelOrder = people.slice().sort(byLabelRank);
  var LABEL_FACE = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\", sans-serif";
  var labelWidth = new Array(people.length); // text width at 100 px, measured once
  var labelBoxes = [];
  function labelPx(p, scale) {
    var base = Math.min(15, Math.max(11, 12 * Math.sqrt(scale / 0.6)));
    return (flagged(p) || has(p.roles, "influencer")) ? base + 1 : base;
  }
  function labelFont(p, px) {
    return (flagged(p) ? "600 " : "") + px + "px " + LABEL_FACE;
  }
  // A grid of screen cells holding the boxes placed so far.
  function Grid(cell) {
    this.cell = cell;
    this.cells = new Map();
  }
  Grid.prototype.keys = function (b, each) {
    var c = this.cell;
    for (var i = Math.floor(b[0] / c); i <= Math.floor(b[2] / c); i++) {
      for (var j = Math.floor(b[1] / c); j <= Math.floor(b[3] / c); j++) each(i * 100003 + j);
    }
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) {
      var list = cells.get(k);
      if (list) list.push(b); else cells.set(k, [b]);
    });
  };
  Grid.prototype.hits = function (b, skip) {
    var n = 0;
    var cells = this.cells;
    var seen = new Set();
    this.keys(b, function (k) {
      (cells.get(k) || []).forEach(function (o) {
        if ((skip === undefined || o.node !== skip) && !seen.has(o) && o[0] < b[2] && o[2] > b[0] && o[1] < b[3] && o[3] > b[1]) {
          seen.add(o);
          n += 1;
        }
      });
    });
    return n;
  };
  function drawLabels(ctx, at) {
    var scale = network.getScale();
    var width = container.clientWidth;
    var height = container.clientHeight;
    var nodeGrid = new Grid(48);
    var labelGrid = new Grid(48);
    var nodeBox = new Array(people.length);
    var screen = new Array(people.length);
    people.forEach(function (p) {
      if (view.node[p.id] === "h") return;
      var d = network.canvasToDOM(at[p.id]);
      var r = reach(p) * scale;
      screen[p.id] = d;
      if (d.x + r < 0 || d.x - r > width || d.y + r < 0 || d.y - r > height) return;
      nodeBox[p.id] = [d.x - r, d.y - r, d.x + r, d.y + r];
      // Labels keep clear of small nodes (they would hide them) and of the middle of large
      // ones: zoomed in, a label may cover the rim of a large neighbour.
      var core = Math.min(r, 12 + 0.3 * r);
      var coreBox = [d.x - core, d.y - core, d.x + core, d.y + core];
      coreBox.node = p.id;
      nodeGrid.add(coreBox);
    });
    labelBoxes = [];
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0); // draw in screen pixels
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.scale(ratio, ratio);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    labelOrder.forEach(function (p) {
      var mine = nodeBox[p.id];
      if (!mine || view.node[p.id] === "d") return;
      var px = labelPx(p, scale);
      var font = labelFont(p, px);
      if (labelWidth[p.id] === undefined) {
        ctx.font = labelFont(p, 100);
        labelWidth[p.id] = ctx.measureText(shown(p.name)).width;
      }
      var w = labelWidth[p.id] * px / 100 + 4;
      var h = px * 1.25;
      var d = screen[p.id];
      var r = (mine[2] - mine[0]) / 2;
      var places = [
        [d.x - w / 2, d.y + r + 1], [d.x - w / 2, d.y - r - h - 1],
        [d.x + r + 2, d.y - h / 2], [d.x - r - w - 2, d.y - h / 2],
      ];
      var q = r * 0.75;
      places.push([d.x + q, d.y + q], [d.x + q, d.y - q - h], [d.x - q - w, d.y + q],
        [d.x - q - w, d.y - q - h]);
      if (flagged(p)) {
        // more places for the labels that are always shown: a line further out
        places.push([d.x - w / 2, d.y + r + h + 2], [d.x - w / 2, d.y - r - 2 * h - 2],
          [d.x + r + 2, d.y + h / 2 + 1], [d.x + r + 2, d.y - 1.5 * h - 1],
          [d.x - r - w - 2, d.y + h / 2 + 1], [d.x - r - w - 2, d.y - 1.5 * h - 1]);
      }
      var best = null;
      var bestCost = Infinity;
      for (var k = 0; k < places.length; k++) {
        // inside the canvas, shifted sideways if needed
        var x = Math.max(2, Math.min(width - w - 2, places[k][0]));
        var y = places[k][1];
        if (y < 0 || y + h > height) continue;
        var b = [x, y, x + w, y + h];
        var cost = labelGrid.hits(b) * 100 + nodeGrid.hits(b, p.id);
        if (cost < bestCost) { best = b; bestCost = cost; }
        if (cost === 0) break;
      }
      if (!best || (bestCost > 0 && !flagged(p))) return;
      labelGrid.add(best);
      labelBoxes.push({ id: p.id, font: font, x: best[0] + 2, y: best[1], w: w, h: h, text: shown(p.name) });
      ctx.font = font;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(shown(p.name), best[0] + 2, best[1] + px * 0.1);
      ctx.fillStyle = "#1b1b1b";
      ctx.fillText(shown(p.name), best[0] + 2, best[1] + px * 0.1);
    });
    ctx.restore();
  }
  // Drawings over the ties and under the markers and labels (the persuasion chains).
  var overlays = [];
  network.on("afterDrawing", function (ctx) {
    var at = network.getPositions();
    overlays.forEach(function (draw) { draw(ctx, at); });
    drawMarkers(ctx, at);
    drawLabels(ctx, at);
  });

  // -- the view: fit every shown node to the whole canvas, and again on resize -----------
  // Padding in screen pixels: room for the labels of the nodes on the edge.
  var PAD = { left: 24, right: 24, top: 14, bottom: 26 };
  var userMoved = false;
  // More of the canvas to keep in view than the nodes: [x0, y0, x1, y1] or null (the grid).
  var extraBounds = function () { return null; };
  function fitView() {
    var ids = people.filter(function (p) { return view.node[p.id] !== "h"; });
    if (!ids.length) ids = people;
    if (!ids.length) return;
    var at = network.getPositions();
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (p) {
      var xy = at[p.id];
      var r = reach(p);
      x0 = Math.min(x0, xy.x - r); x1 = Math.max(x1, xy.x + r);
      y0 = Math.min(y0, xy.y - r); y1 = Math.max(y1, xy.y + r);
    });
    var more = extraBounds();
    if (more) {
      x0 = Math.min(x0, more[0]); y0 = Math.min(y0, more[1]);
      x1 = Math.max(x1, more[2]); y1 = Math.max(y1, more[3]);
    }
    var w = container.clientWidth - PAD.left - PAD.right;
    var h = container.clientHeight - PAD.top - PAD.bottom;
    if (w <= 0 || h <= 0) return;
    var scale = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 2.5);
    network.moveTo({
      position: {
        x: (x0 + x1) / 2 + (PAD.right - PAD.left) / 2 / scale,
        y: (y0 + y1) / 2 + (PAD.bottom - PAD.top) / 2 / scale,
      },
      scale: scale,
      animation: false,
    });
    userMoved = false;
  }
  network.on("zoom", function () { userMoved = true; });
  network.on("dragEnd", function (e) { if (!e.nodes.length) userMoved = true; });
  // vis-network restores its own view after its "resize" event: refit right after that.
  network.on("resize", function () {
    if (!userMoved) Promise.resolve().then(function () { if (!userMoved) fitView(); });
  });

  // -- printing: landscape, the legend beside a graph that fills the page -----------------
  // map.css (@media print) gives the graph a fixed size in millimetres; the canvas is
  // drawn at that size before printing and refitted, and back to the window afterwards.
  var PRINT_SIZE = { width: Math.round(192 * 96 / 25.4), height: Math.round(158 * 96 / 25.4) };
  var printing = false;
  function printMode(on) {
    if (on === printing) return;
    printing = on;
    var moved = userMoved;
    network.setSize(on ? PRINT_SIZE.width + "px" : "100%", on ? PRINT_SIZE.height + "px" : "100%");
    fitView();
    network.redraw();
    if (!on) userMoved = moved;
  }
  window.addEventListener("beforeprint", function () { printMode(true); });
  window.addEventListener("afterprint", function () { printMode(false); });
  var printQuery = window.matchMedia("print");
  var onPrintQuery = function (e) { printMode(e.matches); };
  if (printQuery.addEventListener) printQuery.addEventListener("change", onPrintQuery);

  // -- filters, focus, search ----------------------------------------------------------
  var state = {
    parties: meta.parties.map(function () { return true; }),
    roles: [],
    track: "",
    focus: null,
    // the timeline's date shown: null for the map's own date, else a snapshot's index
    snapshot: null,
    // no tie drawn (the power-interest grid)
    noTies: false,
  };
  var pastTies = []; // the ties of the timeline's snapshot shown, if any (see below)
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
      var show = !state.noTies && state.snapshot === null && visible[t.from] && visible[t.to] &&
        (!state.track || has(t.tracks, state.track));
      var s = !show ? "h" : near && t.from !== state.focus && t.to !== state.focus ? "d" : "n";
      if (show) shownEdges += 1;
      if (s !== view.edge[t.id]) {
        view.edge[t.id] = s;
        edgeUpdates.push(edgeStyle(t, s));
      }
    });
    pastTies.forEach(function (t) {
      var show = !state.noTies && visible[t.from] && visible[t.to];
      if (show) shownEdges += 1;
      var s = !show ? "h" : near && t.from !== state.focus && t.to !== state.focus ? "d" : "n";
      if (s !== t.view) {
        t.view = s;
        edgeUpdates.push(pastStyle(t, s));
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var shownNodes = visible.filter(Boolean).length;
    var all = state.snapshot === null ? ties.length : pastTies.length;
    var filtered = shownNodes !== people.length || (!state.noTies && shownEdges !== all);
    filterStatus.textContent = filtered
      ? "Filtered: " + shownNodes + " of " + people.length + " stakeholders, " + shownEdges + " of " +
        all + " ties visible."
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
    if (centre) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
      userMoved = true;
    }
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

  // Parties: legend rows that are also filters. Without declared parties they are the
  // coalitions detected in the positive ties (graphkit.render.map.page), and say so.
  var partyList = document.getElementById("gk-parties");
  if (meta.grouping === "coalition") {
    var heading = document.getElementById("gk-parties-heading");
    heading.firstChild.textContent = "Coalitions ";
    var note = el("p", "gk-hint", "No parties are declared: colours are the coalitions detected " +
      "in the positive ties (Louvain communities), largest first.");
    note.id = "gk-parties-note";
    heading.parentNode.insertBefore(note, partyList);
  }
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
    fitView();
  });
  document.getElementById("gk-fit").addEventListener("click", function () {
    fitView();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement !== search) clearFocus();
  });

  // -- timeline: the ties and roles as of earlier dates, on the same positions ----------
  // graphkit.render.map.timeline: each snapshot is the analysis as of its date (what
  // `graphkit influence --as-of` gives), the last one the map's own date. At an earlier
  // date the map's ties are hidden and the snapshot's drawn instead (compact records:
  // [from, to, width, colour, bits]: 1 dashed, 2 arrow, 4 negative); the borders, rings
  // and labels follow the snapshot's roles. (pastTies: the snapshot's ties drawn now.)
  function pastStyle(t, s) {
    if (s === "d") {
      return { id: t.id, hidden: false, color: { color: DIM_EDGE, highlight: DIM_EDGE, hover: DIM_EDGE } };
    }
    var alpha = t.negative ? 0.95 : 0.4;
    return { id: t.id, hidden: s === "h", color: { color: rgba(t.c, alpha), highlight: t.c, hover: t.c } };
  }
  var timeline = document.getElementById("gk-timeline-data") ? readJSON("gk-timeline-data") : null;
  var nowRoles = people.map(function (p) { return p.roles; });
  var whenText = document.getElementById("gk-when-text");
  var slider = document.getElementById("gk-when");
  var playButton = document.getElementById("gk-play");
  function describe(snap, now) {
    var c = snap.counts;
    return "as of " + snap.date + (now ? " (the map's date)" : "") + " · " + c.ties +
      (c.ties === 1 ? " tie · " : " ties · ") + c.flagged + (c.flagged === 1 ? " stands out" : " stand out");
  }
  function showSnapshot(k) {
    var snaps = timeline.snapshots;
    var now = k === snaps.length - 1;
    var snap = snaps[k];
    state.snapshot = now ? null : k;
    people.forEach(function (p, i) { p.roles = now ? nowRoles[i] : []; });
    if (!now) {
      snap.roles.forEach(function (r) {
        people[r[0]].roles = timeline.roles.filter(function (name, b) { return r[1] & (1 << b); });
      });
    }
    edges.remove(pastTies.map(function (t) { return t.id; }));
    pastTies = now ? [] : snap.ties.map(function (r, i) {
      return { id: "p" + i, from: r[0], to: r[1], w: r[2], c: r[3], bits: r[4], negative: !!(r[4] & 4), view: "n" };
    });
    if (pastTies.length) {
      edges.add(pastTies.map(function (t) {
        var item = pastStyle(t, "n");
        item.from = t.from;
        item.to = t.to;
        item.width = t.w;
        item.dashes = !!(t.bits & 1);
        if (t.bits & 2) item.arrows = { to: { enabled: true, scaleFactor: 0.7 } };
        return item;
      }));
    }
    // restyle every node (borders follow the roles) and every tie
    view.node.fill("?");
    view.edge.fill("?");
    labelOrder = people.slice().sort(byLabelRank);
    apply();
    whenText.textContent = describe(snap, now);
    whenText.className = now ? "" : "gk-past";
    container.dataset.snapshot = now ? "" : snap.date;
    network.redraw();
  }
  var playing = null;
  function stop() {
    if (playing !== null) clearInterval(playing);
    playing = null;
    playButton.textContent = "Play";
  }
  if (timeline && timeline.snapshots.length > 1) {
    document.getElementById("gk-timeline").hidden = false;
    slider.max = String(timeline.snapshots.length - 1);
    slider.value = slider.max;
    whenText.textContent = describe(timeline.snapshots[timeline.snapshots.length - 1], true);
    slider.addEventListener("input", function () { stop(); showSnapshot(Number(slider.value)); });
    playButton.addEventListener("click", function () {
      if (playing !== null) { stop(); return; }
      if (Number(slider.value) === timeline.snapshots.length - 1) {
        slider.value = "0";
        showSnapshot(0);
      }
      playButton.textContent = "Pause";
      playing = setInterval(function () {
        var k = Number(slider.value) + 1;
        slider.value = String(k);
        showSnapshot(k);
        if (k >= timeline.snapshots.length - 1) stop();
      }, 1200);
    });
  }

  // For tests and tools driving the page: the network and when it first drew.
  var api = {
    network: network,
    nodes: nodes,
    edges: edges,
    drawn: false,
    firstDrawMs: null,
    focusOn: focusOn,
    clearFocus: clearFocus,
    // The view: fit() fits every shown node to the canvas (as on opening and on resize);
    // labels() lists the labels drawn last, in screen pixels of the canvas (x, y: top
    // left; font: the CSS font they were drawn with); apply() restyles the map from the
    // current state (filters, focus).
    fit: fitView,
    labels: function () { return labelBoxes.slice(); },
    apply: function () { return apply(); },
    state: state,
    // The timeline: its snapshots (null without one) and the date to show (an index into
    // them; the last is the map's own date).
    timeline: timeline,
    showSnapshot: function (k) { slider.value = String(k); showSnapshot(k); },
  };
  // <stances>
  // -- declared power, interest and stances (graphkit.render.map.stances) ----------------
  // Colour by the stance on an issue, the power-interest grid as a layout (ties hidden,
  // the nodes on their cells), and a persuasion plan's chains drawn over the ties.
  var sx = meta.stances;
  var CHAIN = "#6A3D9A";
  var stanceIssue = null;
  var gridOn = false;
  var chainsOn = !!sx.plan;
  var chosenTarget = null; // index into sx.plan.targets: only its chains drawn
  var stanceSection = el("section");
  stanceSection.id = "gk-stance-section";
  var partySection = document.getElementById("gk-parties").parentNode;
  partySection.parentNode.insertBefore(stanceSection, partySection);
  function control(parent, id, label, options) {
    var h = add(parent, el("h2"));
    var l = add(h, el("label", null, label));
    l.htmlFor = id;
    var select = add(parent, el("select"));
    select.id = id;
    select.className = "gk-select";
    options.forEach(function (o) { add(select, el("option", null, o[1])).value = o[0]; });
    return select;
  }
  var viewSelect = control(stanceSection, "gk-view", "Layout", [
    ["network", "relationship network"], ["grid", "power–interest grid (declared)"],
  ]);
  var colourSelect = control(stanceSection, "gk-colour", "Colour by",
    [["", "party"]].concat(sx.issues.map(function (issue, i) { return [String(i), "stance on " + issue]; })));
  var printed = add(stanceSection, el("p", "gk-print-only"));
  printed.id = "gk-stance-caption";
  function caption() {
    printed.textContent = shown((gridOn ? "Power–interest grid (declared) · " : "") + "Colour: " +
      (stanceIssue === null ? "party" : "stance on " + sx.issues[stanceIssue]));
  }
  var stanceLegend = add(stanceSection, el("ul", "gk-list"));
  stanceLegend.id = "gk-stance-legend";
  var gridHint = add(stanceSection, el("p", "gk-hint"));
  gridHint.id = "gk-grid-hint";

  // The stance held on the day shown: the map's own (p.st), or a timeline snapshot's, the
  // latest of p.sh dated on or before it.
  function stanceOf(p, k) {
    if (state.snapshot === null || !p.sh) return state.snapshot === null ? p.st[k] : null;
    var day = timeline.snapshots[state.snapshot].date;
    var s = null;
    p.sh[k].forEach(function (h) { if (h[0] <= day) s = h[1]; });
    return s;
  }
  colourOf = function (p) {
    if (stanceIssue === null) return meta.parties[p.party].colour;
    var s = stanceOf(p, stanceIssue);
    return s === null ? sx.none : sx.colours[s + 2];
  };
  var legendFor = null; // the issue and day the legend counts
  function stanceLegendNow() {
    var key = stanceIssue === null ? null : stanceIssue + " " + state.snapshot;
    if (key === legendFor) return;
    legendFor = key;
    stanceLegend.textContent = "";
    if (stanceIssue === null) return;
    var n = [0, 0, 0, 0, 0, 0];
    people.forEach(function (p) { var s = stanceOf(p, stanceIssue); n[s === null ? 5 : s + 2] += 1; });
    sx.words.concat(["no stance on record"]).forEach(function (word, i) {
      var li = add(stanceLegend, el("li"));
      add(li, el("span", "gk-swatch")).style.backgroundColor = i < 5 ? sx.colours[i] : sx.none;
      add(li, el("span", null, word));
      add(li, el("span", "gk-count", String(n[i])));
    });
  }
  function colourBy(k) {
    stanceIssue = k;
    colourSelect.value = k === null ? "" : String(k);
    partyList.classList.toggle("gk-no-swatch", k !== null);
    stanceLegendNow();
    view.node.fill("?");
    apply();
    container.dataset.colour = k === null ? "" : sx.issues[k];
    caption();
  }
  colourSelect.addEventListener("change", function () {
    colourBy(colourSelect.value === "" ? null : Number(colourSelect.value));
  });

  // The grid: interest left to right, power bottom to top, 1 to 5; the quadrants split at
  // sx.grid.high. Drawn under the nodes, in canvas units.
  var g = sx.grid;
  var flagOf = {};
  g.flags.forEach(function (f) { flagOf[f[0]] = f; });
  function layoutAs(grid) {
    gridOn = grid;
    viewSelect.value = grid ? "grid" : "network";
    state.noTies = grid;
    nodes.update(people.map(function (p) {
      return { id: p.id, x: grid ? p.g[0] : p.x, y: grid ? p.g[1] : p.y };
    }));
    var rated = people.filter(function (p) { return p.pw && p.in; }).length;
    gridHint.textContent = grid ? rated + " of " + people.length + " stakeholders have a declared " +
      "power and interest; size is still influence (PageRank). Ties are hidden" +
      (sx.plan ? ", the persuasion chains drawn." : ".") : "";
    view.edge.fill("?");
    apply();
    fitView();
    container.dataset.view = grid ? "grid" : "network";
    caption();
    network.redraw();
  }
  viewSelect.addEventListener("change", function () { layoutAs(viewSelect.value === "grid"); });
  extraBounds = function () {
    if (!gridOn) return null;
    return [-g.cell[0] * 0.45, -g.cell[1] * 0.4, g.width + 10, g.height + g.cell[1] * 0.3];
  };
  network.on("beforeDrawing", function (ctx) {
    if (!gridOn) return;
    var cw = g.cell[0], ch = g.cell[1], px = 1 / network.getScale();
    var hx = (g.high - 1) * cw, hy = (5 - g.high + 1) * ch; // the quadrant lines
    ctx.save();
    ctx.fillStyle = "rgba(0,114,178,0.06)";
    ctx.fillRect(hx, 0, 5 * cw - hx, hy); // manage closely
    ctx.strokeStyle = "#d6d6d6";
    ctx.lineWidth = Math.max(1, px);
    for (var k = 0; k <= 5; k++) {
      ctx.beginPath(); ctx.moveTo(k * cw, 0); ctx.lineTo(k * cw, 5 * ch); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(0, k * ch); ctx.lineTo(5 * cw, k * ch); ctx.stroke();
    }
    ctx.strokeStyle = "#555555";
    ctx.lineWidth = Math.max(3, 2 * px);
    ctx.beginPath(); ctx.moveTo(hx, 0); ctx.lineTo(hx, 5 * ch); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(0, hy); ctx.lineTo(5 * cw, hy); ctx.stroke();
    var font = Math.max(22, 13 * px);
    ctx.font = "600 " + font + "px " + LABEL_FACE;
    ctx.fillStyle = "rgba(60,60,60,0.55)";
    ctx.textBaseline = "top";
    // the quadrants' names outside the grid, where no node covers them: the high-power
    // ones above it, the others on the line of the interest axis
    g.quadrants.forEach(function (q) {
      ctx.textAlign = q[2] ? "right" : "left";
      ctx.textBaseline = q[1] ? "bottom" : "top";
      ctx.fillText(q[0], q[2] ? 5 * cw : 0, q[1] ? -6 * px : 5 * ch + 8 * px + font);
    });
    ctx.textBaseline = "top";
    ctx.font = font + "px " + LABEL_FACE;
    ctx.fillStyle = "#444444";
    ctx.textAlign = "center";
    for (var i = 1; i <= 5; i++) ctx.fillText(String(i), (i - 0.5) * cw, 5 * ch + 6 * px);
    ctx.fillText("interest (declared, 1–5) →", 2.5 * cw, 5 * ch + 8 * px + font);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (var j = 1; j <= 5; j++) ctx.fillText(String(j), -10 * px, (5.5 - j) * ch);
    ctx.save();
    ctx.translate(-14 * px - font, 2.5 * ch);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText("power (declared, 1–5) →", 0, 0);
    ctx.restore();
    if (g.rest !== null) {
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText("power or interest not declared", 0, g.rest - 4 * px);
    }
    ctx.restore();
  });

  // Persuasion chains: from each supporter through the go-betweens to the target, a
  // thick purple line; the targets ringed.
  overlays.push(function () { stanceLegendNow(); }); // the timeline moved: count again
  overlays.push(function (ctx, at) {
    if (!sx.plan || !chainsOn) return;
    var px = 1 / network.getScale();
    ctx.save();
    ctx.strokeStyle = CHAIN;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    sx.plan.targets.forEach(function (t, k) {
      if (chosenTarget !== null && chosenTarget !== k) return;
      if (view.node[t.t] === "h") return;
      t.chains.forEach(function (c, rank) {
        if (!c.path) return;
        var width = Math.max(4, (rank === 0 ? 4.5 : 3) * px);
        ctx.beginPath();
        c.path.forEach(function (n, i) {
          var xy = at[n];
          if (i === 0) ctx.moveTo(xy.x, xy.y); else ctx.lineTo(xy.x, xy.y);
        });
        // a white halo first, so that the chain stands out from the ties under it
        ctx.globalAlpha = 0.85;
        ctx.strokeStyle = "#FFFFFF";
        ctx.lineWidth = width + Math.max(3, 3 * px);
        ctx.stroke();
        ctx.globalAlpha = rank === 0 ? 0.95 : 0.5;
        ctx.strokeStyle = CHAIN;
        ctx.lineWidth = width;
        ctx.stroke();
      });
      var p = people[t.t];
      ctx.globalAlpha = 1;
      ctx.lineWidth = Math.max(3, 3 * px);
      ctx.beginPath();
      ctx.arc(at[t.t].x, at[t.t].y, reach(p) + 6 * px, 0, 2 * Math.PI);
      ctx.stroke();
    });
    ctx.restore();
  });
  if (sx.plan) {
    var planSection = el("section");
    planSection.id = "gk-plan-section";
    stanceSection.parentNode.insertBefore(planSection, stanceSection.nextSibling);
    add(planSection, el("h2", null, "Whom to win over on " + sx.plan.issue));
    var toggle = add(add(planSection, el("label", "gk-toggle")), el("input"));
    toggle.type = "checkbox";
    toggle.checked = true;
    toggle.id = "gk-chains";
    toggle.parentNode.appendChild(document.createTextNode(" draw the chains of introductions"));
    toggle.addEventListener("change", function () { chainsOn = toggle.checked; network.redraw(); });
    var targetList = add(planSection, el("ul", "gk-matches gk-plan"));
    var planStatus = add(planSection, el("p", "gk-status"));
    planStatus.id = "gk-plan-status";
    if (!sx.plan.targets.length) {
      add(planSection, el("p", "gk-hint", "Nobody with declared power " + sx.plan.min_power +
        " or more opposes it or is undecided on " + sx.plan.as_of + "."));
    }
    sx.plan.targets.forEach(function (t, k) {
      var li = add(targetList, el("li"));
      var button = add(li, el("button", null, nameOf(t.t) + " — " + sx.words[t.stance + 2] +
        ", power " + t.power));
      button.type = "button";
      button.dataset.target = String(k);
      t.chains.forEach(function (c) {
        add(li, el("div", "gk-chain", c.names + " · trust " + c.trust + (c.path ? "" : " (not all on this map)")));
      });
      if (!t.chains.length) add(li, el("div", "gk-chain", "no trusted chain from a supporter"));
      button.addEventListener("click", function () {
        chosenTarget = chosenTarget === k ? null : k;
        planStatus.textContent = chosenTarget === null ? "" : shown(t.reason);
        targetList.querySelectorAll("button").forEach(function (b) {
          b.classList.toggle("gk-chosen", Number(b.dataset.target) === chosenTarget);
        });
        network.redraw();
      });
    });
    if (sx.plan.hidden) {
      add(planSection, el("p", "gk-hint", sx.plan.hidden + " more outside this map's selection."));
    }
  }
  api.colourBy = function (issue) { colourBy(issue === null ? null : sx.issues.indexOf(issue)); };
  api.layout = function (name) { layoutAs(name === "grid"); };
  api.chooseTarget = function (k) { targetList.querySelectorAll("button")[k].click(); };
  colourBy(sx.colour);
  if (sx.view === "grid") layoutAs(true);
  // </stances>
  network.once("afterDrawing", function () {
    api.drawn = true;
    api.firstDrawMs = performance.now();
  });
  window.graphkitMap = api;
  apply();
  fitView();
  if (meta.focus !== null && meta.focus !== undefined) {
    // A map of one stakeholder's neighbourhood (--focus): that stakeholder is selected.
    network.selectNodes([meta.focus]);
    status.textContent = shown("Neighbourhood of " + nameOf(meta.focus) + " (selected).");
  }
})();
