// Draws the charts of a page with the vendored ECharts. A chart is a
// <div data-chart="KIND" data-source="ID"> whose data is the JSON in <script id="ID">.
(function () {
  "use strict";
  // Outcome colours: green for success, red for denied, amber for failed, purple refused.
  var COLOURS = { success: "#3ba272", denied: "#ee6666", failed: "#fac858", refused: "#9a60b4" };
  function stackedBars(el, rows) {
    var days = [], series = {};
    var labels = el.dataset.labels ? JSON.parse(el.dataset.labels) : {};
    rows.forEach(function (r) {
      if (days.indexOf(r.day) < 0) days.push(r.day);
      (series[r.outcome] = series[r.outcome] || {})[r.day] = r.count;
    });
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 40 },
      xAxis: { type: "category", data: days },
      yAxis: { type: "value", minInterval: 1 },
      series: Object.keys(series).map(function (name) {
        return { name: labels[name] || name, type: "bar", stack: "all",
                 itemStyle: COLOURS[name] ? { color: COLOURS[name] } : undefined,
                 data: days.map(function (d) { return series[name][d] || 0; }) };
      })
    };
  }
  // {categories: [...], values: [...]} as horizontal bars, longest first.
  function bars(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.categories, inverse: true },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b5cad" },
                 label: { show: true, position: "right" } }]
    };
  }
  var kinds = { "stacked-bars": stackedBars, "bars": bars };
  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      var build = kinds[el.dataset.chart];
      if (!source || !build) return;
      var chart = echarts.init(el);
      chart.setOption(build(el, JSON.parse(source.textContent)));
      el.dataset.rendered = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
