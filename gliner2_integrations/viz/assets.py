"""The viewer page's style sheet and script, inlined into every page (no external files, fonts or URLs)."""

from __future__ import annotations

PALETTE = (
    "#8ecae6",
    "#ffb703",
    "#a7d676",
    "#f4a3a8",
    "#c3a6e8",
    "#f7d07a",
    "#7fd1c7",
    "#f6bd8a",
    "#b5c7f2",
    "#e6b3d9",
    "#cfd98a",
    "#a9d8f0",
)
"""Label colours, assigned in order of the labels' first appearance on the page."""

CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#dde1e8; --bg:#f6f7f9; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
       color:var(--fg); background:var(--bg); height:100vh; display:flex; flex-direction:column; }
header { flex:none; background:#fff; border-bottom:1px solid var(--line);
         padding:10px 18px; display:flex; flex-wrap:wrap; gap:10px 24px; align-items:center; }
header h1 { font-size:17px; margin:0; }
#g2-threshold-box { display:flex; align-items:center; gap:8px; color:var(--muted); font-size:13px; }
#g2-legend { display:flex; flex-wrap:wrap; gap:6px; }
#g2-legend label { display:inline-flex; align-items:center; gap:5px; font-size:13px; padding:2px 8px;
                   border-radius:12px; border:1px solid var(--line); cursor:pointer; user-select:none; }
