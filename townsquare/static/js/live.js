/* Live updates (server-sent events from /live/events/, see townsquare/live/views.py).
   The <script id="live-config"> tag in base.html says which page this is:
     data-feed="home|company|group" (+ data-group, data-since)  a feed: "N new posts — show" banner
     data-post, data-replies, data-reactions                     a post: new replies and reactions appear
   and on every signed-in page the bell's unread count follows the server.
   Every (re)connection starts with a "state" event (the catch-up), so a page that was away ends
   equal to a fresh load. html[data-live] is "connecting", "ready" or "closed" (tests wait on it). */
(function () {
  "use strict";
  var cfg = document.getElementById("live-config");
  if (!cfg || !window.EventSource || !window.fetch) return;
  var d = cfg.dataset;
  var root = document.documentElement;
  var since = d.since || "";
  var newPosts = new Set();
  var more = false;
  var known = { replies: Number(d.replies || 0), reactions: Number(d.reactions || 0) };
  var source = null;
  var refreshTimer = null;

  function streamUrl() {
    var q = [];
    if (d.feed) q.push("feed=" + encodeURIComponent(d.feed));
    if (d.group) q.push("group=" + encodeURIComponent(d.group));
    if (d.post) q.push("post=" + encodeURIComponent(d.post));
    if (since) q.push("since=" + encodeURIComponent(since));
    return d.events + (q.length ? "?" + q.join("&") : "");
  }

  // --- the bell ----------------------------------------------------------------------------
  function setUnread(n) {
    var bell = document.querySelector("a.bell");
    if (!bell) return;
    var badge = bell.querySelector("[data-testid=unread-count]");
    if (n > 0) {
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "badge";
        badge.setAttribute("data-testid", "unread-count");
        bell.appendChild(badge);
      }
      badge.textContent = String(n);
      bell.setAttribute("aria-label", "Notifications, " + n + " unread");
    } else {
      if (badge) badge.remove();
      bell.setAttribute("aria-label", "Notifications");
    }
  }

  // --- the feed banner -----------------------------------------------------------------------
  function showBanner() {
    var banner = document.getElementById("live-banner");
    if (!banner) return;
    var n = newPosts.size;
    if (!n) { banner.hidden = true; banner.innerHTML = ""; return; }
    var label = (more ? n + "+" : String(n)) + (n === 1 && !more ? " new post" : " new posts") + " — show";
    var button = banner.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "primary";
      button.style.width = "100%";
      button.setAttribute("data-testid", "live-new-posts");
      button.addEventListener("click", showNewPosts);
      banner.appendChild(button);
    }
    button.textContent = label;
    banner.hidden = false;
  }

  function pageWithoutCursor() {
    var params = new URLSearchParams(window.location.search);
    params.delete("cursor");
    var q = params.toString();
    return window.location.pathname + (q ? "?" + q : "");
  }

  function fetchPage(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  function showNewPosts() {
    fetchPage(pageWithoutCursor()).then(function (doc) {
      var fresh = doc.getElementById("feed");
      var feed = document.getElementById("feed");
      if (!fresh || !feed) { window.location.reload(); return; }
      feed.replaceWith(fresh);
      var freshCfg = doc.getElementById("live-config");
      since = (freshCfg && freshCfg.dataset.since) || since;
      newPosts.clear();
      more = false;
      if (window.htmx) window.htmx.process(fresh);
      fresh.setAttribute("tabindex", "-1");
      fresh.focus({ preventScroll: true });
      scrollBelowTopBar(fresh.querySelector("article.post") || fresh);
      reconnect();  // the stream's cursor moves to the newest post now shown
    }).catch(function () { window.location.reload(); });
  }

  // The top bar is sticky and its height changes (on a phone the search wraps onto a second row): bring
  // `el` to just below it, so the first new post is never hidden underneath.
  function scrollBelowTopBar(el) {
    var bar = document.querySelector("header.topbar");
    var covered = bar ? bar.getBoundingClientRect().bottom : 0;
    var top = el.getBoundingClientRect().top + window.pageYOffset - Math.max(covered, 0) - 8;
    window.scrollTo({ top: Math.max(top, 0), behavior: "auto" });
  }

  // --- the post page ---------------------------------------------------------------------------
  function refreshPost() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      fetchPage(window.location.pathname).then(function (doc) {
        var id = d.post;
        var actions = document.getElementById("actions-" + id);
        var freshActions = doc.getElementById("actions-" + id);
        if (actions && freshActions) {
          actions.replaceWith(freshActions);
          if (window.htmx) window.htmx.process(freshActions);
        }
        var replies = document.getElementById("replies");
        var freshReplies = doc.getElementById("replies");
        if (!replies || !freshReplies) return;
        var heading = replies.querySelector("h2");
        var freshHeading = freshReplies.querySelector("h2");
        if (heading && freshHeading) heading.textContent = freshHeading.textContent;
        var form = replies.querySelector("form[action$='/replies/']");
        // Replies are replaced as a whole; the reply form (and what is being typed in it) stays.
        replies.querySelectorAll(":scope > .reply, :scope > p.muted").forEach(function (el) { el.remove(); });
        freshReplies.querySelectorAll(":scope > .reply, :scope > p.muted").forEach(function (el) {
          var node = document.importNode(el, true);
          if (form) replies.insertBefore(node, form); else replies.appendChild(node);
          if (window.htmx) window.htmx.process(node);  // its reaction buttons (hx-post) work at once
        });
      }).catch(function () { /* the next event or reconnect tries again */ });
    }, 150);
  }

  function onPostCounts(data) {
    if (!data) return;
    if (data.replies !== known.replies || data.reactions !== known.reactions) {
      known = { replies: data.replies, reactions: data.reactions };
      refreshPost();
    }
  }

  // --- the stream ------------------------------------------------------------------------------
  function on(name, fn) {
    source.addEventListener(name, function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      fn(data);
    });
  }

  function connect() {
    root.dataset.live = "connecting";
    source = new EventSource(streamUrl());
    on("state", function (s) {
      if (typeof s.unread === "number") setUnread(s.unread);
      if (s.new_posts) {
        newPosts = new Set(s.new_posts);
        more = !!s.more;
        showBanner();
      }
      if (s.post) onPostCounts(s.post);
      root.dataset.live = "ready";
    });
    on("post", function (p) { newPosts.add(p.id); showBanner(); });
    on("unread", function (u) { setUnread(u.count); });
    on("reply", function (r) { known = { replies: r.replies, reactions: r.reactions }; refreshPost(); });
    on("reaction", function (r) { known = { replies: r.replies, reactions: r.reactions }; refreshPost(); });
    source.onerror = function () {
      // The browser reconnects by itself; a 4xx (signed out, post deleted) closes the stream for good.
      root.dataset.live = source.readyState === EventSource.CLOSED ? "closed" : "connecting";
    };
  }

  function reconnect() {
    if (source) source.close();
    connect();
  }

  window.addEventListener("pagehide", function () { if (source) source.close(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) reconnect(); });
  connect();
})();
