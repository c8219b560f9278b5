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
    var options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    };
    if (!doughnut) {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = { x: { stacked: stacked, ticks: { maxRotation: 0, autoSkip: true } },
                         y: { stacked: stacked, beginAtZero: true, max: spec.max } };
    }
    canvas.chart = new window.Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options });
    canvas.setAttribute("data-drawn", "1");
  }

  function drawNetwork(box, spec) {
    var maxW = 1, maxSize = 1;
    spec.edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
    spec.nodes.forEach(function (n) { maxSize = Math.max(maxSize, n.size || 1); });
    var elements = spec.nodes.map(function (n) {
      var size = n.size ? 16 + 30 * Math.sqrt(n.size / maxSize) : (n.me ? 24 : 14);
      return { data: { id: n.id, label: n.label, me: n.me ? 1 : 0, size: size } };
    }).concat(spec.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, w: 1 + 7 * e.weight / maxW } };
    }));
    var cy = window.cytoscape({
      container: box, elements: elements, userZoomingEnabled: false, boxSelectionEnabled: false,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 10, "background-color": "#2f5bd3",
          "width": "data(size)", "height": "data(size)", "color": "#1f2937", "text-wrap": "wrap", "text-max-width": 90 } },
        { selector: "node[me = 1]", style: { "background-color": "#e07a1f", "font-weight": "bold" } },
        { selector: "edge", style: { "width": "data(w)", "line-color": "#9db3ef", "opacity": 0.7, "curve-style": "haystack" } },
      ],
      layout: spec.layout === "concentric"
        ? { name: "concentric", animate: false, padding: 16, minNodeSpacing: 18,
            concentric: function (node) { return node.data("me") ? 2 : 1; }, levelWidth: function () { return 1; } }
        : { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000, idealEdgeLength: 90, padding: 16 },
    });
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
      if (spec && window.cytoscape && !box.cy && spec.nodes.length) { drawNetwork(box, spec); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
