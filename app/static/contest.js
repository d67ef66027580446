/* hoithi: the contestant's editor and the live status of submissions (no inline scripts: CSP). */
(function () {
  "use strict";

  function setUpEditor() {
    var area = document.getElementById("source");
    var language = document.getElementById("language");
    var file = document.getElementById("file");
    var form = document.getElementById("submit-form");
    if (!area || !language || !form || typeof CodeMirror === "undefined") return;
    // each language's mode and extensions, from the server's one list of languages
    var MODES = JSON.parse(form.getAttribute("data-modes") || "{}");
    var EXTENSIONS = JSON.parse(form.getAttribute("data-extensions") || "{}");
    var editor = CodeMirror.fromTextArea(area, { lineNumbers: true, indentUnit: 4, mode: MODES[language.value] });
    language.addEventListener("change", function () { editor.setOption("mode", MODES[language.value]); });
    if (file) {
      file.addEventListener("change", function () {
        var name = file.files.length ? file.files[0].name : "";
        var key = EXTENSIONS[name.split(".").pop().toLowerCase()];
        if (key && language.querySelector('option[value="' + key + '"]')) {
          language.value = key;
          editor.setOption("mode", MODES[key]);
        }
      });
    }
  }

  var labels = {};

  function label(view) {
    if (view.final) return labels[view.verdict] ? view.verdict + " · " + labels[view.verdict] : (labels[view.status] || view.status);
    if (view.status === "running") return (labels.running || "{k}/{n}").replace("{k}", view.done).replace("{n}", view.total);
    return labels[view.status] || view.status;
  }

  function cell(text) { var td = document.createElement("td"); td.textContent = text === undefined || text === null ? "" : text; return td; }

  function fillDetail(root, view) {
    var output = document.getElementById("compile-output");
    if (output && view.compile_output) { output.textContent = view.compile_output; output.hidden = false; }
    var table = document.getElementById("tests");
    if (table && view.tests.length) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      view.tests.forEach(function (t) {
        var tr = document.createElement("tr");
        [t.position, t.name, t.verdict, t.time_ms, t.memory_kb, t.score].forEach(function (v) { tr.appendChild(cell(v)); });
        body.appendChild(tr);
      });
      table.hidden = false;
    }
  }

  function watch(root) {
    var url = root.getAttribute("data-status-url");
    var started = Date.now();
    function delay(view) {  // every second while it is graded; every 3 s while it waits; 5 s after a minute
      var waited = Date.now() - started;
      if (waited >= 60000) return 5000;
      return view.status === "queued" ? 3000 : 1000;
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (view) {
          var status = root.querySelector(".live-status");
          var score = root.querySelector(".live-score");
          if (status) status.textContent = label(view);
          if (score && view.score !== null) score.textContent = view.max_score !== null && root.id === "live" ? view.score + " / " + view.max_score : view.score;
          if (root.id === "live") fillDetail(root, view);
          if (view.final) { root.setAttribute("data-final", "true"); } else { setTimeout(poll, delay(view)); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  }

  // The scoreboard fetches its table again every few seconds, only while the tab is shown: a hidden tab stops
  // asking and refreshes as soon as it is shown again.
  function refreshScoreboard(box) {
    var url = box.getAttribute("data-refresh-url");
    var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 10;
    var timer = null;
    function schedule() {
      clearTimeout(timer);
      timer = document.visibilityState === "hidden" ? null : setTimeout(refresh, seconds * 1000);
    }
    function refresh() {
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { box.innerHTML = html; box.setAttribute("data-refreshed", String(Date.now())); })
        .catch(function () { /* keep the board shown; try again at the next tick */ })
        .then(schedule);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { clearTimeout(timer); timer = null; } else { refresh(); }
    });
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("scoreboard-live");
    if (board) refreshScoreboard(board);
    var data = document.getElementById("status-labels");
    if (data) { try { labels = JSON.parse(data.textContent); } catch (e) { labels = {}; } }
    setUpEditor();
    document.querySelectorAll('[data-status-url][data-final="false"]').forEach(watch);
    document.querySelectorAll('[data-status-url][data-final="true"] .live-status').forEach(function (el) {
      if (labels[el.textContent.trim()]) el.textContent = el.textContent.trim() + " · " + labels[el.textContent.trim()];
    });
  });
})();
