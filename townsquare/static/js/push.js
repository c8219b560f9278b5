/* "Turn on notifications on this device" on the email and notifications page (no framework).
   Asks the browser's permission, subscribes through the service worker with our VAPID public key and
   stores the subscription on the server; "Turn off" unsubscribes and tells the server to forget it.
   Browsers without push (or with notifications blocked) get a sentence saying so, never an error. */
(function () {
  "use strict";
  var box = document.querySelector("[data-vapid-key]");
  if (!box) return;
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");
  var status = box.querySelector("[data-push-status]");

  function say(text) { status.textContent = text; }

  function csrfToken() {
    try {
      var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      if (token) return token;
    } catch (e) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error(body.error || "The server said no (" + response.status + ").");
        return body;
      });
    });
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("This browser cannot show push notifications. Email still works.");
    return;
  }
  if (Notification.permission === "denied") {
    say("Notifications are blocked for this site in your browser settings. Allow them there, then reload this page.");
    return;
  }

  function registration() {
    // townsquare.js registers /sw.js on load; register again here so this page does not wait for it.
    var url = document.body.dataset.swUrl || "/sw.js";
    return navigator.serviceWorker.register(url, { scope: "/" }).then(function () { return navigator.serviceWorker.ready; });
  }

  registration().then(function (reg) {
    return reg.pushManager.getSubscription();
  }).then(function (sub) {
    show(!!sub);
    if (sub) say("Notifications are on for this device.");
  }).catch(function () { show(false); });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    say("Asking your browser…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("You did not allow notifications, so nothing changed.");
      return registration();
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.vapidKey) });
    }).then(function (sub) {
      return post(box.dataset.subscribeUrl, sub.toJSON());
    }).then(function () {
      show(true);
      say("Notifications are on for this device. Reload to see it in the list below.");
    }).catch(function (err) {
      var text = err && err.message ? err.message : String(err);
      if (err && (err.name === "AbortError" || err.name === "NotAllowedError" || err.name === "InvalidStateError")) {
        text = "Your browser could not reach its push service, so notifications are still off here. Try again later.";
      }
      say(text);
    }).then(function () { onButton.disabled = false; });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    registration().then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (sub) {
      if (!sub) return null;
      var endpoint = sub.endpoint;
      return sub.unsubscribe().then(function () { return post(box.dataset.unsubscribeUrl, { endpoint: endpoint }); });
    }).then(function () {
      show(false);
      say("Notifications are off for this device.");
    }).catch(function (err) {
      say(err && err.message ? err.message : "That did not work. Try again.");
    }).then(function () { offButton.disabled = false; });
  });
})();
