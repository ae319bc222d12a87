// Steady's service worker. Served at /sw.js by apps/offline/views.py, which puts this
// release's RELEASE object (version, static files, kept pages) on the line above.
//
// What it keeps (one cache per release, "steady-<version>"):
// - static files: cache first (their URLs change with their content in production);
// - Today, the offline pages and the crisis lines: network first, the kept copy with no
//   (or too slow) signal;
// - the offline plan (the next sessions with prefilled rows and exercise cues): network
//   first, kept copy with no signal.
// Nothing else is ever put in the cache: journal, safety, summary, settings and account
// pages go to the network only. With no signal a session page opens as the offline
// session page, "Get help now" as the kept crisis lines (which hold no safety plan), and
// any other page as "this page needs a connection".
//
// Updates: a new release installs a new cache (static files and pages fetched fresh),
// takes over at once and deletes the old caches, so old HTML and new static files never
// meet; the page reloads itself when its worker changes (static/js/offline.js).
/* global RELEASE, SteadyStore, SteadySync */
"use strict";

importScripts.apply(self, RELEASE.scripts);

var CACHE = "steady-" + RELEASE.version;
var PAGES = RELEASE.pages;
var KEPT_PAGES = [PAGES.today, PAGES.session_shell, PAGES.unavailable, PAGES.crisis];
var SESSION_PAGE = new RegExp("^" + RELEASE.sessionPage + "\\d+/$");

function fresh(url) { return new Request(url, { cache: "reload", credentials: "same-origin" }); }

// Keep a page only if it is the page itself (not a redirect to logging in).
function keep(cache, url, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(url, response.clone());
  }
  return Promise.resolve();
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // The static files must all be there; pages and plan are kept if the person is signed in.
    return cache.addAll(RELEASE.static.map(fresh)).then(function () {
      return Promise.all(KEPT_PAGES.concat([PAGES.plan]).map(function (url) {
        return fetch(fresh(url)).then(function (r) { return keep(cache, url, r); }, function () {});
      }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("steady-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// The network's answer, kept for next time; with no network, or a network too slow to
// answer within a few seconds (one bar in a basement), the kept copy of this release.
var SLOW_NETWORK_MS = 4000;
function networkFirst(request, key) {
  return caches.open(CACHE).then(function (cache) {
    var network = fetch(request).then(function (response) {
      return keep(cache, key, response).then(function () { return response; });
    });
    network.catch(function () {});
    var slow = new Promise(function (resolve) { setTimeout(resolve, SLOW_NETWORK_MS); }).then(function () {
      return cache.match(key).then(function (kept) { return kept || network; });
    });
    return Promise.race([network, slow]).catch(function () {
      return cache.match(key).then(function (kept) { return kept || Response.error(); });
    });
  });
}

function fromCache(key) {
  return caches.open(CACHE).then(function (cache) { return cache.match(key); });
}

function staticFile(request) {
  return fromCache(request.url).then(function (kept) {
    if (kept) return kept;
    return fetch(request).then(function (response) {
      if (response.ok) caches.open(CACHE).then(function (c) { c.put(request, response.clone()); });
      return response;
    });
  });
}

// "Get help now": the page itself when the network answers in time, else the kept crisis
// lines. The page itself is never kept (it shows the person's safety plan); when it
// opens, the kept lines are fetched again, in case the person's country changed.
function crisisPage(request) {
  var network = fetch(request);
  network.then(function () {
    return Promise.all([caches.open(CACHE), fetch(fresh(PAGES.crisis))]).then(function (both) {
      return keep(both[0], PAGES.crisis, both[1]);
    });
  }).catch(function () {});
  var slow = new Promise(function (resolve) { setTimeout(resolve, SLOW_NETWORK_MS); }).then(function () {
    return fromCache(PAGES.crisis).then(function (kept) { return kept || network; });
  });
  return Promise.race([network, slow]).catch(function () {
    return fromCache(PAGES.crisis).then(function (kept) { return kept || Response.error(); });
  });
}

// A page with no signal: the kept copy, the offline session page, or "needs a connection".
function page(request, path) {
  if (KEPT_PAGES.indexOf(path) !== -1) return networkFirst(request, path);
  if (path === RELEASE.crisisPage) return crisisPage(request);
  return fetch(request).catch(function () {
    var stand_in = SESSION_PAGE.test(path) ? PAGES.session_shell : PAGES.unavailable;
    return fromCache(stand_in).then(function (kept) { return kept || Response.error(); });
  });
}

// "Start session" with no signal goes to the offline session page, which starts it on
// the phone (the form's choices travel in the address).
function start(request) {
  var form = request.clone().formData();
  return fetch(request).catch(function () {
    return form.then(function (data) {
      var query = new URLSearchParams({
        start: "1",
        minimum: data.get("minimum") === "1" ? "1" : "0",
        deload: data.get("deload") === "1" ? "1" : "0",
      });
      return Response.redirect(PAGES.session_shell + "?" + query.toString(), 303);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === RELEASE.start) {
    event.respondWith(start(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf(RELEASE.staticPrefix) === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname === PAGES.plan) {
    event.respondWith(networkFirst(request, PAGES.plan));
  }
});

// Background Sync, where the browser has it: send the queue even after the page closed.
self.addEventListener("sync", function (event) {
  if (event.tag !== "steady-sync") return;
  event.waitUntil(SteadyStore.meta("csrf").then(function (csrf) {
    return SteadySync.sync(RELEASE.pages.sync, csrf);
  }).then(function (outcome) {
    // Ask the browser to try again later when the network is still away.
    if (outcome === "network" || outcome === "server") throw new Error(outcome);
  }));
});

// Rest timer with the screen off: the page says when the rest ends; if no Steady page is
// visible then, a notification says so. "rest-cancel" (Skip rest, next set) stops it.
// A browser keeps a worker awake for about five minutes per event: rests are shorter.
var restTimer = null;
var restDone = null;
function cancelRest() {
  clearTimeout(restTimer);
  restTimer = null;
  if (restDone) restDone();
  restDone = null;
}
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "rest") {
    cancelRest();
    var wait = Math.max(0, Math.min(Number(data.seconds) || 0, 290)) * 1000;
    event.waitUntil(new Promise(function (resolve) {
      restDone = resolve;
      restTimer = setTimeout(function () {
        restTimer = null;
        restDone = null;
        self.clients.matchAll({ type: "window" }).then(function (windows) {
          var seen = windows.some(function (w) { return w.visibilityState === "visible"; });
          if (seen || self.Notification === undefined || Notification.permission !== "granted") return null;
          return self.registration.showNotification("Rest is over", {
            body: data.exercise ? "Time for your next set of " + data.exercise + "." : "Time for your next set.",
            tag: "steady-rest",
            icon: data.icon || undefined,
          });
        }).then(resolve, resolve);
      }, wait);
    }));
  } else if (data.type === "rest-cancel") {
    cancelRest();
  } else if (data.type === "forget") {
    // Logging out: nothing of the person's stays in this worker's caches.
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }));
  }
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    if (windows.length) return windows[0].focus();
    return self.clients.openWindow(PAGES.today);
  }));
});
