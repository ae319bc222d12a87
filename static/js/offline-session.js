// The offline session page (templates/offline/session.html): a session drawn on the phone
// from the plan the service worker keeps (apps/workouts/offline.py) and the phone's own
// queue, with the same compact rows and prefilled values as the session page.
//
// It opens as:
// - ?start=1 (&minimum=1, &deload=1): "Start session" with no signal. Resumes a session
//   this phone started today, or the open one on Steady; otherwise starts one on the
//   phone: a new client id, queued as a "session_start", then ?s=<client id>.
// - ?s=<client id>: a session started on this phone.
// - /workouts/sessions/<pk>/ (served by the worker with no signal) or ?pk=<pk>: the open
//   session on Steady, as the kept plan knows it, with what this phone logged since.
// Every set, edit, delete and check-in is queued (static/js/offline.js sends it).
var O = self.SteadyOffline;
var store = self.SteadyStore;
var root = document.querySelector("[data-offline-session]");
var params = new URLSearchParams(location.search);
var plan = null;
var session = null; // { key, name, record (started here) or pk, exercises }
var editing = {}; // client id → true while its row is a form
var extra = {}; // exercise order → sets added on this page beyond the plan
var pendingIds = {}; // "order:number" → client id of a row still to do

function pad(n) { return (n < 10 ? "0" : "") + n; }
function localDate() {
  var d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    if (attrs[name] === null || attrs[name] === undefined || attrs[name] === false) return;
    if (name === "text") node.textContent = attrs[name];
    else node.setAttribute(name, attrs[name] === true ? "" : attrs[name]);
  });
  (children || []).forEach(function (child) {
    if (child !== null && child !== undefined) node.append(child);
  });
  return node;
}
function hidden(text) { return el("span", { class: "visually-hidden", text: text }); }
function say(text) { root.querySelector("[data-offline-lead]").textContent = text; }

function loadPlan() {
  return fetch(O.config.plan, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok || response.redirected) throw new Error("no plan");
    return response.json();
  });
}

// --- Which session ----------------------------------------------------------------------

function fromRecord(record) {
  return { key: "c:" + record.client_id, name: record.name, record: record, pk: record.server_pk || null, exercises: record.exercises };
}
function fromOpen(open) {
  return { key: "pk:" + open.pk, name: open.name, record: null, pk: open.pk, exercises: open.exercises, url: open.url };
}

function startHere() {
  return store.all("sessions").then(function (records) {
    var today = localDate();
    var mine = records.filter(function (r) { return r.date === today && !r.finished; });
    if (mine.length) return fromRecord(mine[mine.length - 1]);
    if (plan.open_session) return fromOpen(plan.open_session);
    var minimum = params.get("minimum") === "1";
    var pick = minimum ? plan.minimum : (plan.planned.filter(function (p) { return p.date === today; })[0] || plan.planned[0] || plan.minimum);
    if (!pick) return null;
    var record = {
      client_id: O.uuid4(),
      name: pick.name,
      date: today,
      started_at: new Date().toISOString(),
      minimum: Boolean(pick.minimum),
      exercises: JSON.parse(JSON.stringify(pick.exercises)),
    };
    return store.put("sessions", record).then(function () {
      return O.enqueue({
        id: record.client_id,
        type: "session_start",
        client_id: record.client_id,
        started_at: record.started_at,
        minimum: record.minimum,
        deload: params.get("deload") === "1",
        label: "Starting " + record.name,
      });
    }).then(function () { return fromRecord(record); });
  });
}

function findSession() {
  if (params.get("start") === "1") return startHere();
  if (params.get("s")) {
    return store.get("sessions", params.get("s")).then(function (record) { return record ? fromRecord(record) : null; });
  }
  var match = location.pathname.match(/\/sessions\/(\d+)\/$/);
  var pk = Number(params.get("pk") || (match && match[1]));
  if (!pk) return Promise.resolve(null);
  if (plan.open_session && plan.open_session.pk === pk) return Promise.resolve(fromOpen(plan.open_session));
  return store.all("sessions").then(function (records) {
    var found = records.filter(function (r) { return r.server_pk === pk; })[0];
    return found ? fromRecord(found) : null;
  });
}

