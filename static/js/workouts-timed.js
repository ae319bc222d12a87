// Timed sets on the workout session page (plank, carry, walk): a countdown that logs the
// set when it ends and can be stopped early. No inline script anywhere (CSP).
//
// The server marks a timed exercise's set forms with data-timed (the verb: "walk",
// "hold"). Without this script the person types the seconds and taps ✓. With it, the ✓
// button becomes Start: the countdown runs from the seconds in the row (prefilled from
// the plan or last time), Stop logs the time done so far, and at zero the set is logged
// by the same form and client id as ✓, so a tap at the same moment still makes one set.
//
// Time left is worked out from the start time, never by counting ticks: a locked screen
// or a throttled background tab catches up the moment it runs again.
(function () {
  "use strict";

  var wakeLock = null;
  var running = [];

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  // Spoken and shown durations, in the words the page uses: "1 minute 30 seconds".
  function words(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) parts.push(plural(minutes, "minute"));
    if (rest || !minutes) parts.push(plural(rest, "second"));
    return parts.join(" ");
  }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function requestWakeLock() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* not allowed now (battery saver, hidden tab): fine */ });
  }

  function releaseWakeLock() {
    if (wakeLock && !running.length) {
      wakeLock.release().catch(function () {});
      wakeLock = null;
    }
  }

  function parts(form) {
    return {
      button: form.querySelector("[data-done-button]"),
      mark: form.querySelector("[data-done-mark]"),
      input: form.querySelector("input[name='seconds']"),
      status: form.querySelector("[data-set-status]"),
      line: form.querySelector(".set-line"),
    };
  }

  function label(form, word) {
    var p = parts(form);
    var hidden = p.button.querySelector(".visually-hidden");
    var number = form.querySelector("input[name='set_number']");
    var seconds = Number(p.input.value) || 0;
    if (p.mark) p.mark.textContent = word;
    if (hidden) {
      hidden.textContent = "";
      var wordSpan = document.createElement("span");
      wordSpan.setAttribute("data-done-word", "");
      wordSpan.textContent = word;
      hidden.appendChild(wordSpan);
      hidden.appendChild(document.createTextNode(
        " set " + (number ? number.value : "") + " of " + form.dataset.exerciseName +
        (word === "Start" && seconds ? ": " + form.dataset.timed + " " + words(seconds) : "")
      ));
    }
  }

  function say(form, text) {
    var box = parts(form).status;
    if (box) box.textContent = text;
  }

  function enhance(form) {
    if (form.dataset.timedReady) return;
    var p = parts(form);
    if (!p.button || !p.input) return;
    form.dataset.timedReady = "1";
    form.dataset.timedState = "idle";
    p.button.classList.add("timed-button");
    if (p.line) p.line.classList.add("set-line-timed");
    var display = document.createElement("span");
    display.className = "timed-clock";
    display.setAttribute("aria-hidden", "true");
    display.setAttribute("data-timed-clock", "");
    display.hidden = true;
    p.input.parentNode.appendChild(display);
    label(form, "Start");
    p.input.addEventListener("input", function () {
      if (form.dataset.timedState === "idle") label(form, "Start");
    });
  }

  function tick(form) {
    var target = Number(form.dataset.timedTarget);
    var elapsedMs = Date.now() - Number(form.dataset.timedStart);
    // Shown rounded up, as countdowns are: 0:01 until the very end.
    var left = Math.max(0, Math.ceil(target - elapsedMs / 1000));
    var display = form.querySelector("[data-timed-clock]");
    if (display) display.textContent = clock(left);
    if (left <= 0) {
      finish(form, target, true);
      return;
    }
    // Spoken at the start, as each whole minute is left, and at the end; never each second.
    var minutes = Math.ceil(left / 60);
    if (String(minutes) !== form.dataset.timedSaid) {
      form.dataset.timedSaid = String(minutes);
      if (left % 60 === 0) say(form, plural(minutes, "minute") + " left.");
    }
  }

  function start(form) {
    var p = parts(form);
    var target = Math.floor(Number(p.input.value));
    if (!(target > 0)) {
      say(form, "Type how many seconds, then tap Start.");
      p.input.focus();
      return;
    }
    p.input.value = String(target);
    form.dataset.timedState = "running";
    form.dataset.timedStart = String(Date.now());
    form.dataset.timedTarget = String(target);
    form.dataset.timedSaid = String(Math.ceil(target / 60));
    form.classList.add("is-timing");
    var display = form.querySelector("[data-timed-clock]");
    if (display) display.hidden = false;
    label(form, "Stop");
    say(form, "Started: " + form.dataset.timed + " " + words(target) + ". Tap Stop to end early.");
    // A rest still running ends when the next set starts.
    var rest = document.querySelector("[data-rest-timer]");
    if (rest && !rest.hidden && window.SteadyRestTimer) window.SteadyRestTimer.stop();
    running.push(form);
    requestWakeLock();
    tick(form);
  }

  function finish(form, seconds, reachedZero) {
    if (form.dataset.timedState !== "running") return;
    form.dataset.timedState = "ended";
    running = running.filter(function (other) { return other !== form; });
    releaseWakeLock();
    var p = parts(form);
    p.input.value = String(Math.max(1, seconds));
    form.classList.remove("is-timing");
    var display = form.querySelector("[data-timed-clock]");
    if (display) display.hidden = true;
    label(form, "✓");
    say(form, (reachedZero ? "Time. " : "Stopped at " + words(Math.max(1, seconds)) + ". ") +
      "Saving…");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    }
  }

  function stop(form) {
    var elapsed = Math.floor((Date.now() - Number(form.dataset.timedStart)) / 1000);
    finish(form, Math.min(elapsed, Number(form.dataset.timedTarget)), false);
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("form[data-set-form][data-timed]").forEach(enhance);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-done-button]");
    var form = button && button.closest("form[data-timed]");
    if (!form || !form.dataset.timedReady) return;
    var state = form.dataset.timedState;
    // "ended" is a set that was sent: a tap then is ✓ or Retry, posted as usual.
    if (state === "ended") return;
    event.preventDefault();
    if (state === "running") stop(form);
    else start(form);
  });

  setInterval(function () { running.slice().forEach(tick); }, 250);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    running.slice().forEach(tick);
    if (running.length) requestWakeLock();
  });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
})();
