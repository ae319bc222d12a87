// Offline-first Steady on every signed-in page: the service worker, the queue of what
// was logged with no signal, and sending it when the network is back.
// Configuration comes from this script tag's data attributes (templates/base.html).
//
// - Registers /sw.js (apps/offline/sw.js) and reloads the page once when a new release's
//   worker takes over, so the page and its static files always come from one release.
// - A set whose save cannot reach Steady (no signal, a timeout) is kept on the phone
//   under its client id with the time it was done: the row says "Saved on this phone".
// - A small notice says how many things wait ("3 sets waiting"); entries the server
//   refused are listed with its reason, to fix on the session page or discard.
// - The queue is sent on page load, on the "online" event and by Background Sync.
// - Logging out with entries waiting asks first, then clears caches and IndexedDB.
// - Rest timer: the worker shows a notification at the end of a rest if no page is seen.
var script = document.querySelector("script[data-steady-offline]");
var config = script ? Object.assign({}, script.dataset) : {};
var store = self.SteadyStore;
var CHANNEL = "steady-offline";

function uuid4() {
  if (self.crypto && typeof self.crypto.randomUUID === "function") return self.crypto.randomUUID();
  var b = self.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}

function csrfToken() {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// --- Sending ------------------------------------------------------------------------

// While the page is open and the browser believes it is online, a send that could not
// reach Steady is tried again after 5, 10, 20 … seconds (at most a minute apart).
var syncing = null;
var retryDelay = 5000;
var retryTimer = null;
function requestSync() {
  if (!navigator.onLine) return Promise.resolve("network");
  if (syncing) return syncing;
  clearTimeout(retryTimer);
  syncing = self.SteadySync.sync(config.sync, csrfToken()).then(function (outcome) {
    if (outcome === "network" || outcome === "server") {
      retryTimer = setTimeout(requestSync, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    } else {
      retryDelay = 5000;
    }
    return outcome;
  }).finally(function () {
    syncing = null;
    showWaiting();
  });
  return syncing;
}

// Ask the worker to send later too (Background Sync): it runs even if the page closes.
function laterSync() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready.then(function (registration) {
    if (registration.sync) return registration.sync.register("steady-sync");
    return null;
  }).catch(function () {});
}

function enqueue(entry) {
  return store.enqueue(entry).then(function () {
    showWaiting();
    laterSync();
    requestSync();
    return entry;
  });
}

// --- The waiting notice ---------------------------------------------------------------

var WORDS = { session_start: ["session", "sessions"], set: ["set", "sets"], checkin: ["check-in", "check-ins"] };

function waitingText(entries) {
  var counts = {};
  entries.forEach(function (entry) { counts[entry.type] = (counts[entry.type] || 0) + 1; });
  var parts = Object.keys(WORDS).filter(function (type) { return counts[type]; }).map(function (type) {
    return counts[type] + " " + WORDS[type][counts[type] === 1 ? 0 : 1];
  });
  if (!parts.length) return "";
  var last = parts.pop();
  return (parts.length ? parts.join(", ") + " and " + last : last) + " waiting";
}

function notice() {
  var box = document.querySelector("[data-offline-waiting]");
  var main = document.getElementById("main");
  if (box || !main) return box;
  box = document.createElement("div");
  box.className = "offline-waiting";
  box.setAttribute("data-offline-waiting", "");
  box.hidden = true;
  box.innerHTML = '<p role="status" data-offline-count></p><div data-offline-refused></div>';
  main.insertBefore(box, main.firstChild);
  return box;
}

function refusedItem(entry) {
  var item = document.createElement("li");
  var text = document.createElement("span");
  text.textContent = (entry.label || "An entry") + ": " + entry.errors.join(" ");
  var discard = document.createElement("button");
  discard.type = "button";
  discard.className = "secondary small";
  discard.textContent = "Discard";
  discard.addEventListener("click", function () {
    store.remove("queue", entry.id).then(function () {
      if (entry.type === "set") return store.remove("sets", entry.id);
      return null;
    }).then(function () { announce({ type: "discarded", entry: entry }); showWaiting(); });
  });
  item.append(text, " ", discard);
  return item;
}

function showWaiting() {
  var box = notice();
  if (!box) return Promise.resolve();
  return store.queue().then(function (entries) {
    var waiting = entries.filter(function (e) { return e.state !== "refused"; });
    var refused = entries.filter(function (e) { return e.state === "refused"; });
    var text = waitingText(waiting);
    if (waiting.length && !navigator.onLine) text += " (no signal: they'll be sent when it's back)";
    box.querySelector("[data-offline-count]").textContent = text;
    var list = box.querySelector("[data-offline-refused]");
    list.textContent = "";
    if (refused.length) {
      var title = document.createElement("p");
      title.textContent = refused.length === 1 ? "Steady couldn't store this entry:" : "Steady couldn't store these entries:";
      var ul = document.createElement("ul");
      refused.forEach(function (entry) { ul.appendChild(refusedItem(entry)); });
      list.append(title, ul);
    }
    box.hidden = !entries.length;
  }).catch(function () {});
}

function announce(message) {
  var channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(message);
  channel.close();
}

// --- Sets on the session page that cannot reach Steady ---------------------------------

var SET_LOG_PATH = /\/exercises\/(\d+)\/sets\/$/;
var SESSION_PATH = /\/sessions\/(\d+)\/$/;

function formOf(event) {
  var detail = event.detail || {};
  var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  return elt && elt.closest ? elt.closest("form[data-set-form]") : null;
}

function formValues(form) {
  var values = {};
  ["load", "reps", "seconds", "rpe", "kind"].forEach(function (name) {
    var input = form.querySelector("[name='" + name + "']");
    if (input && input.value !== "") values[name] = input.value;
  });
  return values;
}

function figures(values, unit) {
  if (values.seconds && !values.reps) return values.seconds + " seconds";
  if (values.load && Number(values.load)) return values.load + " " + unit + " × " + values.reps;
  return (values.reps || "") + " reps";
}

function exerciseName(form) {
  var card = form.closest(".exercise-card");
  var title = card && card.querySelector("h2");
  return title ? title.textContent.trim() : "";
}

// Keep a set the server did not answer for: the queue sends it later (same client id).
function keepSet(form) {
  var clientId = form.querySelector("input[name='client_id']").value;
  var log = (form.getAttribute("action") || "").match(SET_LOG_PATH);
  var session = location.pathname.match(SESSION_PATH);
  var values = formValues(form);
  var row = form.closest("[data-set-row]");
  var number = (form.querySelector("input[name='set_number']") || {}).value;
  var name = exerciseName(form);
  var entry = {
    id: clientId,
    type: "set",
    client_id: clientId,
    session_exercise: log ? Number(log[1]) : null,
    values: values,
    performed_at: new Date().toISOString(),
    label: name + (number ? ", set " + number : ""),
  };
  return enqueue(entry).then(function (saved) {
    return store.put("sets", {
      client_id: clientId,
      session_key: session ? "pk:" + session[1] : "",
      session_exercise: entry.session_exercise,
      values: values,
      text: figures(values, config.unit || "kg"),
      performed_at: entry.performed_at,
      rev: saved.rev,
      synced: false,
    });
  }).then(function () {
    if (!row) return;
    var box = form.querySelector("[data-set-status]");
    row.classList.remove("is-not-saved", "is-saving");
    row.classList.add("is-kept");
    if (box) box.textContent = "Saved on this phone. It will be sent when there's signal.";
    var mark = form.querySelector("[data-done-mark]");
    var word = form.querySelector("[data-done-word]");
    if (mark) mark.textContent = "✓";
    if (word) word.textContent = "Done";
    var error = document.getElementById("htmx-error");
    if (error) error.hidden = true;
    if (form.dataset.rest) {
      document.dispatchEvent(new CustomEvent("workouts:set-saved", {
        detail: { rest: Number(form.dataset.rest), exercise: name },
      }));
    }
  });
}

function keepFailedSet(event) {
  var form = formOf(event);
  if (form) keepSet(form).catch(function () {});
}
document.addEventListener("htmx:sendError", keepFailedSet);
document.addEventListener("htmx:timeout", keepFailedSet);

// A set saved while online is remembered too, so the offline page can draw it again.
document.addEventListener("htmx:beforeSwap", function (event) {
  var form = formOf(event);
  var session = location.pathname.match(SESSION_PATH);
  if (!form || !session || event.detail.isError) return;
  if (!/set-done/.test(event.detail.serverResponse || "")) return;
  var clientId = form.querySelector("input[name='client_id']").value;
  var log = (form.getAttribute("action") || "").match(SET_LOG_PATH);
  var values = formValues(form);
  store.get("sets", clientId).then(function (old) {
    return store.put("sets", {
      client_id: clientId,
      session_key: "pk:" + session[1],
      session_exercise: log ? Number(log[1]) : (old && old.session_exercise),
      values: values,
      text: figures(values, config.unit || "kg"),
      performed_at: old ? old.performed_at : new Date().toISOString(),
      rev: old ? old.rev : 0,
      synced: true,
    });
  }).catch(function () {});
});

// A kept set reached Steady: the page's row becomes the server's own row.
var channel = new BroadcastChannel(CHANNEL);
channel.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "stored" && data.answer && data.answer.html) {
    var row = document.getElementById("set-" + data.entry.client_id);
    if (row && row.classList.contains("is-kept") && self.htmx) {
      var holder = document.createElement("template");
      holder.innerHTML = data.answer.html.trim();
      var fresh = holder.content.firstElementChild;
      if (fresh) {
        row.replaceWith(fresh);
        self.htmx.process(fresh);
      }
    }
  }
  showWaiting();
});