// --- Rows ---------------------------------------------------------------------------------

function belongs(set, ex) {
  if (set.session_key !== session.key) return false;
  if (ex.session_exercise && set.session_exercise) return set.session_exercise === ex.session_exercise;
  return set.exercise === ex.exercise && set.order === ex.order;
}

// The sets of one exercise: the ones Steady had when the plan was kept, with what this
// phone logged, changed or deleted since (by client id).
function setsOf(ex, local, queue) {
  var byId = {};
  var list = [];
  (ex.sets || []).forEach(function (s) {
    var row = { client_id: s.client_id, values: s.values, text: s.text, synced: true };
    byId[s.client_id] = row;
    list.push(row);
  });
  local.filter(function (s) { return belongs(s, ex); }).sort(function (a, b) {
    return a.performed_at < b.performed_at ? -1 : 1;
  }).forEach(function (s) {
    if (byId[s.client_id]) Object.assign(byId[s.client_id], s);
    else { byId[s.client_id] = s; list.push(s); }
  });
  return list.filter(function (s) { return !s.deleted; }).map(function (s) {
    var entry = queue[s.client_id];
    s.refused = entry && entry.state === "refused" ? entry.errors : null;
    s.waiting = Boolean(entry) || !s.synced;
    return s;
  });
}

function inputId(clientId, name) { return "id_" + clientId.slice(0, 8) + "_" + name; }

function setForm(ex, number, clientId, values, mode) {
  var line = el("div", { class: "set-line" }, [
    el("span", { class: "set-number", "aria-hidden": "true", text: String(number) }),
    el("span", { class: "set-previous" }, [
      ex.last_time[number - 1] ? hidden("Last time: ") : null,
      ex.last_time[number - 1] ? ex.last_time[number - 1] : el("span", { "aria-hidden": "true", text: "–" }),
    ]),
  ]);
  ex.fields.forEach(function (field) {
    var id = inputId(clientId, field.name);
    line.append(el("div", { class: "field set-field-" + field.name }, [
      el("label", { class: "visually-hidden", for: id, text: field.label }),
      el("input", {
        type: "number", name: field.name, value: values[field.name] || null, inputmode: field.inputmode,
        step: field.step, min: "0", autocomplete: "off", id: id,
      }),
    ]));
  });
  if (mode === "pending") {
    line.append(el("button", { type: "submit", class: "primary done-button", "data-done-button": true }, [
      el("span", { "aria-hidden": "true", text: "✓" }),
      hidden("Done (save set " + number + " of " + ex.name + ")"),
    ]));
  }
  var fieldset = el("fieldset", {}, [
    el("legend", { class: "visually-hidden", text: (mode === "edit" ? "Change set " : "Set ") + number }),
    line,
  ]);
  if (mode === "edit") {
    fieldset.append(el("div", { class: "set-submit" }, [
      el("button", { type: "submit", class: "primary" }, ["Save", hidden(" set " + number)]),
      el("button", { type: "button", class: "secondary", "data-cancel": clientId, text: "Cancel" }),
    ]));
  }
  fieldset.append(el("p", { class: "set-status", role: "status" }));
  var form = el("form", { class: "set-form", "data-offline-form": mode, "data-client-id": clientId, "data-order": ex.order, "data-number": number }, [fieldset]);
  return el("li", { id: "set-" + clientId, class: "set-row set-" + mode }, [form]);
}

