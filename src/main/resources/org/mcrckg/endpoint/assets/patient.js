// The patient page needs no script to show its content; this only wires the print button and
// tells tests (data-state) that the page is ready.
(function () {
  'use strict';
  var p = document.getElementById('print');
  if (p) p.addEventListener('click', function () { window.print(); });
  document.body.setAttribute('data-state', 'done');
})();
