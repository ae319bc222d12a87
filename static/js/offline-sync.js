// Sends what waits on the phone, in order, one entry at a time (static/js/offline-store.js).
// Loaded by pages and by the service worker (Background Sync), so a classic script.
//
// Each entry carries its client id: the server stores it once however often it arrives,
// so a send whose answer is lost (the connection dropped) is simply sent again.
// - 2xx: stored. The entry leaves the queue (a check-in's answers leave the phone).
// - 400/404/422: refused, with the server's reasons. The entry stays, marked, until the
//   person fixes or discards it; the rest of the queue goes on.
// - anything else (no network, 5xx, logged out): stop; the next trigger starts again.
(function (root) {
  "use strict";

  var REFUSED = [400, 404, 422];

  function announce(message) {
    if (typeof root.BroadcastChannel === "function") {
      var channel = new root.BroadcastChannel("steady-offline");
      channel.postMessage(message);
      channel.close();
    }
  }

  // A set or check-in of a session started offline names it by client id; once that
  // start has been stored, the server's id goes with it too.
  function withSessionPk(entry) {
    if (!entry.session || entry.session_pk) return Promise.resolve(entry);
    return root.SteadyStore.meta("session:" + entry.session).then(function (pk) {
      var body = Object.assign({}, entry);
      if (pk) body.session_pk = pk;
      return body;
    });
  }

  function stored(entry, answer) {
    var store = root.SteadyStore;
    var steps = [];
    if (entry.type === "session_start") {
      steps.push(store.setMeta("session:" + entry.client_id, answer.session));
      steps.push(store.get("sessions", entry.client_id).then(function (session) {
        if (!session) return null;
        session.server_pk = answer.session;
        session.url = answer.url;
        return store.put("sessions", session);
      }));
    } else if (entry.type === "set") {
      steps.push(store.get("sets", entry.client_id).then(function (row) {
        if (!row) return null;
        if (answer.deleted) return store.remove("sets", entry.client_id);
        if (row.rev !== entry.rev) return null;
        row.synced = true;
        row.text = answer.text;
        return store.put("sets", row);
      }));
    }
    return Promise.all(steps).then(function () { return store.settle(entry); });
  }

  function refused(entry, errors) {
    return root.SteadyStore.get("queue", entry.id).then(function (now) {
      if (!now || now.rev !== entry.rev) return null;
      now.state = "refused";
      now.errors = errors && errors.length ? errors : ["Steady could not store this."];
      return root.SteadyStore.put("queue", now);
    });
  }

  function sendOne(url, csrf, entry) {
    return withSessionPk(entry).then(function (body) {
      return root.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || "" },
        body: JSON.stringify(body),
      });
    }).then(function (response) {
      if (response.ok && response.type !== "opaqueredirect") {
        return response.json().then(function (answer) {
          return stored(entry, answer).then(function () {
            announce({ type: "stored", entry: entry, answer: answer });
            return "stored";
          });
        });
      }
      if (REFUSED.indexOf(response.status) !== -1) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return refused(entry, answer.errors).then(function () {
            announce({ type: "refused", entry: entry, errors: answer.errors });
            return "refused";
          });
        });
      }
      return response.type === "opaqueredirect" || response.status === 403 ? "login" : "server";
    }, function () { return "network"; });
  }

  function sendAll(url, csrf) {
    return root.SteadyStore.queue().then(function (entries) {
      var waiting = entries.filter(function (entry) { return entry.state !== "refused"; });
      var index = 0;
      function next() {
        if (index >= waiting.length) return "done";
        return sendOne(url, csrf, waiting[index++]).then(function (outcome) {
          return outcome === "stored" || outcome === "refused" ? next() : outcome;
        });
      }
      return next();
    });
  }

  // Send the queue. Resolves to "done", or why it stopped: "network", "server", "login".
  // One sender at a time across tabs and the worker (a second waits, then finds less).
  function sync(url, csrf) {
    var send = function () {
      return sendAll(url, csrf).then(function (outcome) {
        announce({ type: "synced", outcome: outcome });
        return outcome;
      });
    };
    if (root.navigator.locks && root.navigator.locks.request) {
      return root.navigator.locks.request("steady-sync", send);
    }
    return send();
  }

  root.SteadySync = { sync: sync };
})(self);
