// Analytics dashboards: draws the charts (Chart.js) and network pictures (Cytoscape) described by the
// JSON in <script id="analytics-charts">. Each <canvas data-chart="key"> and <div data-network="key">
// gets the spec with that key. Every chart also exists as a table on the page (and as CSV).
(function () {
  "use strict";
  var PALETTE = ["#2f5bd3", "#e07a1f", "#1f9d6b", "#b8418f", "#7a5af8", "#c9a227", "#2aa5b8", "#6b7280"];

  function specs() {
    var el = document.getElementById("analytics-charts");
    try { return el ? JSON.parse(el.textContent) || {} : {}; } catch (e) { return {}; }
  }

  function drawChart(canvas, spec) {
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (d, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: d.label, data: d.data, spanGaps: true, tension: 0.25, fill: !!spec.fill,
        borderColor: doughnut ? "#fff" : colour,
        backgroundColor: doughnut ? spec.labels.map(function (_, j) { return PALETTE[j % PALETTE.length]; })
          : (spec.fill ? colour + "99" : colour),
      };
    });
    var stacked = !!spec.stacked;
    var labels = spec.labels;
    if (spec.horizontal && !doughnut) {
      // Every category gets its own row, its name wrapped over lines instead of skipped: the box grows
      // with the number of rows so that none is dropped on a narrow phone.
      labels = spec.labels.map(function (l) { return wrap(String(l), 16); });
      var lines = labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
      var rows = Math.max(lines * 14, spec.labels.length * 10 * Math.max(1, datasets.length)) + spec.labels.length * 8;
      canvas.parentNode.style.height = Math.max(220, rows + 90) + "px";
    }
    var options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    };
    if (!doughnut) {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = { x: { stacked: stacked, ticks: { maxRotation: 0, autoSkip: true } },
                         y: { stacked: stacked, beginAtZero: true, max: spec.max } };
      if (spec.horizontal) {
        options.scales = { x: { stacked: stacked, beginAtZero: true, max: spec.max },
                           y: { stacked: stacked, ticks: { autoSkip: false, font: { size: 11 } } } };
      }
    }
    canvas.chart = new window.Chart(canvas, { type: spec.type, data: { labels: labels, datasets: datasets }, options: options });
    canvas.setAttribute("data-drawn", "1");
  }

  function wrap(text, width) {
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : text;
  }

  function drawNetwork(box, spec) {
    // Readable rather than complete: nodes arrive strongest first (biggest department, strongest tie),
    // only the first spec.labelled of them carry a name on the picture (the others show theirs when
    // pointed at or tapped), and the layout leaves room between nodes. The full list is on the page.
    var maxW = 1, maxSize = 1, labelled = spec.labelled || 8;
    var me = spec.nodes.filter(function (n) { return n.me; }).map(function (n) { return n.id; })[0];
    // Lines to "You" all stay; of the lines among the others only the strongest, about one per node.
    var mine = spec.edges.filter(function (e) { return e.source === me || e.target === me; });
    var among = spec.edges.filter(function (e) { return e.source !== me && e.target !== me; })
      .sort(function (a, b) { return b.weight - a.weight; }).slice(0, me ? spec.nodes.length : spec.edges.length);
    var edges = mine.concat(among);
    edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
    spec.nodes.forEach(function (n) { maxSize = Math.max(maxSize, n.size || n.weight || 1); });
    var rank = 0;
    var elements = spec.nodes.map(function (n) {
      var value = n.size || n.weight || 1;
      var size = n.me ? 30 : 14 + 26 * Math.sqrt(value / maxSize);
      var shown = n.me || rank++ < labelled;
      return { data: { id: n.id, name: n.label, label: shown ? n.label : "", me: n.me ? 1 : 0, size: size,
                       ring: n.me ? 3 : (shown ? 2 : 1) } };
    }).concat(edges.map(function (e, i) {
      var toMe = e.source === me || e.target === me;
      return { data: { id: "e" + i, source: e.source, target: e.target, w: 1 + 5 * e.weight / maxW, mine: toMe ? 1 : 0 } };
    }));
    var n = spec.nodes.length;
    var cy = window.cytoscape({
      container: box, elements: elements, userZoomingEnabled: false, userPanningEnabled: false,
      boxSelectionEnabled: false, autoungrabify: true,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 14, "background-color": "#2f5bd3",
          "width": "data(size)", "height": "data(size)", "color": "#1f2937", "text-wrap": "wrap", "text-max-width": 130,
          "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#fbfcff", "text-background-opacity": 0.85,
          "text-background-padding": 2, "min-zoomed-font-size": 7 } },
        { selector: "node[me = 1]", style: { "background-color": "#e07a1f", "font-weight": "bold" } },
        { selector: "node.pointed", style: { "label": "data(name)", "z-index": 10, "font-weight": "bold" } },
        { selector: "edge", style: { "width": "data(w)", "line-color": "#9db3ef", "opacity": 0.6, "curve-style": "haystack" } },
        { selector: "edge[mine = 0]", style: { "line-color": "#c9d3ea", "opacity": me ? 0.5 : 0.6 } },
      ],
      layout: spec.layout === "concentric"
        ? { name: "concentric", animate: false, padding: 20, minNodeSpacing: 34, spacingFactor: 1,
            concentric: function (node) { return node.data("ring"); }, levelWidth: function () { return 1; } }
        : { name: "cose", animate: false, randomize: false, padding: 30,
            boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight }, nodeRepulsion: function () { return 900000; },
            idealEdgeLength: function () { return n > 10 ? 110 : 140; }, nodeOverlap: 40, componentSpacing: 80,
            gravity: 0.6, numIter: 1500 },
    });
    cy.on("mouseover tap", "node", function (evt) { cy.nodes().removeClass("pointed"); evt.target.addClass("pointed"); });
    cy.on("mouseout", "node", function (evt) { evt.target.removeClass("pointed"); });
    box.cy = cy;
    box.setAttribute("data-drawn", "1");
  }

  function draw() {
    var all = specs();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = all[canvas.getAttribute("data-chart")];
      if (spec && window.Chart && !canvas.chart) { drawChart(canvas, spec); }
    });
    document.querySelectorAll("[data-network]").forEach(function (box) {
      var spec = all[box.getAttribute("data-network")];
      // A box hidden on a phone (the page shows a list there instead) is not drawn.
      if (spec && window.cytoscape && !box.cy && spec.nodes.length && box.offsetWidth) { drawNetwork(box, spec); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
