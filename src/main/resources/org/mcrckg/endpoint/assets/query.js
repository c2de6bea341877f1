// The query page: YASGUI against this endpoint, the shipped queries as examples, and download
// links in the formats that fit the query's kind. Nothing is loaded from another host: the
// prefix completion uses the project's own prefixes instead of an online prefix service, and the
// class and property completers (which ask an online vocabulary service) are off.
(function () {
  'use strict';
  var ENDPOINT = '/mcrc/sparql';
  var PREFIXES = [
    'mcrc: <https://w3id.org/mcrc-kg/mcrc#>',
    'patient: <https://w3id.org/mcrc-kg/patient/>',
    'graph: <https://w3id.org/mcrc-kg/graph/>',
    'prov: <http://www.w3.org/ns/prov#>',
    'dcterms: <http://purl.org/dc/terms/>',
    'rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>',
    'rdfs: <http://www.w3.org/2000/01/rdf-schema#>',
    'owl: <http://www.w3.org/2002/07/owl#>',
    'xsd: <http://www.w3.org/2001/XMLSchema#>'
  ];
  var DOWNLOADS = {
    table: [['csv', 'CSV'], ['tsv', 'TSV'], ['json', 'JSON'], ['xml', 'XML']],
    // Fuseki's short names for graph results: json-ld is JSON-LD, xml is RDF/XML
    graph: [['ttl', 'Turtle'], ['nt', 'N-Triples'], ['json-ld', 'JSON-LD'], ['xml', 'RDF/XML']]
  };
  var examples = JSON.parse(document.getElementById('example-texts').textContent);
  var byName = {};
  examples.forEach(function (e) { byName[e.name] = e; });
  var statusLine = document.getElementById('status');

  Yasgui.Yasqe.forkAutocompleter('prefixes', {
    name: 'mcrc-prefixes',
    persistenceId: null,
    get: function () { return PREFIXES.slice(); }
  });
  Yasgui.Yasqe.defaults.autocompleters = ['mcrc-prefixes', 'variables'];
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: {
      endpoint: ENDPOINT,
      method: 'POST',
      acceptHeaderSelect: 'application/sparql-results+json',
      acceptHeaderGraph: 'text/turtle',
      acceptHeaderUpdate: 'text/plain'
    },
    copyEndpointOnNewTab: true,
    // this page reads its own parameters (?run=, ?query=); YASGUI's would run a query twice
    populateFromUrl: false,
    autofocus: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: window.location.origin + ENDPOINT }]; } },
    yasqe: { autocompleters: ['mcrc-prefixes', 'variables'], persistenceId: null },
    yasr: { persistenceId: null }
  });

  // YASGUI's own controls come without labels: name them for screen readers (again after each
  // result, since the result table brings its own)
  function labelControls() {
    var names = [
      ['.autocompleteWrapper input', 'SPARQL endpoint'], ['.CodeMirror textarea', 'SPARQL query'],
      ['.dataTables_filter input, .tableFilter', 'Filter the results'], ['.dataTables_length select, .pageSizeWrapper select', 'Rows per page'],
      ['.tabPanel input[type=text]', 'Tab setting']
    ];
    names.forEach(function (n) {
      document.querySelectorAll('#yasgui ' + n[0]).forEach(function (el) {
        if (!el.getAttribute('aria-label') && !(el.labels && el.labels.length)) el.setAttribute('aria-label', n[1]);
      });
    });
    document.querySelectorAll('#yasgui input, #yasgui select, #yasgui textarea').forEach(function (el) {
      if (el.type === 'hidden' || el.getAttribute('aria-label') || (el.labels && el.labels.length)) return;
      el.setAttribute('aria-label', el.getAttribute('placeholder') || el.getAttribute('title') || el.name || 'YASGUI setting');
    });
  }

  function queryKind(text) {
    // the keyword after the prologue (comments, PREFIX and BASE)
    var body = text.replace(/#[^\n]*/g, ' ').replace(/\b(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)/gi, ' ');
    var m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(body);
    return m ? m[1].toUpperCase() : 'SELECT';
  }

  function updateDownloads() {
    var text = yasgui.getTab().getQuery();
    var kind = queryKind(text);
    var list = (kind === 'CONSTRUCT' || kind === 'DESCRIBE') ? DOWNLOADS.graph : DOWNLOADS.table;
    var box = document.getElementById('download-links');
    box.textContent = '';
    document.getElementById('downloads').setAttribute('data-kind', kind);
    list.forEach(function (f) {
      var a = document.createElement('a');
      a.href = ENDPOINT + '?format=' + f[0] + '&query=' + encodeURIComponent(text);
      a.textContent = f[1];
      a.setAttribute('data-format', f[0]);
      var graph = list === DOWNLOADS.graph;
      a.setAttribute('download', 'results.' + (graph && f[0] === 'xml' ? 'rdf' : f[0] === 'json-ld' ? 'jsonld' : f[0]));
      box.appendChild(a);
      box.appendChild(document.createTextNode(' '));
    });
  }

  function choose(name, andRun) {
    var e = byName[name];
    if (!e) return false;
    var tab = yasgui.getTab();
    tab.setQuery(e.text);
    var links = document.querySelectorAll('a.example');
    for (var i = 0; i < links.length; i++) {
      links[i].classList.toggle('active', links[i].getAttribute('data-name') === name);
      if (links[i].getAttribute('data-name') === name) links[i].setAttribute('aria-current', 'true');
      else links[i].removeAttribute('aria-current');
    }
    updateDownloads();
    if (andRun) run();
    return true;
  }

  function run() {
    document.body.setAttribute('data-state', 'running');
    statusLine.textContent = 'Running…';
    yasgui.getTab().query();
  }

  yasgui.on('queryResponse', function (y, tab) {
    // YASR takes the response after this event: read the results once it has
    window.setTimeout(function () { showResult(tab); }, 0);
  });

  function showResult(tab) {
    labelControls();
    var yasr = tab.getYasr();
    var results = yasr && yasr.results;
    var n = 0;
    if (results && results.getBindings && results.getBindings()) n = results.getBindings().length;
    if (results && results.getError && results.getError()) {
      document.body.setAttribute('data-state', 'error');
      statusLine.textContent = 'The query failed: ' + (results.getError().text || results.getError().statusText || 'error');
      return;
    }
    document.body.setAttribute('data-rows', String(n));
    document.body.setAttribute('data-state', 'done');
    statusLine.textContent = results && results.getBoolean && results.getBoolean() !== undefined && results.getBindings && !results.getBindings()
        ? 'ASK answered' : n + (n === 1 ? ' row' : ' rows');
  }
  yasgui.on('tabChange', updateDownloads);
  yasgui.getTab().getYasqe().on('change', updateDownloads);

  document.getElementById('examples').addEventListener('click', function (ev) {
    var a = ev.target.closest('a.example');
    if (!a) return;
    ev.preventDefault();
    history.replaceState(null, '', '/?run=' + encodeURIComponent(a.getAttribute('data-name')));
    choose(a.getAttribute('data-name'), true);
  });

  labelControls();
  // YASR draws its controls (checkboxes, filter, page size) when it shows results
  new MutationObserver(labelControls).observe(document.getElementById('yasgui'), { childList: true, subtree: true });
  var params = new URLSearchParams(window.location.search);
  if (params.get('run')) {
    if (!choose(params.get('run'), true)) {
      document.body.setAttribute('data-state', 'error');
      statusLine.textContent = 'No example query named ' + params.get('run');
    }
  } else if (params.get('query')) {
    yasgui.getTab().setQuery(params.get('query'));
    updateDownloads();
    run();
  } else {
    if (examples.length > 0) choose(examples[0].name, false);
    document.body.setAttribute('data-state', 'ready');
  }
})();
