// Barbell lifts on the session page.
//
// - The plate calculator: as a barbell set's weight is typed, the line under it says which
//   plates go on each side. The server writes the same line for the prefilled weight
//   (apps/workouts/plates.py, the same sum); keep the two in step. Sums are in hundredths
//   of a kilogram or pound, so nothing is lost to floating point.
// - Warm-ups: after one is saved, focus moves to the next warm-up, or to the first set.
(function () {
  "use strict";

  var MOST_LISTED = 3; // more of one plate on a side reads as a count: "4 × 25"
  var HEAVIEST = 100000; // 1000 kg or lb, in hundredths: the heaviest set anyone can log

  function hundredths(text) {
    var value = Number(String(text).trim());
    if (String(text).trim() === "" || !isFinite(value)) return null;
    return Math.round(value * 100);
  }

  function amount(cents) {
    return (cents / 100).toFixed(2).replace(/\.?0+$/, "");
  }

  // Heaviest plate first, as many pairs as fit: exact for the plate sets gyms have.
  function describe(target, bar, plates, unit) {
    var unitText = function (cents) { return amount(cents) + " " + unit; };
    if (target < bar) return "Lighter than the empty bar (" + unitText(bar) + ")";
    var remaining = target - bar; // both sides together
    var side = [];
    var sizes = plates.filter(function (size, index) {
      return size > 0 && plates.indexOf(size) === index;
    }).sort(function (a, b) { return b - a; });
    sizes.forEach(function (size) {
      var count = Math.floor(remaining / (2 * size));
      remaining -= 2 * size * count;
      if (count > MOST_LISTED) {
        side.push(count + " × " + amount(size));
      } else {
        for (var i = 0; i < count; i++) side.push(amount(size));
      }
    });
    var text = side.join(" + ");
    if (remaining === 0) {
      return text ? "Each side: " + text : "Just the bar (" + unitText(bar) + ")";
    }
    if (!text) {
      return "Can't make " + unitText(target) + ": closest is just the bar (" + unitText(bar) + ")";
    }
    return "Can't make " + unitText(target) + ": closest is " + unitText(target - remaining) +
      ", each side: " + text;
  }

  function update(input) {
    var card = input.closest("[data-barbell]");
    var row = input.closest("[data-set-row]");
    var line = row && row.querySelector("[data-set-plates]");
    if (!card || !line) return;
    var target = hundredths(input.value);
    var bar = hundredths(card.dataset.bar);
    var plates = (card.dataset.plates || "").split(" ").map(hundredths).filter(function (p) {
      return p !== null;
    });
    if (target === null || target < 0 || target > HEAVIEST || bar === null) {
      line.textContent = "";
      return;
    }
    line.textContent = describe(target, bar, plates, card.dataset.unit || "kg");
  }

  function refresh(scope) {
    (scope || document).querySelectorAll("[data-barbell] [data-set-row] input[name='load']")
      .forEach(update);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.name === "load" && target.closest) update(target);
  });
  // Other scripts carry a weight over to the next rows without an input event.
  document.addEventListener("htmx:afterSettle", function () { refresh(document); });

  var savingWarmup = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    var form = elt && elt.closest && elt.closest("form[data-set-form]");
    savingWarmup = form && form.querySelector("[data-warmup-button]") ?
      form.closest("[data-set-row]").id : null;
  });
  document.addEventListener("htmx:load", function (event) {
    var row = event.target;
    if (!savingWarmup || !row.id || row.id !== savingWarmup) return;
    savingWarmup = null;
    var card = row.closest(".exercise-card");
    if (!card) return;
    var next = card.querySelector("[data-warmup-button]") || card.querySelector("[data-done-button]");
    if (next) next.focus({ preventScroll: true });
  });
})();
