/* Suggestions as one types: @people and #topics in a text box (the composer, the group page's composer, the reply
   box: textarea[data-suggest="mentions"]), and people or groups in a search filter (input[data-suggest="people"]
   or [data-suggest="groups"]). DELAY_MS after the last keystroke the word being typed goes to GET /search/suggest/
   (a newer request cancels an older one); the answer (JSON: only what the reader may see) becomes an ARIA listbox
   under the field. Arrow keys move through it, Enter or Tab chooses, Escape closes; a click or a tap chooses too.
   Text from the server goes into the page as text (textContent), never as HTML. Nothing is sent but the word. */
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_CHARS = 1;
  var counter = 0;
  // "@gr" or "#ru" just before the caret, at the start or after a space or an opening bracket.
  var TOKEN = /(^|[\s(\[{,;])([@#])([-\w]{1,40})$/;

  function attach(field) {
    if (field.hasAttribute("data-suggest-ready") || !window.fetch) return;
    field.setAttribute("data-suggest-ready", "");
    var mode = field.getAttribute("data-suggest");
    var inText = mode === "mentions";
    var endpoint = field.getAttribute("data-suggest-url") || "/search/suggest/";
    var id = "suggest-" + (++counter);
    var host = field.parentNode;
    host.classList.add("suggest-host");

    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", inText ? "People and topics" : mode === "groups" ? "Groups" : "People");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    if (!inText) field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", list.id);
    if (!inText) field.setAttribute("aria-expanded", "false");
    field.setAttribute("autocomplete", "off");

    var timer = null;
    var controller = null;
    var items = [];
    var active = -1;
    var token = null; // in a text box: {start, end, kind} of the word being replaced

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      token = null;
      field.removeAttribute("aria-activedescendant");
      if (!inText) field.setAttribute("aria-expanded", "false");
    }

    function setActive(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      for (var i = 0; i < options.length; i++) options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      if (index >= 0 && options[index]) {
        field.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) options[index].scrollIntoView({ block: "nearest" });
      } else {
        field.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      if (inText && token) {
        var before = field.value.slice(0, token.start);
        var after = field.value.slice(token.end);
        var insert = item.value + (after.charAt(0) === " " ? "" : " ");
        field.value = before + insert + after;
        var caret = before.length + insert.length;
        field.setSelectionRange(caret, caret);
      } else {
        field.value = item.value;
      }
      close();
      status.textContent = item.label + " chosen.";
      field.dispatchEvent(new Event("input", { bubbles: true })); // the writing coach hears it too
      field.focus();
    }

    function option(item, index) {
      var li = document.createElement("li");
      li.id = id + "-opt-" + index;
      li.className = "suggest-option";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      if (item.initials !== undefined) {
        var avatar;
        if (item.avatar) {
          avatar = document.createElement("img");
          avatar.src = item.avatar;
          avatar.alt = "";
        } else {
          avatar = document.createElement("span");
          avatar.textContent = item.initials;
          avatar.setAttribute("aria-hidden", "true");
        }
        avatar.className = "avatar avatar-sm";
        li.appendChild(avatar);
      }
      var text = document.createElement("span");
      text.className = "suggest-text";
      var label = document.createElement("span");
      label.className = "suggest-label";
      label.textContent = item.label;
      text.appendChild(label);
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "suggest-detail";
        detail.textContent = item.detail;
        text.appendChild(detail);
      }
      li.appendChild(text);
      // mousedown, not click: the field keeps its focus (and its caret) while the choice is made.
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
      return li;
    }

    function show(results) {
      list.textContent = "";
      items = results;
      if (!results.length) {
        close();
        status.textContent = "No suggestions.";
        return;
      }
      results.forEach(function (item, i) { list.appendChild(option(item, i)); });
      list.hidden = false;
      if (!inText) field.setAttribute("aria-expanded", "true");
      // In a text box the first suggestion is ready to take with Enter or Tab; in a filter Enter still searches.
      setActive(inText ? 0 : -1);
      status.textContent = results.length + (results.length === 1 ? " suggestion" : " suggestions") +
        ". Use the up and down arrows to choose, Enter to take one, Escape to close.";
    }

    function ask(kind, q, found) {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + "?" + new URLSearchParams({ kind: kind, q: q }).toString();
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin",
                   signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (found !== currentWord()) return; // the person typed on meanwhile
          show(data.results || []);
        })
        .catch(function () { /* cancelled or offline: no suggestions */ });
    }

    // What is being typed: in a text box the @word or #word before the caret; in a filter the whole value.
    function currentWord() {
      if (!inText) return field.value.trim();
      var caret = field.selectionStart;
      if (caret === null || caret !== field.selectionEnd) return "";
      var match = TOKEN.exec(field.value.slice(0, caret));
      if (!match) return "";
      token = { start: caret - match[2].length - match[3].length, end: caret, kind: match[2] };
      return match[2] + match[3];
    }

    function onInput() {
      clearTimeout(timer);
      var word = currentWord();
      var kind = mode === "groups" ? "groups" : "people";
      var q = word;
      if (inText) {
        if (!word) { close(); return; }
        kind = word.charAt(0) === "#" ? "topics" : "people";
        q = word.slice(1);
      }
      if (q.replace(/^@/, "").length < MIN_CHARS) { close(); return; }
      timer = setTimeout(function () { ask(kind, q, word); }, DELAY_MS);
    }

    field.addEventListener("input", function (event) {
      if (event.isTrusted === false && list.hidden) return;
      onInput();
    });
    field.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        status.textContent = "Suggestions closed.";
      }
    });
    field.addEventListener("blur", function () { setTimeout(close, 0); });
  }

  function init(root) {
    var fields = (root || document).querySelectorAll("[data-suggest]");
    for (var i = 0; i < fields.length; i++) attach(fields[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  // Fragments htmx brings in (a composer opened later) get the same.
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
