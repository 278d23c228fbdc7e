// Charts of the readiness dashboard, drawn from the numbers the page also shows as tables
// (json_script "dashboard-data"): no inline script, no data the table does not have.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colors = { new: "#dc3545", in_progress: "#fd7e14", resolved: "#0d6efd", ready: "#198754" };

  new window.Chart(document.getElementById("chart-stages"), {
    type: "bar",
    data: {
      labels: data.stages,
      datasets: data.status_series.map(function (series) {
        return { label: series.label, data: series.values, backgroundColor: colors[series.status] || "#6c757d" };
      }),
    },
    options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });

  new window.Chart(document.getElementById("chart-coverage"), {
    type: "bar",
    data: {
      labels: data.regions,
      datasets: [
        { label: data.labels.coverage, data: data.coverage, backgroundColor: "#0d6efd" },
        { label: data.labels.ready, data: data.ready, backgroundColor: "#198754" },
      ],
    },
    options: {
      responsive: true,
      scales: { y: { beginAtZero: true, max: 100 } },
      onClick: function (_event, elements) {
        // A bar opens its region's dashboard, as the table's links do.
        if (elements.length && data.urls[elements[0].index]) {
          window.location.href = data.urls[elements[0].index];
        }
      },
    },
  });

  var now = Date.now();
  new window.Chart(document.getElementById("chart-deadlines"), {
    type: "bar",
    data: {
      labels: data.deadlines.map(function (d) { return d.label; }),
      datasets: [{
        label: data.labels.days_left,
        data: data.deadlines.map(function (d) { return Math.round((Date.parse(d.at) - now) / 36e5) / 24; }),
        backgroundColor: data.deadlines.map(function (d) { return Date.parse(d.at) - now < 72 * 36e5 ? "#dc3545" : "#6c757d"; }),
      }],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      scales: { x: { beginAtZero: true } },
      onClick: function (_event, elements) {
        if (elements.length) {
          window.location.href = data.deadlines[elements[0].index].url;
        }
      },
    },
  });
})();
