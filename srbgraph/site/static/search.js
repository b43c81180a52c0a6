/* The search of the published site (srbgraph site): the index is a JSON block of the page (no
   request: the page works from file://), every hit is built with createElement and textContent
   (never markup from the data). fold() is srbgraph.terms.fold, ported: the same query finds the
   same names as on the command line. Classic script, no module. */
(function () {
  'use strict';

  /* srbgraph.terms.fold: lower case, umlauts spelled out, accents, hyphens, spaces and punctuation
     dropped (Python drops the combining marks after NFKD; whatever they are, [^a-z0-9] drops them too). */
  function fold(text) {
    var lower = String(text).toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss');
    return lower.normalize('NFKD').replace(/[^a-z0-9]/g, '');
  }
  window.srbSearch = {fold: fold};

  var block = document.getElementById('search-index');
  var input = document.getElementById('search-q');
  if (!block || !input) { return; }
  var index = JSON.parse(block.textContent);
  var words = JSON.parse(document.getElementById('search-words').textContent);
  var results = document.getElementById('search-results');
  var count = document.getElementById('search-count');
  var lang = index.lang;
  var other = lang === 'de' ? 'en' : 'de';
  var folded = index.entries.map(function (e) {
    return {labels: [fold(e[2]), fold(e[3])], aliases: e[4].map(function (a) { return fold(a[0]); }),
            quotes: e[5].map(function (q) { return fold(q[0]); })};
  });

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    for (var name in (attrs || {})) { node.setAttribute(name, attrs[name]); }
    return node;
  }

  /* the hit of one entry: where the query stands first (its label, an other name, a quote) */
  function hit(i, wanted) {
    var f = folded[i];
    var own = lang === 'de' ? 0 : 1;
    if (f.labels[own].indexOf(wanted) >= 0) { return {rank: 0}; }
    if (f.labels[1 - own].indexOf(wanted) >= 0) { return {rank: 1, other: true}; }
    for (var a = 0; a < f.aliases.length; a++) {
      if (f.aliases[a].indexOf(wanted) >= 0) { return {rank: 2, alias: a}; }
    }
    for (var q = 0; q < f.quotes.length; q++) {
      if (f.quotes[q].indexOf(wanted) >= 0) { return {rank: 3, quote: q}; }
    }
    return null;
  }

  function item(entry, found) {
    var li = el('li');
    var label = lang === 'de' ? (entry[2] || entry[3]) : (entry[3] || entry[2]);
    var link = el('a', '', {href: entry[0]});
    if (label) {
      link.textContent = label;
      if (!(lang === 'de' ? entry[2] : entry[3])) { link.setAttribute('lang', other); }
    } else {  /* no label: a link assertion by its ends, or the id */
      link.appendChild(el(entry[6][1] ? 'code' : 'span', entry[6][0]));
    }
    li.appendChild(link);
    if (found.other) {
      li.appendChild(document.createTextNode(' · '));
      li.appendChild(el('span', lang === 'de' ? entry[3] : entry[2], {lang: other, 'class': 'other-label'}));
    } else if (found.alias !== undefined) {
      var alias = entry[4][found.alias];
      var where = el('span', ' · ' + results.getAttribute('data-in-alias') + ': ', {'class': 'where'});
      where.appendChild(el('span', alias[0], alias[1] ? {lang: alias[1]} : {}));
      li.appendChild(where);
    } else if (found.quote !== undefined) {
      var quote = entry[5][found.quote];
      li.appendChild(el('span', ' · ' + results.getAttribute('data-in-quote'), {'class': 'where'}));
      li.appendChild(el('blockquote', quote[0], {lang: 'de'}));
      var section = el('p', results.getAttribute('data-section') + ': ', {'class': 'where'});
      section.appendChild(el('span', index.sections[quote[1]], {lang: 'de'}));
      li.appendChild(section);
    }
    return li;
  }

  function search(text) {
    var wanted = fold(text);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!wanted) { count.textContent = ''; return; }
    var groups = index.kinds.map(function () { return []; });
    var total = 0;
    for (var i = 0; i < index.entries.length; i++) {
      var found = hit(i, wanted);
      if (found) { groups[index.entries[i][1]].push([found.rank, i, found]); total++; }
    }
    var order = index.kinds.map(function (kind, k) { return k; }).filter(function (k) { return groups[k].length; });
    order.sort(function (a, b) { return groups[b].length - groups[a].length || index.kinds[a].localeCompare(index.kinds[b]); });
    order.forEach(function (k) {
      var section = el('section', '', {'class': 'kind'});
      section.appendChild(el('h2', index.kinds[k] + ' (' + groups[k].length + ')'));
      var list = el('ul');
      groups[k].sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).forEach(function (g) {
        list.appendChild(item(index.entries[g[1]], g[2]));
      });
      section.appendChild(list);
      results.appendChild(section);
    });
    count.textContent = total ? (total === 1 ? words.one : words.many).replace('{n}', String(total)) : words.none;
  }

  var given = new URLSearchParams(window.location.search).get('q');
  if (given) { input.value = given; }
  input.form.addEventListener('submit', function (event) { event.preventDefault(); search(input.value); });
  input.addEventListener('input', function () { search(input.value); });
  search(input.value);
}());
