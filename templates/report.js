// Progressive enhancement only: the report is complete without this script. It adds tooltips to the map
// and chart marks, sortable tables and a CSV download. Text from the data is only ever set with
// textContent, never parsed as HTML.
(function () {
  'use strict';
  document.documentElement.classList.add('has-js');
  var tip = document.getElementById('tooltip');

  // Map shapes carry a <title> for readers without JavaScript; with it, the custom tooltip replaces it.
  Array.prototype.forEach.call(document.querySelectorAll('.map [data-key] > title'), function (t) {
    t.parentNode.removeChild(t);
  });

  function linesFor(el) {
    if (el.hasAttribute('data-key')) {
      // The effect with the interval the table shows, then the verdict that interval gives; the mean score apart.
      return [
        el.getAttribute('data-key'),
        'effect ' + el.getAttribute('data-effect') + ' (simultaneous 95% CI ' + el.getAttribute('data-ci') + ')',
        el.getAttribute('data-verdict'),
        'mean score ' + el.getAttribute('data-mean') + ', n ' + el.getAttribute('data-n'),
      ];
    }
    // Vega writes each mark's tooltip fields into aria-label as "field: value; field: value".
    return el.getAttribute('aria-label').split('; ');
  }

  function target(node) {
    if (!node || !node.closest) return null;
    if (node.closest('.vega-live')) return null; // a live Vega view shows its own tooltips (below)
    return node.closest('.map [data-key]') || node.closest('.chart [role="graphics-symbol"][aria-label]:not(.role-axis)');
  }

  function show(el, x, y) {
    showLines(linesFor(el), x, y);
  }

  function showLines(lines, x, y) {
    tip.textContent = '';
    lines.forEach(function (line, i) {
      var div = document.createElement('div');
      if (i === 0) div.className = 'name';
      div.textContent = line;
      tip.appendChild(div);
    });
    tip.hidden = false;
    var left = Math.min(x + 14, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(window.scrollX + 4, left) + 'px';
    tip.style.top = y + 14 + 'px';
  }

  function hide() { tip.hidden = true; }

  document.addEventListener('mouseover', function (e) {
    var el = target(e.target);
    if (el) show(el, e.pageX, e.pageY); else if (!inLiveView(e.target)) hide();
  });
  document.addEventListener('mousemove', function (e) {
    if (!tip.hidden && target(e.target)) show(target(e.target), e.pageX, e.pageY);
  });
  document.addEventListener('focusin', function (e) {
    var el = target(e.target);
    if (!el) return hide();
    var box = el.getBoundingClientRect();
    show(el, box.left + window.scrollX + box.width / 2, box.top + window.scrollY + box.height / 2);
  });
  document.addEventListener('focusout', hide);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });

  // Sortable tables: each header becomes a button; cells sort by data-sort when present, else by text.
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortRows(table, col, th.getAttribute('data-type') === 'number', ascending);
      });
    });
  });

  // Long tables show both ends; "show all" (or sorting, which would leave holes) unfolds the rest.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-unfold]'), function (button) {
    button.addEventListener('click', function () {
      var table = document.getElementById(button.getAttribute('data-unfold'));
      if (table) table.classList.remove('folded');
      button.hidden = true;
    });
  });

  function sortRows(table, col, numeric, ascending) {
    if (table.classList.contains('folded')) {
      table.classList.remove('folded');
      var unfold = document.querySelector('button[data-unfold="' + table.id + '"]');
      if (unfold) unfold.hidden = true;
    }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) {
      var cell = row.cells[col];
      var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
      return numeric ? parseFloat(raw) : raw.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = numeric ? x - y : x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  // The ranking's CSV, written (and formula-guarded) with the report, downloaded from a Blob URL (no network).
  Array.prototype.forEach.call(document.querySelectorAll('button[data-download]'), function (button) {
    button.addEventListener('click', function () {
      var csv = JSON.parse(document.getElementById(button.getAttribute('data-download') + '-data').textContent);
      if (typeof csv !== 'string' || csv === '') return;
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      a.download = 'ranking.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  });

  // Interactive report only: each chart's button swaps its static SVG for a live Vega view built from the
  // chart's inline spec (no request: the data is in the spec). The static SVG stays if the view fails.
  function inLiveView(node) { return !!(node && node.closest && node.closest('.vega-live')); }

  function tooltipLines(value) {
    if (typeof value === 'string') return value.split('; ');
    if (value && typeof value === 'object') return Object.keys(value).map(function (k) { return k + ': ' + value[k]; });
    return [String(value)];
  }

  function vegaTooltip(handler, event, item, value) {
    if (value === null || value === undefined || value === '') return hide();
    showLines(tooltipLines(value), event.pageX, event.pageY);
  }

  if (window.vega) {
    Array.prototype.forEach.call(document.querySelectorAll('button[data-vega]'), function (button) {
      button.addEventListener('click', function () {
        var figure = button.closest('figure');
        var svg = figure && figure.querySelector('svg');
        if (!svg) return;
        button.disabled = true;
        var live = document.createElement('div');
        live.className = 'vega-live';
        svg.parentNode.insertBefore(live, svg);
        function fail(error) {
          if (live.parentNode) live.parentNode.removeChild(live);
          button.textContent = 'Interactive view unavailable';
          console.warn(error);
        }
        var view;
        try {
          var spec = JSON.parse(document.getElementById(button.getAttribute('data-vega')).textContent);
          // Parsed with ASTs and run by the interpreter: Vega's default code generation would need 'unsafe-eval'.
          var expr = window.vegaInterpreter && window.vegaInterpreter.expressionInterpreter;
          if (!expr) throw new Error('vega-interpreter is missing');
          view = new window.vega.View(window.vega.parse(spec, null, { ast: true }), { renderer: 'svg', container: live, hover: true, expr: expr });
        } catch (error) {
          return fail(error);
        }
        view.tooltip(vegaTooltip);
        view.runAsync().then(function () {
          svg.parentNode.removeChild(svg);
          button.textContent = 'Interactive view (on)';
        }, function (error) {
          view.finalize();
          fail(error);
        });
      });
    });
  }
})();
// Printing: open every collapsed section so the PDF holds the method and the long tables too.
window.addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('details')) d.open = true; });
