// Journal charts (uPlot). Data comes from json_script blocks the server renders; the
// figure stays hidden until it is drawn, and a table alternative is always in the page.
// No inline script or style anywhere (CSP): everything is set up from here.
(function () {
  "use strict";

  function cssColor(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette() {
    return {
      primary: cssColor("--primary", "#2f6f62"),
      muted: cssColor("--muted", "#4a5a57"),
      text: cssColor("--text", "#1d2a28"),
      border: cssColor("--border", "#c9d1ce"),
      surface: cssColor("--surface", "#ffffff"),
      caution: cssColor("--caution-border", "#a3670b"),
    };
  }

  function readData(figure) {
    var source = document.getElementById(figure.dataset.source);
    if (!source) return null;
    try { return JSON.parse(source.textContent); } catch (error) { return null; }
  }

  function noLine() { return null; }

  function axes(colors, ySplits) {
    var grid = { stroke: colors.border, width: 1 };
    return [
      {
        stroke: colors.text,
        grid: grid,
        ticks: { stroke: colors.border, width: 1 },
        values: window.SteadyChartDates.values,
      },
      {
        stroke: colors.text,
        grid: grid,
        ticks: { stroke: colors.border, width: 1 },
        size: 34,
        splits: function () { return ySplits; },
      },
    ];
  }

  function line(u, x0, y0, x1, y1, color, dash) {
    var ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * uPlot.pxRatio;
    ctx.setLineDash(dash ? [6 * uPlot.pxRatio, 4 * uPlot.pxRatio] : []);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.restore();
  }

  // Before/after pairs: one segment per session, drawn under the points.
  function drawPairs(pairs, colors) {
    return function (u) {
      pairs.forEach(function (pair) {
        var color = pair[3] < pair[1] ? colors.caution : colors.primary;
        line(
          u,
          u.valToPos(pair[0], "x", true), u.valToPos(pair[1], "y", true),
          u.valToPos(pair[2], "x", true), u.valToPos(pair[3], "y", true),
          color, false
        );
      });
    };
  }

  function drawBands(bands, colors) {
    return function (u) {
      var left = u.bbox.left;
      var right = u.bbox.left + u.bbox.width;
      bands.forEach(function (value) {
        var y = u.valToPos(value, "y", true);
        line(u, left, y, right, y, colors.muted, true);
      });
    };
  }

  function moodOptions(data, width, colors) {
    var point = function (fill, stroke, size) {
      return { show: true, size: size, fill: fill, stroke: stroke, width: 2 };
    };
    return {
      width: width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      tzDate: window.SteadyChartDates.tzDate,
      scales: { x: { time: true, range: [data.start, data.end] }, y: { range: [0.5, 10.5] } },
      axes: axes(colors, [1, 4, 7, 10]),
      series: [
        {},
        { label: "Daily", stroke: colors.muted, paths: noLine, points: point(colors.muted, colors.muted, 7) },
        { label: "Before", stroke: colors.primary, paths: noLine, points: point(colors.surface, colors.primary, 9) },
        { label: "After", stroke: colors.primary, paths: noLine, points: point(colors.primary, colors.primary, 9) },
      ],
      hooks: { drawAxes: [drawPairs(data.pairs, colors)] },
    };
  }

  function phq9Options(data, width, colors) {
    return {
      width: width,
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      tzDate: window.SteadyChartDates.tzDate,
      scales: { x: { time: true, range: window.SteadyChartDates.range(data.x) }, y: { range: [0, 27] } },
      axes: axes(colors, [0, 5, 10, 15, 20, 27]),
      series: [
        {},
        {
          label: "PHQ-9",
          stroke: colors.primary,
          width: 2,
          points: { show: true, size: 8, fill: colors.primary, stroke: colors.primary },
        },
      ],
      hooks: { drawAxes: [drawBands(data.bands, colors)] },
    };
  }

  function build(figure) {
    if (figure.dataset.built || typeof uPlot === "undefined" || !window.SteadyChartDates) return;
    var data = readData(figure);
    var target = figure.querySelector(".chart-canvas");
    if (!data || !target || !data.x || !data.x.length) return;
    figure.classList.add("chart-ready");
    var colors = palette();
    var width = Math.max(target.clientWidth, 200);
    var chart;
    if (figure.dataset.chart === "mood") {
      chart = new uPlot(moodOptions(data, width, colors), [data.x, data.daily, data.before, data.after], target);
      figure.dataset.pairsDrawn = String(data.pairs.length);
    } else {
      chart = new uPlot(phq9Options(data, width, colors), [data.x, data.total], target);
    }
    figure.dataset.built = "1";
    var resize = function () {
      var next = Math.max(target.clientWidth, 200);
      if (next !== chart.width) chart.setSize({ width: next, height: chart.height });
    };
    window.addEventListener("resize", resize);
  }

  function buildAll() {
    document.querySelectorAll("figure.chart[data-chart]").forEach(build);
  }

  document.addEventListener("DOMContentLoaded", buildAll);
  document.addEventListener("htmx:load", buildAll);
})();
