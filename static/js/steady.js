// Site-wide behaviour, loaded on every page. No inline script anywhere (CSP).
(function () {
  "use strict";

  // A failed HTMX request must never fail silently: show a calm, visible message.
  function showRequestError(message) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403) {
      showRequestError("Your session has expired. Please reload the page and log in again; nothing you typed on screen was lost.");
    } else {
      showRequestError("That didn't save (error " + status + "). Your entry is still on screen: please try again.");
    }
  });
  document.addEventListener("htmx:sendError", function () {
    showRequestError("We couldn't reach Steady. Check your connection: your entry is still on screen, try again in a moment.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) box.hidden = true;
  });

  // Pre-select the browser's own time zone on sign-up (the person can still change it).
  function guessTimeZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-guess-time-zone]").forEach(function (select) {
      if (select.dataset.guessed || select.value !== "UTC") return;
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.value = zone; break; }
      }
      select.dataset.guessed = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", guessTimeZone);
  document.addEventListener("htmx:load", guessTimeZone);

  // Elements with data-print print the page (the safety plan, for instance).
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { event.preventDefault(); window.print(); }
  });
})();