function doneRow(ex, number, set) {
  var note = set.refused ? "Not stored yet" : set.waiting ? "Saved on this phone" : "Saved";
  var li = el("li", { id: "set-" + set.client_id, class: "set-row set-done" + (set.refused ? " set-refused" : "") + (set.waiting ? " is-kept" : "") }, [
    el("p", { class: "set-summary" }, [
      el("span", { class: "set-number" }, [hidden("Set "), String(number)]),
      el("span", { class: "set-figures", text: set.text }),
      el("span", { class: "set-kept-note", text: note }),
    ]),
    el("div", { class: "set-actions" }, [
      el("button", { type: "button", class: "secondary small", "data-edit": set.client_id }, [set.refused ? "Fix" : "Edit", hidden(" set " + number)]),
      set.refused
        ? el("button", { type: "button", class: "secondary small", "data-discard": set.client_id }, ["Discard", hidden(" set " + number)])
        : el("button", { type: "button", class: "secondary small", "data-delete": set.client_id }, ["Delete", hidden(" set " + number)]),
    ]),
  ]);
  if (set.refused) {
    li.append(el("p", { class: "set-kept-note", role: "alert", text: "Steady couldn't store this set: " + set.refused.join(" ") }));
  }
  return li;
}

function card(ex, local, queue) {
  var sets = setsOf(ex, local, queue);
  var list = el("ol", { class: "set-list set-list-" + ex.columns.length });
  var last = null;
  sets.forEach(function (set, index) {
    var number = index + 1;
    last = set;
    list.append(editing[set.client_id] ? setForm(ex, number, set.client_id, set.values || {}, "edit") : doneRow(ex, number, set));
  });
  var todo = Math.max(0, ex.planned_sets - sets.length) + (extra[ex.order] || 0);
  for (var i = 0; i < todo; i++) {
    var number = sets.length + i + 1;
    var slot = ex.order + ":" + number;
    if (!pendingIds[slot]) pendingIds[slot] = O.uuid4();
    var values = Object.assign({}, ex.prefill);
    if (last && last.values && last.values.load) values.load = last.values.load;
    list.append(setForm(ex, number, pendingIds[slot], values, "pending"));
  }
  var more = el("details", { class: "card-more" }, [
    el("summary", {}, ["More", hidden(" for " + ex.name + ": add a set, how to do it")]),
    el("div", { class: "card-tools" }, [
      el("button", { type: "button", class: "secondary small", "data-add-set": ex.order }, ["Add a set", hidden(" of " + ex.name)]),
    ]),
  ]);
  if (ex.cues.length) {
    more.append(el("h3", { class: "form-cues-title", text: "How to do it" }));
    more.append(el("ul", { class: "form-cues" }, ex.cues.map(function (cue) { return el("li", { text: cue }); })));
  }
  var head = todo && ex.columns.length
    ? el("p", { class: "set-head", "aria-hidden": "true" }, [el("span", { text: "Set" }), el("span", { text: "Last time" })].concat(
      ex.columns.map(function (c) { return el("span", { text: c }); })))
    : null;
  var title = "offline-exercise-" + ex.order;
  return el("section", { class: "card exercise-card", "aria-labelledby": title, "data-order": ex.order }, [
    el("div", { class: "exercise-head" }, [el("h2", { id: title, text: ex.name }), more]),
    head,
    list,
  ]);
}

// Drawing again (a save, a sync) keeps whatever the person is typing in other rows.
function typedValues() {
  var typed = {};
  root.querySelectorAll("input[id][data-touched], textarea[id], details[id]").forEach(function (node) {
    typed[node.id] = node.tagName === "DETAILS" ? { open: node.open } : { value: node.value, checked: node.checked };
  });
  return typed;
}
function restoreValues(typed) {
  Object.keys(typed).forEach(function (id) {
    var node = document.getElementById(id);
    if (!node) return;
    if (node.tagName === "DETAILS") { node.open = typed[id].open; return; }
    if (node.type === "radio" || node.type === "checkbox") node.checked = typed[id].checked;
    else node.value = typed[id].value;
    node.dataset.touched = "1";
  });
}
root.addEventListener("input", function (event) { if (event.target.id) event.target.dataset.touched = "1"; });
root.addEventListener("change", function (event) { if (event.target.id) event.target.dataset.touched = "1"; });

