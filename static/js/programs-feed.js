// "Copy link" for the private calendar feed. Without JavaScript the link is still
// selectable in its read-only field, so the button stays hidden until this runs.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copyFrom);
        var status = document.querySelector("[data-copy-status]");
        if (!field) return;
        navigator.clipboard.writeText(field.value).then(
          function () { if (status) status.textContent = "Link copied. Paste it into your calendar app."; },
          function () { field.select(); if (status) status.textContent = "Select the link and copy it."; }
        );
      });
    });
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
