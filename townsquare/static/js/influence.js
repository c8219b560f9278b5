/* The writing coach in the composer (townsquare/influence). htmx itself sends the draft and swaps the hints in
   (hx-post on #writing-hints); this only lets the coach's 400 answer through: htmx swaps nothing on an error
   status, and that answer says what is wrong with the draft (a control character, over 40,000 characters). */
(function () {
  "use strict";
  if (window.townsquareWritingCoach) return;  // the composer's partial may load this twice
  window.townsquareWritingCoach = true;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr && event.detail.xhr.status === 400 && target && target.hasAttribute("data-writing-hints")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
