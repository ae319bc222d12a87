// Journal timeline: after "Show older entries" loads a page, move focus to its first entry
// so keyboard and screen-reader users continue where the new entries begin.
(function () {
  "use strict";
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail && event.detail.elt;
    if (!element || !element.matches || !element.matches("li[data-page-start]")) return;
    if (!element.closest("#timeline-list")) return;
    var link = element.querySelector("h3 a");
    if (link) link.focus();
  });
})();
