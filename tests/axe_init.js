// Injected by tests/browser.py into every page the browser tests open.
(function () {
  "use strict";
  var timer = null;
  var tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
  function summarise(violation) {
    return {
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }),
    };
  }
  function check() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!window.axe || !window.reportAxe) return;
      window.axe.run(document, {resultTypes: ["violations"], runOnly: {type: "tag", values: tags}})
        .then(function (result) {
          var blocking = result.violations.filter(function (v) {
            return v.impact === "serious" || v.impact === "critical";
          });
          window.reportAxe(location.pathname + location.search, blocking.map(summarise));
        })
        .catch(function () {});
    }, 50);
  }
  window.addEventListener("load", check);
  document.addEventListener("htmx:afterSettle", check);
})();
