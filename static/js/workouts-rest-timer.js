// Rest timer for the workout session page. No inline script anywhere (CSP).
//
// After each saved set the server sends the HX-Trigger event "workouts:set-saved" with
// the prescription's rest seconds. The countdown shows on the page and in the title,
// keeps the screen awake where the Screen Wake Lock API exists, can buzz and beep at
// zero, and announces its start and end politely to screen readers.
(function () {
  "use strict";

  var root, display, announcer, skipButton, alertBox;
  var endAt = 0;
  var ticker = null;
  var wakeLock = null;
  var halfwayAnnounced = false;
  var baseTitle = document.title;
  var STORE_KEY = "steady-rest-end:" + location.pathname;
  var ALERT_KEY = "steady-rest-alert";
  var audio = null;

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function spoken(seconds) {
    if (seconds < 60) return seconds + " seconds";
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var text = minutes + (minutes === 1 ? " minute" : " minutes");
    return rest ? text + " " + rest + " seconds" : text;
  }

  function remaining() {
    return Math.max(0, Math.ceil((endAt - Date.now()) / 1000));
  }

  function say(text) {
    if (announcer) announcer.textContent = text;
  }

  function requestWakeLock() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* Not allowed right now (battery saver, hidden tab): fine. */ });
  }

  function releaseWakeLock() {
    if (wakeLock) {
      wakeLock.release().catch(function () {});
      wakeLock = null;
    }
  }

  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
    } catch (error) { audio = null; }
  }

  function beep() {
    if (!audio) return;
    try {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.value = 0.15;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.35);
    } catch (error) { /* no sound is fine */ }
  }

  function alertAtZero() {
    if (!alertBox || !alertBox.checked) return;
    if (navigator.vibrate) navigator.vibrate([250, 120, 250]);
    beep();
  }

  function hide() {
    if (!root) return;
    root.hidden = true;
    root.classList.remove("rest-over");
  }

  function stop(reachedZero) {
    clearInterval(ticker);
    ticker = null;
    endAt = 0;
    try { sessionStorage.removeItem(STORE_KEY); } catch (error) {}
    document.title = baseTitle;
    releaseWakeLock();
    if (reachedZero) {
      display.textContent = "0:00";
      root.classList.add("rest-over");
      say("Rest over. Start your next set when you're ready.");
      alertAtZero();
      setTimeout(function () { if (!ticker) hide(); }, 5000);
    } else {
      say("Rest skipped.");
      hide();
    }
  }

  function render() {
    var left = remaining();
    display.textContent = format(left);
    document.title = format(left) + " rest · " + baseTitle;
    if (!halfwayAnnounced && left === 30 && endAt) {
      halfwayAnnounced = true;
      say("30 seconds of rest left.");
    }
    if (left <= 0) stop(true);
  }

  function run() {
    root.hidden = false;
    root.classList.remove("rest-over");
    clearInterval(ticker);
    ticker = setInterval(render, 250);
    render();
    requestWakeLock();
  }

  function start(seconds) {
    if (!root || !(seconds > 0)) return;
    endAt = Date.now() + seconds * 1000;
    halfwayAnnounced = seconds <= 45;
    try { sessionStorage.setItem(STORE_KEY, String(endAt)); } catch (error) {}
    say("Rest for " + spoken(seconds) + ".");
    run();
  }

  function init() {
    root = document.querySelector("[data-rest-timer]");
    if (!root) return;
    baseTitle = document.title;
    display = root.querySelector("[data-rest-display]");
    announcer = root.querySelector("[data-rest-announce]");
    skipButton = root.querySelector("[data-rest-skip]");
    alertBox = root.querySelector("[data-rest-alert]");
    skipButton.addEventListener("click", function () { stop(false); });
    try { alertBox.checked = localStorage.getItem(ALERT_KEY) === "1"; } catch (error) {}
    alertBox.addEventListener("change", function () {
      try { localStorage.setItem(ALERT_KEY, alertBox.checked ? "1" : "0"); } catch (error) {}
      if (alertBox.checked) unlockAudio();
    });
    // A reload mid-rest picks the countdown up where it was.
    var stored = 0;
    try { stored = Number(sessionStorage.getItem(STORE_KEY)); } catch (error) {}
    if (stored && stored > Date.now()) {
      endAt = stored;
      halfwayAnnounced = true;
      run();
    }
  }

  // Tapping "Done" counts as the user gesture browsers need before they allow sound.
  document.addEventListener("click", function (event) {
    if (alertBox && alertBox.checked && event.target.closest("[data-done-button]")) unlockAudio();
  });
  document.addEventListener("workouts:set-saved", function (event) {
    var detail = event.detail || {};
    start(Number(detail.rest));
  });
  document.addEventListener("visibilitychange", function () {
    // The browser drops the wake lock when the tab is hidden; take it again on return.
    if (document.visibilityState === "visible" && ticker) requestWakeLock();
  });
  document.addEventListener("DOMContentLoaded", init);

  window.SteadyRestTimer = { start: start, stop: function () { stop(false); } };
})();