// --- Logging out on a shared phone ----------------------------------------------------

var loggingOut = false;
function forgetEverything() {
  var steps = [store.destroy()];
  if (self.caches) {
    steps.push(caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }));
  }
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: "forget" });
  }
  return Promise.all(steps).catch(function () {});
}

document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!config.logout || form.getAttribute("action") !== config.logout || form.dataset.cleared) return;
  event.preventDefault();
  requestSync().catch(function () {}).then(function () { return store.queue(); }).then(function (entries) {
    if (entries.length) {
      var message = waitingText(entries) || entries.length + " entries waiting";
      var sure = window.confirm(message + " on this phone and not yet on Steady. " +
        "Logging out removes them from this phone. Log out anyway?");
      if (!sure) return;
    }
    loggingOut = true;
    return forgetEverything().then(function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  });
}, true);

// --- Rest timer with the screen off ----------------------------------------------------

function toWorker(message) {
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage(message);
  }
}
document.addEventListener("workouts:set-saved", function (event) {
  var detail = event.detail || {};
  if (Number(detail.rest) > 0) {
    toWorker({ type: "rest", seconds: Number(detail.rest), exercise: detail.exercise || "", icon: config.icon });
  }
});
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-rest-skip], [data-done-button]")) {
    toWorker({ type: "rest-cancel" });
  }
});
document.addEventListener("change", function (event) {
  var box = event.target;
  if (box.matches && box.matches("[data-rest-alert]") && box.checked &&
      self.Notification && Notification.permission === "default") {
    Notification.requestPermission().catch(function () {});
  }
});

