// Set logging on the workout session page: never lose a set.
//
// - Every set form carries a client-generated id (UUID). The server puts one in each
//   form; this fills any that are empty, so a retried or doubled request always saves
//   one set, never two.
// - While a set is saving the row says so; if the request fails (no signal, server
//   error, timeout) the typed values stay on screen and the row says "Not saved — retry".
// - After a set is saved, later untouched rows of the same exercise take its weight, and
//   focus moves to the next set's Done button.
(function () {
  "use strict";

  var justSaved = null;

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function fillClientIds(scope) {
    (scope || document).querySelectorAll("form[data-set-form] input[name='client_id']")
      .forEach(function (input) { if (!input.value) input.value = uuid4(); });
  }

  // The set form behind an HTMX event (the event's elt is sometimes the swap target).
  function setForm(event) {
    var detail = event.detail || {};
    var candidates = [detail.requestConfig && detail.requestConfig.elt, detail.elt];
    for (var i = 0; i < candidates.length; i++) {
      var elt = candidates[i];
      if (elt && elt.closest && elt.closest("form[data-set-form]")) {
        return elt.closest("form[data-set-form]");
      }
    }
    return null;
  }

  function status(form, text, state) {
    var row = form.closest("[data-set-row]");
    var box = form.querySelector("[data-set-status]");
    if (row) {
      row.classList.remove("is-saving", "is-not-saved");
      if (state) row.classList.add(state);
    }
    if (box) box.textContent = text;
    // The button shows ✓, or "Retry" after a failed save; its spoken name follows.
    var notSaved = state === "is-not-saved";
    var mark = form.querySelector("[data-done-mark]");
    var word = form.querySelector("[data-done-word]");
    if (mark) mark.textContent = notSaved ? "Retry" : "✓";
    if (word) word.textContent = notSaved ? "Retry" : "Done";
  }

  function failed(event) {
    var form = setForm(event);
    if (!form) return;
    status(form, "Not saved — retry. What you typed is still here.", "is-not-saved");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = setForm(event);
    if (!form) return;
    fillClientIds(form.parentNode);
    status(form, "Saving…", "is-saving");
  });
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  // Track which inputs the person changed themselves, so we never overwrite them.
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-set-form]")) {
      event.target.dataset.touched = "1";
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = setForm(event);
    if (!form || event.detail.isError || !form.dataset.rest) return;
    var row = form.closest("[data-set-row]");
    var load = form.querySelector("input[name='load']");
    if (!row || !/set-done/.test(event.detail.serverResponse || "")) return;
    justSaved = row.id;
    if (!load) return;
    // The weight just lifted carries over to the sets still to do.
    var next = row.nextElementSibling;
    while (next) {
      var input = next.querySelector("form[data-set-form][data-rest] input[name='load']");
      if (input && !input.dataset.touched) input.value = load.value;
      next = next.nextElementSibling;
    }
  });

  document.addEventListener("htmx:load", function (event) {
    fillClientIds(event.target);
    var element = event.target;
    if (!justSaved || !element.id || element.id !== justSaved) return;
    justSaved = null;
    // A superset alternates its two exercises (workouts-superset.js).
    if (window.SteadySuperset && window.SteadySuperset.focusNext(element)) return;
    var nextButton = null;
    var buttons = document.querySelectorAll("[data-done-button]");
    for (var i = 0; i < buttons.length; i++) {
      if (element.compareDocumentPosition(buttons[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        nextButton = buttons[i];
        break;
      }
    }
    if (nextButton) nextButton.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () { fillClientIds(document); });
})();
