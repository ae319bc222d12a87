// Settings → "Steady on your home screen": the browser's own install prompt, when it
// offers one (Chromium's beforeinstallprompt); otherwise the manual hint stays.
var hint = document.querySelector("[data-install-hint]");
var waiting = null;

function show(name, visible) {
  var node = hint && hint.querySelector("[data-install-" + name + "]");
  if (node) node.hidden = !visible;
}

if (hint) {
  if (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches) {
    show("manual", false);
    show("done", true);
  }
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    waiting = event;
    show("button", true);
    show("manual", false);
  });
  window.addEventListener("appinstalled", function () {
    show("button", false);
    show("manual", false);
    show("done", true);
  });
  hint.querySelector("[data-install-button]").addEventListener("click", function () {
    if (!waiting) return;
    waiting.prompt();
    waiting.userChoice.finally(function () { waiting = null; show("button", false); });
  });
}