function draw() {
  return Promise.all([store.all("sets"), store.queue()]).then(function (results) {
    var queue = {};
    results[1].forEach(function (entry) { queue[entry.id] = entry; });
    var cards = root.querySelector("[data-offline-cards]");
    var focused = document.activeElement && document.activeElement.id;
    var typed = typedValues();
    cards.textContent = "";
    session.exercises.forEach(function (ex) { cards.append(card(ex, results[0], queue)); });
    if (!session.exercises.length) cards.append(el("p", { class: "card", text: "No exercises in this session." }));
    return drawCheckins(queue).then(function () {
      restoreValues(typed);
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus({ preventScroll: true });
    });
  });
}

// --- Logging --------------------------------------------------------------------------------

function exerciseBy(order) {
  return session.exercises.filter(function (ex) { return String(ex.order) === String(order); })[0];
}

function keptSet(clientId) { return store.get("sets", clientId); }

function saveSet(form) {
  var ex = exerciseBy(form.dataset.order);
  var clientId = form.dataset.clientId;
  var values = {};
  ex.fields.forEach(function (field) {
    var input = form.querySelector("[name='" + field.name + "']");
    if (input && input.value !== "") values[field.name] = input.value;
  });
  var creating = form.dataset.offlineForm === "pending";
  return keptSet(clientId).then(function (old) {
    var performedAt = old ? old.performed_at : new Date().toISOString();
    var entry = {
      id: clientId,
      type: "set",
      client_id: clientId,
      session_exercise: ex.session_exercise || null,
      session: session.record ? session.record.client_id : null,
      session_pk: session.pk || null,
      exercise: ex.exercise,
      order: ex.order,
      values: values,
      performed_at: performedAt,
      label: ex.name + ", set " + form.dataset.number,
    };
    return O.enqueue(entry).then(function (queued) {
      return store.put("sets", {
        client_id: clientId, session_key: session.key, session_exercise: ex.session_exercise || null,
        exercise: ex.exercise, order: ex.order, values: values, text: O.figures(values, plan.unit),
        performed_at: performedAt, rev: queued.rev, synced: false,
      });
    });
  }).then(function () {
    delete editing[clientId];
    if (creating) {
      var slot = ex.order + ":" + form.dataset.number;
      delete pendingIds[slot];
      if (extra[ex.order]) extra[ex.order] -= 1;
      document.dispatchEvent(new CustomEvent("workouts:set-saved", { detail: { rest: ex.rest, exercise: ex.name } }));
    }
    return draw();
  }).then(function () {
    var row = document.getElementById("set-" + clientId);
    var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-done-button]"));
    var next = buttons.filter(function (b) { return row && (row.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING); })[0];
    if (next) next.focus({ preventScroll: true });
  });
}

function deleteSet(clientId) {
  return keptSet(clientId).then(function (old) {
    var row = old || { client_id: clientId, session_key: session.key };
    return O.enqueue({ id: clientId, type: "set", client_id: clientId, deleted: true, label: "A deleted set" }).then(function (queued) {
      row.deleted = true;
      row.rev = queued.rev;
      row.synced = false;
      return store.put("sets", row);
    });
  }).then(draw);
}

function discard(clientId) {
  return store.remove("queue", clientId).then(function () { return store.remove("sets", clientId); }).then(function () {
    O.showWaiting();
    return draw();
  });
}

function findSet(clientId) {
  var found = null;
  session.exercises.forEach(function (ex) {
    (ex.sets || []).forEach(function (s) { if (s.client_id === clientId) found = s; });
  });
  return found;
}

root.addEventListener("submit", function (event) {
  var form = event.target.closest("[data-offline-form]");
  if (form) {
    event.preventDefault();
    saveSet(form);
    return;
  }
  var checkin = event.target.closest("[data-offline-checkin]");
  if (checkin) {
    event.preventDefault();
    saveCheckin(checkin);
  }
});

