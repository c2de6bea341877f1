// The cohort dashboard: runs each chart's query against the endpoint and draws its rows with
// Chart.js. Values are set as text (textContent), never as markup.
(function () {
  'use strict';
  var ENDPOINT = '/mcrc/sparql';
  var STATUS_ORDER = ['recommended', 'consider', 'not_recommended', 'not_indicated', 'not_applicable', 'undetermined'];
  var STATUS_COLOUR = {
    recommended: '#2e8b57', consider: '#4a7fc1', not_recommended: '#c0392b', not_indicated: '#8e5bb0',
    not_applicable: '#a0a0a0', undetermined: '#e0a020'
  };
  var OTHER = ['#555555', '#7f6a3a', '#3a6f7f', '#7f3a6a'];
  var charts = JSON.parse(document.getElementById('charts').textContent);
  var pending = charts.length, failed = 0;

  function finished(ok) {
    if (!ok) failed++;
    pending--;
    if (pending === 0) document.body.setAttribute('data-state', failed ? 'error' : 'done');
  }

  function run(text) {
    return fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/sparql-results+json' },
      body: 'query=' + encodeURIComponent(text)
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ' ' + t.substring(0, 300)); });
      return r.json();
    }).then(function (json) {
      var vars = json.head.vars;
      return {
        vars: vars,
        rows: json.results.bindings.map(function (b) {
          var row = {};
          vars.forEach(function (v) { row[v] = b[v] ? b[v].value : ''; });
          return row;
        })
      };
    });
  }

  function fillTable(section, result) {
    var table = section.querySelector('details.data table');
    var head = table.tHead.insertRow();
    result.vars.forEach(function (v) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = v;
      head.appendChild(th);
    });
    result.rows.forEach(function (row) {
      var tr = table.tBodies[0].insertRow();
      result.vars.forEach(function (v) { tr.insertCell().textContent = row[v]; });
    });
  }

  function uniq(list) {
    var out = [];
    list.forEach(function (x) { if (out.indexOf(x) < 0) out.push(x); });
    return out;
  }

  function num(x) { var n = Number(x); return isNaN(n) ? 0 : n; }

  function bar(canvas, labels, datasets, horizontal, stacked, axisTitle) {
    var value = { stacked: stacked, beginAtZero: true, title: { display: true, text: axisTitle } };
    var category = { stacked: stacked, ticks: { autoSkip: false } };
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x', animation: false, responsive: true, maintainAspectRatio: false,
        scales: horizontal ? { x: value, y: category } : { x: category, y: value },
        plugins: { legend: { display: datasets.length > 1, position: 'bottom' } }
      }
    });
  }

  var DRAW = {
    statuses: function (canvas, result) {
      var procedures = uniq(result.rows.map(function (r) { return r.procedure; }));
      var present = uniq(result.rows.map(function (r) { return r.status; }));
      var statuses = STATUS_ORDER.filter(function (s) { return present.indexOf(s) >= 0; })
          .concat(present.filter(function (s) { return STATUS_ORDER.indexOf(s) < 0; }));
      var datasets = statuses.map(function (s, i) {
        var counts = procedures.map(function (p) {
          var row = result.rows.find(function (r) { return r.procedure === p && r.status === s; });
          return row ? num(row.patients) : 0;
        });
        return { label: s.replace(/_/g, ' '), data: counts, backgroundColor: STATUS_COLOUR[s] || OTHER[i % OTHER.length] };
      });
      return bar(canvas, procedures, datasets, true, true, 'patients');
    },
    sites: function (canvas, result) {
      var labels = result.rows.map(function (r) { return r.site; });
      return bar(canvas, labels, [
        { label: 'with metastases', data: result.rows.map(function (r) { return num(r.patients); }), backgroundColor: '#c0392b' },
        { label: 'recorded free', data: result.rows.map(function (r) { return num(r.free); }), backgroundColor: '#9fc5e8' },
        { label: 'unknown', data: result.rows.map(function (r) { return num(r.unknown); }), backgroundColor: '#d9d9d9' }
      ], true, true, 'patients');
    },
    levels: function (canvas, result) {
      return bar(canvas, result.rows.map(function (r) { return 'level ' + r.oxford; }), [
        { label: 'recommended answers', data: result.rows.map(function (r) { return num(r.answers); }), backgroundColor: '#2e8b57' }
      ], false, false, 'recommended answers');
    },
    settling: function (canvas, result) {
      var rows = result.rows.slice(0, 15);
      return bar(canvas, rows.map(function (r) { return r.field; }), [
        { label: 'settles', data: rows.map(function (r) { return num(r.settles); }), backgroundColor: '#e0a020' },
        { label: 'may settle (some values)', data: rows.map(function (r) { return num(r.maySettle); }), backgroundColor: '#f5d9a0' }
      ], true, true, 'undetermined answers');
    },
    blocking: function (canvas, result) {
      var rows = result.rows.slice(0, 15);
      return bar(canvas, rows.map(function (r) { return r.field; }), [
        { label: 'undetermined answers naming it as missing', data: rows.map(function (r) { return num(r.answers); }), backgroundColor: '#e0a020' }
      ], true, false, 'undetermined answers');
    }
  };

  function show(section, chart, result, kind, note) {
    var status = section.querySelector('.chart-status');
    section.setAttribute('data-rows', String(result.rows.length));
    fillTable(section, result);
    if (result.rows.length === 0) {
      status.textContent = 'No rows: nothing to draw.' + (note ? ' ' + note : '');
    } else {
      DRAW[kind](document.getElementById('canvas-' + chart.id), result);
      status.textContent = result.rows.length + (result.rows.length === 1 ? ' row' : ' rows') + (note ? '. ' + note : '');
    }
    section.setAttribute('data-state', 'done');
  }

  charts.forEach(function (chart) {
    var section = document.getElementById('chart-' + chart.id);
    run(chart.text).then(function (result) {
      if (result.rows.length === 0 && chart.fallback) {
        // no explanations in the store: count the fields undetermined answers name as missing
        return run(chart.fallbackText).then(function (fb) {
          var link = section.querySelector('a.query-link');
          link.href = '/?run=' + encodeURIComponent(chart.fallback);
          link.textContent = chart.fallback;
          section.querySelector('.what').textContent = 'The store has no explanations (load it with --explain for the fields that would settle answers):'
              + ' the fields the undetermined answers name as missing, by how many name them.';
          show(section, chart, fb, 'blocking', null);
        });
      }
      show(section, chart, result, chart.id, null);
    }).then(function () { finished(true); }, function (err) {
      section.setAttribute('data-state', 'error');
      section.querySelector('.chart-status').textContent = 'Error: ' + err.message;
      finished(false);
    });
  });
})();
