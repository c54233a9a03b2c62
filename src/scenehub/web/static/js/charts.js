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
  // {geo: GeoJSON, values: [{name: code, value, label}], unit} as a choropleth; a null
  // value (hidden by disclosure control) is drawn grey and says so in the tooltip.
  function choropleth(el, data) {
    echarts.registerMap(el.id, data.geo);
    var shown = data.values.filter(function (v) { return v.value !== null; })
                           .map(function (v) { return v.value; });
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: { formatter: function (p) {
        var v = p.data ? p.data.value : null;
        return (p.data ? p.data.label : p.name) + ": " + (v === null || v === undefined ? data.hidden : v);
      } },
      visualMap: { min: 0, max: Math.max(1, Math.max.apply(null, shown.concat([0]))),
                   calculable: true, left: 8, bottom: 8, inRange: { color: ["#e0ecf8", "#0b5cad"] } },
      series: [{ type: "map", map: el.id, roam: false, nameProperty: "name",
                 label: { show: true, formatter: function (p) { return p.data ? p.data.label : ""; }, fontSize: 10 },
                 itemStyle: { areaColor: "#ddd" },
                 data: data.values.map(function (v) {
                   return { name: v.name, value: v.value === null ? null : v.value, label: v.label };
                 }) }]
    };
  }
  // {children: [{name, children: [{name, value}]}]} as a treemap (layer → segment).
  function treemap(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: {},
      series: [{ type: "treemap", data: data.children, roam: false, nodeClick: false,
                 breadcrumb: { show: false }, leafDepth: 2,
                 levels: [{ itemStyle: { borderWidth: 3, borderColor: "#fff", gapWidth: 3 } },
                          { itemStyle: { gapWidth: 1 } }] }]
    };
  }
  // {nodes: [{id, name, value, gap, category}], links: [{source, target}], categories: [...]}
  // as the chain graph: upstream → downstream, gaps drawn red.
  function graph(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: {},
      legend: { bottom: 0, data: data.categories.map(function (c) { return c.name; }) },
      series: [{ type: "graph", layout: "force", roam: true, draggable: true,
                 force: { repulsion: 160, edgeLength: 70 }, categories: data.categories,
                 edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
                 label: { show: true, fontSize: 10 },
                 data: data.nodes.map(function (n) {
                   return { id: n.id, name: n.name, value: n.value, category: n.category,
                            symbolSize: 12 + Math.sqrt(Math.max(n.value, 0)) * 3,
                            itemStyle: n.gap ? { color: "#ee6666" } : undefined };
                 }),
                 links: data.links, lineStyle: { opacity: 0.5, curveness: 0.1 } }]
    };
  }
  // {indicators: [{name, max}], series: [{name, values}]} as a radar.
  function radar(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: {}, legend: { bottom: 0 },
      radar: { indicator: data.indicators, radius: "60%" },
      series: [{ type: "radar", data: data.series.map(function (s) {
        return { name: s.name, value: s.values };
      }) }]
    };
  }
  // {categories: [...], series: [{name, values}]} as grouped (or stacked) columns.
  function columns(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: data.stacked ? "all" : undefined, data: s.values };
      })
    };
  }
  // {steps: [{name, value}]} as a funnel, in the order given (the road's order).
  function funnel(el, data) {
    return {
      title: { text: el.dataset.title || "", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", top: 36, bottom: 8,
                 minSize: "4%", label: { show: true, position: "inside",
                   formatter: function (p) { return p.name + ": " + p.value; } },
                 data: data.steps }]
    };
  }
  var kinds = { "funnel": funnel, "stacked-bars": stackedBars, "bars": bars, "choropleth": choropleth,
                "treemap": treemap, "graph": graph, "radar": radar, "columns": columns };
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