root.addEventListener("click", function (event) {
  var target = event.target.closest("button");
  if (!target) return;
  if (target.dataset.edit) {
    var id = target.dataset.edit;
    keptSet(id).then(function (kept) {
      if (!kept) {
        var server = findSet(id);
        if (server) return store.put("sets", {
          client_id: id, session_key: session.key, values: server.values, text: server.text,
          performed_at: new Date().toISOString(), synced: true, rev: 0,
          session_exercise: (exerciseOf(id) || {}).session_exercise || null,
        });
      }
      return null;
    }).then(function () { editing[id] = true; return draw(); }).then(function () {
      var first = document.querySelector("#set-" + id + " input");
      if (first) first.focus();
    });
  } else if (target.dataset.cancel) {
    delete editing[target.dataset.cancel];
    draw();
  } else if (target.dataset.delete) {
    deleteSet(target.dataset.delete);
  } else if (target.dataset.discard) {
    discard(target.dataset.discard);
  } else if (target.dataset.addSet) {
    extra[target.dataset.addSet] = (extra[target.dataset.addSet] || 0) + 1;
    draw();
  }
});

function exerciseOf(clientId) {
  return session.exercises.filter(function (ex) {
    return (ex.sets || []).some(function (s) { return s.client_id === clientId; });
  })[0];
}

// --- Check-ins (queued, never kept as pages; the answers leave the phone once stored) ---------

var CHECKIN_TITLES = { before: "Before you start", after: "After your session" };

function checkinForm(kind, questions) {
  var form = el("form", { class: "offline-checkin-form", "data-offline-checkin": kind });
  questions.forEach(function (q) {
    var id = "checkin-" + kind + "-" + q.name;
    if (q.type === "boolean") {
      form.append(el("div", { class: "notice notice-info self-harm" }, [
        el("div", { class: "field" }, [
          el("input", { type: "checkbox", name: q.name, id: id, value: "on", "data-boolean": "" }),
          " ",
          el("label", { for: id, text: q.label }),
          el("p", { class: "help", text: "If you tick this, the check-in is saved and the crisis lines open, with no signal too." }),
        ]),
      ]));
      return;
    }
    if (q.type === "text") {
      form.append(el("div", { class: "field" }, [
        el("label", { for: id, text: q.label }),
        el("textarea", { name: q.name, id: id, rows: "3", maxlength: "5000" }),
      ]));
      return;
    }
    var choices = el("div", { class: q.type === "radio" ? "scale-choices" : "check-choices" });
    q.choices.forEach(function (choice, index) {
      var cid = id + "-" + index;
      choices.append(el("label", { for: cid }, [
        el("input", { type: q.type, name: q.name, value: choice[0], id: cid, required: q.required && q.type === "radio" }),
        choice[1],
      ]));
    });
    form.append(el("fieldset", {}, [el("legend", { text: q.label }), choices]));
  });
  form.append(el("p", { class: "help", text: "Kept on this phone only until Steady has it." }));
  form.append(el("button", { type: "submit", class: "primary" }, ["Save check-in", hidden(" (" + CHECKIN_TITLES[kind].toLowerCase() + ")")]));
  return form;
}

function checkinKey(kind) { return "checkin:" + session.key + ":" + kind; }

function drawCheckins(queue) {
  var box = root.querySelector("[data-offline-checkins]");
  return Promise.all([store.meta(checkinKey("before")), store.meta(checkinKey("after"))]).then(function (ids) {
    box.textContent = "";
    ["before", "after"].forEach(function (kind, index) {
      var id = ids[index];
      var entry = id ? queue[id] : null;
      var section = el("section", { class: "card offline-checkin", "aria-labelledby": "checkin-" + kind + "-title" }, [
        el("h2", { id: "checkin-" + kind + "-title", text: CHECKIN_TITLES[kind] }),
      ]);
      if (entry && entry.state === "refused") {
        section.append(el("p", { role: "alert", text: "Steady couldn't store this check-in: " + entry.errors.join(" ") }));
        section.append(el("button", { type: "button", class: "secondary small", "data-discard-checkin": kind, text: "Discard it" }));
      } else if (entry) {
        section.append(el("p", { role: "status", text: "Saved on this phone. It's sent when there's signal, then removed from the phone." }));
      } else if (id) {
        section.append(el("p", { role: "status", text: "Check-in saved. Thank you." }));
      } else {
        section.append(el("details", { id: "checkin-" + kind + "-details", open: kind === "before" && params.get("start") === "1" }, [
          el("summary", { text: kind === "before" ? "How do you feel right now?" : "How do you feel after training?" }),
          checkinForm(kind, (plan.checkin || {})[kind] || []),
        ]));
      }
      box.append(section);
    });
  });
}

