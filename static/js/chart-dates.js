// Dates on chart axes, shared by journal-charts.js and workouts-charts.js. Points are
// stamped in UTC (noon or midnight of the person's local date), so labels are read in UTC
// and written in the browser's own locale: 21/10 for en-GB, 10/21 for en-US.
window.SteadyChartDates = (function () {
  "use strict";

  var DAY = 86400;
  var dayMonth = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "numeric", timeZone: "UTC" });
  var monthYear = new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric", timeZone: "UTC" });

  function tzDate(ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); }

  // uPlot axis "values": days while the ticks are days or weeks apart, months beyond.
  function values(u, splits, axisIdx, foundSpace, foundIncr) {
    var format = foundIncr >= 28 * DAY ? monthYear : dayMonth;
    return splits.map(function (ts) { return ts == null ? "" : format.format(new Date(ts * 1000)); });
  }

  // The x range for a list of stamps: from the first to the last, but at least a week,
  // so a single point (or points a few days apart) is not spread over years.
  function range(stamps) {
    var min = Math.min.apply(null, stamps);
    var max = Math.max.apply(null, stamps);
    if (max - min < 7 * DAY) {
      var middle = (min + max) / 2;
      return [middle - 3.5 * DAY, middle + 3.5 * DAY];
    }
    return [min, max];
  }

  return { tzDate: tzDate, values: values, range: range };
})();
