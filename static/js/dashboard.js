// Charts of the readiness dashboard, drawn from the numbers the page also shows as tables
// (json_script "dashboard-data"): no inline script, no data the table does not have.
// Chart.js (60-70 KB compressed) is fetched the first time the Charts tab opens, not with the page: most
// visits, on a phone above all, only read the table.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  var pane = document.getElementById("chart-view");
  if (!source || !pane) {
    return;
  }
  var requested = false;

  function load() {
    if (requested) {
      return;
    }
    requested = true;
    var script = document.createElement("script");
    script.src = pane.dataset.chartjs;
    script.onload = draw;
    script.onerror = function () {
      requested = false; // a dropped link: opening the tab again tries again
      script.remove();
    };
    document.head.appendChild(script);
  }

  if (pane.classList.contains("active")) {
    load();
  } else {
    document.querySelector('[data-bs-target="#chart-view"]').addEventListener("shown.bs.tab", load);
  }

  function draw() {
    var data = JSON.parse(source.textContent);
    // One colour per status, the badges' (static/css/app.css defines them once, as --status-*).
    var style = window.getComputedStyle(document.documentElement);
    function statusColor(status) {
      return style.getPropertyValue("--status-" + status).trim() || "#6c757d";
    }
    var COVERAGE = "#0d6efd";
    var SOON = "#dc3545";
    var LATER = "#6c757d";

    // A chart with nothing to draw is replaced by a sentence saying so, not a blank axis.
    function drawOrSay(id, something, sentence, config) {
      var canvas = document.getElementById(id);
      if (!something) {
        var note = document.createElement("p");
        note.className = "chart-empty";
        note.dataset.testid = id + "-empty";
        note.textContent = sentence;
        canvas.replaceWith(note);
        return;
      }
      new window.Chart(canvas, config);
    }

    var anyProblem = data.status_series.some(function (s) { return s.values.some(function (v) { return v > 0; }); });
    // 0 % coverage is a measure (no scan yet); null is nothing to measure.
    var anyMeasure = data.coverage.concat(data.ready).some(function (v) { return v !== null; });

    drawOrSay("chart-stages", anyProblem, data.empty.stages, {
      type: "bar",
      data: {
        labels: data.stages,
        datasets: data.status_series.map(function (series) {
          return { label: series.label, data: series.values, backgroundColor: statusColor(series.status) };
        }),
      },
      options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    });

    drawOrSay("chart-coverage", anyMeasure, data.empty.coverage, {
      type: "bar",
      data: {
        labels: data.regions,
        datasets: [
          { label: data.labels.coverage, data: data.coverage, backgroundColor: COVERAGE },
          { label: data.labels.ready, data: data.ready, backgroundColor: statusColor("ready") },
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
    drawOrSay("chart-deadlines", data.deadlines.length > 0, data.empty.deadlines, {
      type: "bar",
      data: {
        labels: data.deadlines.map(function (d) { return d.label; }),
        datasets: [{
          label: data.labels.days_left,
          data: data.deadlines.map(function (d) { return Math.round((Date.parse(d.at) - now) / 36e5) / 24; }),
          backgroundColor: data.deadlines.map(function (d) { return Date.parse(d.at) - now < 72 * 36e5 ? SOON : LATER; }),
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
  }
})();