root.addEventListener("click", function (event) {
  var button = event.target.closest("[data-discard-checkin]");
  if (!button) return;
  var key = checkinKey(button.dataset.discardCheckin);
  store.meta(key).then(function (id) { return id ? store.remove("queue", id) : null; }).then(function () {
    return store.remove("meta", key);
  }).then(function () { O.showWaiting(); draw(); });
});

function saveCheckin(form) {
  var kind = form.dataset.offlineCheckin;
  var answers = {};
  Array.prototype.forEach.call(form.elements, function (input) {
    if (!input.name) return;
    if (input.dataset.boolean !== undefined) {
      if (input.checked) answers[input.name] = input.value;
    } else if (input.type === "checkbox") {
      answers[input.name] = answers[input.name] || [];
      if (input.checked) answers[input.name].push(input.value);
    } else if (input.type === "radio") {
      if (input.checked) answers[input.name] = input.value;
    } else if (input.value) {
      answers[input.name] = input.value;
    }
  });
  var clientId = O.uuid4();
  return O.enqueue({
    id: clientId,
    type: "checkin",
    client_id: clientId,
    kind: kind,
    session: session.record ? session.record.client_id : null,
    session_pk: session.pk || null,
    answers: answers,
    label: kind === "before" ? "Check-in before the session" : "Check-in after the session",
  }).then(function () { return store.setMeta(checkinKey(kind), clientId); }).then(function () {
    // As online: straight to people to talk to (the worker opens the kept lines offline).
    var help = document.querySelector("a.help-now");
    var crisis = plan.crisis || (help && help.href);
    if (answers.self_harm_thoughts && crisis) {
      window.location.assign(crisis);
      return null;
    }
    return draw();
  });
}

// --- Start ----------------------------------------------------------------------------------

function lead() {
  var text = navigator.onLine ? "" : "No signal: everything you log is saved on this phone and sent later. ";
  text += "Tap ✓ to save a set.";
  if (session.pk && navigator.onLine && (session.url || (session.record && session.record.url))) {
    var link = session.url || session.record.url;
    var p = root.querySelector("[data-offline-lead]");
    p.textContent = "This session is on Steady. ";
    p.append(el("a", { href: link, text: "Open the full session page" }), " to finish it.");
    return;
  }
  say(text);
}

function open() {
  return loadPlan().then(function (kept) {
    plan = kept;
    return findSession();
  }).then(function (found) {
    if (!found) {
      say("This session isn't kept on this phone. Open Today when you have signal.");
      return null;
    }
    session = found;
    if (session.record && params.get("start") === "1") history.replaceState(null, "", location.pathname + "?s=" + session.record.client_id);
    root.querySelector("[data-offline-title]").textContent = session.name;
    document.title = session.name + " · Steady";
    lead();
    return draw();
  }).catch(function () {
    say("Nothing is kept on this phone yet: open Today once with signal, then it works offline.");
  });
}

new BroadcastChannel("steady-offline").addEventListener("message", function (event) {
  if (!session) return;
  var refresh = session.record ? store.get("sessions", session.record.client_id).then(function (record) {
    if (record) { session.record = record; session.pk = record.server_pk || null; }
  }) : Promise.resolve();
  refresh.then(function () { lead(); return draw(); });
});
window.addEventListener("online", function () { if (session) lead(); });
window.addEventListener("offline", function () { if (session) lead(); });

open();
