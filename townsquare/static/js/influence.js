/* The writing coach in the composer (townsquare/influence/templates/influence/_composer_hints.html).
   As the person types, the draft's body and kind go to POST /influence/hints/ DELAY_MS after the last keystroke
   (at once on a change of kind, and on page load for a draft that already has text); the answer, an HTML fragment
   the server renders and escapes, replaces the hints in the composer's aria-live region. A newer request cancels
   an older one, and the same draft is not sent twice. Only the body and the kind are sent; nothing is kept.
   A plain script rather than hx-trigger: pages carry no htmx triggers of their own (tests/browser/test_xss.py). */
(function () {
  "use strict";
  var DELAY_MS = 600;

  // The token base.html gives htmx (body hx-headers), else Django's csrftoken cookie.
  function csrfToken() {
    try {
      var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      if (token) return token;
    } catch (e) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function attach(region) {
    // The composer's form, or one variant of an experiment ([data-coach-scope] with its own textarea and form).
    var form = region.closest("[data-coach-scope]") || region.closest("form");
    var body = form && (form.querySelector("textarea[data-coach-body]") || form.querySelector("textarea[name=body]"));
    var kindSelect = form && form.querySelector("select[data-coach-kind]");
    if (!body || !window.fetch || region.hasAttribute("data-coach-ready")) return;
    region.setAttribute("data-coach-ready", "");
    var timer = null;
    var controller = null;
    var lastSent = null;

    function kind() {
      if (kindSelect) return kindSelect.options[kindSelect.selectedIndex].getAttribute("data-kind") || "update";
      var checked = form.querySelector("input[name=kind]:checked");
      return checked ? checked.value : "update";
    }

    function ask() {
      clearTimeout(timer);
      var data = new URLSearchParams({ body: body.value, kind: kind() });
      var key = data.toString();
      if (key === lastSent) return;
      lastSent = key;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(region.getAttribute("data-url"), {
        method: "POST",
        credentials: "same-origin",
        body: data,
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
        signal: controller ? controller.signal : undefined,
      }).then(function (response) {
        // 400 carries the reason the draft cannot be read; a redirect (signed out) or anything else is not ours.
        if (response.redirected || (response.status !== 200 && response.status !== 400)) throw new Error("skip");
        return response.text();
      }).then(function (html) {
        region.innerHTML = html;
      }).catch(function (error) {
        if (!error || error.name !== "AbortError") lastSent = null;  // try again on the next keystroke
      });
    }

    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    form.addEventListener("change", function (event) {
      if (event.target && (event.target.name === "kind" || event.target === kindSelect)) ask();
    });
    if (body.value.trim()) ask();
  }

  var regions = document.querySelectorAll("[data-writing-hints]");
  for (var i = 0; i < regions.length; i++) attach(regions[i]);
})();
