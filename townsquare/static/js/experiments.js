// An experiment's page (influence/experiment_detail.html): draws, with Chart.js, each variant's 95% credible
// interval of its response rate as a floating bar and the rate seen so far as a dot, from the JSON in
// <script id="experiment-chart">. The same numbers are in the table under the chart.
(function () {
  "use strict";
  function draw() {
    var canvas = document.querySelector("canvas[data-experiment-chart]");
    var el = document.getElementById("experiment-chart");
    if (!canvas || !el || !window.Chart) return;
    var spec;
    try { spec = JSON.parse(el.textContent); } catch (e) { return; }
    canvas.chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [
          { type: "bar", label: "Most likely true rate (95% interval)", data: spec.interval,
            backgroundColor: "#9db3ef", borderColor: "#2f5bd3", borderWidth: 1, borderSkipped: false, order: 2 },
          { type: "line", label: "Rate seen so far", data: spec.observed, showLine: false,
            pointRadius: 6, pointHoverRadius: 7, backgroundColor: "#e07a1f", borderColor: "#e07a1f", order: 1 },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) {
            var v = ctx.raw;
            return Array.isArray(v) ? ctx.dataset.label + ": " + v[0] + "–" + v[1] + "%" : ctx.dataset.label + ": " + v + "%";
          } } },
        },
        scales: { y: { beginAtZero: true, suggestedMax: 50, ticks: { callback: function (v) { return v + "%"; } } } },
      },
    });
    canvas.setAttribute("data-drawn", "1");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