// --- Today, kept from an earlier day ------------------------------------------------------

// With no signal Today is the copy kept when it was last opened. If that was another
// day, and the kept plan has a session for today, offer to start it here.
function localDate() {
  var d = new Date();
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
}
function offerTodayOffline() {
  if (navigator.onLine || location.pathname !== config.today) return;
  fetch(config.plan, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (plan) {
    var today = localDate();
    var planned = (plan.planned || []).filter(function (p) { return p.date === today; })[0];
    var main = document.getElementById("main");
    if (plan.today === today || !planned || !main) return;
    var card = document.createElement("section");
    card.className = "card";
    card.setAttribute("aria-labelledby", "offline-today-title");
    var title = document.createElement("h2");
    title.id = "offline-today-title";
    title.textContent = "Today: " + planned.name;
    var text = document.createElement("p");
    text.textContent = "No signal, and this page was kept on an earlier day. Your session for today is on this phone.";
    var start = document.createElement("a");
    start.className = "button primary large";
    start.href = config.shell + "?start=1";
    start.textContent = "Start " + planned.name;
    card.append(title, text, start);
    var after = main.querySelector("h1");
    if (after && after.nextSibling) main.insertBefore(card, after.nextSibling);
    else main.appendChild(card);
  }).catch(function () {});
}

