/* The filters of the paths page (srbgraph site): show and hide the rows and branches the page was
   written with, by support and by goal. Nothing is built from data: rows are only hidden, so without
   this script every path stays visible. Classic script (no module): it runs from file:// too. */
(function () {
  'use strict';
  var form = document.getElementById('path-filter');
  if (!form) { return; }
  var support = document.getElementById('filter-support');
  var goal = document.getElementById('filter-goal');
  var shown = document.getElementById('paths-shown');
  var template = form.getAttribute('data-count-template');

  function keep(el, onlyStated, wanted) {
    if (onlyStated && el.getAttribute('data-stated') !== '1') { return false; }
    return !wanted || !el.hasAttribute('data-goal') || el.getAttribute('data-goal') === wanted;
  }

  function apply() {
    var onlyStated = support.value === 'stated';
    var wanted = goal.value;
    var count = 0;
    var rows = document.querySelectorAll('#path-table tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var on = keep(rows[i], onlyStated, wanted);
      rows[i].hidden = !on;
      if (on) { count++; }
    }
    var roots = document.querySelectorAll('.tree section.root');
    for (var j = 0; j < roots.length; j++) {
      roots[j].hidden = !keep(roots[j], onlyStated, wanted);
    }
    var items = document.querySelectorAll('.tree section.root li');
    for (var k = 0; k < items.length; k++) {
      items[k].hidden = onlyStated && items[k].getAttribute('data-stated') !== '1';
    }
    shown.textContent = template.replace('{n}', String(count));
  }

  form.hidden = false;
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  support.addEventListener('change', apply);
  goal.addEventListener('change', apply);
  apply();
}());
