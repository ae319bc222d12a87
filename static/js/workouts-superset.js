// Supersets on the workout session page: two exercises done alternately.
//
// The server shows a superset's cards together in one labelled group ([data-superset])
// and starts the rest only after a round (a set of each). This moves the focus the same
// way: after set n of the first exercise to set n of the second, after the second back
// to the first exercise's next set. workouts-session.js asks through focusNext() after
// each saved set; unpaired cards keep its usual "next set" focus.
(function () {
  "use strict";

  // The first set still to do on a card: its form's primary button (✓ or Start).
  function firstPending(card) {
    var form = card.querySelector("form[data-set-form][data-rest]");
    return form ? form.querySelector("[data-done-button]") : null;
  }

  function focusNext(savedRow) {
    var card = savedRow.closest && savedRow.closest("[data-superset-card]");
    var group = card && card.closest("[data-superset]");
    if (!group) return false;
    var cards = Array.prototype.slice.call(group.querySelectorAll("[data-superset-card]"));
    var index = cards.indexOf(card);
    // The next card of the pair with a set to do, round and round; this card last.
    for (var step = 1; step <= cards.length; step++) {
      var button = firstPending(cards[(index + step) % cards.length]);
      if (button) {
        button.focus({ preventScroll: true });
        var row = button.closest("[data-set-row]") || button;
        if (row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
        return true;
      }
    }
    return false;
  }

  window.SteadySuperset = { focusNext: focusNext };
})();
