/* The export page's status (townsquare/portability/templates/portability/_export_status.html): while an export is
   queued or being prepared, the status element carries data-poll-url, and every POLL_MS this script asks htmx to
   fetch the fragment again and swap it in. The fragment drops data-poll-url once the export is ready or failed,
   so polling stops by itself. A plain script rather than hx-trigger: pages carry no htmx triggers of their own
   (tests/browser/test_xss.py). */
(function () {
  "use strict";
  var POLL_MS = 1500;
  var timer = null;

  function schedule() {
    if (timer) return;
    var el = document.getElementById("export-status");
    if (!el || !el.getAttribute("data-poll-url") || !window.htmx) return;
    timer = window.setTimeout(function () {
      timer = null;
      var now = document.getElementById("export-status");
      if (!now || !now.getAttribute("data-poll-url")) return;
      window.htmx.ajax("GET", now.getAttribute("data-poll-url"), {target: "#export-status", swap: "outerHTML"})
        .then(schedule, schedule);
    }, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", schedule);
  document.addEventListener("htmx:afterSettle", schedule);
})();