#g2-legend .g2-swatch { width:12px; height:12px; border-radius:3px; display:inline-block; }
#g2-legend .g2-count { color:var(--muted); }
#g2-layout { flex:1; display:flex; min-height:0; }
nav { width:260px; flex:none; border-right:1px solid var(--line); background:#fff; padding:8px 0; overflow-y:auto; }
nav a { display:flex; gap:8px; padding:5px 14px; color:var(--fg); text-decoration:none; font-size:13px; }
nav a .g2-title { flex:1; min-width:0; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
nav a .g2-count { flex:none; color:var(--muted); }
nav a.g2-current { background:#e8eefc; font-weight:600; }
main { flex:1; padding:16px 24px; min-width:0; overflow-y:auto; }
.g2-doc { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; }
.g2-doc[hidden] { display:none; }
.g2-doc h2 { font-size:16px; margin:0 0 4px; }
.g2-pager { display:flex; gap:8px; align-items:center; color:var(--muted); font-size:13px; margin-bottom:10px; }
.g2-pager button { font:inherit; padding:2px 10px; border:1px solid var(--line); border-radius:6px;
                   background:#fff; cursor:pointer; }
.g2-text { white-space:pre-wrap; word-wrap:break-word; font-size:15px; line-height:1.8; margin:8px 0 14px; }
mark.g2-seg { background:none; color:inherit; padding:0; }
mark.g2-seg.g2-on { border-radius:3px; padding:1px 0; cursor:help; }
mark.g2-seg.g2-multi { box-shadow:inset 0 -2px 0 rgba(0,0,0,.45); }
.g2-summary { display:flex; flex-wrap:wrap; gap:14px; }
.g2-summary section { border:1px solid var(--line); border-radius:6px; padding:8px 12px; min-width:200px; }
.g2-summary h3 { font-size:13px; margin:0 0 6px; color:var(--muted); font-weight:600; }
.g2-summary table { border-collapse:collapse; font-size:13px; }
.g2-summary td { padding:1px 10px 1px 0; vertical-align:top; }
.g2-conf { color:var(--muted); font-variant-numeric:tabular-nums; }
.g2-chip { display:inline-block; padding:1px 8px; border-radius:10px; background:#eef1f5; margin:0 4px 4px 0;
           font-size:13px; }
.g2-error { color:#a4262c; font-size:13px; }
#g2-tip { position:fixed; z-index:5; pointer-events:none; background:#1d2330; color:#fff; font-size:12px;
          padding:6px 9px; border-radius:6px; max-width:360px; box-shadow:0 2px 8px rgba(0,0,0,.2); }
#g2-tip[hidden] { display:none; }
#g2-tip div + div { margin-top:3px; }
"""

JS = r"""
(function () {
  "use strict";
  // Labels are addressed by their index in data.labels, never as object keys, so that a label
  // named "__proto__", "constructor" or "toString" behaves like any other.
  var data = JSON.parse(document.getElementById("g2-data").textContent);
  var slider = document.getElementById("g2-threshold");
  var shown = document.getElementById("g2-threshold-value");
  var tip = document.getElementById("g2-tip");
  var docs = Array.prototype.slice.call(document.querySelectorAll(".g2-doc"));
  var links = Array.prototype.slice.call(document.querySelectorAll("nav a"));
  var enabled = data.labels.map(function () { return true; });

  function known(h) { return typeof h.confidence === "number" && isFinite(h.confidence); }
  function rank(h) { return known(h) ? h.confidence : 2; }

  function visible(h, threshold) { return enabled[h.l] && (!known(h) || h.confidence >= threshold); }

  function visibleHighlights(docIndex, seg) {
    var ids = seg.getAttribute("data-h").split(" ");
    var threshold = parseFloat(slider.value);
    var list = data.docs[docIndex];
    var out = [];
    ids.forEach(function (id) {
      var h = list[+id];
      if (h && visible(h, threshold)) { out.push(h); }
    });
    out.sort(function (a, b) { return rank(b) - rank(a); });
    return out;
  }

  function refresh() {
    var threshold = parseFloat(slider.value);
    shown.textContent = threshold.toFixed(2);
    docs.forEach(function (doc, docIndex) {
      var segs = doc.querySelectorAll("mark.g2-seg");
      Array.prototype.forEach.call(segs, function (seg) {
        var vis = visibleHighlights(docIndex, seg);
        seg.classList.toggle("g2-on", vis.length > 0);
        seg.classList.toggle("g2-multi", vis.length > 1);
        seg.style.backgroundColor = vis.length ? data.colours[vis[0].l] : "";
        seg.setAttribute("data-label", vis.length ? data.labels[vis[0].l] : "");
      });
      var n = 0;
      data.docs[docIndex].forEach(function (h) { if (visible(h, threshold)) { n += 1; } });
      if (links[docIndex]) { links[docIndex].querySelector(".g2-count").textContent = n; }
    });
  }

  function show(index) {
    if (!docs.length) { return; }
    index = (index + docs.length) % docs.length;
    docs.forEach(function (doc, i) { doc.hidden = i !== index; });
    links.forEach(function (link, i) { link.classList.toggle("g2-current", i === index); });
    document.body.setAttribute("data-current", String(index));
    document.querySelector("main").scrollTop = 0;
    if (location.hash !== "#doc-" + index) { history.replaceState(null, "", "#doc-" + index); }
  }

  function current() { return parseInt(document.body.getAttribute("data-current") || "0", 10); }

  slider.addEventListener("input", refresh);
  document.querySelectorAll("#g2-legend input").forEach(function (box) {
    box.addEventListener("change", function () { enabled[+box.getAttribute("data-index")] = box.checked; refresh(); });
  });
  links.forEach(function (link, i) {
    link.addEventListener("click", function (event) { event.preventDefault(); show(i); });
  });
  document.querySelectorAll(".g2-prev").forEach(function (b) { b.addEventListener("click", function () { show(current() - 1); }); });
  document.querySelectorAll(".g2-next").forEach(function (b) { b.addEventListener("click", function () { show(current() + 1); }); });
  document.addEventListener("keydown", function (event) {
    if (event.target === slider) { return; }
    if (event.key === "ArrowRight" || event.key === "j") { show(current() + 1); }
    if (event.key === "ArrowLeft" || event.key === "k") { show(current() - 1); }
  });

  document.addEventListener("mouseover", function (event) {
    var seg = event.target.closest ? event.target.closest("mark.g2-seg.g2-on") : null;
    if (!seg) { tip.hidden = true; return; }
    var docIndex = docs.indexOf(seg.closest(".g2-doc"));
    tip.textContent = "";
    visibleHighlights(docIndex, seg).forEach(function (h) {
      var line = document.createElement("div");
      var score = known(h) ? h.confidence.toFixed(3) : "no score";
      line.textContent = data.names[h.l] + " \u00b7 " + h.field + " \u00b7 " + score;
      tip.appendChild(line);
    });
    var box = seg.getBoundingClientRect();
    tip.style.left = Math.max(4, box.left) + "px";
    tip.style.top = (box.bottom + 6) + "px";
    tip.hidden = false;
  });

  var start = /^#doc-(\d+)$/.exec(location.hash);
  refresh();
  show(start ? parseInt(start[1], 10) : 0);
})();
"""
