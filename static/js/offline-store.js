// What Steady keeps on the phone, in IndexedDB: plain code, no library.
// Loaded by pages (script tag) and by the service worker (importScripts), so it is a
// classic script that sets self.SteadyStore.
//
// Stores (database "steady-offline"):
// - queue:    entries waiting to be sent, one per client id, sent in "seq" order:
//             a session start, a set (its latest values, or deleted), a check-in.
//             A check-in's answers are here only until the server has stored them.
// - sets:     what the offline session page draws for each set logged on this phone
//             (figures, waiting or saved), so the page can be drawn again with no signal.
// - sessions: sessions started on this phone with no signal: the kept plan they follow.
// - meta:     small values: the CSRF token for background sync, session ids from the server.
(function (root) {
  "use strict";

  var NAME = "steady-offline";
  var STORES = ["queue", "sets", "sessions", "meta"];
  var opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("queue", { keyPath: "id" }).createIndex("seq", "seq");
        db.createObjectStore("sets", { keyPath: "client_id" });
        db.createObjectStore("sessions", { keyPath: "client_id" });
        db.createObjectStore("meta", { keyPath: "key" });
      };
      request.onsuccess = function () {
        var db = request.result;
        // Another tab deleting the database (log out) must not wait for this one.
        db.onversionchange = function () { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  // One request in one transaction, as a promise.
  function run(store, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = action(tx.objectStore(store));
        var result;
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  var SteadyStore = {
    get: function (store, key) { return run(store, "readonly", function (s) { return s.get(key); }); },
    all: function (store) { return run(store, "readonly", function (s) { return s.getAll(); }); },
    put: function (store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); },
    remove: function (store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); },

    // The queue in the order it must be sent.
    queue: function () {
      return run("queue", "readonly", function (s) { return s.index("seq").getAll(); });
    },

    // Add or replace a queued entry. A replaced entry keeps its place in the order and
    // gets a new revision, so a send still in flight with the old values does not remove it.
    enqueue: function (entry) {
      return SteadyStore.get("queue", entry.id).then(function (old) {
        entry.seq = old ? old.seq : Date.now() * 1000 + Math.floor(Math.random() * 1000);
        entry.rev = (old ? old.rev : 0) + 1;
        entry.state = "waiting";
        entry.errors = [];
        return SteadyStore.put("queue", entry);
      });
    },

    // Remove a sent entry, unless it changed while it was on its way.
    settle: function (entry) {
      return run("queue", "readwrite", function (s) {
        var request = s.get(entry.id);
        request.onsuccess = function () {
          var now = request.result;
          if (now && now.rev === entry.rev) s.delete(entry.id);
        };
        return null;
      });
    },

    meta: function (key) {
      return SteadyStore.get("meta", key).then(function (row) { return row ? row.value : null; });
    },
    setMeta: function (key, value) { return SteadyStore.put("meta", { key: key, value: value }); },

    // Everything, for logging out on a shared phone.
    destroy: function () {
      var closing = opening ? opening.then(function (db) { db.close(); }).catch(function () {}) : Promise.resolve();
      opening = null;
      return closing.then(function () {
        return new Promise(function (resolve) {
          var request = root.indexedDB.deleteDatabase(NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      });
    },
    STORES: STORES,
  };

  root.SteadyStore = SteadyStore;
})(self);
