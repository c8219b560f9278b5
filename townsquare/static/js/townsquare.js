/* Townsquare's own page script (no framework): the installable app.
   - registers the service worker (/sw.js, scope "/");
   - when the page runs as the installed app (display-mode: standalone), tells the server once, so the
     coach's "Install the mobile app" step ticks itself;
   - the offline page's "Try again" button reloads;
   - forms with data-confirm="…" (delete a post or note, deactivate a person) ask before they are sent, and
     inputs with data-select-on-focus select their text: listeners here, because the Content-Security-Policy
     refuses inline handlers (onsubmit=, onfocus=). */
(function () {
  "use strict";
  var body = document.body;

  if ("serviceWorker" in navigator && body.dataset.swUrl) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(body.dataset.swUrl, { scope: "/" }).catch(function () {
        /* no worker (private mode, old browser): the site works the same without it */
      });
    });
  }

  // The token base.html gives htmx (body hx-headers), else Django's csrftoken cookie.
  function csrfToken() {
    try {
      var token = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      if (token) return token;
    } catch (e) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  var DONE_KEY = "townsquare.app-installed-recorded";
  var url = body.dataset.appInstalledUrl;
  var standalone = window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone === true;
  var who = body.dataset.person || "";  // one record per person: someone else signing in on the phone counts too
  var recorded = false;
  try { recorded = window.localStorage.getItem(DONE_KEY + "." + who) === "1"; } catch (e) { /* storage blocked */ }
  if (url && standalone && !recorded && window.fetch) {
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.ok) {
        try { window.localStorage.setItem(DONE_KEY + "." + who, "1"); } catch (e) { /* storage blocked */ }
      }
    }).catch(function () { /* offline: try again on the next page */ });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-retry]")) window.location.reload();
  });

  // In the capture phase, so a form that is not confirmed is stopped before any other listener (htmx's) sees it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.hasAttribute && input.hasAttribute("data-select-on-focus") && input.select) input.select();
  });
})();
