// The classification form: posts the records to /mcrc/classify and shows the answers, or the
// problem details of a bad request. Every value is set as text, never as markup.
(function () {
  'use strict';
  var SYMBOLS = { recommended: '✔', consider: '◐', not_recommended: '✖', not_indicated: '⊘', not_applicable: '–', undetermined: '?' };
  var form = document.getElementById('classify-form');
  var statusLine = document.getElementById('status');
  var errors = document.getElementById('errors');
  var answers = document.getElementById('answers');

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function badge(status) {
    var known = Object.prototype.hasOwnProperty.call(SYMBOLS, status);
    var b = el('span', null, 'badge ' + (known ? 'st-' + status.replace(/_/g, '-') : 'st-other'));
    b.setAttribute('data-status', status);
    var sym = el('span', known ? SYMBOLS[status] : '•', 'sym');
    sym.setAttribute('aria-hidden', 'true');
    b.appendChild(sym);
    b.appendChild(document.createTextNode(' ' + status.replace(/_/g, ' ')));
    return b;
  }

  function showProblem(p) {
    var box = el('div', null, 'problem');
    box.setAttribute('role', 'alert');
    box.appendChild(el('p', p.title + ' (' + p.status + '): ' + p.detail));
    if (p.errors && p.errors.length) {
      var ul = el('ul');
      p.errors.forEach(function (e) {
        ul.appendChild(el('li', e.location + (e.field ? ': field ' + e.field : '') + ': ' + e.message + ' [' + e.id + ']'));
      });
      box.appendChild(ul);
    }
    errors.appendChild(box);
  }

  function showAnswers(doc) {
    doc.patients.forEach(function (p) {
      var section = el('section', null, 'patient-answers');
      section.appendChild(el('h2', 'Patient ' + p.id));
      if (!p.consistent) {
        section.appendChild(el('p', 'Inconsistent record: ' + (p.explanation || []).join('; ')));
      } else {
        if (p.tags && p.tags.length) section.appendChild(el('p', 'Tags: ' + p.tags.join(', ')));
        if (p.next_measurements && p.next_measurements.length) {
          section.appendChild(el('p', 'What to measure next: ' + p.next_measurements.map(function (m) {
            return m.field + ' (settles ' + m.settles + ')';
          }).join(', ')));
        }
        var table = el('table');
        var head = table.createTHead().insertRow();
        ['procedure', 'status', 'provisional', 'rules', 'evidence', 'missing'].forEach(function (h) {
          var th = el('th', h);
          th.scope = 'col';
          head.appendChild(th);
        });
        var body = table.createTBody();
        p.treatments.forEach(function (t) {
          var tr = body.insertRow();
          tr.setAttribute('data-procedure', t.procedure);
          tr.insertCell().textContent = t.procedure;
          tr.insertCell().appendChild(badge(t.status));
          var prov = tr.insertCell();
          if (t.provisional) prov.appendChild(badge(t.provisional));
          tr.insertCell().textContent = t.rules.join(' ');
          tr.insertCell().textContent = t.evidence.join(' ');
          tr.insertCell().textContent = t.missing.join(', ');
        });
        section.appendChild(table);
      }
      answers.appendChild(section);
    });
  }

  function submit() {
    errors.textContent = '';
    answers.textContent = '';
    document.body.setAttribute('data-state', 'running');
    statusLine.textContent = 'Classifying…';
    var started = Date.now();
    var url = '/mcrc/classify' + (document.getElementById('explain').checked ? '?explain=true' : '');
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': document.getElementById('format').value, 'Accept': 'application/json, application/problem+json' },
      body: document.getElementById('records').value
    }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) {
          showProblem(json);
          statusLine.textContent = 'Not classified (' + r.status + ').';
          document.body.setAttribute('data-state', 'problem');
          return;
        }
        showAnswers(json);
        statusLine.textContent = json.patients.length + (json.patients.length === 1 ? ' patient' : ' patients') + ' classified in ' + (Date.now() - started) + ' ms';
        document.body.setAttribute('data-state', 'done');
      });
    }).catch(function (err) {
      statusLine.textContent = 'Error: ' + err.message;
      document.body.setAttribute('data-state', 'error');
    });
  }

  form.addEventListener('submit', function (ev) { ev.preventDefault(); submit(); });
  // ?run=1 classifies the example at once (tests, and a link that shows the page at work)
  if (new URLSearchParams(window.location.search).get('run')) submit();
  else document.body.setAttribute('data-state', 'ready');
})();