// --- Tidying ---------------------------------------------------------------------------

// Rows the offline page drew for sets Steady has, and sessions started here that Steady
// has, are only needed for a day or two.
var KEEP_MS = 2 * 24 * 3600 * 1000;
function tidy() {
  var old = new Date(Date.now() - KEEP_MS).toISOString();
  return Promise.all([store.all("sets"), store.all("sessions"), store.queue()]).then(function (all) {
    var waiting = {};
    all[2].forEach(function (entry) { waiting[entry.id] = true; });
    var steps = all[0].filter(function (row) {
      return row.synced && !waiting[row.client_id] && (row.performed_at || "") < old;
    }).map(function (row) { return store.remove("sets", row.client_id); });
    all[1].filter(function (session) {
      return session.server_pk && session.started_at < old;
    }).forEach(function (session) { steps.push(store.remove("sessions", session.client_id)); });
    return Promise.all(steps);
  }).catch(function () {});
}

// --- Start ---------------------------------------------------------------------------

function start() {
  if (!document.body.classList.contains("signed-in") || !("serviceWorker" in navigator)) return;
  var hadWorker = Boolean(navigator.serviceWorker.controller);
  var reloaded = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    // A new release took over: reload once so page and files are of one release.
    // (Logging out removes the worker: no reload then.)
    if (hadWorker && !reloaded && !loggingOut && navigator.serviceWorker.controller) {
      reloaded = true;
      location.reload();
    }
    hadWorker = true;
  });
  navigator.serviceWorker.register(config.worker, { scope: "/", updateViaCache: "none" }).catch(function () {});
  store.setMeta("csrf", csrfToken()).catch(function () {});
  showWaiting();
  requestSync().then(tidy);
  keepPlan();
  offerTodayOffline();
}

// While online, keep the plan for the next sessions fresh (the worker keeps a copy), at
// most every ten minutes from Today or a session page: it costs about as much as Today
// itself. A session page fetches it sooner when the kept plan lacks its open session.
// (Sets saved on the page since are remembered on the phone as they are saved, above.)
var PLAN_EVERY_MS = 10 * 60 * 1000;
function keptPlanHasSession(pk) {
  return caches.match(config.plan).then(function (response) {
    return response ? response.json() : null;
  }).then(function (plan) {
    return Boolean(plan && plan.open_session && plan.open_session.pk === pk);
  });
}
function keepPlan() {
  var session = location.pathname.match(SESSION_PATH);
  if (!navigator.onLine || (!session && location.pathname !== config.today)) return;
  store.meta("planAt").then(function (at) {
    var fresh = Boolean(at) && Date.now() - at < PLAN_EVERY_MS;
    if (!session) return fresh;
    return fresh && keptPlanHasSession(Number(session[1]));
  }).then(function (fresh) {
    if (fresh) return null;
    return fetch(config.plan, { credentials: "same-origin" }).then(function (response) {
      if (response.ok && !response.redirected) return store.setMeta("planAt", Date.now());
      return null;
    });
  }).catch(function () {});
}
window.addEventListener("online", function () { requestSync(); showWaiting(); });
window.addEventListener("offline", showWaiting);
start();

self.SteadyOffline = {
  config: config,
  uuid4: uuid4,
  enqueue: enqueue,
  requestSync: requestSync,
  showWaiting: showWaiting,
  figures: figures,
};
