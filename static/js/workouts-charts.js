// Progress charts with uPlot (static/vendor/uplot). Data comes from a
// <script type="application/json"> block written by Django's json_script, which is not
// executable and so allowed by the CSP. Every chart has a table with the same numbers.
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function build(element, chart) {
    var stroke = cssVar("--primary", "#2f6f62");
    var text = cssVar("--muted", "#4a5a57");
    var grid = cssVar("--border", "#c9d1ce");
    var series = {
      label: chart.label,
      stroke: stroke,
      width: 2,
      spanGaps: true,
      points: { show: true, size: 6, fill: stroke },
    };
    if (chart.bars && window.uPlot.paths && window.uPlot.paths.bars) {
      series.paths = window.uPlot.paths.bars({ size: [0.6, 48] });
      series.fill = stroke;
      series.points = { show: false };
    }
    var axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    var dates = window.SteadyChartDates;
    var options = {
      width: Math.max(element.clientWidth, 200),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      tzDate: dates.tzDate,
      scales: { x: { time: true, range: dates.range(chart.x) } },
      axes: [Object.assign({ values: dates.values }, axis), Object.assign({ size: 52 }, axis)],
      series: [{}, series],
    };
    return new window.uPlot(options, [chart.x, chart.y], element);
  }

  function init() {
    if (!window.uPlot || !window.SteadyChartDates) return;
    var plots = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.source);
      if (!source) return;
      var data;
      try { data = JSON.parse(source.textContent); } catch (error) { return; }
      var chart = (data.charts || []).filter(function (c) { return c.id === element.dataset.chart; })[0];
      if (!chart || !chart.x.length) return;
      plots.push({ element: element, plot: build(element, chart) });
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        plots.forEach(function (item) {
          item.plot.setSize({ width: Math.max(item.element.clientWidth, 200), height: 220 });
        });
      }, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
