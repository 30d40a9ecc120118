/* mtfix review page: no network, no libraries. Data: #mtfix-data; decisions: Export. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("mtfix-data").textContent);
  var PAGE = DATA.page_size || 100;
  var SEVS = ["critical", "major", "minor"];
  var KINDS = ["edit", "suggestion", "flag"];
  var KIND_LABEL = {edit: "confident edits", suggestion: "suggestions", flag: "flags"};
  var $ = function (id) { return document.getElementById(id); };

  // Flatten: every item gets a global index; rows are (file, segment) pairs in order.
  var items = [], rows = [], byId = {};
  DATA.files.forEach(function (f, fi) {
    var perSeg = {};
    f.items.forEach(function (it) {
      it.file = fi; it.g = items.length; items.push(it); byId[fi + "|" + it.id] = it;
      (perSeg[it.segment] = perSeg[it.segment] || []).push(it);
    });
    f.segments.forEach(function (s, si) {
      rows.push({file: fi, seg: si, items: perSeg[si] || []});
    });
  });
  var state = items.map(function () { return {action: "pending", replacement: null}; });
  var filt = {cat: {}, sev: {}, kind: {}, onlyFlagged: false};
  var visibleRows = rows, order = [], current = -1, page = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function shown(it) {
    return !filt.cat[it.category] && !filt.sev[it.severity] && !filt.kind[it.kind];
  }
  function recompute() {
    order = items.filter(shown).map(function (it) { return it.g; });
    visibleRows = filt.onlyFlagged ? rows.filter(function (r) {
      return r.items.some(shown); }) : rows;
    var pages = Math.max(1, Math.ceil(visibleRows.length / PAGE));
    if (page >= pages) page = pages - 1;
  }
  function rowOf(it) {
    for (var i = 0; i < visibleRows.length; i++) {
      if (visibleRows[i].file === it.file && visibleRows[i].seg === it.segment) return i;
    }
    return -1;
  }

  // One mark per item: .old is the flagged text, .new the replacement (proposed or typed).
  function mark(it) {
    var m = el("mark", "it sev-" + it.severity + " k-" + it.kind);
    m.tabIndex = 0;
    m.dataset.id = it.id; m.dataset.g = it.g; m.dataset.segment = it.segment;
    m.dataset.start = it.start; m.dataset.end = it.end; m.dataset.rule = it.rule;
    m.dataset.category = it.category; m.dataset.severity = it.severity; m.dataset.kind = it.kind;
    m.dataset.origin = it.origin;
    m.setAttribute("aria-label", it.severity + " " + it.category + " (" + KIND_LABEL[it.kind] +
      "): " + it.message);
    m.appendChild(el("span", "old", it.old || "\u2038"));
    m.appendChild(el("span", "new", ""));
    paint(m, it);
    return m;
  }
  function replacementOf(it) {
    var s = state[it.g];
    return s.replacement !== null ? s.replacement : it.proposed;
  }
  function paint(m, it) {
    var s = state[it.g], rep = replacementOf(it), n = m.querySelector(".new");
    m.classList.remove("st-accept", "st-reject", "st-pending");
    m.classList.add("st-" + s.action);
    m.classList.toggle("dim", !shown(it));
    m.classList.toggle("current", it.g === current);
    if (rep === null || rep === undefined) { n.hidden = true; return; }
    n.hidden = false;
    n.textContent = rep === "" ? (it.drop_segment && s.replacement === null ? "(remove line)" :
      "(delete)") : rep;
  }
  function segmentText(row) {
    var f = DATA.files[row.file], text = f.segments[row.seg][0];
    var wrap = el("div", "mt"), chips = el("div", "chips"), pos = 0;
    wrap.lang = "en"; wrap.dir = "ltr";
    row.items.slice().sort(function (a, b) { return a.start - b.start || a.end - b.end; })
      .forEach(function (it) {
        if (it.start < pos) { chips.appendChild(mark(it)); return; }
        wrap.appendChild(document.createTextNode(text.slice(pos, it.start)));
        wrap.appendChild(mark(it));
        pos = it.end;
      });
    wrap.appendChild(document.createTextNode(text.slice(pos)));
    return [wrap, chips];
  }
  function render() {
    var box = $("segments"), frag = document.createDocumentFragment();
    var pages = Math.max(1, Math.ceil(visibleRows.length / PAGE));
    var multi = DATA.files.length > 1, lastFile = -1;
    visibleRows.slice(page * PAGE, (page + 1) * PAGE).forEach(function (row) {
      var f = DATA.files[row.file], seg = f.segments[row.seg], hasSrc = DATA.has_source;
      var div = el("div", "seg" + (hasSrc ? "" : " mono"));
      div.dataset.file = row.file; div.dataset.segment = row.seg;
      if (multi && row.file !== lastFile) div.appendChild(el("div", "file", f.path));
      lastFile = row.file;
      div.appendChild(el("div", "num", String(row.seg + 1)));
      if (hasSrc) {
        var src = el("div", "src", seg[1] || "");
        src.dir = seg[2] || "auto";
        div.appendChild(src);
      }
      var parts = segmentText(row);
      div.appendChild(parts[0]);
      if (parts[1].childNodes.length) div.appendChild(parts[1]);
      frag.appendChild(div);
    });
    box.textContent = "";
    box.appendChild(frag);
    $("page-label").textContent = "page " + (page + 1) + " of " + pages + " (" +
      visibleRows.length + " segments)";
    progress();
  }
  function progress() {
    var done = state.filter(function (s) { return s.action !== "pending"; }).length;
    var acc = state.filter(function (s) { return s.action === "accept"; }).length;
    $("progress").textContent = done + " of " + items.length + " decided (" + acc + " accepted)";
  }
  function repaintItem(it) {
    var m = document.querySelector('mark[data-g="' + it.g + '"]');
    if (m) paint(m, it);
  }

  // Summary bar and filters: counts by category, severity and kind; a click hides/shows.
  function toggle(group, key, btn) {
    filt[group][key] = !filt[group][key];
    btn.setAttribute("aria-pressed", filt[group][key] ? "false" : "true");
    recompute(); render();
  }
  function counts(field) {
    var c = {};
    items.forEach(function (it) { c[it[field]] = (c[it[field]] || 0) + 1; });
    return c;
  }
  function buildBar() {
    var cats = counts("category"), sevs = counts("severity"), kinds = counts("kind");
    $("files-label").textContent = DATA.files.map(function (f) { return f.path; }).join(", ");
    var sum = $("summary");
    sum.appendChild(el("span", "", items.length + " issues:"));
    Object.keys(cats).sort().forEach(function (c) {
      var b = el("button", "cat", c); b.type = "button";
      b.setAttribute("aria-pressed", "true"); b.dataset.category = c;
      b.appendChild(el("span", "n", String(cats[c])));
      b.onclick = function () { toggle("cat", c, b); };
      sum.appendChild(b);
    });
    SEVS.forEach(function (s) {
      var b = el("button", "", s + " " + (sevs[s] || 0)); b.type = "button";
      b.setAttribute("aria-pressed", "true"); b.dataset.severity = s;
      b.onclick = function () { toggle("sev", s, b); };
      $("sev-filter").appendChild(b);
    });
    KINDS.forEach(function (k) {
      var b = el("button", "", KIND_LABEL[k] + " " + (kinds[k] || 0)); b.type = "button";
      b.setAttribute("aria-pressed", "true"); b.dataset.kind = k;
      b.onclick = function () { toggle("kind", k, b); };
      $("kind-filter").appendChild(b);
    });
  }

  // Current item, details and tooltip.
  function describe(it) {
    var dl = el("dl"), rep = replacementOf(it);
    [["severity", it.severity], ["category", it.category], ["rule", it.rule],
     ["kind", KIND_LABEL[it.kind] + (it.origin === "model" ? " (model)" : "")],
     ["confidence", String(it.confidence)], ["text", it.old],
     ["replacement", rep === null || rep === undefined ? "(none: type one)" :
       (rep === "" ? "(delete)" : rep)],
     ["why", it.message], ["decision", state[it.g].action]].concat(it.covers ?
      [["includes", it.covers.join(", ")]] : []).forEach(function (p) {
      dl.appendChild(el("dt", "", p[0])); dl.appendChild(el("dd", "", p[1]));
    });
    return dl;
  }
  function select(g, focus) {
    var prev = current;
    current = g;
    if (prev >= 0) repaintItem(items[prev]);
    var it = items[g], r = rowOf(it);
    if (r >= 0 && Math.floor(r / PAGE) !== page) { page = Math.floor(r / PAGE); render(); }
    repaintItem(it);
    var d = $("detail"); d.textContent = ""; d.appendChild(describe(it));
    var s = state[g];
    $("own").value = s.replacement !== null ? s.replacement : (it.proposed || "");
    var m = document.querySelector('mark[data-g="' + g + '"]');
    if (m && focus) { m.focus({preventScroll: true}); m.scrollIntoView({block: "center"}); }
  }
  function step(dir) {
    if (!order.length) return;
    var i = order.indexOf(current);
    if (i < 0) {
      i = dir > 0 ? order.findIndex(function (g) { return g > current; }) : -1;
      if (i < 0) i = dir > 0 ? 0 : order.length - 1;
    } else {
      i = Math.min(order.length - 1, Math.max(0, i + dir));
    }
    select(order[i], true);
  }
  function decide(g, action, replacement) {
    var it = items[g];
    if (action === "accept" && replacement === undefined && state[g].replacement === null &&
        (it.proposed === null || it.proposed === undefined)) {
      $("own").focus();
      return;
    }
    state[g].action = action;
    if (replacement !== undefined) state[g].replacement = replacement;
    if (action === "pending") state[g].replacement = null;
    if (action === "accept" && it.covers) {  // a model edit that includes rule edits
      it.covers.forEach(function (id) {
        var c = byId[it.file + "|" + id];
        if (c && state[c.g].replacement === null) { state[c.g].action = "accept"; repaintItem(c); }
      });
    }
    repaintItem(it);
    if (g === current) select(g, false);
    progress();
  }
  function decideRule(action) {
    if (current < 0) return;
    var rule = items[current].rule;
    items.forEach(function (it) {
      if (it.rule === rule && (action !== "accept" || it.proposed !== null)) decide(it.g, action);
    });
  }
  function showTip(m) {
    var it = items[+m.dataset.g], tip = $("tip"), rep = replacementOf(it);
    tip.textContent = "";
    var head = el("b", "", it.severity + " \u00b7 " + it.category + " \u00b7 " + it.rule);
    tip.appendChild(head);
    tip.appendChild(el("div", "", it.message));
    if (rep !== null && rep !== undefined) {
      tip.appendChild(el("div", "", "\u2192 " + (rep === "" ? "(delete)" : rep) +
        "  [" + KIND_LABEL[it.kind] + ", p=" + it.confidence + "]"));
    }
    var r = m.getBoundingClientRect();
    tip.style.left = window.scrollX + Math.max(4, Math.min(r.left, window.innerWidth - 790)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    tip.hidden = false;
  }

  // Decisions: the JSON 'mtfix apply --decisions' reads (see mtfix/review/decisions.py).
  function decisions() {
    return {
      format: "mtfix-decisions", version: 1, mtfix: DATA.mtfix, rules: DATA.rules,
      files: DATA.files.map(function (f, fi) {
        return {path: f.path, sha256: f.sha256, decisions: f.items.map(function (it) {
          var s = state[it.g], d = {id: it.id, segment: it.segment, start: it.start,
            end: it.end, old: it.old, rule: it.rule, origin: it.origin,
            proposed: it.proposed, action: s.action};
          if (s.replacement !== null) d.replacement = s.replacement;
          if (it.covers) d.covers = it.covers;
          return d;
        })};
      })
    };
  }
  function exportDecisions() {
    var blob = new Blob([JSON.stringify(decisions(), null, 1) + "\n"],
      {type: "application/json"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions.json";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }

  function onKey(e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || e.ctrlKey || e.metaKey || e.altKey) return;
    var k = e.key, act = {
      j: function () { step(1); }, k: function () { step(-1); },
      a: function () { if (current >= 0) decide(current, "accept"); },
      r: function () { if (current >= 0) decide(current, "reject"); },
      u: function () { if (current >= 0) decide(current, "pending"); },
      A: function () { decideRule("accept"); }, R: function () { decideRule("reject"); },
      e: function () { $("own").focus(); $("own").select(); },
      x: exportDecisions,
      "]": function () { gotoPage(page + 1); }, "[": function () { gotoPage(page - 1); }
    }[k];
    if (act) { e.preventDefault(); act(); }
  }
  function gotoPage(p) {
    var pages = Math.max(1, Math.ceil(visibleRows.length / PAGE));
    page = Math.min(pages - 1, Math.max(0, p));
    render(); window.scrollTo(0, 0);
  }

  function wire() {
    document.addEventListener("keydown", onKey);
    var box = $("segments");
    box.addEventListener("click", function (e) {
      var m = e.target.closest("mark.it"); if (m) select(+m.dataset.g, true);
    });
    box.addEventListener("focusin", function (e) {
      var m = e.target.closest("mark.it"); if (m) showTip(m);
    });
    box.addEventListener("mouseover", function (e) {
      var m = e.target.closest("mark.it"); if (m) showTip(m);
    });
    box.addEventListener("mouseout", function () { $("tip").hidden = true; });
    box.addEventListener("focusout", function () { $("tip").hidden = true; });
    $("b-accept").onclick = function () { if (current >= 0) decide(current, "accept"); };
    $("b-reject").onclick = function () { if (current >= 0) decide(current, "reject"); };
    $("b-undo").onclick = function () { if (current >= 0) decide(current, "pending"); };
    $("b-accept-rule").onclick = function () { decideRule("accept"); };
    $("b-reject-rule").onclick = function () { decideRule("reject"); };
    $("own").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && current >= 0) {
        e.preventDefault(); decide(current, "accept", $("own").value); select(current, true);
      } else if (e.key === "Escape") { e.preventDefault(); select(current, true); }
    });
    $("export").onclick = exportDecisions;
    $("prev-page").onclick = function () { gotoPage(page - 1); };
    $("next-page").onclick = function () { gotoPage(page + 1); };
    $("only-flagged").onchange = function (e) {
      filt.onlyFlagged = e.target.checked; recompute(); render();
    };
  }

  buildBar(); wire(); recompute(); render();
  window.mtfixReview = {
    decisions: decisions, exportDecisions: exportDecisions, pageSize: PAGE,
    page: function () { return page; }, gotoPage: gotoPage, current: function () {
      return current >= 0 ? items[current].id : null; }
  };
})();
