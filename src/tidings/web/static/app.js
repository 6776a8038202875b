// Tidings dashboard: draws the dyad chart and shows the evidence of a clicked point.
// Everything taken from the API is written with textContent, never as markup: article
// text is hostile input. No inline handlers anywhere; the page's CSP allows only this file.
(function () {
  "use strict";

  var QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  var COLOURS = {
    coop: "#2e7d32", conflict: "#c62828",
    q1: "#81c784", q2: "#2e7d32", q3: "#ef9a9a", q4: "#c62828"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.setAttribute("href", href);
    return a;
  }

  function seriesGroups(view) {
    if (view === "quad") {
      return [1, 2, 3, 4].map(function (q) {
        return { label: QUAD_NAMES[q - 1], quads: [q], colour: COLOURS["q" + q] };
      });
    }
    return [
      { label: "cooperation", quads: [1, 2], colour: COLOURS.coop },
      { label: "conflict", quads: [3, 4], colour: COLOURS.conflict }
    ];
  }

  function countOf(period, quads) {
    return quads.reduce(function (sum, q) { return sum + (period.by_quad[String(q)] || 0); }, 0);
  }

  function sentence(report) {
    // The sentence with its trigger word marked, built from text nodes only.
    var ev = report.event;
    var text = ev.sentence.text;
    var s = ev.trigger.start - ev.sentence.start;
    var e = ev.trigger.end - ev.sentence.start;
    var quote = el("blockquote", "evidence-sentence");
    if (s >= 0 && e >= s && e <= text.length) {
      quote.appendChild(document.createTextNode(text.slice(0, s)));
      quote.appendChild(el("mark", null, text.slice(s, e)));
      quote.appendChild(document.createTextNode(text.slice(e)));
    } else {
      quote.textContent = text;
    }
    return quote;
  }

  function sentenceText(report) { return report.event.sentence.text || ""; }

  function showEvidence(panel, heading, items) {
    panel.replaceChildren();
    panel.appendChild(el("h2", null, heading));
    if (!items.length) {
      panel.appendChild(el("p", "empty", "No events in this point."));
    }
    items.forEach(function (c) {
      var box = el("article", "canonical");
      var head = el("h3");
      head.appendChild(el("span", "type", c.type));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "status status-" + c.status, c.status));
      head.appendChild(document.createTextNode(
        " " + (c.day || "undated") + " · " + c.source.join(", ") + " → " + c.target.join(", ") +
        " · " + c.mentions + (c.mentions === 1 ? " report" : " reports")));
      box.appendChild(head);
      var list = el("ul", "reports");
      c.reports.forEach(function (r) {
        var item = el("li", "report");
        var where = link("/articles/" + encodeURIComponent(r.event.article_id) + "#at-" +
          r.event.sentence.start, (r.outlet || r.event.article_id) + (r.title ? ": " + r.title : ""));
        item.appendChild(where);
        item.appendChild(sentence(r));
        r.event.evidence.forEach(function (span) {
          if (span.text && sentenceText(r).indexOf(span.text) < 0) {
            item.appendChild(el("blockquote", "evidence-more", span.text));
          }
        });
        list.appendChild(item);
      });
      box.appendChild(list);
      panel.appendChild(box);
    });
    panel.dataset.state = "loaded";
  }

  function loadPoint(panel, period, group) {
    var ids = period.canonical_ids;
    panel.dataset.state = "loading";
    var heading = group.label + " in the " + panel.dataset.by + " of " + period.period;
    if (!ids.length) { showEvidence(panel, heading, []); return; }
    fetch("/api/canonical-events?ids=" + encodeURIComponent(ids.join(",")))
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) {
        var wanted = data.items.filter(function (c) { return group.quads.indexOf(c.quad) >= 0; });
        showEvidence(panel, heading, wanted);
      })
      .catch(function (err) {
        panel.replaceChildren(el("p", "error", "Could not load the events: " + err.message));
        panel.dataset.state = "error";
      });
  }

  function drawChart(canvas, series) {
    var panel = document.getElementById("evidence");
    panel.dataset.by = canvas.dataset.by;
    var groups = seriesGroups(canvas.dataset.view);
    var chart = new window.Chart(canvas, {
      type: "line",
      data: {
        labels: series.periods.map(function (p) { return p.period; }),
        datasets: groups.map(function (g) {
          return {
            label: g.label,
            data: series.periods.map(function (p) { return countOf(p, g.quads); }),
            borderColor: g.colour,
            backgroundColor: g.colour,
            pointRadius: 6,
            pointHoverRadius: 9,
            tension: 0.2
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "canonical events" } } },
        onClick: function (_event, elements) {
          if (!elements.length) { return; }
          var hit = elements[0];
          loadPoint(panel, series.periods[hit.index], groups[hit.datasetIndex]);
        }
      }
    });
    window.tidingsChart = chart;  // for the browser tests, which click real points
    // The table's buttons reach the same events without a pointer (keyboard, screen readers).
    var every = { label: "all events", quads: [1, 2, 3, 4] };
    document.querySelectorAll("button.show-period").forEach(function (button) {
      button.addEventListener("click", function () {
        var period = series.periods[Number(button.dataset.index)];
        if (period) { loadPoint(panel, period, every); }
      });
    });
    canvas.dataset.points = String(series.periods.length);
    canvas.dataset.ready = "1";
  }

  function initDyad(canvas) {
    if (typeof window.Chart !== "function") {
      canvas.dataset.ready = "error";
      return;
    }
    var url = "/api/dyads/series?a=" + encodeURIComponent(canvas.dataset.a) +
      "&b=" + encodeURIComponent(canvas.dataset.b) + "&by=" + encodeURIComponent(canvas.dataset.by);
    fetch(url)
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (series) { drawChart(canvas, series); })
      .catch(function () { canvas.dataset.ready = "error"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select.autosubmit").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    var canvas = document.getElementById("dyad-chart");
    if (canvas) { initDyad(canvas); }
  });
})();
